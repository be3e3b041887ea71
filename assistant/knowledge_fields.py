"""Validating one part of a knowledge base at a time: a text field, a list of texts, a citation, an entry.

``Builder`` checks located (or plain) YAML values: missing or empty fields, wrong types, unknown fields (with a
did-you-mean), control characters; every problem is collected with its file, line and entry id rather than
stopping at the first. It remembers where each entry's phrasings, follow-ups and citations were read, for the
checks across entries (``knowledge_cross_checks``) to report their lines.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Hashable, Iterable, Mapping
from typing import Any, TypeVar

from .errors import Problem, did_you_mean
from .models import Citation, Entry
from .safety import is_unsafe
from .yaml_reader import LocatedList, LocatedMap, LocatedText, line_of

_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
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
        """Return the line of a built entry's phrasing ``index`` (0: the question), else the entry's; None when
        that is not known (no line read)."""
        lines = self.lines.get(id(entry))
        return entry.line if lines is None else _known_line(lines.phrasings[index])

    def follow_up_line(self, entry: Entry, index: int) -> int | None:
        """Return the line of a built entry's follow-up ``index``, else the entry's; None when that is not known."""
        lines = self.lines.get(id(entry))
        return entry.line if lines is None else _known_line(lines.follow_ups[index])

    def citation_line(self, entry: Entry, index: int) -> int | None:
        """Return the line of the ``document`` of a built entry's citation ``index``, else the entry's; None when
        that is not known."""
        lines = self.lines.get(id(entry))
        return entry.line if lines is None else _known_line(lines.citations[index])

    def problem(self, file: str, line: int | None, entry_id: str | None, message: str,
                warning: bool = False) -> None:
        """Record a problem (a ``warning`` when it does not stop the base from loading) at ``file``, ``line``
        and entry ``entry_id`` (None: none known)."""
        self.problems.append(Problem(file, line, entry_id, message, warning))

    def text(self, file: str, mapping: Mapping[str, Any], key: str, entry_id: str | None, *,
             required: bool = True, multiline: bool = False, any_scalar: bool = False) -> str | None:
        """Return field ``key`` of ``mapping`` as stripped text; None, with the problem recorded, when it is
        missing (recorded only if ``required``), empty, not text (a number or other non-text scalar passes when
        ``any_scalar``) or holds a control character (a line break passes when ``multiline``)."""
        line = mapping.key_lines.get(key) if isinstance(mapping, LocatedMap) else None
        line = line or line_of(mapping)
        if key not in mapping or mapping[key] is None:
            if required and key in mapping and isinstance(mapping, LocatedMap):
                # in a file, written with nothing after it, or with a text YAML read as a comment
                self.problem(file, line, entry_id, f"field {key!r} has no text: write it after '{key}: ' (a text "
                             "opening with '#' is a comment to YAML: put it in quotes)")
            elif required:
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
            self.problem(file, line, entry_id, f"field {key!r} is empty: write it"
                                               + ("" if required else ", or remove the field"))
            return None
        bad = _control_character(text, allow_newlines=multiline)
        if bad:
            self.problem(file, line, entry_id,
                         f"field {key!r} contains control character {bad}: remove it")
            return None
        return text

    def text_list(self, file: str, mapping: Mapping[str, Any], key: str, entry_id: str | None) -> list[str]:
        """Return the valid texts of list field ``key`` (empty when it is absent), reporting the others."""
        return [text for text, _ in self.located_text_list(file, mapping, key, entry_id)]

    def located_text_list(self, file: str, mapping: Mapping[str, Any], key: str,
                          entry_id: str | None) -> list[tuple[str, int | None]]:
        """Return the stripped texts of list field ``key`` of ``mapping``, each with its line (the field's, or None,
        for plain data); empty when the field is absent or not a list (recorded). An item that is empty, not text
        or holds a control character is left out, recorded."""
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
            out.append((item.strip(), item_line))
        return out

    def unknown_keys(self, file: str, mapping: Mapping[str, Any], allowed: set[str], what: str,
                     entry_id: str | None, belongs: Mapping[str, str] | None = None) -> None:
        """Record a problem, with a did-you-mean, for each key of ``mapping`` (a ``what``) not in ``allowed``; a key
        of ``belongs`` is said to belong where it maps to (a field of another level, indented wrongly)."""
        for key in mapping:
            if key not in allowed:
                line = mapping.key_lines.get(key) if isinstance(mapping, LocatedMap) else None
                where = (belongs or {}).get(key) if isinstance(key, str) else None
                self.problem(file, line or line_of(mapping), entry_id,
                             f"{key!r} is not a field of {what}: it belongs {where}" if where else
                             f"unknown field {key!r} in {what}{did_you_mean(str(key), allowed)} "
                             f"(expected one of: {', '.join(sorted(allowed))})")

    def citations(self, file: str, entry: Mapping[str, Any],
                  entry_id: str | None) -> list[tuple[Citation, int | None]]:
        """Return the entry's valid citations, each with the line of its ``document`` (None when not known)."""
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
        """Return the entry ``raw`` (a mapping read from ``file``) declares, with ``default_id`` as its id when it
        has none; None, with every problem of it recorded, when it is not valid. Its id counts as declared
        (``declared``) whenever it is text, valid or not; the lines of its fields are kept in ``lines``."""
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
