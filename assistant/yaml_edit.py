"""Editing a YAML file as text, one item at a time, in the file's own style: what ``learn`` writes with.

A new item is one more line in a block list (or one more item in a flow list ``[…]``), in the list's own
indentation, quoting and line endings; every other byte of the file stays as it was. Each way of writing it is
read back before it is used (``append_item``), the whole edit is checked to change nothing else
(``verify_edit``), and the file is replaced atomically, keeping its permissions (``replace_file``). Every
refusal is a ``LearnError`` saying what to do.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import LearnError, one_line

if TYPE_CHECKING:
    import yaml

BOM = "\ufeff"
_BLOCK_ITEM = re.compile(r"[ \t]*-[ \t]+")


def read_text(file: Path) -> tuple[bytes, bool, str]:
    """Return the file's bytes, whether it starts with a byte-order mark, and its text without it; raises
    ``LearnError`` when it cannot be read or is not UTF-8."""
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise LearnError(f"{file}: cannot read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:  # as the loader words it (a file learn is given may never have loaded)
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise LearnError(f"{file}: UTF-16 text (it opens with UTF-16's byte-order mark): save the file as "
                             "UTF-8") from None
        line = raw[: error.start].count(b"\n") + 1
        raise LearnError(f"{file}:{line}: not UTF-8 text (byte 0x{raw[error.start]:02x}): save the file as "
                         "UTF-8") from None
    bom = text.startswith(BOM)
    return raw, bom, text[1:] if bom else text


def newline_of(text: str) -> str:
    """Return the line ending ``text`` uses: ``"\\r\\n"`` when its first line ends so, else ``"\\n"``."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def compose_nodes(text: str, file: Path) -> yaml.Node:
    """Return the YAML node tree of ``text`` (read from ``file``), with marks counting its characters; raises
    ``LearnError`` when it is not YAML or empty."""
    import yaml

    # The pure-Python loader: its marks count characters of ``text`` (libyaml's may count bytes).
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{file}:{mark.line + 1}" if mark is not None else str(file)
        raise LearnError(one_line(f"{where}: invalid YAML: {getattr(error, 'problem', None) or error} "
                                  "(run 'assistant check')")) from None
    if node is None:
        raise LearnError(f"{file}: the file is empty")
    return node


def loads(text: str) -> Any:
    """Return the data of YAML ``text``, or None when it is not YAML."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def keys_of(root: yaml.Node) -> dict[str, yaml.Node]:
    """Return the value nodes of a mapping node by their text keys; empty for any other node."""
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}


def entry_node(root: yaml.Node, entry_id: str, ids: list[str]) -> yaml.MappingNode | None:
    """Return the node of entry ``entry_id`` under ``entries`` or ``smalltalk``; else None, with the ids seen
    added to ``ids``."""
    import yaml

    for key in ("entries", "smalltalk"):
        entries = keys_of(root).get(key)
        if not isinstance(entries, yaml.SequenceNode):
            continue
        for item in entries.value:
            if isinstance(item, yaml.MappingNode):
                value = keys_of(item).get("id")
                if isinstance(value, yaml.ScalarNode):
                    if value.value == entry_id:
                        return item
                    ids.append(value.value)
    return None


def phrasing_line(file: Path, entry_line: int, wanted: Callable[[str], bool]) -> int | None:
    """Return the line of the question or alternate of the entry starting on line ``entry_line`` of ``file`` (in a
    bare list, or under ``entries`` or ``smalltalk``) that ``wanted`` accepts; None when there is none, or the file
    cannot be read as YAML."""
    import yaml

    try:
        root = compose_nodes(read_text(file)[2], file)
    except (OSError, LearnError):
        return None
    for listed in (root, *(keys_of(root).get(name) for name in ("entries", "smalltalk"))):
        for item in listed.value if isinstance(listed, yaml.SequenceNode) else ():
            if not isinstance(item, yaml.MappingNode) or item.start_mark.line + 1 != entry_line:
                continue
            fields = keys_of(item)
            alternates = fields.get("alternates")
            phrasings = [fields.get("question"), *(alternates.value if isinstance(alternates, yaml.SequenceNode)
                                                   else ())]
            return next((node.start_mark.line + 1 for node in phrasings
                         if isinstance(node, yaml.ScalarNode) and wanted(node.value)), None)
    return None


def scalars(text: str, style: str | None, *, flow: bool) -> list[str]:
    """Return ways to write ``text`` as a YAML scalar, the list's own ``style`` first; which ones read back
    as ``text`` is checked by the caller."""
    single = "'" + text.replace("'", "''") + "'"
    double = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    plain_ok = not (flow and any(char in text for char in ",[]{}"))
    ways = {None: [text] if plain_ok else [], "'": [single], '"': [double]}
    order = [style, None, "'", '"'] if style in ways else [None, "'", '"']
    out: list[str] = []
    for kind in order:
        for way in ways[kind]:
            if way not in out:
                out.append(way)
    return out


def append_item(body: str, mapping: yaml.Node, key: str, text: str, file: Path) -> tuple[str, int]:
    """Return ``body`` with ``text`` appended to the list under ``key`` of ``mapping``, and the new line's
    number. The list keeps its style: block (a line in the indentation, quoting and line ending of its last
    item) or flow (an item after its last, with the separator its items use)."""
    import yaml

    lists = keys_of(mapping)
    node = lists.get(key)
    newline = newline_of(body)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        # no list yet (``key:`` with nothing, or no key): a flow list on the key's line, or a new line
        return _new_list(body, mapping, key, node, text, file)
    if not isinstance(node, yaml.SequenceNode):
        raise LearnError(f"{file}:{node.start_mark.line + 1}: {key!r} is not a list: correct it first")
    items = node.value
    if any(not isinstance(item, yaml.ScalarNode) for item in items):
        raise LearnError(f"{file}:{node.start_mark.line + 1}: {key!r} holds something other than text")
    style = items[-1].style if items else None
    if node.flow_style:
        if items:
            at = items[-1].end_mark.index
            separator = body[items[-2].end_mark.index:items[-1].start_mark.index] if len(items) > 1 else ", "
            if "#" in separator or "," not in separator:
                separator = ", "
        else:
            at, separator = body.index("[", node.start_mark.index) + 1, ""
        written = _first_reading_back(body[:at] + separator, scalars(text, style, flow=True), body[at:],
                                      body, key, mapping, text)
        if written is not None:
            return written, body.count("\n", 0, at) + separator.count("\n") + 1
        raise LearnError(one_line(f"{file}:{node.start_mark.line + 1}: cannot write {text!r} into the list {key!r}: "
                                  "add it by hand"))
    last = items[-1]
    start_line = last.start_mark.line
    line_start = body.rfind("\n", 0, last.start_mark.index) + 1
    prefix = body[line_start:last.start_mark.index]
    if not _BLOCK_ITEM.fullmatch(prefix):
        raise LearnError(f"{file}:{start_line + 1}: the list {key!r} is not laid out one '- item' per line: "
                         "add the alternate by hand")
    end = last.end_mark
    if end.line > start_line and body[end.index - 1:end.index] == "\n":
        insert_at = end.index  # the item ends with its line (a block scalar): the next line starts here
    else:
        eol = body.find("\n", end.index)
        insert_at = len(body) if eol < 0 else eol + 1
    # at the end of a file with no final line break, the new line gets none either
    lead, trail = ("", newline) if insert_at == 0 or body[insert_at - 1] == "\n" else (newline, "")
    written = _first_reading_back(body[:insert_at] + lead + prefix, scalars(text, style, flow=False),
                                  trail + body[insert_at:], body, key, mapping, text)
    if written is not None:
        return written, body.count("\n", 0, insert_at) + (2 if lead else 1)
    raise LearnError(one_line(f"{file}:{node.start_mark.line + 1}: cannot write {text!r} into the list {key!r}: "
                              "add it by hand"))


def _new_list(body: str, mapping: yaml.Node, key: str, node: yaml.Node | None, text: str,
              file: Path) -> tuple[str, int]:
    """Add the list ``key: [text]`` to ``mapping``: on the key's own line when it is there with no value,
    else as a new line after the mapping's first field, in its indentation."""
    newline = newline_of(body)
    if node is not None:  # "key:" with no value
        eol = body.find("\n", node.start_mark.index)
        eol = len(body) if eol < 0 else eol
        if body[eol - 1:eol] == "\r":
            eol -= 1
        head, tail = body[:node.start_mark.index].rstrip(" \t"), body[eol:]
        # a comment after the empty value (alternates:   # none yet) stays, after the new list, as far from it
        after = body[len(head):eol]
        hash_at = after.find("#")
        comment = ""
        if hash_at >= 0:
            gap = after[:hash_at]
            comment = (gap[len(gap.rstrip(" \t")):] or " ") + after[hash_at:]
        line = body.count("\n", 0, node.start_mark.index) + 1
        written = _first_reading_back(f"{head} [", scalars(text, None, flow=True), f"]{comment}{tail}",
                                      body, key, mapping, text)
        if written is not None:
            return written, line
        raise LearnError(one_line(f"{file}:{line}: cannot write {text!r} into {key!r}: add it by hand"))
    if getattr(mapping, "flow_style", False):  # - {question: 几点开门？, answer: 九点。}: a key in the braces
        close = mapping.end_mark.index - 1
        if body[close:close + 1] == "}":
            before = body[:close].rstrip(" \t\r\n")  # after the last value, on its line, where braces span lines
            line = before.count("\n") + 1
            written = _first_reading_back(f"{before}, {key}: [", scalars(text, None, flow=True),
                                          f"]{body[len(before):]}", body, key, mapping, text)
            if written is not None:
                return written, line
    first_key, first_value = mapping.value[0]
    column = first_key.start_mark.column
    eol = body.find("\n", first_value.end_mark.index)
    insert_at = len(body) if eol < 0 else eol + 1
    written = _first_reading_back(body[:insert_at] + " " * column + f"{key}: [", scalars(text, None, flow=True),
                                  "]" + newline + body[insert_at:], body, key, mapping, text)
    if written is not None:
        return written, body.count("\n", 0, insert_at) + 1
    raise LearnError(one_line(f"{file}:{mapping.start_mark.line + 1}: cannot add {key!r} with {text!r}: add it by "
                              "hand"))


def _first_reading_back(before: str, ways: list[str], after: str, body: str, key: str, mapping: yaml.Node,
                        text: str) -> str | None:
    """``before + way + after`` for the first of ``ways`` (of writing ``text``) with which it reads back
    (``_reads_back``); None when none does."""
    for way in ways:
        candidate = before + way + after
        if _reads_back(candidate, body, key, mapping, text):
            return candidate
    return None


def _reads_back(candidate: str, body: str, key: str, mapping: yaml.Node, text: str) -> bool:
    """True when ``candidate`` parses and the list ``key`` of the mapping at the same place ends with ``text``."""
    import yaml

    try:
        root = yaml.compose(candidate, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return False
    if root is None:
        return False
    target = _at_line(root, mapping.start_mark.line, mapping.start_mark.column)
    if target is None:
        return False
    value = keys_of(target).get(key)
    return (isinstance(value, yaml.SequenceNode) and bool(value.value)
            and isinstance(value.value[-1], yaml.ScalarNode) and value.value[-1].value == text
            and value.value[-1].tag.endswith(":str"))


def _at_line(node: yaml.Node, line: int, column: int) -> yaml.Node | None:
    """Return the mapping node that starts at ``line`` and ``column``, searched depth first; else None."""
    import yaml

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            if current.start_mark.line == line and current.start_mark.column == column:
                return current
            stack.extend(value for _, value in current.value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def verify_edit(body: str, new_body: str, expected: Callable[[Any], Any], file: Path, line: int) -> None:
    """Refuse an edit (of ``line``, named in the refusal) unless the new text reads as the old data with exactly
    the intended change."""
    old, new = loads(body), loads(new_body)
    if old is None or new is None or expected(old) != new:
        raise LearnError(f"{file}:{line}: the edit would change more than the new item (a list an alias shares with "
                         "another entry?): add it by hand")


@contextlib.contextmanager
def editing(base: Path) -> Iterator[None]:
    """Hold the knowledge base ``base`` (a file or a folder) for one read-modify-write: another ``learn`` at the
    same moment waits until this one has written, then reads the file as it is now, so that neither loses the
    other's change. The lock is the base's folder's (``flock``; the folder, unlike a replaced file, stays the
    same); where there is none (no ``fcntl``, a folder that cannot be opened), ``replace_file`` still refuses
    to write over a file changed since it was read."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    folder = base.resolve() if base.is_dir() else base.resolve().parent
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def replace_file(file: Path, before: bytes, data: bytes) -> None:
    """Write ``data`` over ``file`` atomically, keeping its mode (and owner, where allowed); refuse when the
    file changed since it was read, is read-only, or has other names (hard links: the new file would take this
    name only). Whatever fails, the file is left as it was and no
    temporary file stays behind."""
    real = Path(os.path.realpath(file))
    try:
        if real.read_bytes() != before:
            raise LearnError(f"{file}: changed while being edited: run the command again")
        mode = stat.S_IMODE(real.stat().st_mode)
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):  # marked so on purpose (what root ignores)
            raise LearnError(f"{file}: the file is read-only (mode {mode:o}): make it writable (chmod u+w) to "
                             "add to it; the file is unchanged")
        owner = real.stat()
        if owner.st_nlink > 1:  # a new file takes the name: the other names would keep the old text, two files
            raise LearnError(f"{file}: the file has {owner.st_nlink - 1} other name{'s' if owner.st_nlink > 2 else ''} "
                             "(a hard link), which the edit would leave holding the text from before (a folder "
                             "holding both would read them as two files): make the other name a symbolic link "
                             "(ln -sf), or remove it; the file is unchanged")
        handle, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as error:
        raise LearnError(f"{file}: cannot write: {error.strerror or error}; the file is unchanged") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        with contextlib.suppress(OSError):  # not the file's owner: the new file is ours, same permissions
            os.chown(temporary, owner.st_uid, owner.st_gid)
        os.replace(temporary, real)
    except BaseException as error:  # a full disk, or Ctrl-C half-way: the temporary file goes too
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise LearnError(f"{file}: cannot write: {error.strerror or error}; the file is unchanged") from None
        raise
