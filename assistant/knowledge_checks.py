"""Validating a knowledge base: located (or plain) YAML values → entries, header and ``Knowledge``, every problem
reported with its file, line and entry id.

Missing or empty fields, wrong types, unknown fields (with a did-you-mean), control characters (``Builder``);
then the checks across entries (``build_knowledge``): duplicate ids, follow-ups naming unknown ids, an alternate
under two entries, an unknown source document, out-of-scope terms an entry uses, and, given the documents,
sections that are not headings of their document.
"""

from __future__ import annotations

import os
import re
from array import array
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from .documents import SECTION_SEPARATOR, missing_heading, read_document
from .errors import Problem, did_you_mean
from .models import Citation, Entry, Knowledge, Source
from .normalize import Normalizer
from .safety import is_unsafe
from .yaml_reader import LocatedList, LocatedMap, LocatedText, line_of

MIN_ALTERNATES = 6
"""``check`` warns about an entry with fewer alternates than this."""

DEFAULT_FALLBACK = {"zh": "抱歉，这个问题我还答不上来。换个说法再问一次试试。",
                    "en": "Sorry, I can't answer that yet. Try asking another way."}
"""What a bare list (no header, no fallback) replies when unsure, by language."""

_CJK = re.compile(r"[\u3400-\u9fff]")
_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_TOP_KEYS = {"knowledge_base", "fallback", "synonyms", "entries", "smalltalk", "out_of_scope",
             "out_of_scope_terms"}
_HEADER_KEYS = {"title", "language", "version", "sources"}
_SOURCE_KEYS = {"file", "title", "publisher", "url", "date"}
_ENTRY_KEYS = {"id", "question", "alternates", "answer", "source", "topic", "follow_ups"}
_CITATION_KEYS = {"document", "section"}

_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x09: "tab", 0x0A: "line break", 0x0D: "carriage return",
                  0x1B: "ESC, which starts terminal escape sequences", 0x7F: "DEL", 0x9B: "CSI",
                  0x202E: "right-to-left override", 0x200B: "zero-width space", 0xFEFF: "byte order mark"}


def _control_character(text: str, allow_newlines: bool) -> str | None:
    """Return a description of the first character in ``text`` that is unsafe to show, or None.

    Control and format characters (escape sequences, bidirectional overrides, zero-width characters),
    lone surrogates and private-use characters are unsafe; so are line breaks unless ``allow_newlines``.
    The zero-width joiner and the emoji variation selector, which emoji need, are allowed.
    """
    for char in text:
        if allow_newlines and char in "\n\t":
            continue
        if is_unsafe(char):
            name = _CONTROL_NAMES.get(ord(char))
            return f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    return None


_NO_LINE = -1
"""In the line arrays of ``_EntryLines``: no line known (YAML lines count from 1)."""


def _known_line(line: int) -> int | None:
    return None if line == _NO_LINE else line


def _field_line(raw: LocatedMap, key: str, index: int | None = None) -> int:
    """Return the line of field ``key`` of a located mapping (of its item ``index``), else the mapping's."""
    value = raw.get(key)
    if index is not None and isinstance(value, LocatedList) and index < len(value.item_lines):
        return value.item_lines[index]
    if key in raw.key_lines:
        return raw.key_lines[key]
    return _NO_LINE if raw.line is None else raw.line


class _EntryLines:
    """Where a built entry's phrasings, follow-ups and citations were read.

    All that the checks across entries need of the entry's located mapping, which is dropped with the rest
    of its file's values once the file's entries are built.
    """

    __slots__ = ("citations", "follow_ups", "phrasings")

    def __init__(self, raw: LocatedMap, entry: Entry, citation_lines: Iterable[int]) -> None:
        self.phrasings = array("i", [_field_line(raw, "question")])
        self.phrasings.extend(_field_line(raw, "alternates", index) for index in range(len(entry.alternates)))
        self.follow_ups = array("i", (_field_line(raw, "follow_ups", index)
                                      for index in range(len(entry.follow_ups))))
        self.citations = array("i", citation_lines)


_Shared = TypeVar("_Shared", bound=Hashable)


class Builder:
    """Validates located (or plain) data, collecting problems rather than stopping at the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.lines: dict[int, _EntryLines] = {}
        """Where the fields of each entry built from located data are, by ``id(entry)``."""
        self._shared: dict[Any, Any] = {}
        self.declared: set[str] = set()
        """The ids of every entry met, built or not: a follow-up naming one that failed is not unknown too."""
        self.questions_declared = False
        """Whether an entry that is not small talk was declared: a base of small talk alone answers nothing."""

    def shared(self, value: _Shared) -> _Shared:
        """Return the first of the equal values seen: a topic or a citation repeated by thousands of
        entries is then held once."""
        first: _Shared = self._shared.setdefault(value, value)
        return first

    # Each of these returns the entry's own line (None) for an entry built from plain data.

    def phrasing_line(self, entry: Entry, index: int) -> int | None:
        """Return the line of a built entry's phrasing ``index`` (0: the question), else the entry's."""
        lines = self.lines.get(id(entry))
        return entry.line if lines is None else _known_line(lines.phrasings[index])

    def follow_up_line(self, entry: Entry, index: int) -> int | None:
        """Return the line of a built entry's follow-up ``index``, else the entry's."""
        lines = self.lines.get(id(entry))
        return entry.line if lines is None else _known_line(lines.follow_ups[index])

    def citation_line(self, entry: Entry, index: int) -> int | None:
        """Return the line of the ``document`` of a built entry's citation ``index``, else the entry's."""
        lines = self.lines.get(id(entry))
        return entry.line if lines is None else _known_line(lines.citations[index])

    def problem(self, file: str, line: int | None, entry_id: str | None, message: str,
                warning: bool = False) -> None:
        self.problems.append(Problem(file, line, entry_id, message, warning))

    def text(self, file: str, mapping: Mapping[str, Any], key: str, entry_id: str | None, *,
             required: bool = True, multiline: bool = False, any_scalar: bool = False) -> str | None:
        line = mapping.key_lines.get(key) if isinstance(mapping, LocatedMap) else None
        line = line or line_of(mapping)
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(file, line, entry_id, f"missing field {key!r}: add it")
            return None
        value = mapping[key]
        if not isinstance(value, str) or (isinstance(value, LocatedText) and not value.is_text and not any_scalar):
            kind = type(value).__name__ if not isinstance(value, LocatedText) else "a number or other non-text value"
            advice = "quote it"
            if isinstance(value, (LocatedMap, dict)):
                kind = "a mapping"
            elif isinstance(value, (LocatedList, list)):
                # Quoting a list would keep its brackets in the text: the list itself is the slip.
                kind, advice = "a list", "write one text, without '[ ]' or '- ' items"
            self.problem(file, line, entry_id, f"field {key!r} must be text, not {kind}: {advice}")
            return None
        text = str(value).strip()
        if not text:
            self.problem(file, line, entry_id, f"field {key!r} is empty: write it, or remove the field")
            return None
        bad = _control_character(text, allow_newlines=multiline)
        if bad:
            self.problem(file, line, entry_id,
                         f"field {key!r} contains control character {bad}: remove it")
            return None
        return text

    def text_list(self, file: str, mapping: Mapping[str, Any], key: str, entry_id: str | None) -> list[str]:
        line = (mapping.key_lines.get(key) if isinstance(mapping, LocatedMap) else None) or line_of(mapping)
        value = mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(file, line, entry_id, f"field {key!r} must be a list (one '- item' per line)")
            return []
        out = []
        for index, item in enumerate(value):
            item_line = value.item_lines[index] if isinstance(value, LocatedList) else line
            if not isinstance(item, str) or (isinstance(item, LocatedText) and not item.is_text):
                self.problem(file, item_line, entry_id, f"item {index + 1} of {key!r} must be text: quote it")
                continue
            if not item.strip():
                self.problem(file, item_line, entry_id, f"item {index + 1} of {key!r} is empty: remove it")
                continue
            bad = _control_character(item, allow_newlines=False)
            if bad:
                self.problem(file, item_line, entry_id,
                             f"item {index + 1} of {key!r} contains control character {bad}: remove it")
                continue
            out.append(item.strip())
        return out

    def unknown_keys(self, file: str, mapping: Mapping[str, Any], allowed: set[str], what: str,
                     entry_id: str | None) -> None:
        for key in mapping:
            if key not in allowed:
                line = mapping.key_lines.get(key) if isinstance(mapping, LocatedMap) else None
                self.problem(file, line or line_of(mapping), entry_id,
                             f"unknown field {key!r} in {what}{did_you_mean(str(key), allowed)} "
                             f"(expected one of: {', '.join(sorted(allowed))})")

    def citations(self, file: str, entry: Mapping[str, Any],
                  entry_id: str | None) -> list[tuple[Citation, int | None]]:
        """Return the entry's valid citations, each with the line of its ``document``."""
        value = entry.get("source")
        line = (entry.key_lines.get("source") if isinstance(entry, LocatedMap) else None) or line_of(entry)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            if not isinstance(item, Mapping):
                self.problem(file, line_of(item) or line, entry_id,
                             "field 'source' must be a mapping with 'document' and 'section', or a list of them")
                continue
            self.unknown_keys(file, item, _CITATION_KEYS, "source", entry_id)
            document = self.text(file, item, "document", entry_id)
            section = self.text(file, item, "section", entry_id)
            if document and section:
                out.append((self.shared(Citation(document, section)),
                            (item.key_lines.get("document") if isinstance(item, LocatedMap) else None)
                            or line_of(item) or line))
        return out

    def entry(self, file: str, raw: Any, smalltalk: bool, default_id: str | None = None) -> Entry | None:
        if not isinstance(raw, Mapping):
            self.problem(file, line_of(raw), None, "each entry must be a mapping with id, question, answer …")
            return None
        entry_id = default_id if default_id is not None and "id" not in raw else self.text(file, raw, "id", None)
        if entry_id is not None:
            self.declared.add(entry_id)
            self.questions_declared |= not smalltalk
        if entry_id and not _ID.match(entry_id):
            self.problem(file, line_of(raw), entry_id,
                         "id must be an ASCII slug: lowercase letters, digits and '-' (e.g. hotline-number)")
        self.unknown_keys(file, raw, _ENTRY_KEYS, "an entry", entry_id)
        before = len(self.problems)
        question = self.text(file, raw, "question", entry_id)
        answer = self.text(file, raw, "answer", entry_id, multiline=True)
        alternates = self.text_list(file, raw, "alternates", entry_id)
        follow_ups = self.text_list(file, raw, "follow_ups", entry_id)
        topic = self.text(file, raw, "topic", entry_id, required=False)
        citations = self.citations(file, raw, entry_id)
        if entry_id is None or question is None or answer is None or len(self.problems) > before:
            return None
        entry = Entry(id=entry_id, question=question, answer=answer, alternates=tuple(alternates),
                      citations=self.shared(tuple(citation for citation, _ in citations)),
                      topic=None if topic is None else self.shared(topic), follow_ups=tuple(follow_ups),
                      smalltalk=smalltalk, file=file, line=line_of(raw))
        if isinstance(raw, LocatedMap):
            self.lines[id(entry)] = _EntryLines(raw, entry, (_NO_LINE if line is None else line
                                                             for _, line in citations))
        return entry


def build_knowledge(documents: Iterable[tuple[str, Any]], problems: list[Problem], location: str, *,
           unreadable: Sequence[Problem] = (),
           documents_folder: str | os.PathLike[str] | None = None) -> Knowledge | None:
    """Validate ``documents`` into a knowledge base, adding every problem found to ``problems``.

    ``unreadable`` holds, once ``documents`` is exhausted, the problems of files that could not be read:
    the checks across entries are then skipped (they take a while on a large base, to be discarded).
    """
    builder = Builder(problems)
    header: tuple[str, Mapping[str, Any]] | None = None
    fallback: tuple[str, str] | None = None
    synonyms: dict[str, tuple[str, ...]] = {}
    entries: list[Entry] = []
    out_of_scope: list[str] = []
    out_of_scope_terms: list[str] = []
    header_given = fallback_given = False  # given, even if wrong: then "missing" would only repeat the problem
    first_file: str | None = None
    bare_file: str | None = None  # the first file holding a bare list (no header, no fallback, no ids needed)
    for file, document in documents:
        if first_file is None:
            first_file = file
        if isinstance(document, list):  # a bare list of questions and answers: entries, ids made up if missing
            bare_file = bare_file or file
            stem = "-".join(re.findall(r"[a-z0-9]+", os.path.splitext(os.path.basename(file))[0].lower()))
            for raw in document:
                if not isinstance(raw, Mapping):
                    builder.problem(file, line_of(raw) or line_of(document), None, "each item of a list of "
                                    "questions must be a mapping with question and answer ('- question: …')")
                    continue
                entry = builder.entry(file, raw, False, default_id=f"{stem or 'entry'}-{len(entries) + 1}")
                if entry is not None:
                    entries.append(entry)
            continue
        if not isinstance(document, Mapping):
            builder.problem(file, line_of(document), None, "the top level is text, but must be a mapping with keys "
                            "such as knowledge_base and entries, or a list of questions and answers (a YAML list, "
                            "not tab- or comma-separated: '- question: …' and '  answer: …' under it)")
            header_given = fallback_given = True
            continue
        builder.unknown_keys(file, document, _TOP_KEYS, "the top level", None)
        if "knowledge_base" in document:
            header_given = True
            if header is not None:
                builder.problem(file, line_of(document["knowledge_base"]), None,
                                f"a second knowledge_base header (the first is in {header[0]}): keep one")
            elif not isinstance(document["knowledge_base"], Mapping):
                builder.problem(file, document.key_lines.get("knowledge_base") if isinstance(document, LocatedMap)
                                else None, None, "knowledge_base must be a mapping with title, language and version")
            else:
                header = (file, document["knowledge_base"])
        if "fallback" in document:
            fallback_given = True
            text = builder.text(file, document, "fallback", None, multiline=True)
            if fallback is not None:
                builder.problem(file, document.key_lines.get("fallback") if isinstance(document, LocatedMap) else None,
                                None, f"a second fallback (the first is in {fallback[0]}): keep one")
            elif text:
                fallback = (file, text)
        out_of_scope += builder.text_list(file, document, "out_of_scope", None)
        out_of_scope_terms += builder.text_list(file, document, "out_of_scope_terms", None)
        raw_synonyms = document.get("synonyms")
        if raw_synonyms is not None:
            if not isinstance(raw_synonyms, Mapping):
                builder.problem(file, line_of(raw_synonyms) or line_of(document), None,
                                "synonyms must be a mapping of canonical term → list of variants")
            else:
                for canonical in raw_synonyms:
                    variants = builder.text_list(file, raw_synonyms, canonical, None)
                    synonyms[str(canonical)] = synonyms.get(str(canonical), ()) + tuple(variants)
        for key, smalltalk in (("entries", False), ("smalltalk", True)):
            raw_entries = document.get(key)
            if raw_entries is None:
                continue
            if not isinstance(raw_entries, list):
                builder.problem(file, line_of(raw_entries) or line_of(document), None,
                                f"{key} must be a list of entries ('- id: …')")
                continue
            for raw in raw_entries:
                entry = builder.entry(file, raw, smalltalk)
                if entry is not None:
                    entries.append(entry)
    # The last file's values are not to outlive the loop: those of a large file take hundreds of megabytes.
    document = raw_entries = raw = None

    if first_file is None:
        first_file = location
    title = language = version = None
    sources: list[Source] = []
    if header is None and not header_given and bare_file is not None:
        title = os.path.splitext(os.path.basename(bare_file))[0]
        language = "zh" if any(_CJK.search(entry.question) for entry in entries) else "en"
        version = "1"
        builder.problem(bare_file, None, None, f"a bare list: no knowledge_base header, so the title is {title!r}, "
                        f"the language {language!r} and the version '1' (a header sets them)", warning=True)
    elif header is None and not header_given:
        builder.problem(first_file, None, None, "no knowledge_base header: add title, language and version")
    elif header is not None:
        file, raw = header
        builder.unknown_keys(file, raw, _HEADER_KEYS, "knowledge_base", None)
        title = builder.text(file, raw, "title", None)
        language = builder.text(file, raw, "language", None)
        version = builder.text(file, raw, "version", None, any_scalar=True)
        raw_sources = raw.get("sources") or []
        if not isinstance(raw_sources, list):
            builder.problem(file, line_of(raw_sources), None, "sources must be a list")
            raw_sources = []
        for raw_source in raw_sources:
            if not isinstance(raw_source, Mapping):
                builder.problem(file, line_of(raw_source), None, "each source must be a mapping with file and title")
                continue
            builder.unknown_keys(file, raw_source, _SOURCE_KEYS, "a source", None)
            source_file = builder.text(file, raw_source, "file", None)
            source_title = builder.text(file, raw_source, "title", None)
            if source_file and source_title:
                sources.append(Source(source_file, source_title,
                                      builder.text(file, raw_source, "publisher", None, required=False),
                                      builder.text(file, raw_source, "url", None, required=False),
                                      builder.text(file, raw_source, "date", None, required=False,
                                                   any_scalar=True)))
    if fallback is None and not fallback_given and bare_file is not None:
        fallback = (bare_file, DEFAULT_FALLBACK["zh" if language == "zh" else "en"])
        builder.problem(bare_file, None, None, f"no fallback: when unsure the reply is {fallback[1]!r} "
                        "(add 'fallback:' to say something else)", warning=True)
    elif fallback is None and not fallback_given:
        builder.problem(first_file, None, None, "no fallback reply: add 'fallback:' with what to say when unsure")
    if not unreadable and not builder.questions_declared and not any(not problem.warning for problem in problems):
        builder.problem(first_file, None, None, "no entries: add the questions and answers under 'entries:'")
    if not unreadable:
        _cross_check(builder, entries, sources, synonyms, out_of_scope_terms)
        if documents_folder is not None:
            _check_sections(builder, entries, documents_folder)
    if title is None or language is None or version is None or fallback is None:
        return None
    return Knowledge(title=title, language=language, version=version, entries=tuple(entries),
                     fallback=fallback[1], sources=tuple(sources), synonyms=synonyms, location=location,
                     out_of_scope=tuple(out_of_scope), out_of_scope_terms=tuple(out_of_scope_terms))


def _cross_check(builder: Builder, entries: list[Entry], sources: list[Source],
                 synonyms: Mapping[str, Sequence[str]], out_of_scope_terms: Sequence[str] = ()) -> None:
    by_id: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in by_id:
            first = by_id[entry.id]
            builder.problem(entry.file or "", entry.line, entry.id,
                            f"duplicate id (first at {first.file}:{first.line}): give each entry its own id")
        else:
            by_id[entry.id] = entry
    known_documents = {source.file for source in sources}
    normalize = Normalizer(synonyms)
    terms = [(term, key) for term in out_of_scope_terms if (key := normalize(term))]
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
            builder.problem(file, entry.line, entry.id, "no alternates: the question alone is matched; add "
                            f"{MIN_ALTERNATES} or more other ways people ask it to match better", warning=True)
        elif len(entry.alternates) < MIN_ALTERNATES:
            builder.problem(file, entry.line, entry.id,
                            f"only {len(entry.alternates)} alternates: add at least {MIN_ALTERNATES} ways people ask",
                            warning=True)
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
                                f"({other.file}:{builder.phrasing_line(other, other_index)}): "
                                "keep it under one entry only")
            else:
                owner[key] = entry


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


def _check_sections(builder: Builder, entries: list[Entry], folder: str | os.PathLike[str]) -> None:
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


