"""Loading a knowledge base: YAML (a file or a folder of files) or plain Python data → validated ``Knowledge``.

Every problem is reported with its file, line and entry id: missing or empty fields, wrong types, unknown
fields, duplicate ids, duplicate keys in a mapping (which plain YAML loading silently accepts), follow-ups
naming unknown ids, an alternate under two entries, an unknown source document, control characters.
Only safe YAML is read, in one pass over the parser's events; anchors that expand into huge trees (an "alias
bomb"), nesting deeper than ``MAX_DEPTH`` and files over ``MAX_FILE_BYTES`` are refused at once. Files are only
ever read, never written.

This module finds the files and puts the steps together: ``yaml_reader`` reads each file into values that know
their line, ``knowledge_checks`` validates them into ``Knowledge``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from importlib.abc import Traversable
    from pathlib import Path

from .errors import RUN_CHECK, KnowledgeError, Problem
from .models import Knowledge
from .yaml_reader import MAX_DEPTH, MAX_FILE_BYTES, display_name, parse_file, read_yaml

__all__ = ["EMPTY_PATH", "MAX_DEPTH", "MAX_FILE_BYTES", "bundled_knowledge_path", "inspect_knowledge",
           "is_knowledge_file_name", "knowledge_from_data", "load_knowledge", "read_yaml"]

_YAML_SUFFIXES = (".yaml", ".yml")


def is_knowledge_file_name(name: str) -> bool:
    """Return True when a file called ``name`` in a knowledge folder is part of the base: it ends in ``.yaml`` or
    ``.yml`` in any case (``FAQ.YAML``, as Windows tools save it) and is not hidden. A hidden one is no file of the
    maintainer's: ``.#faq.yaml`` is the lock Emacs keeps (a link to nothing) while ``faq.yaml`` has unsaved
    changes, ``._faq.yaml`` the metadata macOS writes beside it on a shared drive or in an archive; read, either
    stopped every command while the editor had the file open."""
    return name.lower().endswith(_YAML_SUFFIXES) and not name.startswith(".")

EMPTY_PATH = "the path is empty: give a YAML file or a folder"
"""What refuses an empty path to a base: ``Path("")`` is the working folder, which an unset variable (``--kb "$KB"``)
would read or write without naming it."""


def bundled_knowledge_path() -> Traversable:
    """Return the folder of the knowledge base that ships inside the package (read via importlib.resources).

    >>> sorted(f.name for f in bundled_knowledge_path().iterdir() if f.name.endswith(".yaml"))[0]
    '00-base.yaml'
    """
    from .paths import bundled_knowledge

    return bundled_knowledge()


def _yaml_files(path: Traversable | Path, problems: list[Problem]) -> list[Traversable | Path]:
    from pathlib import Path  # here, as in the other readers of files: a cached load never needs pathlib

    name = display_name(path)
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
        files = sorted((child for child in children if is_knowledge_file_name(child.name)),
                       key=lambda child: child.name)
        for child in files:
            if child.is_dir():
                problems.append(Problem(display_name(child), None, None,
                                        "is a folder, but a .yaml name promises a file: rename or remove it"))
            elif not _is_regular_file(child):  # a FIFO or device would block or never end when read
                problems.append(Problem(display_name(child), None, None, _not_regular(child)))
        files = read_once([child for child in files if not child.is_dir() and _is_regular_file(child)])
        if not files and not problems:
            problems.append(Problem(name, None, None, "folder holds no .yaml or .yml files"
                                    + _in_subfolders(children)))
        return files
    return [path]


_Named = TypeVar("_Named", bound="Traversable | Path | str")


def read_once(files: Sequence[_Named]) -> list[_Named]:
    """Return ``files`` in their order with each file on disk kept once: of several names of one file (a symbolic
    link beside the file it leads to, or hard links), the one that is no link, else the first. A name that cannot
    be looked at, or a bundled resource, is kept as it is."""
    ids = [_file_id(path) for path in files]
    chosen: dict[tuple[int, int], _Named] = {}
    for path, same in zip(files, ids):
        if same is None:
            continue
        kept = chosen.get(same)
        if kept is None or (_is_link(kept) and not _is_link(path)):
            chosen[same] = path
    return [path for path, same in zip(files, ids) if same is None or chosen[same] is path]


def _file_id(path: Traversable | Path | str) -> tuple[int, int] | None:
    # The device and inode of the file ``path`` leads to: two names of one file share them.
    if not isinstance(path, (str, os.PathLike)):
        return None
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def _is_link(path: Traversable | Path | str) -> bool:
    return isinstance(path, (str, os.PathLike)) and os.path.islink(path)


def _in_subfolders(children: Sequence[Traversable | Path]) -> str:
    """What to do about a folder holding no YAML: give its first subfolder that holds some (a base's files are
    read from the folder itself: ``kb/`` holding only ``kb/faq/*.yaml``), else check the path."""
    for child in sorted(children, key=lambda child: child.name):
        if not child.name.startswith(".") and child.is_dir():
            try:
                if any(is_knowledge_file_name(grandchild.name) for grandchild in child.iterdir()):
                    return (f" (its subfolder {child.name} holds some, but only the folder's own files are read): "
                            f"give {display_name(child)}")
            except OSError:
                continue
    return ": check the path"


def _not_regular(path: Traversable | Path) -> str:
    """What is wrong with ``path``, in a folder, which is not a regular file: a link to nothing, or a pipe or device."""
    if isinstance(path, os.PathLike) and os.path.islink(path):
        try:
            os.stat(path)
        except OSError as error:  # a link to a file that is gone, or a loop of links
            return f"is a symbolic link that leads to no file ({error.strerror or error}): fix or remove it"
    return "is not a regular file (a pipe or a device?): remove it from the folder"


def _is_regular_file(path: Traversable | Path) -> bool:
    """Whether ``path`` is a regular file (bundled resources always are); False when it cannot be looked at."""
    if not isinstance(path, os.PathLike):
        return path.is_file()
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False



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
    return _sound(*inspect_knowledge(path, max_bytes=max_bytes))


def _sound(knowledge: Knowledge | None, problems: list[Problem], *, others: str = RUN_CHECK) -> Knowledge:
    """Return ``knowledge`` when it was built and none of ``problems`` is an error; else raise ``KnowledgeError``
    listing the errors (or, when there is none, every problem), ``others`` saying how to see them all."""
    errors = [problem for problem in problems if not problem.warning]
    if knowledge is None or errors:
        raise KnowledgeError(errors or problems, others=others)
    return knowledge


def in_file_order(problems: Sequence[Problem]) -> list[Problem]:
    """Return ``problems`` in the order their files were read, each file's from its top down, as a maintainer
    goes through it: those of the whole file (no line) first, those of one line in the order they were found.

    >>> [str(p) for p in in_file_order([Problem("b.yaml", 3, None, "x"), Problem("a.yaml", 9, None, "y"),
    ...                                 Problem("b.yaml", 1, None, "z")])]
    ['b.yaml:1: z', 'b.yaml:3: x', 'a.yaml:9: y']
    """
    files: dict[str, int] = {}
    for problem in problems:
        files.setdefault(problem.file, len(files))
    return sorted(problems, key=lambda problem: (files[problem.file], problem.line or 0))


def inspect_knowledge(path: str | os.PathLike[str] | Traversable | None = None, *,
                      max_bytes: int = MAX_FILE_BYTES,
                      documents_folder: str | os.PathLike[str] | None = None,
                      contents: Mapping[str, bytes] | None = None) -> tuple[Knowledge | None, list[Problem]]:
    """Load a knowledge base and return it with every problem and warning found.

    With ``documents_folder``, each cited section is also looked up among the headings of its source
    document read from that folder (a warning when it is not there; a document not in the folder is skipped).

    Returns ``(None, errors)`` when errors prevent building it (warnings are then left out: they would
    only bury the errors); warnings (such as too few alternates) come with a usable ``Knowledge``.
    A file that cannot be read or parsed (a folder named ``x.yaml``, a pipe, invalid YAML) does not hide the
    others: its problem comes first, then each other file's own errors (not those between files, which the
    missing file may settle).
    ``assistant check`` is built on this. Never raises for a bad file or path: every problem is returned (a
    ``path`` that is no path at all, a number, is a ``TypeError``).
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
        if not os.fspath(path):  # (Path("") is the working folder: ``EMPTY_PATH``)
            return None, [Problem("''", None, None, EMPTY_PATH)]
        source = Path(path)
    elif hasattr(path, "iterdir"):
        source = path
    else:  # a number or bytes would fail later on a missing attribute, far from the call
        raise TypeError(f"path must be a str or a path (None: the bundled base), not {type(path).__name__}")
    files = _yaml_files(source, problems)

    def documents() -> Iterator[tuple[str, Any]]:
        # One file's located values at a time: held all at once, those of a large base take gigabytes.
        for file in files:
            document = parse_file(file, problems, max_bytes, (contents or {}).get(display_name(file)))
            if document is not None:
                yield display_name(file), document

    from .knowledge_checks import build_knowledge  # not needed by a start from the cache

    checks: list[Problem] = []
    knowledge = build_knowledge(documents(), checks, location=display_name(source), unreadable=problems,
                       documents_folder=documents_folder)
    checks = in_file_order(checks)
    if problems:  # files that cannot be read, then the errors of each of the others (their warnings would bury them)
        unread = {problem.file for problem in problems}  # a file read in part: its own reading problem is the one
        return None, problems + [problem for problem in checks if not problem.warning and problem.file not in unread]
    errors = [problem for problem in checks if not problem.warning]
    if knowledge is None or errors:
        return None, errors or checks
    return knowledge, checks


def knowledge_from_data(data: Mapping[str, Any] | Sequence[Mapping[str, Any]], *,
                        name: str = "<data>") -> Knowledge:
    """Build a knowledge base from plain Python data shaped like the YAML format.

    ``data`` is one mapping (as one YAML file), a list of them (as a folder), or a bare list of questions and
    answers (as a file that is only a list: ``[{"question": …, "answer": …}, …]``, its title made from
    ``name``). Raises ``KnowledgeError`` when it is not a sound knowledge base.

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
    from .knowledge_checks import build_knowledge

    # Text is one value of the wrong shape (the check says so once), not a list of its characters.
    single = data is None or isinstance(data, (Mapping, str, bytes, int, float))
    items = [data] if single else list(data)
    # A list of entries (each with a 'question' or an 'answer', which no file has at its top level) is one
    # bare-list file, as a YAML file that is only a list; so is a list holding items that are no mapping (a
    # number, a text: told, as in that file, that each item must be a question and answer). A list holding what
    # a file holds (a mapping with neither field, a list) is a folder, each item one file. An empty list is a
    # list of no entries (rows a query found none of), as a file of ``[]``, not a folder lacking a header.
    bare = not single and not any(
        (isinstance(item, Sequence) and not isinstance(item, (str, bytes)))
        or (isinstance(item, Mapping) and "question" not in item and "answer" not in item) for item in items)
    parts: list[Any] = [items] if bare else items
    problems: list[Problem] = []
    # (no file to run 'assistant check' on: the error's problems are where the others are)
    return _sound(build_knowledge([(name, part) for part in parts], problems, location=name), problems,
                  others="listed in the error's problems")

