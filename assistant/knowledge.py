"""Loading a knowledge base: YAML (a file or a folder of files) or plain Python data → validated ``Knowledge``.

Every problem is reported with its file, line and entry id: missing or empty fields, wrong types, unknown
fields, duplicate ids, duplicate keys in a mapping (which plain YAML loading silently accepts), follow-ups
naming unknown ids, an alternate under two entries, an unknown source document, control characters.
Only safe YAML is read, in one pass over the parser's events; anchors that expand into huge trees (an "alias
bomb"), nesting deeper than ``MAX_DEPTH`` and files over ``MAX_FILE_BYTES`` are refused at once. Files are only
ever read, never written.
"""

from __future__ import annotations

import os
import re
import stat
from array import array
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from importlib.abc import Traversable
    from pathlib import Path

    import yaml

from .documents import SECTION_SEPARATOR, missing_heading, read_document
from .errors import KnowledgeError, Problem
from .models import Citation, Entry, Knowledge, Source
from .normalize import Normalizer
from .safety import is_unsafe

MAX_FILE_BYTES = 200 * 1024 * 1024
"""A knowledge-base file larger than this is refused rather than read."""

MAX_ALIAS_NODES = 100_000
"""YAML aliases may repeat this many values in all (counting what they contain), plus ten per value written
out in the file: more is an alias bomb. A value counts once per ``ALIAS_CHARS_PER_VALUE`` characters of its
text, so one long anchored string repeated thousands of times is an alias bomb too. A large base that shares
a ``source`` through an anchor stays well within it; nested anchors that multiply (a few lines expanding to
billions of values) are caught at once."""

ALIAS_RATIO = 10
"""How many values aliases may repeat per value written out in the file, on top of ``MAX_ALIAS_NODES``."""

ALIAS_CHARS_PER_VALUE = 64
"""For the alias budget, a string counts as one value more per this many characters."""

MAX_DEPTH = 50
"""YAML nested deeper than this is refused (the format needs five levels)."""

MIN_ALTERNATES = 6
"""``check`` warns about an entry with fewer alternates than this."""

_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_TOP_KEYS = {"knowledge_base", "fallback", "synonyms", "entries", "smalltalk", "out_of_scope",
             "out_of_scope_terms"}
_HEADER_KEYS = {"title", "language", "version", "sources"}
_SOURCE_KEYS = {"file", "title", "publisher", "url", "date"}
_ENTRY_KEYS = {"id", "question", "alternates", "answer", "source", "topic", "follow_ups"}
_CITATION_KEYS = {"document", "section"}
_YAML_SUFFIXES = (".yaml", ".yml")

_Loader: type[yaml.SafeLoader]
_RESOLVER: yaml.resolver.Resolver


def _import_yaml() -> None:
    """Import PyYAML when a file is first read, not with the package: a matcher loaded from the cache
    (``assistant.cache``) never needs it, and importing it is ~15 ms of every ``assistant ask``."""
    global yaml, _Loader, _RESOLVER
    if "_RESOLVER" in globals():
        return
    import yaml

    # the C parser reads large files several times faster
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _RESOLVER = yaml.resolver.Resolver()


# Slots rather than an attribute dictionary per value: a file of 5,000 entries holds some 100,000 values.
class _Map(dict[str, Any]):
    """A mapping read from YAML that remembers the line of itself and of each key."""

    __slots__ = ("key_lines", "line")
    line: int | None
    key_lines: dict[str, int]


class _List(list[Any]):
    """A sequence read from YAML that remembers the line of itself and of each item."""

    __slots__ = ("item_lines", "line")
    line: int | None
    item_lines: array[int]


class _Text(str):
    """A string read from YAML, remembering its line and whether YAML typed it as a string."""

    __slots__ = ("is_text", "line")
    line: int | None
    is_text: bool


def _line_of(value: Any) -> int | None:
    return getattr(value, "line", None)


class _Stop(Exception):
    """Reading a file stops: the problem has been recorded."""


class _Frame:
    """A mapping or sequence being built from the event stream."""

    __slots__ = ("anchor", "key", "key_line", "size", "value")

    def __init__(self, value: _Map | _List, anchor: str | None) -> None:
        self.value = value
        self.anchor = anchor
        self.size = 1
        self.key: Any = _NO_KEY
        self.key_line = 0


_NO_KEY = object()
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"


_TOO_DEEP = (f"nested more than {MAX_DEPTH} levels deep: a knowledge base needs only a few; "
             "check the brackets and indentation")


def _compose(text: str, name: str, problems: list[Problem]) -> Any:
    """Build located values from YAML ``text`` in one pass over the parser's events.

    Not ``yaml.compose``: that recurses once per level of nesting (deep nesting crashes the interpreter) and
    builds a node tree first. Here nesting deeper than ``MAX_DEPTH`` stops reading, each alias adds the size
    of what it repeats to a budget (``MAX_ALIAS_NODES`` and ``ALIAS_RATIO``: against alias bombs), duplicate
    keys are recorded as problems, and an alias never makes a structure contain itself. Raises ``_Stop`` after recording
    a problem that ends reading; YAML syntax errors propagate as ``yaml.YAMLError``.
    """
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    expanded = written = 0
    documents = 0
    root: Any = None

    def stop(line: int, message: str) -> _Stop:
        problems.append(Problem(name, line, None, message))
        return _Stop()

    def add(value: Any, size: int, line: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        frame.size += size
        container = frame.value
        if isinstance(container, _List):
            container.append(value)
            container.item_lines.append(line)
        elif frame.key is _NO_KEY:
            frame.key, frame.key_line = value, line
        else:
            key, frame.key = frame.key, _NO_KEY
            if not isinstance(key, str) or (isinstance(key, _Text) and not key.is_text):
                key = str(key)
            if key in container:
                problems.append(Problem(
                    name, frame.key_line, None,
                    f"duplicate key {key!r} (first on line {container.key_lines[key]}): "
                    "remove one, YAML would silently keep only the last"))
                return
            container[key] = value
            container.key_lines[key] = frame.key_line

    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
            size = 1 + len(event.value) // ALIAS_CHARS_PER_VALUE
            written += size
            if not event.style and event.end_mark is not None and event.end_mark.line > line - 1:
                _folded_items(text, event, name, problems)
            value: Any = None
            if tag != _NULL_TAG:
                value = _Text(event.value)
                value.line, value.is_text = line, tag == _STR_TAG
            if event.anchor is not None:
                anchors[event.anchor] = (value, size)
            add(value, size, line)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise stop(line, _TOO_DEEP)
            container: _Map | _List
            if isinstance(event, yaml.MappingStartEvent):
                container = _Map()
                container.key_lines = {}
            else:
                container = _List()
                container.item_lines = array("i")
            container.line = line
            written += 1
            stack.append(_Frame(container, event.anchor))
            if event.anchor is not None:
                open_anchors.add(event.anchor)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            if frame.anchor is not None:
                anchors[frame.anchor] = (frame.value, frame.size)
                open_anchors.discard(frame.anchor)
            add(frame.value, frame.size, frame.value.line or line)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in open_anchors:
                raise stop(line, f"alias *{event.anchor} is used inside the anchor &{event.anchor} it refers to, "
                                 "which makes a loop: write the data out")
            if event.anchor not in anchors:
                raise stop(line, f"invalid YAML: alias *{event.anchor} names no anchor (&{event.anchor}) "
                                 "defined before it")
            value, size = anchors[event.anchor]
            expanded += size
            if expanded > MAX_ALIAS_NODES + ALIAS_RATIO * written:
                raise stop(line, "YAML aliases repeat far more values than the file writes out "
                                 "(an alias bomb?): write the data out")
            add(value, size, line)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise stop(line, "a second YAML document ('---') in one file: keep one document per file")
    if documents == 0 or root is None:
        raise stop(1, "file is empty: add a knowledge_base header or entries")
    return root


def _folded_items(text: str, event: yaml.ScalarEvent, name: str, problems: list[Problem]) -> None:
    """Record a problem when a plain text over several lines has a line starting with '- ': a list item
    indented deeper than the one above it, which YAML silently reads as more words of that item."""
    assert event.start_mark is not None and event.end_mark is not None
    lines = text.split("\n", event.end_mark.line + 1)
    for row in range(event.start_mark.line + 1, min(event.end_mark.line + 1, len(lines))):
        stripped = lines[row].strip()
        if stripped == "-" or stripped.startswith("- "):
            problems.append(Problem(name, row + 1, None, (
                f"{stripped!r} is indented deeper than the line above it, so YAML reads it as more words of the "
                f"text on line {event.start_mark.line + 1} ({event.value!r}): put the '- ' items of a list "
                "in the same column")))
            return


def bundled_knowledge_path() -> Traversable:
    """Return the folder of the knowledge base that ships inside the package (read via importlib.resources).

    >>> sorted(f.name for f in bundled_knowledge_path().iterdir() if f.name.endswith(".yaml"))[0]
    '00-base.yaml'
    """
    from .paths import bundled_knowledge

    return bundled_knowledge()


def _display_name(path: Traversable | Path) -> str:
    return os.fspath(path) if isinstance(path, os.PathLike) else str(path)


def _yaml_files(path: Traversable | Path, problems: list[Problem]) -> list[Traversable | Path]:
    from pathlib import Path  # here, as in the other readers of files: a cached load never needs pathlib

    name = _display_name(path)
    if isinstance(path, Path):
        try:
            mode = path.stat().st_mode
        except ValueError:  # a NUL in the path, which no file name can hold
            problems.append(Problem(name, None, None, "no such file or folder: check the path"))
            return []
        except OSError as error:
            if isinstance(error, FileNotFoundError):
                problems.append(Problem(name, None, None, "no such file or folder: check the path"))
            else:
                problems.append(Problem(name, None, None, f"cannot read: {error.strerror or error}"))
            return []
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            problems.append(Problem(name, None, None, "is not a file or a folder: give a YAML file or a folder"))
            return []
    if path.is_dir():
        try:
            children = list(path.iterdir())
        except OSError as error:
            problems.append(Problem(name, None, None, f"cannot read the folder: {error.strerror or error}"))
            return []
        files = sorted((child for child in children if child.name.endswith(_YAML_SUFFIXES)),
                       key=lambda child: child.name)
        for child in files:
            if child.is_dir():
                problems.append(Problem(_display_name(child), None, None,
                                        "is a folder, but a .yaml name promises a file: rename or remove it"))
            elif not _is_regular_file(child):  # a FIFO or device would block or never end when read
                problems.append(Problem(_display_name(child), None, None,
                                        "is not a regular file (a pipe or a device?): remove it from the folder"))
        files = [child for child in files if not child.is_dir() and _is_regular_file(child)]
        if not files and not problems:
            problems.append(Problem(name, None, None, "folder holds no .yaml or .yml files: check the path"))
        return files
    return [path]


def _is_regular_file(path: Traversable | Path) -> bool:
    """Whether ``path`` is a regular file (bundled resources always are); False when it cannot be looked at."""
    if not isinstance(path, os.PathLike):
        return path.is_file()
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _too_large(name: str, max_bytes: int) -> Problem:
    size = f"{max_bytes / (1024 * 1024):g} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes:,} bytes"
    return Problem(name, None, None, f"file is larger than {size}: split it into several files in a folder")


def _yaml_advice(error: yaml.MarkedYAMLError, text: str) -> str:
    """Return the YAML parser's complaint, with what to do about the usual causes."""
    what = " ".join(part for part in (error.context, error.problem) if part)
    mark = error.problem_mark
    if mark is not None:
        lines = text.split("\n")
        row = lines[mark.line] if 0 <= mark.line < len(lines) else ""
        if "\t" in row[: mark.column + 1] and not row[: row.index("\t")].strip():
            return "a tab in the indentation: indent with spaces only"
    if error.problem == "mapping values are not allowed in this context":
        return f"{what}: a value holding ': ' must be quoted, or the indentation is off"
    if mark is not None and any(sign in (error.problem or "") for sign in _INDENTATION_SIGNS):
        return f"{what}: {_indentation_hint(text, mark.line)}"
    return what


# What PyYAML (either parser) says when a line is indented unlike the lines of its level.
_INDENTATION_SIGNS = ("expected <block end>", "did not find expected key", "did not find expected '-' indicator")


def _indentation_hint(text: str, row: int) -> str:
    """Return what to do about line ``row`` (from 0) being indented unlike the lines above it."""
    lines = text.split("\n")

    def indent(line: str, items: bool) -> int:
        # a '- ' item's fields start after its dash; the dashes of a list line up with each other
        match = re.match(r" *" if items else r" *(?:- +)*", line)
        return match.end() if match else 0

    here = lines[row] if 0 <= row < len(lines) else ""
    items = here.lstrip(" ").startswith("-")
    above = next((number for number in range(min(row, len(lines)) - 1, -1, -1)
                  if lines[number].strip() and not lines[number].lstrip().startswith("#")), None)
    what = "the '- ' items of one list" if items else "the fields of one mapping"
    if above is None:
        return f"check the indentation: {what} start in the same column"
    return (f"check the indentation: line {row + 1} starts at column {indent(here, items) + 1}, line {above + 1} "
            f"above it at column {indent(lines[above], items) + 1}; {what} start in the same column")


def _parse_file(path: Traversable | Path, problems: list[Problem], max_bytes: int,
                contents: bytes | None = None) -> Any:
    """Read one YAML file (or ``contents`` in its name) into located values; None (with the problem recorded)
    when it cannot be read."""
    from pathlib import Path

    _import_yaml()
    name = _display_name(path)
    try:
        if contents is not None:
            data = contents[: max_bytes + 1]
        elif isinstance(path, Path) and path.stat().st_size > max_bytes:
            problems.append(_too_large(name, max_bytes))
            return None
        else:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)  # bounded: a pipe or a growing file cannot exhaust memory
    except OSError as error:
        problems.append(Problem(name, None, None, f"cannot read: {error.strerror or error}"))
        return None
    if len(data) > max_bytes:
        problems.append(_too_large(name, max_bytes))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, None,
                                f"not UTF-8 text (byte 0x{data[error.start]:02x}): save the file as UTF-8"))
        return None
    try:
        return _compose(text, name, problems)
    except _Stop:
        return None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as NUL
        where: int | None = None
        if isinstance(error.position, int):  # libyaml counts bytes of UTF-8, the Python reader characters
            if _Loader is yaml.SafeLoader:
                where = text[: error.position].count("\n") + 1
            else:
                where = text.encode("utf-8")[: error.position].count(b"\n") + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
        problems.append(Problem(name, where, None,
                                f"character U+{code:04X} is not allowed in YAML (a control character): remove it"))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # PyYAML 6.0.2+ refuses deep flow nesting in its scanner, before our own check sees the events.
        too_deep = "nesting depth" in str(error.problem or "")
        problems.append(Problem(name, mark.line + 1 if mark else None, None,
                                _TOO_DEEP if too_deep else "invalid YAML: " + _yaml_advice(error, text),
                                column=mark.column + 1 if mark and not too_deep else None))
    except yaml.YAMLError as error:
        problems.append(Problem(name, None, None, f"invalid YAML: {error}"))
    return None


def read_yaml(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Read one YAML file with the knowledge base's hardened reader (size, depth and alias limits).

    Returns its value as dicts, lists and strings; raises ``KnowledgeError`` with the file, line and what to do
    when it cannot be read, is too large, too deep, an alias bomb or not YAML. For other YAML files the project
    reads, such as evaluation files.
    """
    from pathlib import Path

    problems: list[Problem] = []
    value = _parse_file(Path(path), problems, max_bytes)
    if problems:
        raise KnowledgeError(problems)
    return value


def load_knowledge(path: str | os.PathLike[str] | Traversable | None = None, *,
                   max_bytes: int = MAX_FILE_BYTES) -> Knowledge:
    """Load and validate a knowledge base from a YAML file or a folder of YAML files.

    ``path=None`` loads the knowledge base bundled with the package. Returns the validated, immutable
    ``Knowledge``; raises ``KnowledgeError`` listing every problem (file, line, entry id, what to do)
    when the files cannot be read or are not a sound knowledge base. Files are only read, never written.

    >>> kb = load_knowledge()
    >>> kb.get("hotline-number").question
    '微粒贷客服电话是多少？'
    """
    knowledge, problems = inspect_knowledge(path, max_bytes=max_bytes)
    errors = [problem for problem in problems if not problem.warning]
    if knowledge is None or errors:
        raise KnowledgeError(errors or problems)
    return knowledge


def inspect_knowledge(path: str | os.PathLike[str] | Traversable | None = None, *,
                      max_bytes: int = MAX_FILE_BYTES,
                      documents_folder: str | os.PathLike[str] | None = None,
                      contents: Mapping[str, bytes] | None = None) -> tuple[Knowledge | None, list[Problem]]:
    """Load a knowledge base and return it with every problem and warning found.

    With ``documents_folder``, each cited section is also looked up among the headings of its source
    document read from that folder (a warning when it is not there; a document not in the folder is skipped).

    Returns ``(None, errors)`` when errors prevent building it (warnings are then left out: they would
    only bury the errors); warnings (such as too few alternates) come with a usable ``Knowledge``.
    ``assistant check`` is built on this. Never raises for a bad file or path: every problem is returned.
    ``contents`` maps a file of the base (named as in problems) to bytes read in its place: how an edit is
    checked before it is written (``assistant.learn``).

    >>> knowledge, problems = inspect_knowledge("/no/such/kb.yaml")
    >>> knowledge is None, [p.message for p in problems]
    (True, ['no such file or folder: check the path'])
    """
    from pathlib import Path

    problems: list[Problem] = []
    source: Traversable | Path
    if path is None:
        source = bundled_knowledge_path()
    elif isinstance(path, (str, os.PathLike)):
        source = Path(path)
    else:
        source = path
    files = _yaml_files(source, problems)

    def documents() -> Iterator[tuple[str, Any]]:
        # One file's located values at a time: held all at once, those of a large base take gigabytes.
        for file in files:
            document = _parse_file(file, problems, max_bytes, (contents or {}).get(_display_name(file)))
            if document is not None:
                yield _display_name(file), document

    checks: list[Problem] = []
    knowledge = _build(documents(), checks, location=_display_name(source), unreadable=problems,
                       documents_folder=documents_folder)
    if problems:  # files that cannot be read: the checks of the others would only bury that
        return None, problems
    errors = [problem for problem in checks if not problem.warning]
    if knowledge is None or errors:
        return None, errors or checks
    return knowledge, checks


def knowledge_from_data(data: Mapping[str, Any] | Sequence[Mapping[str, Any]], *,
                        name: str = "<data>") -> Knowledge:
    """Build a knowledge base from plain Python data shaped like the YAML format.

    ``data`` is one mapping (as one YAML file) or a list of them (as a folder). Raises ``KnowledgeError``
    when it is not a sound knowledge base.

    >>> kb = knowledge_from_data({
    ...     "knowledge_base": {"title": "Demo", "language": "en", "version": "1",
    ...                        "sources": [{"file": "faq.txt", "title": "Shop FAQ"}]},
    ...     "fallback": "Sorry, I don't know.",
    ...     "entries": [{"id": "hours", "question": "When are you open?", "answer": "9 to 5.",
    ...                  "alternates": ["opening hours"],
    ...                  "source": {"document": "faq.txt", "section": "Hours"}}]})
    >>> kb.get("hours").answer
    '9 to 5.'
    """
    parts = [data] if isinstance(data, Mapping) else list(data)
    problems: list[Problem] = []
    knowledge = _build([(name, part) for part in parts], problems, location=name)
    errors = [problem for problem in problems if not problem.warning]
    if knowledge is None or errors:
        raise KnowledgeError(errors or problems)
    return knowledge


_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0D: "carriage return",
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


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    """Return ``": did you mean 'x'?"`` for the known word closest to a misspelt ``word``; else ""."""
    import difflib  # here: only a misspelling needs it

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f": did you mean {close[0]!r}?" if close else ""


_NO_LINE = -1
"""In the line arrays of ``_EntryLines``: no line known (YAML lines count from 1)."""


def _known_line(line: int) -> int | None:
    return None if line == _NO_LINE else line


def _field_line(raw: _Map, key: str, index: int | None = None) -> int:
    """Return the line of field ``key`` of a located mapping (of its item ``index``), else the mapping's."""
    value = raw.get(key)
    if index is not None and isinstance(value, _List) and index < len(value.item_lines):
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

    def __init__(self, raw: _Map, entry: Entry, citation_lines: Iterable[int]) -> None:
        self.phrasings = array("i", [_field_line(raw, "question")])
        self.phrasings.extend(_field_line(raw, "alternates", index) for index in range(len(entry.alternates)))
        self.follow_ups = array("i", (_field_line(raw, "follow_ups", index)
                                      for index in range(len(entry.follow_ups))))
        self.citations = array("i", citation_lines)


_Shared = TypeVar("_Shared", bound=Hashable)


class _Builder:
    """Validates located (or plain) data, collecting problems rather than stopping at the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.lines: dict[int, _EntryLines] = {}
        """Where the fields of each entry built from located data are, by ``id(entry)``."""
        self._shared: dict[Any, Any] = {}

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
        line = mapping.key_lines.get(key) if isinstance(mapping, _Map) else None
        line = line or _line_of(mapping)
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(file, line, entry_id, f"missing field {key!r}: add it")
            return None
        value = mapping[key]
        if not isinstance(value, str) or (isinstance(value, _Text) and not value.is_text and not any_scalar):
            kind = type(value).__name__ if not isinstance(value, _Text) else "a number or other non-text value"
            if isinstance(value, (_Map, dict)):
                kind = "a mapping"
            elif isinstance(value, (_List, list)):
                kind = "a list"
            self.problem(file, line, entry_id, f"field {key!r} must be text, not {kind}: quote it")
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
        line = (mapping.key_lines.get(key) if isinstance(mapping, _Map) else None) or _line_of(mapping)
        value = mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(file, line, entry_id, f"field {key!r} must be a list (one '- item' per line)")
            return []
        out = []
        for index, item in enumerate(value):
            item_line = value.item_lines[index] if isinstance(value, _List) else line
            if not isinstance(item, str) or (isinstance(item, _Text) and not item.is_text):
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
                line = mapping.key_lines.get(key) if isinstance(mapping, _Map) else None
                self.problem(file, line or _line_of(mapping), entry_id,
                             f"unknown field {key!r} in {what}{_did_you_mean(str(key), allowed)} "
                             f"(expected one of: {', '.join(sorted(allowed))})")

    def citations(self, file: str, entry: Mapping[str, Any],
                  entry_id: str | None) -> list[tuple[Citation, int | None]]:
        """Return the entry's valid citations, each with the line of its ``document``."""
        value = entry.get("source")
        line = (entry.key_lines.get("source") if isinstance(entry, _Map) else None) or _line_of(entry)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            if not isinstance(item, Mapping):
                self.problem(file, _line_of(item) or line, entry_id,
                             "field 'source' must be a mapping with 'document' and 'section', or a list of them")
                continue
            self.unknown_keys(file, item, _CITATION_KEYS, "source", entry_id)
            document = self.text(file, item, "document", entry_id)
            section = self.text(file, item, "section", entry_id)
            if document and section:
                out.append((self.shared(Citation(document, section)),
                            (item.key_lines.get("document") if isinstance(item, _Map) else None)
                            or _line_of(item) or line))
        return out

    def entry(self, file: str, raw: Any, smalltalk: bool) -> Entry | None:
        if not isinstance(raw, Mapping):
            self.problem(file, _line_of(raw), None, "each entry must be a mapping with id, question, answer …")
            return None
        start = len(self.problems)
        entry_id = self.text(file, raw, "id", None)
        if entry_id and not _ID.match(entry_id):
            self.problem(file, _line_of(raw), entry_id,
                         "id must be an ASCII slug: lowercase letters, digits and '-' (e.g. hotline-number)")
        self.unknown_keys(file, raw, _ENTRY_KEYS, "an entry", entry_id)
        before = len(self.problems)
        question = self.text(file, raw, "question", entry_id)
        answer = self.text(file, raw, "answer", entry_id, multiline=True)
        alternates = self.text_list(file, raw, "alternates", entry_id)
        if not alternates and len(self.problems) == start:  # else a typo ('alternate') is the likely cause
            self.problem(file, (raw.key_lines.get("alternates") if isinstance(raw, _Map) else None) or _line_of(raw),
                         entry_id, "no alternates: add at least one other way people ask this question "
                         f"({MIN_ALTERNATES} or more is better)")
        follow_ups = self.text_list(file, raw, "follow_ups", entry_id)
        topic = self.text(file, raw, "topic", entry_id, required=False)
        citations = self.citations(file, raw, entry_id)
        if not smalltalk and "source" not in raw:
            self.problem(file, _line_of(raw), entry_id,
                         "missing field 'source': cite the document and section the answer comes from")
        if entry_id is None or question is None or answer is None or len(self.problems) > before:
            return None
        entry = Entry(id=entry_id, question=question, answer=answer, alternates=tuple(alternates),
                      citations=self.shared(tuple(citation for citation, _ in citations)),
                      topic=None if topic is None else self.shared(topic), follow_ups=tuple(follow_ups),
                      smalltalk=smalltalk, file=file, line=_line_of(raw))
        if isinstance(raw, _Map):
            self.lines[id(entry)] = _EntryLines(raw, entry, (_NO_LINE if line is None else line
                                                             for _, line in citations))
        return entry


def _build(documents: Iterable[tuple[str, Any]], problems: list[Problem], location: str, *,
           unreadable: Sequence[Problem] = (),
           documents_folder: str | os.PathLike[str] | None = None) -> Knowledge | None:
    """Validate ``documents`` into a knowledge base, adding every problem found to ``problems``.

    ``unreadable`` holds, once ``documents`` is exhausted, the problems of files that could not be read:
    the checks across entries are then skipped (they take a while on a large base, to be discarded).
    """
    builder = _Builder(problems)
    header: tuple[str, Mapping[str, Any]] | None = None
    fallback: tuple[str, str] | None = None
    synonyms: dict[str, tuple[str, ...]] = {}
    entries: list[Entry] = []
    out_of_scope: list[str] = []
    out_of_scope_terms: list[str] = []
    header_given = fallback_given = False  # given, even if wrong: then "missing" would only repeat the problem
    first_file: str | None = None
    for file, document in documents:
        if first_file is None:
            first_file = file
        if not isinstance(document, Mapping):
            what = "a list" if isinstance(document, list) else "text"
            builder.problem(file, _line_of(document), None,
                            f"the top level is {what}, but must be a mapping with keys such as "
                            "knowledge_base and entries (see docs/knowledge-format.md)")
            header_given = fallback_given = True
            continue
        builder.unknown_keys(file, document, _TOP_KEYS, "the top level", None)
        if "knowledge_base" in document:
            header_given = True
            if header is not None:
                builder.problem(file, _line_of(document["knowledge_base"]), None,
                                f"a second knowledge_base header (the first is in {header[0]}): keep one")
            elif not isinstance(document["knowledge_base"], Mapping):
                builder.problem(file, document.key_lines.get("knowledge_base") if isinstance(document, _Map)
                                else None, None, "knowledge_base must be a mapping with title, language and version")
            else:
                header = (file, document["knowledge_base"])
        if "fallback" in document:
            fallback_given = True
            text = builder.text(file, document, "fallback", None, multiline=True)
            if fallback is not None:
                builder.problem(file, document.key_lines.get("fallback") if isinstance(document, _Map) else None,
                                None, f"a second fallback (the first is in {fallback[0]}): keep one")
            elif text:
                fallback = (file, text)
        out_of_scope += builder.text_list(file, document, "out_of_scope", None)
        out_of_scope_terms += builder.text_list(file, document, "out_of_scope_terms", None)
        raw_synonyms = document.get("synonyms")
        if raw_synonyms is not None:
            if not isinstance(raw_synonyms, Mapping):
                builder.problem(file, _line_of(raw_synonyms) or _line_of(document), None,
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
                builder.problem(file, _line_of(raw_entries) or _line_of(document), None,
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
    if header is None and not header_given:
        builder.problem(first_file, None, None, "no knowledge_base header: add title, language and version")
    elif header is not None:
        file, raw = header
        builder.unknown_keys(file, raw, _HEADER_KEYS, "knowledge_base", None)
        title = builder.text(file, raw, "title", None)
        language = builder.text(file, raw, "language", None)
        version = builder.text(file, raw, "version", None, any_scalar=True)
        raw_sources = raw.get("sources") or []
        if not isinstance(raw_sources, list):
            builder.problem(file, _line_of(raw_sources), None, "sources must be a list")
            raw_sources = []
        for raw_source in raw_sources:
            if not isinstance(raw_source, Mapping):
                builder.problem(file, _line_of(raw_source), None, "each source must be a mapping with file and title")
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
    if fallback is None and not fallback_given:
        builder.problem(first_file, None, None, "no fallback reply: add 'fallback:' with what to say when unsure")
    if not unreadable:
        _cross_check(builder, entries, sources, synonyms, out_of_scope_terms)
        if documents_folder is not None:
            _check_sections(builder, entries, documents_folder)
    if title is None or language is None or version is None or fallback is None:
        return None
    return Knowledge(title=title, language=language, version=version, entries=tuple(entries),
                     fallback=fallback[1], sources=tuple(sources), synonyms=synonyms, location=location,
                     out_of_scope=tuple(out_of_scope), out_of_scope_terms=tuple(out_of_scope_terms))


def _cross_check(builder: _Builder, entries: list[Entry], sources: list[Source],
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
            if follow_up not in by_id:
                hint = _did_you_mean(follow_up, by_id)
                builder.problem(file, builder.follow_up_line(entry, index), entry.id,
                                f"follow_ups names unknown id {follow_up!r}{hint or ': correct it or remove it'}")
        for index, citation in enumerate(entry.citations):
            if citation.document not in known_documents:
                listed = ", ".join(sorted(known_documents)) or "none"
                builder.problem(file, builder.citation_line(entry, index), entry.id,
                                f"source document {citation.document!r} is not listed under "
                                f"knowledge_base.sources (listed: {listed}): correct it or list it")
        _out_of_scope_terms(builder, entry, terms, normalize)
        if len(entry.alternates) < MIN_ALTERNATES:
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


def _out_of_scope_terms(builder: _Builder, entry: Entry, terms: Sequence[tuple[str, str]],
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


def _check_sections(builder: _Builder, entries: list[Entry], folder: str | os.PathLike[str]) -> None:
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

