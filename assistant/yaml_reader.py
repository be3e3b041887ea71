"""Reading YAML safely, with the line of every value: the knowledge base's hardened reader.

Only safe YAML is read, in one pass over the parser's events (``compose``), into values that remember their
line (``LocatedMap``, ``LocatedList``, ``LocatedText``). Anchors that expand into huge trees (an "alias bomb"),
nesting deeper than ``MAX_DEPTH``, duplicate keys and files over ``MAX_FILE_BYTES`` are problems, reported with
the file, the line and what to do (``parse_file``, ``read_yaml``; for a syntax error, ``yaml_advice``). Files are
only ever read, never written.
"""

from __future__ import annotations

import dataclasses
import os
from array import array
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.abc import Traversable
    from pathlib import Path

    import yaml

from .errors import KnowledgeError, Problem
from .yaml_advice import colonless_field, dashless_advice, dashless_item, syntax_advice, unclosed_opening

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
class LocatedMap(dict[str, Any]):
    """A mapping read from YAML that remembers the line of itself and of each key."""

    __slots__ = ("key_lines", "line")
    line: int | None
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    """A sequence read from YAML that remembers the line of itself and of each item."""

    __slots__ = ("item_lines", "line")
    line: int | None
    item_lines: array[int]


class LocatedText(str):
    """A string read from YAML, remembering its line and whether YAML typed it as a string."""

    __slots__ = ("is_text", "line")
    line: int | None
    is_text: bool


def line_of(value: Any) -> int | None:
    """Return the line a located value was read from; None for a plain value."""
    return getattr(value, "line", None)


class _Stop(Exception):
    """Reading a file stops: the problem has been recorded."""


class _Frame:
    """A mapping or sequence being built from the event stream."""

    __slots__ = ("anchor", "flow", "key", "key_line", "size", "value")

    def __init__(self, value: LocatedMap | LocatedList, anchor: str | None, flow: bool = False) -> None:
        self.value = value
        self.anchor = anchor
        self.flow = flow
        self.size = 1
        self.key: Any = _NO_KEY
        self.key_line = 0


_NO_KEY = object()
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"


_TOO_DEEP = (f"nested more than {MAX_DEPTH} levels deep: a knowledge base needs only a few; "
             "check the brackets and indentation")


def compose(text: str, name: str, problems: list[Problem]) -> Any:
    """Build located values from YAML ``text`` in one pass over the parser's events.

    Not ``yaml.compose``: that recurses once per level of nesting (deep nesting crashes the interpreter) and
    builds a node tree first. Here nesting deeper than ``MAX_DEPTH`` stops reading, each alias adds the size
    of what it repeats to a budget (``MAX_ALIAS_NODES`` and ``ALIAS_RATIO``: against alias bombs), duplicate
    keys are recorded as problems, and an alias never makes a structure contain itself. Raises ``_Stop`` after recording
    a problem that ends reading; YAML syntax errors propagate as ``yaml.YAMLError``.
    """
    _import_yaml()
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
        if isinstance(container, LocatedList):
            container.append(value)
            container.item_lines.append(line)
        elif frame.key is _NO_KEY:
            frame.key, frame.key_line = value, line
        else:
            key, frame.key = frame.key, _NO_KEY
            if not isinstance(key, str) or (isinstance(key, LocatedText) and not key.is_text):
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
            # in [a, b] or {a: b} a new line starting with '- ' is not a list item out of line
            if not event.style and event.end_mark is not None and event.end_mark.line > line - 1 \
                    and not (stack and stack[-1].flow):
                _folded_items(text, event, name, problems)
            value: Any = None
            if tag != _NULL_TAG:
                value = LocatedText(event.value)
                value.line, value.is_text = line, tag == _STR_TAG
            if event.anchor is not None:
                anchors[event.anchor] = (value, size)
            add(value, size, line)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise stop(line, _TOO_DEEP)
            container: LocatedMap | LocatedList
            if isinstance(event, yaml.MappingStartEvent):
                container = LocatedMap()
                container.key_lines = {}
            else:
                container = LocatedList()
                container.item_lines = array("i")
            container.line = line
            written += 1
            stack.append(_Frame(container, event.anchor, bool(event.flow_style)))
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
        raise stop(1, _EMPTY_BASE)
    return root


def _folded_items(text: str, event: yaml.ScalarEvent, name: str, problems: list[Problem]) -> None:
    """Record a problem when a plain text over several lines has a line starting with '- ': a list item
    indented deeper than the one above it, which YAML silently reads as more words of that item."""
    assert event.start_mark is not None and event.end_mark is not None
    lines = text.split("\n", event.end_mark.line + 1)
    for row in range(event.start_mark.line + 1, min(event.end_mark.line + 1, len(lines))):
        stripped = lines[row].strip()
        if stripped == "-" or stripped.startswith("- "):
            opening = lines[event.start_mark.line]
            if event.start_mark.column == len(opening) - len(opening.lstrip()) == lines[row].index("-"):
                # the text opens its line in the column of the dash below: it is the item whose '- ' is missing
                problems.append(Problem(name, event.start_mark.line + 1, None, dashless_advice(
                    event.start_mark.line + 1, _opening(opening.strip()))))
                return
            problems.append(Problem(name, row + 1, None, (
                f"{stripped!r} is indented deeper than the line above it, so YAML reads it as more words of the "
                f"text on line {event.start_mark.line + 1} ({_opening(event.value)!r}): put the '- ' items of a list "
                "in the same column")))
            return


QUOTED_CHARS = 40
"""A text quoted in a problem is cut to this many characters, so that the problem stays one readable line."""


def _opening(text: str) -> str:
    """Return ``text``, or its first ``QUOTED_CHARS`` characters and '…' when it is longer."""
    return text if len(text) <= QUOTED_CHARS else text[:QUOTED_CHARS] + "…"


def display_name(path: Traversable | Path) -> str:
    """The name of a file in problems: its path as given (a bundled resource's, as importlib shows it)."""
    return os.fspath(path) if isinstance(path, os.PathLike) else str(path)


def too_large(name: str, max_bytes: int) -> Problem:
    """Return the problem of file ``name`` being larger than ``max_bytes``, with that size in MB or bytes."""
    size = f"{max_bytes / (1024 * 1024):g} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes:,} bytes"
    return Problem(name, None, None, f"file is larger than {size}: split it into several files in a folder")


def parse_file(path: Traversable | Path, problems: list[Problem], max_bytes: int,
                contents: bytes | None = None) -> Any:
    """Read one YAML file (or ``contents`` in its name) into located values; None (with the problem recorded)
    when it cannot be read."""
    from pathlib import Path

    _import_yaml()
    name = display_name(path)
    try:
        if contents is not None:
            data = contents[: max_bytes + 1]
        elif isinstance(path, Path) and path.stat().st_size > max_bytes:
            problems.append(too_large(name, max_bytes))
            return None
        else:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)  # bounded: a pipe or a growing file cannot exhaust memory
    except OSError as error:
        problems.append(Problem(name, None, None, f"cannot read: {error.strerror or error}"))
        return None
    if len(data) > max_bytes:
        problems.append(too_large(name, max_bytes))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # the mark of UTF-16, which Windows editors call "Unicode"
            problems.append(Problem(name, None, None, "UTF-16 text (it opens with UTF-16's byte-order mark): save "
                                                      "the file as UTF-8"))
            return None
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, None,
                                f"not UTF-8 text (byte 0x{data[error.start]:02x}): save the file as UTF-8"))
        return None
    try:
        return compose(text, name, problems)
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
        unclosed = unclosed_opening(error, text) or dashless_item(error, text) or colonless_field(error, text)
        if unclosed is not None:
            opened, advice = unclosed
            problems.append(Problem(name, opened.line + 1, None, advice, column=opened.column + 1))
            return None
        mark = error.problem_mark or error.context_mark
        if mark is not None and error.context_mark is not None and not text[mark.index:].strip():
            mark = error.context_mark  # stopped by the end of the file: where what it read on into it started
        if mark is not None and any(p.file == name and p.line == mark.line + 1 for p in problems):
            return None  # what went wrong on that line is said already (a '- ' item read as more words of a text)
        # PyYAML 6.0.2+ refuses deep flow nesting in its scanner, before our own check sees the events.
        too_deep = "nesting depth" in str(error.problem or "")
        problems.append(Problem(name, mark.line + 1 if mark else None, None,
                                _TOO_DEEP if too_deep else "invalid YAML: " + syntax_advice(error, text),
                                column=mark.column + 1 if mark and not too_deep else None))
    except yaml.YAMLError as error:
        problems.append(Problem(name, None, None, f"invalid YAML: {error}"))
    return None


_EMPTY_BASE = "file is empty: add a knowledge_base header or entries"


def read_yaml(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Read one YAML file with the knowledge base's hardened reader (size, depth and alias limits).

    Returns its value as dicts, lists and strings; raises ``KnowledgeError`` with the file, line and what to do
    when it cannot be read, is too large, too deep, an alias bomb or not YAML. For other YAML files the project
    reads, such as evaluation files.
    """
    from pathlib import Path

    problems: list[Problem] = []
    value = parse_file(Path(path), problems, max_bytes)
    if problems:  # not a knowledge base: its advice for an empty file would mislead
        raise KnowledgeError([dataclasses.replace(p, message="file is empty") if p.message == _EMPTY_BASE else p
                              for p in problems])
    return value


