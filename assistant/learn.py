"""Teaching a knowledge base: a question added as an alternate of an entry, or listed as out of scope.

The YAML file is edited line by line, not re-written by a YAML library: the new alternate is one more line in
a block list (or one more item in a flow list ``[…]``) written in the list's own indentation, quoting and line
endings, and every other byte of the file stays as it was (comments, order, layout, a byte-order mark).
Measured against ruamel.yaml's round trip (0.19.1, quotes preserved, no line wrapping, indentation set to
the bundled base's): it keeps the bundled base's files but only 6 of the 48 test files (``tests/test_learn.py``'s
12 layouts with LF, CRLF, a byte-order mark, both) to the new item, 944 changed lines in all against 80 here
(80: a flow list's one changed line counts twice). It drops the byte-order mark, mixes ``\\n`` into a CRLF file,
re-spaces flow lists, re-indents lists indented otherwise and puts a new item after a trailing comment.

Every edit is checked before the file is touched: the edited text must read back as the same data plus the
new item, and the whole knowledge base with it must pass the loader's checks (``inspect_knowledge``).
Otherwise ``LearnError`` is raised and the file is left as it was. The file is then replaced atomically
(a temporary file in the same folder, ``os.replace``), keeping its permissions.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import LearnError, Problem, one_line
from .knowledge import bundled_knowledge_path, inspect_knowledge
from .models import Knowledge, Match

if TYPE_CHECKING:
    import yaml

    from .misses import MissSummary

_BOM = "\ufeff"
_BLOCK_ITEM = re.compile(r"[ \t]*-[ \t]+")


@dataclass(frozen=True)
class Learned:
    """What a successful edit changed: the file, the (1-based) line of the new text, the entry (None for
    ``out_of_scope``) and the text added."""

    file: str
    line: int
    entry_id: str | None
    text: str
    warnings: tuple[str, ...] = ()
    """What ``assistant check`` now warns about the new alternate: another entry answers it (left out)."""


@dataclass(frozen=True)
class Review:
    """One logged miss offered to the maintainer: the question, how often it was asked, and the entries it
    reads most like (best first, with scores)."""

    query: str
    count: int
    candidates: tuple[Match, ...]


@dataclass(frozen=True)
class Decision:
    """The maintainer's choice for a ``Review``: ``learn`` (with ``entry_id``), ``skip``, ``out_of_scope`` or
    ``stop`` (end the review)."""

    action: Literal["learn", "skip", "out_of_scope", "stop"]
    entry_id: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What came of one ``Review``: the edit made (``learned``), or why none was (``error``), or neither:
    skipped, or passed over without asking (``decision`` None) because ``answered_by`` names the entry that
    answers the question by now or because it is ``listed`` as out of scope already."""

    review: Review
    decision: Decision | None
    learned: Learned | None = None
    error: str | None = None
    answered_by: str | None = None
    listed: bool = False


def add_alternate(question: str, entry_id: str, path: str | os.PathLike[str] | None = None) -> Learned:
    """Add ``question`` as an alternate of entry ``entry_id`` in the YAML file that defines it.

    ``path`` is the knowledge base (a file or a folder; None: the bundled one). Returns what was added;
    raises ``LearnError`` (the file untouched) when the entry does not exist, or the result would not pass
    ``assistant check``: the question already belongs to an entry, or the base has errors the new alternate
    does not mend (an entry's ``alternates: []`` it does).
    """
    text = _clean(question)
    base = _base_path(path)
    knowledge, _ = inspect_knowledge(base)
    if knowledge is not None:  # else the check of the result names what is wrong
        _not_yet_a_phrasing(text, entry_id, knowledge)
    file, raw, bom, body, node = _find_entry(base, entry_id)
    new_body, line = _append_item(body, node, "alternates", text, file)

    def expected(data: Any) -> Any:
        for key in ("entries", "smalltalk"):
            for item in data.get(key) or ():
                if isinstance(item, dict) and item.get("id") == entry_id:
                    item["alternates"] = [*(item.get("alternates") or []), text]
                    return data
        return data

    _verify(body, new_body, expected, file)
    learned = Learned(str(file), line, entry_id, text, _answered_elsewhere(knowledge, text, entry_id, file, line))
    _check_and_write(base, file, raw, bom, new_body, learned)
    return learned


def _answered_elsewhere(knowledge: Knowledge | None, text: str, entry_id: str, file: Path,
                        line: int) -> tuple[str, ...]:
    """Return check's warning when the base before the edit answers ``text`` with another entry than
    ``entry_id``: the new alternate, left out, would be answered by it (``Matcher.confusables``)."""
    from .matcher import Matcher

    if knowledge is None:
        return ()
    reply = Matcher(knowledge).reply(text)
    if reply.status != "answer" or reply.match is None or reply.match.id == entry_id:
        return ()
    return (one_line(f"{file}:{line}: [{entry_id}] warning: alternate {text!r} is answered by "
                     f"{reply.match.id!r} (score {reply.match.score:.0f}, via {reply.match.matched!r}) once "
                     "left out: reword one of the two entries"),)


def add_out_of_scope(question: str, path: str | os.PathLike[str] | None = None) -> Learned:
    """Add ``question`` to the knowledge base's ``out_of_scope`` list (questions it does not answer).

    The list is extended in the first file that has one; otherwise one is added at the end of the file with
    the ``knowledge_base`` header. Returns what was added; raises ``LearnError`` (the files untouched) as
    ``add_alternate`` does, or when the question is listed already.
    """
    text = _clean(question)
    base = _base_path(path)
    knowledge = _sound(base)
    if text in knowledge.out_of_scope:
        raise LearnError(one_line(f"{text!r} is already listed under out_of_scope: nothing to add"))
    files = _yaml_files(base)
    chosen: tuple[Path, bytes, bool, str, Any] | None = None
    for file in files:
        raw, bom, body = _read(file)
        root = _compose(body, file)
        keys = _keys(root)
        if "out_of_scope" in keys or (chosen is None and "knowledge_base" in keys):
            chosen = (file, raw, bom, body, root)
            if "out_of_scope" in keys:
                break
    if chosen is None:
        file = files[0]
        raw, bom, body = _read(file)
        chosen = (file, raw, bom, body, _compose(body, file))
    file, raw, bom, body, root = chosen
    if "out_of_scope" in _keys(root):
        new_body, line = _append_item(body, root, "out_of_scope", text, file)
    else:
        newline = _newline(body)
        end = "" if not body or body.endswith("\n") else newline
        new_body = body
        for scalar in _scalars(text, None, flow=False):
            candidate = f"{body}{end}out_of_scope:{newline}  - {scalar}{newline}"
            data = _loads(candidate)
            if isinstance(data, dict) and data.get("out_of_scope") == [text]:
                new_body = candidate
                break
        line = body.count("\n") + (1 if end else 0) + 2

    def expected(data: Any) -> Any:
        data["out_of_scope"] = [*(data.get("out_of_scope") or []), text]
        return data

    _verify(body, new_body, expected, file)
    learned = Learned(str(file), line, None, text)
    _check_and_write(base, file, raw, bom, new_body, learned)
    return learned


def review_misses(misses: Iterable[MissSummary], decide: Callable[[Review], Decision],
                  path: str | os.PathLike[str] | None = None, *, report: Callable[[Outcome], None] | None = None,
                  limit: int = 5) -> list[Outcome]:
    """Walk logged misses with the maintainer: for each, ``decide`` is shown the question and its ``limit``
    best candidate entries and returns a ``Decision``, which is applied at once (an alternate added, the
    question listed as out of scope, or nothing).

    A question that the knowledge base answers by now (thanks to an earlier decision), or lists as out of
    scope already, is passed over.
    ``report`` is called with each ``Outcome`` as it happens; a refused edit is an outcome with ``error``
    and the walk goes on. Returns every outcome, in order; stops early on a ``stop`` decision.
    """
    from .matcher import Matcher

    base = _base_path(path)
    knowledge = _sound(base)
    matcher = Matcher(knowledge)
    outcomes: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if report is not None:
            report(outcome)

    for miss in misses:
        query = miss.query
        reply = matcher.reply(query)
        review = Review(query, miss.count, tuple(matcher.search(query, limit)))
        if reply.status == "answer" and reply.entry is not None:
            done(Outcome(review, None, answered_by=reply.entry.id))
            continue
        if query in knowledge.out_of_scope:
            done(Outcome(review, None, listed=True))
            continue
        decision = decide(review)
        if decision.action == "stop":
            break
        if decision.action == "skip":
            done(Outcome(review, decision))
            continue
        try:
            if decision.action == "out_of_scope":
                learned = add_out_of_scope(query, base)
            else:
                learned = add_alternate(query, decision.entry_id or "", base)
        except LearnError as error:
            done(Outcome(review, decision, error=str(error)))
            continue
        knowledge = _sound(base)
        matcher = Matcher(knowledge)
        done(Outcome(review, decision, learned=learned))
    return outcomes


# -- reading -----------------------------------------------------------------------------------------------


def _clean(question: str) -> str:
    text = " ".join(question.split())
    if not text:
        raise LearnError("the question is empty: give the words to add")
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") and char not in "\u200d\ufe0f":
            raise LearnError(f"the question contains control character U+{ord(char):04X}: remove it")
    return text


def _yaml_files(base: Path) -> list[Path]:
    if not base.is_dir():
        return [base]
    return sorted((child for child in base.iterdir() if child.name.endswith((".yaml", ".yml")) and not child.is_dir()),
                  key=lambda child: child.name)


def _find_entry(base: Path, entry_id: str) -> tuple[Path, bytes, bool, str, yaml.MappingNode]:
    """Return the file that defines entry ``entry_id`` (its bytes, byte-order mark, text) and the entry's node;
    raise ``LearnError`` when no file does."""
    import difflib

    if not base.exists():
        raise LearnError(f"{base}: no such file or folder: check the path")
    ids: list[str] = []
    for file in _yaml_files(base):
        raw, bom, body = _read(file)
        root = _compose(body, file)
        node = _entry_node(root, entry_id, ids)
        if node is not None:
            return file, raw, bom, body, node
    close = difflib.get_close_matches(entry_id, ids, n=1)
    hint = f": did you mean {close[0]!r}?" if close else ": check the id"
    raise LearnError(one_line(f"no entry with id {entry_id!r} in {base}{hint}"))


def _not_yet_a_phrasing(text: str, entry_id: str, knowledge: Knowledge) -> None:
    """Refuse a question that some entry (this one or another) has already, once normalized: the clearer
    message, before the loader's check would refuse it."""
    from .normalize import Normalizer

    normalize = Normalizer(knowledge.synonyms)
    key = normalize(text)
    for entry in knowledge.entries:
        if any(normalize(phrasing) == key for phrasing in entry.phrasings):
            where = f"{entry.file}:{entry.line}"
            if entry.id == entry_id:
                raise LearnError(one_line(f"{text!r} is already a phrasing of entry {entry_id!r} ({where}) "
                                          "once normalized: nothing to add"))
            raise LearnError(one_line(f"{text!r} is already a phrasing of entry {entry.id!r} ({where}) once "
                                      "normalized: a question can belong to one entry only"))


def _base_path(path: str | os.PathLike[str] | None) -> Path:
    if path is None:
        bundled = bundled_knowledge_path()
        if not isinstance(bundled, Path):
            raise LearnError("the bundled knowledge base is not a folder on disk: give --kb PATH")
        return bundled
    return Path(path)


def _sound(base: Path) -> Knowledge:
    knowledge, problems = inspect_knowledge(base)
    errors = [problem for problem in problems if not problem.warning]
    if knowledge is None or errors:
        raise LearnError(f"{(errors or problems)[0]} (run 'assistant check': a knowledge base with errors "
                         "is not edited)")
    return knowledge


def _read(file: Path) -> tuple[bytes, bool, str]:
    """Return the file's bytes, whether it starts with a byte-order mark, and its text without it."""
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise LearnError(f"{file}: cannot read: {error.strerror or error}") from None
    text = raw.decode("utf-8")  # the loader has read it as UTF-8 already
    bom = text.startswith(_BOM)
    return raw, bom, text[1:] if bom else text


def _newline(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _compose(text: str, file: Path) -> yaml.Node:
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


def _loads(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _keys(root: yaml.Node) -> dict[str, yaml.Node]:
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}


def _entry_node(root: yaml.Node, entry_id: str, ids: list[str]) -> yaml.MappingNode | None:
    """Return the node of entry ``entry_id`` under ``entries`` or ``smalltalk``; else None, with the ids seen
    added to ``ids``."""
    import yaml

    for key in ("entries", "smalltalk"):
        entries = _keys(root).get(key)
        if not isinstance(entries, yaml.SequenceNode):
            continue
        for item in entries.value:
            if isinstance(item, yaml.MappingNode):
                value = _keys(item).get("id")
                if isinstance(value, yaml.ScalarNode):
                    if value.value == entry_id:
                        return item
                    ids.append(value.value)
    return None


# -- editing -----------------------------------------------------------------------------------------------


def _scalars(text: str, style: str | None, *, flow: bool) -> list[str]:
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


def _append_item(body: str, mapping: yaml.Node, key: str, text: str, file: Path) -> tuple[str, int]:
    """Return ``body`` with ``text`` appended to the list under ``key`` of ``mapping``, and the new line's
    number. The list keeps its style: block (a line in the indentation, quoting and line ending of its last
    item) or flow (an item after its last, with the separator its items use)."""
    import yaml

    lists = _keys(mapping)
    node = lists.get(key)
    newline = _newline(body)
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
        for scalar in _scalars(text, style, flow=True):
            candidate = body[:at] + separator + scalar + body[at:]
            if _reads_back(candidate, body, key, mapping, text):
                return candidate, body.count("\n", 0, at) + separator.count("\n") + 1
        raise LearnError(one_line(f"{file}: cannot write {text!r} into the list {key!r}: add it by hand"))
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
    for scalar in _scalars(text, style, flow=False):
        candidate = body[:insert_at] + lead + prefix + scalar + trail + body[insert_at:]
        if _reads_back(candidate, body, key, mapping, text):
            return candidate, body.count("\n", 0, insert_at) + (2 if lead else 1)
    raise LearnError(one_line(f"{file}: cannot write {text!r} into the list {key!r}: add it by hand"))


def _new_list(body: str, mapping: yaml.Node, key: str, node: yaml.Node | None, text: str,
              file: Path) -> tuple[str, int]:
    """Add the list ``key: [text]`` to ``mapping``: on the key's own line when it is there with no value,
    else as a new line after the mapping's first field, in its indentation."""
    newline = _newline(body)
    if node is not None:  # "key:" with no value
        eol = body.find("\n", node.start_mark.index)
        eol = len(body) if eol < 0 else eol
        if body[eol - 1:eol] == "\r":
            eol -= 1
        head, tail = body[:node.start_mark.index].rstrip(" \t"), body[eol:]
        line = body.count("\n", 0, node.start_mark.index) + 1
        for scalar in _scalars(text, None, flow=True):
            candidate = f"{head} [{scalar}]{tail}"
            if _reads_back(candidate, body, key, mapping, text):
                return candidate, line
        raise LearnError(one_line(f"{file}: cannot write {text!r} into {key!r}: add it by hand"))
    first_key, first_value = mapping.value[0]
    column = first_key.start_mark.column
    eol = body.find("\n", first_value.end_mark.index)
    insert_at = len(body) if eol < 0 else eol + 1
    for scalar in _scalars(text, None, flow=True):
        candidate = body[:insert_at] + " " * column + f"{key}: [{scalar}]" + newline + body[insert_at:]
        if _reads_back(candidate, body, key, mapping, text):
            return candidate, body.count("\n", 0, insert_at) + 1
    raise LearnError(one_line(f"{file}: cannot add {key!r} with {text!r}: add it by hand"))


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
    value = _keys(target).get(key)
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


def _verify(body: str, new_body: str, expected: Callable[[Any], Any], file: Path) -> None:
    """Refuse an edit unless the new text reads as the old data with exactly the intended change."""
    old, new = _loads(body), _loads(new_body)
    if old is None or new is None or expected(old) != new:
        raise LearnError(f"{file}: the edit would change more than the new item: add it by hand")


def _check_and_write(base: Path, file: Path, raw: bytes, bom: bool, new_body: str, learned: Learned) -> None:
    data = ((_BOM if bom else "") + new_body).encode("utf-8")
    knowledge, problems = inspect_knowledge(base, contents={str(file): data})
    refused = [p for p in problems if not p.warning or (p.file == str(file) and p.line == learned.line)]
    if knowledge is None or refused:
        raise LearnError(_refusal(refused or problems))
    _replace(file, raw, data)


def _refusal(problems: Sequence[Problem]) -> str:
    return f"not added: {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")


def _replace(file: Path, before: bytes, data: bytes) -> None:
    """Write ``data`` over ``file`` atomically, keeping its mode (and owner, where allowed); refuse when the
    file changed since it was read."""
    real = Path(os.path.realpath(file))
    try:
        if real.read_bytes() != before:
            raise LearnError(f"{file}: changed while being edited: run the command again")
        mode = stat.S_IMODE(real.stat().st_mode)
        owner = real.stat()
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
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise LearnError(f"{file}: cannot write: {error.strerror or error}; the file is unchanged") from None
