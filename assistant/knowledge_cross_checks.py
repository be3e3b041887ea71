"""The checks of a knowledge base across its entries, once each entry is built.

Duplicate ids, follow-ups naming unknown ids, citations of documents the header does not list, an alternate
under two entries (or twice under one), few alternates, out-of-scope terms an entry uses, out-of-scope
questions that are an entry's phrasing or hold nothing to match, and, given the
documents, sections that are not headings of their document: each reported through the ``Builder`` that
built the entries (``knowledge_fields``), with the line it was read from.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from .documents import SECTION_SEPARATOR, missing_heading, read_document
from .entry_ids import question_id
from .errors import did_you_mean
from .knowledge_fields import Builder
from .models import Entry, Source
from .normalize import Normalizer

MIN_ALTERNATES = 6
"""``check`` warns about an entry with fewer alternates than this."""

GROUP_BARE_FROM = 3
"""From this many entries of one file without alternates (or with a few, under ``MIN_ALTERNATES``), ``check``
gives them one warning, not one each."""

BARE_LINES_SHOWN = 10
"""The lines a grouped warning names before it ends its list with an ellipsis."""


def place_of(file: str | None, line: int | None) -> str:
    """Where an entry is, as a problem names it: ``file:line``; the file alone for entries built from data
    (``knowledge_from_data``), which have no lines; ``line N`` for a line of no named file (never a bare ``:N``);
    ``an entry of no named file`` for neither."""
    if file and line is not None:
        return f"{file}:{line}"
    if file:
        return file
    return f"line {line}" if line is not None else "an entry of no named file"


def check_across_entries(builder: Builder, entries: list[Entry], sources: list[Source],
                         synonyms: Mapping[str, Sequence[str]], out_of_scope_terms: Sequence[str] = (),
                         out_of_scope: Sequence[tuple[str, int | None, str]] = ()) -> None:
    """Report through ``builder`` every problem between ``entries``: duplicate ids, unknown follow-ups and
    documents, missing citations, few alternates, a phrasing shared by two entries, out-of-scope terms used,
    and each ``out_of_scope`` question (file, line, text) that is an entry's phrasing or has nothing to match."""
    by_id: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in by_id:
            first = by_id[entry.id]
            if entry.id == question_id(entry.question) == question_id(first.question):
                # Both ids made from the question (a bare list writes none): "give each entry its own id" would
                # send the author after ids they never wrote; the mistake is the question asked twice.
                builder.problem(entry.file or "", entry.line, entry.id,
                                f"the same question as the entry at {place_of(first.file, first.line)} (once "
                                "punctuation, case and traditional characters are set aside): keep one entry for it")
                continue
            builder.problem(entry.file or "", entry.line, entry.id,
                            f"duplicate id (first at {place_of(first.file, first.line)}): give each entry its own id")
        else:
            by_id[entry.id] = entry
    known_documents = {source.file for source in sources}
    normalize = Normalizer(synonyms)
    terms = [(term, key) for term in out_of_scope_terms if (key := normalize(term))]
    bare = _bare_by_file(entries)
    few = _few_by_file(entries)
    # The entry each normalized phrasing belongs to; its line is looked up only for a problem to report.
    owner: dict[str, Entry] = {}
    for entry in entries:
        file = entry.file or ""
        for index, follow_up in enumerate(entry.follow_ups):
            if follow_up == entry.id:
                builder.problem(file, builder.follow_up_line(entry, index), entry.id,
                                "follow_ups names the entry itself: name the entries people ask next")
            elif follow_up not in by_id and follow_up not in builder.declared:
                hint = did_you_mean(follow_up, by_id)
                builder.problem(file, builder.follow_up_line(entry, index), entry.id,
                                f"follow_ups names unknown id {follow_up!r}{hint or ': correct it or remove it'}")
        for index, citation in enumerate(entry.citations):
            if citation.document not in known_documents:
                listed = ", ".join(sorted(known_documents)) or "none"
                builder.problem(file, builder.citation_line(entry, index), entry.id,
                                f"source document {citation.document!r} is not listed under "
                                f"knowledge_base.sources (listed: {listed}): correct it or list it")
        if known_documents and not entry.smalltalk and not entry.citations:
            builder.problem(file, entry.line, entry.id, "missing field 'source': this knowledge base lists its "
                            "documents, so cite the document and section the answer comes from")
        _out_of_scope_terms(builder, entry, terms, normalize)
        if not entry.alternates and not entry.smalltalk:
            _no_alternates(builder, entry, bare[file], entries)
        elif len(entry.alternates) < MIN_ALTERNATES:
            _few_alternates(builder, entry, few[file])
        seen_here: set[str] = set()
        for index, phrasing in enumerate(entry.phrasings):
            line = builder.phrasing_line(entry, index)
            key = normalize(phrasing)
            if key == phrasing:  # already in normalized form: no second string to hold
                key = phrasing
            if not key:
                builder.problem(file, line, entry.id,
                                f"{phrasing!r} has no letters or digits to match on: reword it")
                continue
            if key in seen_here:
                builder.problem(file, line, entry.id,
                                f"{phrasing!r} repeats another phrasing of this entry once normalized: remove it",
                                warning=True)
                continue
            seen_here.add(key)
            other = owner.get(key)
            if other is not None and other.id != entry.id:
                # the other entry's first phrasing with this form: it is the one recorded (see seen_here)
                other_index = next(i for i, p in enumerate(other.phrasings) if normalize(p) == key)
                builder.problem(file, line, entry.id,
                                f"{phrasing!r} also belongs to entry {other.id!r} "
                                f"({place_of(other.file, builder.phrasing_line(other, other_index))}): "
                                "keep it under one entry only")
            else:
                owner[key] = entry
    _out_of_scope_questions(builder, out_of_scope, owner, normalize)


def _bare_by_file(entries: Sequence[Entry]) -> dict[str, list[Entry]]:
    """Return the entries without alternates (small talk left out) of each file, in the order read."""
    bare: dict[str, list[Entry]] = {}
    for entry in entries:
        if not entry.alternates and not entry.smalltalk:
            bare.setdefault(entry.file or "", []).append(entry)
    return bare


def _few_by_file(entries: Sequence[Entry]) -> dict[str, list[Entry]]:
    """Return the entries with fewer than ``MIN_ALTERNATES`` alternates of each file, in the order read, but for
    those without any that are not small talk (``_bare_by_file``)."""
    few: dict[str, list[Entry]] = {}
    for entry in entries:
        if len(entry.alternates) < MIN_ALTERNATES and (entry.alternates or entry.smalltalk):
            few.setdefault(entry.file or "", []).append(entry)
    return few


def _lines(entries: Sequence[Entry]) -> str:
    """`` (lines 2, 5, …)``: where ``entries`` start, the first ``BARE_LINES_SHOWN``; empty when none is known."""
    lines = [str(entry.line) for entry in entries if entry.line is not None]
    shown = ", ".join(lines[:BARE_LINES_SHOWN]) + (", …" if len(lines) > BARE_LINES_SHOWN else "")
    return f" (line{'s' if len(lines) > 1 else ''} {shown})" if lines else ""


def _alternates(count: int) -> str:
    """``1 alternate``, ``2 alternates``: ``count`` alternates in words."""
    return f"{count} alternate{'' if count == 1 else 's'}"


def _few_alternates(builder: Builder, entry: Entry, few: Sequence[Entry]) -> None:
    # A base growing from a bare list through `learn` has many entries with one or two alternates: as for
    # entries without any, one line says so from a few of them.
    if len(few) < GROUP_BARE_FROM:
        builder.problem(entry.file or "", entry.line, entry.id,
                        f"only {_alternates(len(entry.alternates))}: add at least {MIN_ALTERNATES} ways people ask",
                        warning=True)
        return
    if entry is not few[0]:  # the file's one warning is given at its first such entry
        return
    counts = sorted(len(other.alternates) for other in few)
    many = _alternates(counts[0]) if counts[0] == counts[-1] else f"{counts[0]} to {counts[-1]} alternates"
    builder.problem(entry.file or "", None, None,
                    f"{len(few)} entries have only {many}{_lines(few)}: add at least {MIN_ALTERNATES} "
                    "ways people ask each", warning=True)


def _no_alternates(builder: Builder, entry: Entry, bare: Sequence[Entry], entries: Sequence[Entry]) -> None:
    # A bare list (a bot author's first base) lacks alternates in every entry: one line says so, where a
    # line per entry would bury any other problem under the same advice.
    advice = f"add {MIN_ALTERNATES} or more other ways people ask it to match better"
    if len(bare) < GROUP_BARE_FROM:
        builder.problem(entry.file or "", entry.line, entry.id,
                        f"no alternates: the question alone is matched; {advice}", warning=True)
        return
    if entry is not bare[0]:  # the file's one warning is given at its first such entry
        return
    questions = sum(1 for other in entries if other.file == entry.file and not other.smalltalk)
    builder.problem(entry.file or "", None, None,
                    f"{len(bare)} of {questions} entries have no alternates{_lines(bare)}: each question alone is "
                    f"matched; {advice}", warning=True)


def _out_of_scope_questions(builder: Builder, declared: Sequence[tuple[str, int | None, str]],
                            owner: Mapping[str, Entry], normalize: Normalizer) -> None:
    # The matcher reads the declared questions as one more entry's phrasings: one that is also an entry's
    # phrasing is then answered or refused by whichever the ranking happens to put first.
    for file, line, text in declared:
        key = normalize(text)
        if not key:
            builder.problem(file, line, None, f"out_of_scope question {text!r} has no letters or digits to match "
                            "on: reword it or remove it", warning=True)
            continue
        entry = owner.get(key)
        if entry is not None:
            index = next(i for i, p in enumerate(entry.phrasings) if normalize(p) == key)
            builder.problem(file, line, None,
                            f"out_of_scope question {text!r} is also a phrasing of entry {entry.id!r} "
                            f"({place_of(entry.file, builder.phrasing_line(entry, index))}): remove it from "
                            "out_of_scope, or from the entry if the base does not answer it")


def _out_of_scope_terms(builder: Builder, entry: Entry, terms: Sequence[tuple[str, str]],
                        normalize: Normalizer) -> None:
    # A term an entry itself uses is one the base answers: listing it as out of scope sends to the
    # fallback the questions that entry was written for.
    texts = [normalize(phrasing) for phrasing in entry.phrasings]
    texts.append(normalize(entry.answer))
    for term, key in terms:
        where = next((index for index, text in enumerate(texts) if key in text), None)
        if where is not None:
            part = "answer" if where == len(texts) - 1 else repr(entry.phrasings[where])
            line = entry.line if where == len(texts) - 1 else builder.phrasing_line(entry, where)
            builder.problem(entry.file or "", line, entry.id,
                            f"out_of_scope_terms lists {term!r}, which this entry's {part} uses: remove the "
                            "term from out_of_scope_terms, or the entry's words that answer it", warning=True)


def check_sections(builder: Builder, entries: list[Entry], folder: str | os.PathLike[str]) -> None:
    """Warn through ``builder`` of every cited section that is not a heading of its document in ``folder``
    (a document not found there is not checked; when none of them is, that the folder holds none)."""
    texts: dict[str, str | None] = {}
    for entry in entries:
        for index, citation in enumerate(entry.citations):
            if citation.document not in texts:
                texts[citation.document] = read_document(folder, citation.document)
            text = texts[citation.document]
            if text is None:
                continue
            missing = missing_heading(text, citation.section)
            if missing is not None:
                builder.problem(entry.file or "", builder.citation_line(entry, index), entry.id,
                                f"section {citation.section!r} cites {missing!r}, which is not a heading of "
                                f"{citation.document} there: cite the document's own headings, outermost "
                                f"first, joined by {SECTION_SEPARATOR!r}", warning=True)
    if texts and all(text is None for text in texts.values()):  # the wrong folder, most likely: nothing was checked
        cited = sorted(texts)
        builder.problem(os.fspath(folder), None, None, f"holds none of the {len(cited)} documents the entries cite "
                        f"({', '.join(cited[:3])}{', …' if len(cited) > 3 else ''}), so no section was checked: "
                        "give the folder holding them to --documents", warning=True)


