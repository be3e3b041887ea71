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
(a temporary file in the same folder, ``os.replace``), keeping its permissions. The editing itself is
``yaml_edit``'s; this module decides what to add where, and checks the result.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import LearnError, Problem, did_you_mean, one_line
from .knowledge import EMPTY_PATH, bundled_knowledge_path, inspect_knowledge, is_knowledge_file_name
from .models import Entry, Knowledge
from .normalize import Normalizer, clean
from .yaml_edit import (
    BOM,
    append_item,
    compose_nodes,
    editing,
    entry_node,
    keys_of,
    loads,
    newline_of,
    phrasing_line,
    read_text,
    replace_file,
    scalars,
    verify_edit,
)

if TYPE_CHECKING:
    import yaml


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
    question: str | None = None
    """The entry's question (None for ``out_of_scope``): what the maintainer meant to teach, made visible."""


def add_alternate(question: str, entry_id: str, path: str | os.PathLike[str] | None = None) -> Learned:
    """Add ``question`` as an alternate of entry ``entry_id`` in the YAML file that defines it.

    ``path`` is the knowledge base (a file or a folder; None: the bundled one). Returns what was added;
    raises ``LearnError`` (the file untouched) when the entry does not exist, or the result would not pass
    ``assistant check``: the question already belongs to an entry, or the base has errors the new alternate
    does not mend (an entry's ``alternates: []`` it does).
    """
    text = _clean(question)
    base = base_path(path)
    with editing(base):  # another learn at the same moment waits: it must read what this one writes
        return _add_alternate(text, entry_id, base)


def _add_alternate(text: str, entry_id: str, base: Path) -> Learned:
    knowledge, problems = inspect_knowledge(base)
    if knowledge is not None:  # else the check of the result names what is wrong
        named = knowledge.get(entry_id)
        entry_id = named.id if named is not None else entry_id  # a bare list's former id: the entry's id now
        if named is not None and named.builtin:
            raise LearnError(f"{entry_id!r} is built-in small talk, written in no file of {base}: declare small "
                             "talk of your own under 'smalltalk:' to teach it (docs/knowledge-format.md)")
        _not_yet_a_phrasing(text, entry_id, knowledge)
    file, raw, bom, body, node = _find_entry(base, entry_id, knowledge, problems)
    new_body, line = append_item(body, node, "alternates", text, file)

    def expected(data: Any) -> Any:
        if isinstance(data, list):  # a bare list: the entry is the item starting on the entry's line
            position = node.start_mark.line
            item = next(i for i, n in zip(data, compose_nodes(body, file).value) if n.start_mark.line == position)
            item["alternates"] = [*(item.get("alternates") or []), text]
            return data
        for key in ("entries", "smalltalk"):
            for item in data.get(key) or ():
                if isinstance(item, dict) and item.get("id") == entry_id:
                    item["alternates"] = [*(item.get("alternates") or []), text]
                    return data
        return data

    verify_edit(body, new_body, expected, file, line)
    entry = knowledge.get(entry_id) if knowledge is not None else None
    learned = Learned(str(file), line, entry_id, text, _answered_elsewhere(knowledge, text, entry_id, file, line),
                      entry.question if entry is not None else None)
    after = _check_and_write(base, file, raw, bom, new_body, learned)
    try:
        still = _still_held_back(after, text, entry_id, file, line)
    except KeyboardInterrupt:  # Ctrl-C once the file is written stops only this advice: say what was added
        still = ()
    return replace(learned, warnings=(*learned.warnings, *still))


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


def _still_held_back(knowledge: Knowledge, text: str, entry_id: str, file: Path, line: int) -> tuple[str, ...]:
    """Return a warning when the base with the new alternate still does not answer ``text`` with ``entry_id``
    although it is now one of its phrasings: a rule of the matcher holds the answer back (``Reply.held_back``),
    and asking it again will be logged as a miss again."""
    from .matcher import Matcher

    reply = Matcher(knowledge).reply(text)
    if reply.status == "answer" or reply.match is None or reply.match.id != entry_id:
        return ()  # answered, or answered by another entry (``_answered_elsewhere`` says so)
    why = HELD_BACK.get(reply.held_back or "", "it scores too close to other entries")
    gets = "the fallback" if reply.status == "none" else "a '您是不是想问…' list"
    return (one_line(f"{file}:{line}: [{entry_id}] warning: {text!r} still gets {gets} when asked, not this "
                     f"entry's answer: {why}; the alternate is kept"),)


HELD_BACK = {
    "foreign": "the matcher reads a name the base never mentions in it (another lender or product)",
    "declared": "it reads like a question the base declares out of scope",
    "topic": "it asks what the entry never says, or puts another topic's word in place of the entry's",
}
"""Why a question that is a phrasing of an entry is still not answered, by ``Reply.held_back``."""


def add_out_of_scope(question: str, path: str | os.PathLike[str] | None = None) -> Learned:
    """Add ``question`` to the knowledge base's ``out_of_scope`` list (questions it does not answer).

    The list is extended in the first file that has one; otherwise one is added at the end of the file with
    the ``knowledge_base`` header (or of the first file that is a mapping: a bare list of questions has no
    room for it). Returns what was added; raises ``LearnError`` (the files untouched) as ``add_alternate``
    does, or when the question is listed already, or the base is a bare list alone.
    """
    text = _clean(question)
    base = base_path(path)
    with editing(base):
        return _add_out_of_scope(text, base)


def _add_out_of_scope(text: str, base: Path) -> Learned:
    knowledge = sound_base(base)
    if text in knowledge.out_of_scope:
        raise LearnError(one_line(f"{text!r} is already listed under out_of_scope: nothing to add"))
    owner = phrasing_owner(text, knowledge)
    if owner is not None:
        raise LearnError(one_line(f"{text!r} is a phrasing of entry {owner.id!r} ({_place(owner, text, knowledge)}) "
                                  "once normalized: a question the base answers cannot be out of scope too"))
    import yaml

    chosen: tuple[Path, bytes, bool, str, Any] | None = None
    first: tuple[Path, bytes, bool, str, Any] | None = None  # the first file that can hold the list
    for file in _yaml_files(base):
        raw, bom, body = read_text(file)
        root = compose_nodes(body, file)
        if not isinstance(root, yaml.MappingNode):  # a bare list of questions: no room for other keys
            continue
        first = first or (file, raw, bom, body, root)
        keys = keys_of(root)
        if "out_of_scope" in keys or (chosen is None and "knowledge_base" in keys):
            chosen = (file, raw, bom, body, root)
            if "out_of_scope" in keys:
                break
    chosen = chosen or first
    if chosen is None:
        raise LearnError(f"{base} is a bare list of questions and answers: it has no 'out_of_scope' list to add "
                         "to (make it a folder, with a second file holding 'out_of_scope:', or skip the question)")
    file, raw, bom, body, root = chosen
    if "out_of_scope" in keys_of(root):
        new_body, line = append_item(body, root, "out_of_scope", text, file)
    else:
        newline = newline_of(body)
        end = "" if not body or body.endswith("\n") else newline
        new_body = body
        for scalar in scalars(text, None, flow=False):
            candidate = f"{body}{end}out_of_scope:{newline}  - {scalar}{newline}"
            data = loads(candidate)
            if isinstance(data, dict) and data.get("out_of_scope") == [text]:
                new_body = candidate
                break
        line = body.count("\n") + (1 if end else 0) + 2

    def expected(data: Any) -> Any:
        data["out_of_scope"] = [*(data.get("out_of_scope") or []), text]
        return data

    verify_edit(body, new_body, expected, file, line)
    learned = Learned(str(file), line, None, text)
    _check_and_write(base, file, raw, bom, new_body, learned)
    return learned


# -- reading -----------------------------------------------------------------------------------------------


def _clean(question: str) -> str:
    if len(question.strip().splitlines()) > 1:  # two lines pasted are two questions, or one cut: the user's to say
        raise LearnError("the question holds a line break: give one question, on one line (learn each on its own)")
    text = " ".join(question.split())
    if not text:
        raise LearnError("the question is empty: give the words to add")
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") and char not in "\u200d\ufe0f":
            raise LearnError(f"the question contains control character U+{ord(char):04X}: remove it")
    if not clean(text):  # the matcher drops punctuation and emoji: such a phrasing would match nothing
        raise LearnError(one_line(f"{text!r} holds nothing to match (only punctuation or emoji): give words to add"))
    return text


def _yaml_files(base: Path) -> list[Path]:
    if not base.is_dir():
        return [base]
    return sorted((child for child in base.iterdir() if is_knowledge_file_name(child.name) and not child.is_dir()),
                  key=lambda child: child.name)


def _find_entry(base: Path, entry_id: str, knowledge: Knowledge | None,
                problems: Sequence[Problem] = ()) -> tuple[Path, bytes, bool, str, yaml.MappingNode]:
    """Return the file that defines entry ``entry_id`` (its bytes, byte-order mark, text) and the entry's node
    (in a bare list, where ids may be made up, the item on the entry's line); raise ``LearnError`` when no
    file does, or a file cannot be read as YAML (with the first of its ``problems``, as check words it), or a
    bare list's base has errors (its ids cannot be known: with the first error)."""
    import yaml

    if not base.exists():
        raise LearnError(f"{base}: no such file or folder: check the path")
    ids: list[str] = []
    entry = knowledge.get(entry_id) if knowledge is not None else None
    files = _yaml_files(base)
    bare = False  # a file that is a bare list was read
    if not files:
        raise LearnError(f"{base}: folder holds no .yaml or .yml files: check the path")
    for file in files:
        try:
            raw, bom, body = read_text(file)
            root = compose_nodes(body, file)
        except LearnError:
            own = next((p for p in problems if not p.warning and p.file == str(file)), None)
            if own is None:
                raise
            raise LearnError(f"{own} (run 'assistant check': a knowledge base with errors is not edited)") from None
        node = entry_node(root, entry_id, ids)
        if node is None and entry is not None and isinstance(root, yaml.SequenceNode) \
                and entry.file is not None and Path(entry.file).resolve() == file.resolve():
            node = next((item for item in root.value if isinstance(item, yaml.MappingNode)
                         and item.start_mark.line + 1 == entry.line), None)
        if node is not None:
            return file, raw, bom, body, node
        bare = bare or isinstance(root, yaml.SequenceNode)
    errors = [problem for problem in problems if not problem.warning]
    if knowledge is None and bare and errors:  # its ids are made by the loader, which refused the base: say why
        raise LearnError(f"{errors[0]} (run 'assistant check': a knowledge base with errors is not edited)")
    # a bare list's made-up ids (ji-dian-kai-men-3f2596, made from its questions) are the loader's, not in the file
    known = dict.fromkeys([*ids, *(e.id for e in knowledge.entries)] if knowledge is not None else ids)
    owner = phrasing_owner(entry_id, knowledge) if knowledge is not None else None
    hint = did_you_mean(entry_id, known) or (  # a question given for its entry's id (a bare list's are made up)
        f": that is a phrasing of entry {owner.id!r}, not an id: give its id ('assistant check --ids' lists them)"
        if owner is not None else ": check the id")
    raise LearnError(one_line(f"no entry with id {entry_id!r} in {base}{hint}"))


def phrasing_owner(text: str, knowledge: Knowledge) -> Entry | None:
    """Return the entry (small talk's too) that has ``text`` among its question and alternates once
    normalized, or None when none does."""
    normalize = Normalizer(knowledge.synonyms)
    key = normalize(text)
    # What the files write: not the built-in phrasings a base's own small talk was given (``Entry.heard``), which
    # may be learned into the file as any other phrasing.
    return next((entry for entry in knowledge.entries
                 if any(normalize(p) == key for p in (entry.question, *entry.alternates))), None)


def _not_yet_a_phrasing(text: str, entry_id: str, knowledge: Knowledge) -> None:
    """Refuse a question that some entry (this one or another) has already, once normalized: the clearer
    message, before the loader's check would refuse it."""
    entry = phrasing_owner(text, knowledge)
    if entry is None:
        return
    where = _place(entry, text, knowledge)
    if entry.id == entry_id:
        raise LearnError(one_line(f"{text!r} is already a phrasing of entry {entry_id!r} ({where}) "
                                  "once normalized: nothing to add"))
    raise LearnError(one_line(f"{text!r} is already a phrasing of entry {entry.id!r} ({where}) once "
                              "normalized: a question can belong to one entry only"))


def _place(entry: Entry, text: str, knowledge: Knowledge) -> str:
    """Where the maintainer finds ``entry``'s phrasing ``text``: its file and line, or that the entry is built-in
    small talk (``你好`` of a bare list), which no file writes."""
    if entry.builtin or entry.file is None:
        return "built-in small talk" if entry.builtin else "written in no file"
    return f"{entry.file}:{_phrasing_line(entry, text, knowledge) or entry.line}"


def _phrasing_line(entry: Entry, text: str, knowledge: Knowledge) -> int | None:
    """Return the line of ``entry``'s question or alternate that ``text`` is once normalized (the maintainer looks
    for that line among many alternates); None when it cannot be found."""
    if entry.file is None or entry.line is None:
        return None
    normalize = Normalizer(knowledge.synonyms)
    key = normalize(text)
    return phrasing_line(Path(entry.file), entry.line, lambda phrasing: normalize(phrasing) == key)


def installed(folder: Path) -> bool:
    """True when ``folder`` lies inside an installed package (a ``site-packages`` or ``dist-packages``
    folder), not in a source checkout a maintainer edits and commits.

    >>> installed(Path("/usr/lib/python3/dist-packages/assistant/data/knowledge")), installed(Path("/src/kb"))
    (True, False)
    """
    return any(part in ("site-packages", "dist-packages") for part in folder.resolve().parts)


def base_path(path: str | os.PathLike[str] | None) -> Path:
    """The knowledge base at ``path`` to edit: the bundled one when ``path`` is None. Raises ``LearnError`` when
    the bundled one is no folder on disk or lies inside an installed package, and for an empty ``path``."""
    if path is None:
        bundled = bundled_knowledge_path()
        if not isinstance(bundled, Path):
            raise LearnError("the bundled knowledge base is not a folder on disk: give --kb PATH")
        if installed(bundled):
            raise LearnError(one_line(f"the bundled knowledge base is inside the installed package ({bundled}), "
                                      "where a change is lost on the next install: copy it and give --kb PATH"))
        return bundled
    if not os.fspath(path):  # (Path("") is the working folder: ``knowledge.EMPTY_PATH``)
        raise LearnError(EMPTY_PATH)
    return Path(path)


def sound_base(base: Path) -> Knowledge:
    """The knowledge base at ``base``, read and checked. Raises ``LearnError`` when it has errors (it is not
    edited then)."""
    knowledge, problems = inspect_knowledge(base)
    errors = [problem for problem in problems if not problem.warning]
    if knowledge is None or errors:
        raise LearnError(f"{(errors or problems)[0]} (run 'assistant check': a knowledge base with errors "
                         "is not edited)")
    return knowledge



# -- editing -----------------------------------------------------------------------------------------------



def _check_and_write(base: Path, file: Path, raw: bytes, bom: bool, new_body: str, learned: Learned) -> Knowledge:
    """Write ``new_body`` over ``file`` when the base with it passes the checks; return the base as written."""
    data = ((BOM if bom else "") + new_body).encode("utf-8")
    knowledge, problems = inspect_knowledge(base, contents={str(file): data})
    # A warning about the text added refuses it; not one about its entry on the same line (- {question: …}).
    refused = [p for p in problems if not p.warning or (p.file == str(file) and p.line == learned.line
                                                         and repr(learned.text) in p.message)]
    if knowledge is None or refused:
        raise LearnError(_refusal(refused or problems))
    replace_file(file, raw, data)
    return knowledge


def _refusal(problems: Sequence[Problem]) -> str:
    return f"not added: {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")


