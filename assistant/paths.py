"""Where the assistant keeps things: its state and cache folders (XDG), and the knowledge base it ships.

State (the chat's history, the misses log) lives in ``$XDG_STATE_HOME/assistant``, the cache in
``$XDG_CACHE_HOME/assistant``. Both folders are private: ``private_folder`` creates them 0700 and refuses a
folder that is a symbolic link or another user's, and ``open_state_file`` never follows a symbolic link,
so a shared ``XDG_STATE_HOME`` (or a link planted by someone else) cannot make the assistant write into
another file, such as the user's ``~/.bashrc``.
"""

from __future__ import annotations

import contextlib
import os
import stat
from typing import TYPE_CHECKING

from .errors import UnsafePathError

if TYPE_CHECKING:
    from importlib.abc import Traversable

BUNDLED_KNOWLEDGE = ("data", "knowledge")
"""The bundled knowledge base's folder, inside the package."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _xdg_folder(variable: str, fallback: tuple[str, ...]) -> str:
    base = os.environ.get(variable, "")
    root = base if base and os.path.isabs(base) else os.path.join(os.path.expanduser("~"), *fallback)
    return os.path.join(root, "assistant")


def state_folder() -> str:
    """Return the folder for history and the misses log: ``$XDG_STATE_HOME/assistant``.

    Falls back to ``~/.local/state/assistant`` when ``XDG_STATE_HOME`` is unset or not absolute. The folder
    is not created here (``private_folder`` does).
    """
    return _xdg_folder("XDG_STATE_HOME", (".local", "state"))


def cache_folder() -> str:
    """Return the folder for the cache: ``$XDG_CACHE_HOME/assistant`` (``~/.cache/assistant`` by default)."""
    return _xdg_folder("XDG_CACHE_HOME", (".cache",))


def bundled_knowledge() -> Traversable:
    """Return the folder of the knowledge base that ships inside the package, read via importlib.resources.

    >>> sorted(f.name for f in bundled_knowledge().iterdir() if f.name.endswith(".yaml"))[0]
    '00-base.yaml'
    """
    from importlib import resources  # here: a cached load never needs it, and importing it is slow

    folder = resources.files("assistant")
    for part in BUNDLED_KNOWLEDGE:
        folder = folder / part
    return folder


def bundled_knowledge_folder() -> str:
    """Return the bundled knowledge base's folder as a file-system path, without importing importlib.

    For code that must hash or list the files quickly (the cache); ``bundled_knowledge`` is the general
    way to read them.
    """
    return os.path.join(os.path.dirname(os.path.realpath(__file__)), *BUNDLED_KNOWLEDGE)


def private_folder(path: str, *, create: bool = True) -> str:
    """Return the folder ``path``, made private to the user: the one check of every folder the assistant keeps
    files in (state and cache).

    With ``create``, a missing folder is created 0700 (and its parents, as ordinary folders); without, a
    missing one raises ``FileNotFoundError``. An existing one must be a real folder (not a symbolic link)
    owned by the user; if others may read or write it, it is made 0700. Raises ``UnsafePathError`` when the
    folder is a link, not a folder, or another user's, and ``OSError`` when it cannot be created or fixed.
    """
    if create:
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)  # the parents are ordinary folders (~/.local/state)
            with contextlib.suppress(FileExistsError):
                os.mkdir(path, 0o700)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise UnsafePathError(path, "is a symbolic link: remove it, the assistant keeps its files in a folder "
                                    "of its own")
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafePathError(path, "is not a folder: move it away")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafePathError(path, "belongs to another user: set XDG_STATE_HOME and XDG_CACHE_HOME to "
                                    "folders of your own")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)
    return path


def open_state_file(path: str, *, append: bool) -> int:
    """Open the state file ``path`` without following symbolic links; return its file descriptor.

    ``append=True`` opens it for appending, creating it 0600 (and its folder, with ``private_folder``);
    ``append=False`` opens it for reading. The file must be a regular file of the user's own. Raises
    ``FileNotFoundError`` when reading a file that does not exist, ``UnsafePathError`` for a symbolic link,
    a FIFO or another user's file, and ``OSError`` when it cannot be opened.
    """
    if append:
        private_folder(os.path.dirname(path) or ".")
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    else:
        flags = os.O_RDONLY | os.O_NONBLOCK  # a FIFO in its place opens at once, then is refused
    try:
        fd = os.open(path, flags | _NOFOLLOW | _CLOEXEC, 0o600)
    except OSError as error:
        if os.path.islink(path):
            raise UnsafePathError(path, "is a symbolic link: remove it (the assistant does not write "
                                        "through links)") from None
        raise error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePathError(path, "is not a regular file: remove it")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise UnsafePathError(path, "belongs to another user: remove it or use a state folder of your own")
        if not append:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd
