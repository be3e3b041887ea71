"""Validating a knowledge base: located (or plain) YAML values → entries, header and ``Knowledge``, every problem
reported with its file, line and entry id.

``build_knowledge`` reads the top level of each file (a header, a fallback, synonyms, entries, small talk, or a
bare list of questions and answers), each part checked by a ``Builder`` (``knowledge_fields``: missing or empty
fields, wrong types, unknown fields, control characters); then the checks across entries
(``knowledge_cross_checks``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .default_smalltalk import default_smalltalk, with_builtin_phrasings
from .entry_ids import question_id
from .errors import Problem
from .knowledge_cross_checks import check_across_entries, check_sections
from .knowledge_fields import Builder
from .lazy_regex import LazyPattern
from .models import Entry, Knowledge, Source
from .yaml_reader import LocatedMap, LocatedText, line_of

DEFAULT_FALLBACK = {"zh": "抱歉，这个问题我还答不上来。换个说法再问一次试试。",
                    "en": "Sorry, I can't answer that yet. Try asking another way."}
"""What a base with no header and no fallback (a bare list, or entries alone) replies when unsure, by language."""

_CJK = LazyPattern(r"[\u3400-\u9fff]")
_TOP_KEYS = {"knowledge_base", "fallback", "synonyms", "entries", "smalltalk", "out_of_scope",
             "out_of_scope_terms"}
_HEADER_KEYS = {"title", "language", "version", "sources", "smalltalk"}
_SOURCE_KEYS = {"file", "title", "publisher", "url", "date"}
# Where a key met at the wrong level belongs (a header's field written unindented, or the fallback under the header).
_AT_TOP = {key: "at the top level: write it with no indentation, as 'entries:'"
           for key in _TOP_KEYS - _HEADER_KEYS}
_IN_HEADER = {key: "under knowledge_base: indent it as the header's other fields"
              for key in _HEADER_KEYS - _TOP_KEYS}


def _boolean(value: Any) -> bool | None:
    """Return the boolean ``value`` is (True or False, or YAML's untyped true or false); None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, LocatedText) and not value.is_text and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def build_knowledge(documents: Iterable[tuple[str, Any]], problems: list[Problem], location: str, *,
           unreadable: Sequence[Problem] = (),
           documents_folder: str | os.PathLike[str] | None = None) -> Knowledge | None:
    """Validate ``documents`` into a knowledge base and return it, adding every problem found to ``problems``;
    None when its header's title, language or version, or its fallback, is missing or wrong (a problem says so).

    ``unreadable`` holds, once ``documents`` is exhausted, the problems of files that could not be read: only
    each readable file's own problems are then reported, and None returned (a header, a fallback, entries or
    the ids that follow-ups name may be in the unreadable file: their absence would be no problem to fix).
    """
    builder = Builder(problems)
    header: tuple[str, Mapping[str, Any]] | None = None
    fallback: tuple[str, str] | None = None
    synonyms: dict[str, tuple[str, ...]] = {}
    entries: list[Entry] = []
    out_of_scope: list[str] = []
    declared: list[tuple[str, int | None, str]] = []  # each out_of_scope question with its file and line
    out_of_scope_terms: list[str] = []
    header_given = fallback_given = False  # given, even if wrong: then "missing" would only repeat the problem
    first_file: str | None = None
    bare_file: str | None = None  # the first file holding a bare list (no header, no fallback, no ids needed)
    entries_file: str | None = None  # the first file with entries under 'entries:' (defaults as for a bare list)
    # A file writing 'entries:' with none under it yet: its only problem is that, not a header it does not need.
    empty_entries_file: str | None = None
    former_ids: dict[str, str] = {}  # a bare list's ids as made from the file's name and the item's place, before
    for file, document in documents:
        if first_file is None:
            first_file = file
        if isinstance(document, list):  # a bare list: entries, ids made from their questions if missing
            bare_file = bare_file or file
            stem = "-".join(re.findall(r"[a-z0-9]+", os.path.splitext(os.path.basename(file))[0].lower()))
            if document and isinstance(document[0], Mapping) and {"q", "expect"} <= document[0].keys() \
                    and "question" not in document[0]:  # an evaluation file in its place: once, not per field
                builder.problem(file, None, None, "is an evaluation file (items {q: …, expect: …}), not a knowledge "
                                f"base: measure a base with it, 'assistant --kb KNOWLEDGE eval {file}'")
                continue
            for raw in document:
                if not isinstance(raw, Mapping):
                    builder.problem(file, line_of(raw) or line_of(document), None, "each item of a list of "
                                    "questions must be a mapping with question and answer ('- question: …')")
                    continue
                former = f"{stem or 'entry'}-{len(entries) + 1}"
                question = raw.get("question")
                made = question_id(question) if isinstance(question, str) and question.strip() else former
                entry = builder.entry(file, raw, False, default_id=made)
                if entry is not None:
                    if "id" not in raw and entry.id != former:
                        former_ids[former] = entry.id
                    entries.append(entry)
            continue
        if document is None:  # knowledge_from_data(None): an empty file is refused as one when it is read
            builder.problem(file, None, None, "is empty: add a knowledge_base header or entries")
            header_given = fallback_given = True
            continue
        if not isinstance(document, Mapping):
            builder.problem(file, line_of(document), None, "the top level is text, but must be a mapping with keys "
                            "such as knowledge_base and entries, or a list of questions and answers (a YAML list, "
                            "not tab- or comma-separated: '- question: …' and '  answer: …' under it)")
            header_given = fallback_given = True
            continue
        if isinstance(document, LocatedMap) and ("question" in document or "answer" in document) and not (
                _TOP_KEYS & set(document)):
            # a file of one question and answer written without its '- ': one problem, not one per field and header
            builder.problem(file, line_of(document), None, "the top level is one question and answer, not a list: "
                            "start each with '- ' ('- question: …' and '  answer: …' under it)")
            header_given = fallback_given = True
            continue
        builder.unknown_keys(file, document, _TOP_KEYS, "the top level", None, _IN_HEADER)
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
        for text, line in builder.located_text_list(file, document, "out_of_scope", None):
            out_of_scope.append(text)
            declared.append((file, line, text))
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
            if not raw_entries and key == "entries" and key in document:
                empty_entries_file = empty_entries_file or file
            if raw_entries is None:
                continue
            if not isinstance(raw_entries, list):
                builder.problem(file, line_of(raw_entries) or line_of(document), None,
                                f"{key} must be a list of entries ('- id: …')")
                continue
            if raw_entries and not smalltalk:
                entries_file = entries_file or file
            for raw in raw_entries:
                entry = builder.entry(file, raw, smalltalk)
                if entry is not None:
                    entries.append(entry)
    # The last file's values are not to outlive the loop: those of a large file take hundreds of megabytes.
    document = raw_entries = raw = None
    if unreadable:
        return None

    if first_file is None:
        first_file = location
    title = language = version = None
    sources: list[Source] = []
    builtin_smalltalk = True  # the header's ``smalltalk: false`` switches the built-in small talk off
    # Entries without a header get the defaults a bare list gets: nothing in the header is needed to answer.
    default_file = bare_file or entries_file or empty_entries_file
    if header is None and not header_given and default_file is not None:
        title = os.path.splitext(os.path.basename(default_file))[0]
        language = "zh" if any(_CJK.search(entry.question) for entry in entries) else "en"
        version = "1"
        builder.problem(default_file, None, None, f"{'a bare list: ' if bare_file else ''}no knowledge_base header, "
                        f"so the title is {title!r}, the language {language!r} and the version '1' "
                        "(a header sets them)", warning=True)
    elif header is None and not header_given:
        builder.problem(first_file, None, None, "no knowledge_base header: add title, language and version")
    elif header is not None:
        file, raw = header
        builder.unknown_keys(file, raw, _HEADER_KEYS, "knowledge_base", None, _AT_TOP)
        title = builder.text(file, raw, "title", None)
        language = builder.text(file, raw, "language", None)
        version = builder.text(file, raw, "version", None, any_scalar=True)
        if "smalltalk" in raw:
            switch = _boolean(raw["smalltalk"])
            if switch is not None:
                builtin_smalltalk = switch
            else:
                builder.problem(file, line_of(raw["smalltalk"]) or line_of(raw), None, "smalltalk must be true or "
                                "false (false: no built-in greeting, thanks, okay and goodbye when the base has "
                                "no small talk of its own)")
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
    if fallback is None and not fallback_given and default_file is not None:
        fallback = (default_file, DEFAULT_FALLBACK["zh" if language == "zh" else "en"])
        builder.problem(default_file, None, None, f"no fallback: when unsure the reply is {fallback[1]!r} "
                        "(add 'fallback:' to say something else)", warning=True)
    elif fallback is None and not fallback_given:
        builder.problem(first_file, None, None, "no fallback reply: add 'fallback:' with what to say when unsure")
    if not builder.questions_declared and not any(not problem.warning for problem in problems):
        builder.problem(first_file, None, None, "no entries: add the questions and answers under 'entries:'")
    check_across_entries(builder, entries, sources, synonyms, out_of_scope_terms, declared)
    if documents_folder is not None:
        check_sections(builder, entries, documents_folder)
    if title is None or language is None or version is None or fallback is None:
        return None
    if builtin_smalltalk and not any(entry.smalltalk for entry in entries):
        entries += default_smalltalk(language, (entry.id for entry in entries))
    elif builtin_smalltalk:
        entries = list(with_builtin_phrasings(entries, language))
    taken = {entry.id for entry in entries}  # a former id another entry now has is that entry's
    return Knowledge(title=title, language=language, version=version, entries=tuple(entries),
                     fallback=fallback[1], sources=tuple(sources), synonyms=synonyms, location=location,
                     out_of_scope=tuple(out_of_scope), out_of_scope_terms=tuple(out_of_scope_terms),
                     former_ids={former: new for former, new in former_ids.items() if former not in taken})
