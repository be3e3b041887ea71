"""A cache of built matchers, so that a large knowledge base loads in seconds after its first load.

Loading a knowledge base means reading the YAML, validating every entry and normalizing every phrasing
(NFKC, traditional → simplified, synonyms, pinyin keys, term index): about a second per few thousand
entries. ``load_matcher(path)`` does that once, then keeps the built ``Matcher`` in
``$XDG_CACHE_HOME/assistant/`` (``~/.cache/assistant/`` by default) and loads it from there next time.

The file holds the matcher's index as plain data (``index_to_data``, written by ``plain_data``) and the tables
its salience and topic checks would gather on its first question (``Matcher.gathered``): arrays, lists of
strings and numbers, never pickled objects, so reading one makes nothing but those values and the index
``index_data.index_from_data`` builds from them.

A cached matcher is used only when everything it was built from is unchanged: the bytes and names of the
knowledge files, the folder's path, the package's version, the modules that build it and its data tables (the
general dictionary among them: each by its name, size, times of change and inode, as Python's own bytecode
cache trusts a module's size and time, not its bytes), the Python version, the OpenCC version and the machine's
byte order. Any change makes it a miss, and the matcher is built again and the cache file replaced (one file
per knowledge-base path, so the folder does not grow).

The cache is never trusted blindly and never makes loading fail. Before any of a file is decoded it must
be a regular file (a symbolic link is not followed, a FIFO not waited on) of this user's that nobody else can
write, in a folder of this user's (``paths.private_folder``: created 0700, made 0700 again if others may use it;
another user's or a link is refused with one warning), of at most ``MAX_CACHE_BYTES``, with the current key
and a CRC-32 matching its whole body; the plain data decoded from it must then make an index
(``index_data.index_from_data``, every value checked for its type) whose tables agree (``Index.consistent``), and the
gathered tables be of their types (``Matcher.adopt``). Anything else is a miss: the matcher is built again and
the file replaced.
The cache key reads no knowledge file over ``knowledge.MAX_FILE_BYTES`` (``load_knowledge`` refuses it at
once). A write's temporary file is removed on every way out; one left by a killed process, by the next write.
Errors in the knowledge base itself are raised as ``KnowledgeError``, exactly as ``load_knowledge`` does.

>>> from assistant.cache import load_matcher
>>> load_matcher().reply("微粒贷客服电话是多少").entry.id
'hotline-number'
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

try:  # BLAKE2 straight from its module: importing hashlib loads OpenSSL, on every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without the _blake2 module
    from hashlib import blake2b

from .knowledge import MAX_FILE_BYTES, is_knowledge_file_name, load_knowledge, read_once
from .matching import Matcher, Thresholds
from .matching.index_data import index_from_data, index_to_data
from .plain_data import read_plain, write_plain
from .private_files import (
    ChecksumReader,
    ChecksumWriter,
    crc_of,
    open_regular,
    read_exactly,
    remove_stale,
    warn_once,
)

FORMAT = 6
"""The cache file layout's version: bump it when the layout (not the index) changes."""

_MAGIC = b"assistant-index-cache\n"
_EDGES = frozenset({"cli.py", "cli_commands.py", "cli_encoding.py", "cli_learn.py", "cli_parser.py", "cli_values.py",
                    "server.py", "__main__.py", "chat", "NOTICE.txt"})
"""What the cached matcher cannot depend on, left out of the key: the edges (the core never imports one) and the
data tables' notice. (The general dictionary, ``data/words.tsv``, is in it: the words the salience check gathers
are cut with it.)"""
_HEADER_BYTES = 64 + 16 + 8 + 1  # key, payload length, CRC-32, newline

MAX_CACHE_BYTES = 8 * 1024 * 1024 * 1024
"""A cache file larger than this is not read (a 100,000-entry base's is about 1 GB)."""

_STALE_SECONDS = 300
"""A temporary cache file older than this is left over from an interrupted write: the next write removes it."""


def cache_dir() -> Path:
    """Return the cache folder: ``$XDG_CACHE_HOME/assistant``, or ``~/.cache/assistant``.

    ``XDG_CACHE_HOME`` is ignored unless it is an absolute path. The folder is created only on writing.
    """
    from pathlib import Path

    return Path(_cache_folder())


# The cache's own paths are plain strings: importing pathlib would slow loading from the cache, which needs none.
def _cache_folder() -> str:
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = base if base and os.path.isabs(base) else os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(root, "assistant")


def _cache_file(slot: str, suffix: str = ".bin") -> str:
    return os.path.join(_cache_folder(), f"matcher-{slot}{suffix}")


_OLD_SUFFIX = ".pickle"
"""The cache files of earlier versions (pickled matchers): removed when the same slot is written."""


def package_folder() -> str:
    """Return the folder of the installed package, which ``code_files`` are relative to (its real path)."""
    return os.path.dirname(os.path.realpath(__file__))


def code_files() -> list[str]:
    """Return the package's files a cached index depends on, relative to the package and sorted: every Python
    module but the edges' (``cli``, ``chat/``, ``server``), and the data tables of ``data/`` (not the bundled
    knowledge base, which the key reads as any other). Found, not listed: a new module is in the key at once.
    """
    package = package_folder()
    found = []
    for folder, suffixes in (("", (".py",)), ("data", (".tsv", ".txt"))):
        with os.scandir(os.path.join(package, folder)) as items:
            for item in items:
                if item.name in _EDGES or (item.name.startswith((".", "_")) and item.name != "__init__.py"):
                    continue
                if item.is_file() and item.name.endswith(suffixes):
                    found.append(os.path.join(folder, item.name) if folder else item.name)
                elif folder == "" and item.is_dir() and os.path.isfile(os.path.join(item.path, "__init__.py")):
                    found += [f"{item.name}/{name}" for name in os.listdir(item.path) if name.endswith(".py")]
    return sorted(found)


def _package_version() -> str:
    from . import __version__

    return __version__


def _opencc_version() -> str:
    try:
        import opencc  # the first query needs it anyway; importlib.metadata would take far longer

        return str(getattr(opencc, "__version__", "unknown"))
    except Exception:  # without OpenCC the key just says so
        return "missing"


def _knowledge_files(path: str | os.PathLike[str] | None) -> tuple[str, list[str]]:
    """Return the knowledge base's location and its YAML files, in the order ``load_knowledge`` reads them.

    Raises ``OSError`` (or ``TypeError``) when that cannot be told: the caller then does not use the cache.
    """
    from .paths import bundled_knowledge_folder

    source = bundled_knowledge_folder() if path is None else os.fspath(path)
    if not isinstance(source, str):
        raise TypeError(f"a knowledge-base path is text, not {type(source).__name__}")
    if os.path.isdir(source):
        names = sorted(name for name in os.listdir(source)
                       if is_knowledge_file_name(name) and os.path.isfile(os.path.join(source, name)))
        files = read_once([os.path.join(source, name) for name in names])
    elif os.path.isfile(source):
        files = [source]
    else:
        raise FileNotFoundError(source)
    return os.path.abspath(source), files


def cache_key(path: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """Return ``(slot, key)`` for the knowledge base at ``path`` (None: the bundled one).

    ``slot`` names the cache file (one per knowledge-base path); ``key`` is a 256-bit BLAKE2 hash of
    everything the built matcher depends on. Raises ``OSError`` when a file cannot be read.
    """
    location, files = _knowledge_files(path)
    digest = blake2b(digest_size=32)

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("format", str(FORMAT).encode())
    add("python", f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}".encode())
    add("byteorder", sys.byteorder.encode())
    add("assistant", _package_version().encode())
    add("opencc", _opencc_version().encode())
    add("location", location.encode("utf-8", "surrogateescape"))
    package = package_folder()
    for name in code_files():
        add("code:" + name, _stamp(os.path.join(package, name)))
    for file in files:
        add("kb:" + os.path.basename(file), _read_bytes(file))
    slot = blake2b(location.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return slot, digest.hexdigest()


def _stamp(path: str) -> bytes:
    """What tells a file of the package apart from the same file changed: its size, the times of its last change
    and of its last change of status (which no copy keeping the times can set), and its inode (a file put in its
    place). The files themselves are not read: with the general dictionary they are megabytes, hashed on every
    start for files that change only with a new version or an edit; a file changed without any of these changing
    would also run its old bytecode. Raises ``OSError`` when the file cannot be looked at."""
    status = os.stat(path)
    return f"{status.st_size} {status.st_mtime_ns} {status.st_ctime_ns} {status.st_ino}".encode("ascii")


def _read_bytes(path: str) -> bytes:
    """The bytes of the regular file at ``path``. Raises ``OSError`` for anything else (a FIFO is not waited
    on) and for a file over the knowledge base's size limit, before reading any of it: that file is refused
    by ``load_knowledge`` anyway, and hashing gigabytes would only delay saying so."""
    descriptor, size = open_regular(path, MAX_FILE_BYTES, follow=True)
    try:
        return bytes(read_exactly(descriptor, size))
    finally:
        os.close(descriptor)


def _private(folder: str, *, create: bool) -> bool:
    """True when ``folder`` is this user's alone (``paths.private_folder``); warns once per process when not."""
    from .paths import private_folder

    try:
        private_folder(folder, create=create)
    except FileNotFoundError:
        return False
    except OSError as error:  # UnsafePathError among them: another's folder, a link
        said = f"{error.filename}: {error.strerror}" if error.strerror and error.filename else str(error)
        warn_once(f"the cache folder is not used: {said}")
        return False
    return True


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause cyclic garbage collection: reading an index makes tens of thousands of objects, none of them
    garbage, and the collections they would set off take ~1 ms."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_cached(slot: str, key: str) -> Matcher | None:
    """Return the matcher cached under ``slot`` if it was built for ``key`` and is intact, else None.

    Everything is checked before any of the file is decoded: the folder is this user's alone, the file a
    regular file (a symbolic link is not followed, a FIFO not waited on) of this user's that nobody else
    can write, of at most ``MAX_CACHE_BYTES``, with this key and a CRC-32 matching its whole body (read once
    for that, in chunks, then again to decode, checked again on the way). A file that passes and still
    decodes to inconsistent tables is a miss too.
    """
    folder = _cache_folder()
    if not _private(folder, create=False):
        return None
    try:
        descriptor, size = open_regular(_cache_file(slot), MAX_CACHE_BYTES)
    except OSError:
        return None
    head = len(_MAGIC) + _HEADER_BYTES
    try:
        with open(descriptor, "rb") as file:
            status = os.fstat(descriptor)
            if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
                return None
            header = file.read(head)
            if (size < head or header[:len(_MAGIC)] != _MAGIC or header[-1:] != b"\n"
                    or header[len(_MAGIC):len(_MAGIC) + 64].decode("ascii") != key):
                return None
            body_size, crc = int(header[-25:-9], 16), int(header[-9:-1], 16)
            if body_size != size - head or crc_of(file, body_size) != crc:
                return None
            file.seek(head)
            checked = ChecksumReader(file)
            with _collector_paused():
                data = read_plain(io.BufferedReader(checked, 1 << 20), body_size)
                index = index_from_data(data)
            if checked.read(1) or checked.size != body_size or checked.crc != crc:
                return None  # changed since it was checked
        if not index.consistent():
            return None
        matcher = Matcher(index=index)
        with _collector_paused():
            matcher.adopt(data)
        return matcher
    except Exception:  # a damaged or foreign file is a miss, whatever it raises
        return None


def write_cached(slot: str, key: str, matcher: Matcher) -> bool:
    """Store ``matcher`` under ``slot`` for ``key``, atomically; False (and no file left) on failure.

    Written only into a folder of this user's alone (created 0700). The temporary file is removed on every
    way out (an error, Ctrl-C); one left by a process killed outright is removed by the next write once it
    is ``_STALE_SECONDS`` old.
    """
    import tempfile  # only here (it imports shutil and random): loading needs neither

    folder = _cache_folder()
    if not _private(folder, create=True):
        return False
    remove_stale(folder, ".matcher-", _STALE_SECONDS)
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".matcher-", suffix=".tmp", dir=folder)
        with os.fdopen(descriptor, "wb") as file:
            file.write(_MAGIC + b"\0" * _HEADER_BYTES)  # the header is written once the payload is known
            sink = ChecksumWriter(file)
            write_plain(sink, {**index_to_data(matcher.index), **matcher.gathered()})
            file.seek(len(_MAGIC))
            file.write(f"{key}{sink.size:016x}{sink.crc:08x}\n".encode("ascii"))
        os.replace(temporary, _cache_file(slot))
        temporary = None
        with contextlib.suppress(OSError):
            os.unlink(_cache_file(slot, _OLD_SUFFIX))
        return True
    except Exception:  # an index with tables index_to_data does not know, a full disk, a read-only home: don't cache
        return False
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def load_matcher(path: str | os.PathLike[str] | None = None, *, thresholds: Thresholds | None = None,
                 use_cache: bool = True) -> Matcher:
    """Return a matcher on the knowledge base at ``path`` (None: the bundled one), from the cache if possible.

    The same as ``Matcher(load_knowledge(path), thresholds=thresholds)``, but after the first load of a
    knowledge base the built matcher is read back from the cache instead of being built again.
    ``use_cache=False`` neither reads nor writes the cache. Raises ``KnowledgeError`` when the knowledge
    base is not sound, like ``load_knowledge``.
    """
    slot = key = None
    if use_cache:
        try:
            slot, key = cache_key(path)
        except Exception:  # unreadable or unusual path: load_knowledge will say what is wrong
            slot = key = None
    if slot is not None and key is not None:
        cached = read_cached(slot, key)
        if cached is not None:
            cached.thresholds = thresholds or Thresholds()
            return cached
    matcher = Matcher(load_knowledge(path), thresholds=thresholds)
    if slot is not None and key is not None:
        try:
            unchanged = cache_key(path) == (slot, key)  # not edited while it was being loaded
        except Exception:
            unchanged = False
        if unchanged:
            write_cached(slot, key, matcher)
    return matcher
