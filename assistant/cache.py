"""A cache of built matchers, so that a large knowledge base loads in seconds after its first load.

Loading a knowledge base means reading the YAML, validating every entry and normalizing every phrasing
(NFKC, traditional → simplified, synonyms, pinyin keys, term index): about a second per few thousand
entries. ``load_matcher(path)`` does that once, then keeps the built ``Matcher`` in
``$XDG_CACHE_HOME/assistant/`` (``~/.cache/assistant/`` by default) and loads it from there next time.

The file holds the pickled matcher, with the texts of the entries and phrasings packed into buffers and
the tables that follow from the knowledge base left out and rebuilt: pickled one by one, the millions of
strings of a large base would each take a place in the pickler's memo.

A cached matcher is used only when everything it was built from is unchanged: the bytes and names of the
knowledge files, the folder's path, the package's version and the source of the modules that build it,
the Python version, the OpenCC version and the machine's byte order. Any change makes it a miss, and the
matcher is built again and the cache file replaced (one file per knowledge-base path, so the folder does
not grow).

The cache is never trusted blindly and never makes loading fail. Before any of a file is decoded it must
be a regular file (a symbolic link is not followed, a FIFO not waited on) of this user's that nobody else can
write, in a folder of this user's that nobody else can write (created 0700; another's is refused with one
warning), of at most ``MAX_CACHE_BYTES``, with the current key and a CRC-32 matching its whole body; a matcher
decoded from it must then be consistent (``Matcher.consistent``) and name nothing but the matcher's own
classes (a restricted unpickler). Anything else is a miss: the matcher is built again and the file replaced.
The cache key reads no knowledge file over ``knowledge.MAX_FILE_BYTES`` (``load_knowledge`` refuses it at
once). A write's temporary file is removed on every way out; one left by a killed process, by the next write.
Errors in the knowledge base itself are raised as ``KnowledgeError``, exactly as ``load_knowledge`` does.

>>> from assistant.cache import load_matcher
>>> load_matcher().reply("微粒贷客服电话是多少").entry.id
'hotline-number'
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import gc
import io
import os
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain, islice
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import pickle
    from pathlib import Path

try:  # BLAKE2 straight from its module: importing hashlib loads OpenSSL, ~3 ms of every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without the _blake2 module
    from hashlib import blake2b

try:  # the C unpickler straight from its module: the pickle module around it takes ~1.3 ms to import
    from _pickle import Unpickler, UnpicklingError
except ImportError:  # pragma: no cover - a Python without the _pickle module
    from pickle import Unpickler, UnpicklingError

from .knowledge import MAX_FILE_BYTES, load_knowledge
from .matching import Index, Matcher, Thresholds
from .models import Entry, Knowledge
from .private_files import (
    ChecksumReader,
    ChecksumWriter,
    crc_of,
    open_regular,
    private_folder,
    read_exactly,
    remove_stale,
)

FORMAT = 2
"""The cache file layout's version: bump it when the layout (not the matcher) changes."""

_MAGIC = b"assistant-matcher-cache\n"
_YAML_SUFFIXES = (".yaml", ".yml")
CODE_FILES = ("__init__.py", "cache.py", "private_files.py", "knowledge.py", "documents.py", "paths.py", "safety.py",
              "matcher.py", "models.py", "normalize.py",
               *(f"matching/{name}.py" for name in ("__init__", "bounds", "candidates", "confusables", "context",
                                                    "decision", "index", "matcher", "signals")),
               "errors.py", "data/pinyin.tsv", "data/t2s.txt")
_PROTOCOL = 5
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


# The cache's own paths are plain strings: importing pathlib takes ~3 ms that loading from the cache can do without.
def _cache_folder() -> str:
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = base if base and os.path.isabs(base) else os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(root, "assistant")


def _cache_file(slot: str) -> str:
    return os.path.join(_cache_folder(), f"matcher-{slot}.pickle")


def _package_folder() -> str:
    return os.path.dirname(os.path.realpath(__file__))


def _mapping_proxy(data: Mapping[str, Any]) -> MappingProxyType[str, Any]:
    """Rebuild a read-only mapping (``Knowledge.synonyms``) when unpickling."""
    return MappingProxyType(dict(data))


def _reduce_array(data: array[Any]) -> tuple[Callable[[str, bytearray], array[Any]], tuple[str, pickle.PickleBuffer]]:
    """Pickle an array as its bytes in this machine's order (hence the byte order in the cache key),
    written straight from its memory: the default reduction copies every array into a bytes object that
    the pickler keeps to the end, as many megabytes again as the matcher's tables hold."""
    import pickle  # written only: loading a cache never imports it
    return _array_from_buffer, (data.typecode, pickle.PickleBuffer(data))


def _array_from_buffer(typecode: str, buffer: bytearray) -> array[Any]:
    """Rebuild an array pickled by ``_reduce_array``, and empty the buffer it was read into."""
    rebuilt = array(typecode, buffer)
    # The unpickler keeps every argument to the end of the load: emptied (which frees its memory), the
    # buffer does not hold a second copy of the table meanwhile.
    del buffer[:]
    return rebuilt


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
                       if name.endswith(_YAML_SUFFIXES) and os.path.isfile(os.path.join(source, name)))
        files = [os.path.join(source, name) for name in names]
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
    package = _package_folder()
    for name in CODE_FILES:
        add("code:" + name, _read_bytes(os.path.join(package, name)))
    for file in files:
        add("kb:" + os.path.basename(file), _read_bytes(file))
    slot = blake2b(location.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return slot, digest.hexdigest()


def _read_bytes(path: str) -> bytes:
    """The bytes of the regular file at ``path``. Raises ``OSError`` for anything else (a FIFO is not waited
    on) and for a file over the knowledge base's size limit, before reading any of it: that file is refused
    by ``load_knowledge`` anyway, and hashing gigabytes would only delay saying so."""
    descriptor, size = open_regular(path, MAX_FILE_BYTES, follow=True)
    try:
        return bytes(read_exactly(descriptor, size))
    finally:
        os.close(descriptor)


# A large base's text is millions of short strings. Pickled one by one, each would take a place in the
# pickler's memo (hundreds of megabytes at 100,000 entries); packed into one buffer with their lengths, none
# does, and they are rebuilt by slicing.

def _pack(strings: Iterable[str]) -> tuple[pickle.PickleBuffer, array[int]]:
    """Return ``strings`` encoded one after the other, with the length of each.

    UTF-16, two bytes for nearly every character: a third less than UTF-8 for Chinese, and half the size
    of a joined string with UTF-8 cached in it for pickling. A writable buffer, so that it is unpickled as
    a ``bytearray`` that ``_unpack`` can empty.
    """
    import pickle  # written only: loading a cache never imports it
    lengths = array("i")
    packed = io.BytesIO()
    for string in strings:
        lengths.append(len(string))
        packed.write(string.encode("utf-16-le"))
    return pickle.PickleBuffer(packed.getbuffer()), lengths


def _unpack(packed: bytearray, lengths: array[int]) -> Iterator[str]:
    """Yield the strings that ``_pack`` encoded, in order."""
    joined = packed.decode("utf-16-le")
    del packed[:]  # as in _array_from_buffer: frees the memory, though the unpickler keeps the object
    if len(joined) != sum(lengths):
        raise ValueError("packed strings do not match their lengths")
    start = 0
    for length in lengths:
        yield joined[start:start + length]
        start += length


_NO_LINE = -1
"""An entry's line in the cache when it has none (built from plain data)."""

_ENTRY_FIELDS = ("id", "question", "answer", "alternates", "citations", "topic", "follow_ups", "smalltalk",
                 "file", "line")
"""The fields of ``Entry`` that ``_reduce_knowledge`` stores: a field it does not know refuses to cache."""


def _reduce_knowledge(knowledge: Knowledge) -> tuple[Callable[..., Knowledge], tuple[Any, ...]]:
    """Pickle a knowledge base with its entries' texts packed (see ``_pack``) and their other fields in
    columns; citations, topics and files are few distinct objects that the pickler's memo shares."""
    import pickle  # written only: loading a cache never imports it
    if tuple(field.name for field in dataclasses.fields(Entry)) != _ENTRY_FIELDS:
        raise pickle.PicklingError("Entry has fields that the cache does not store")
    entries = knowledge.entries
    texts, lengths = _pack(chain.from_iterable(
        (entry.id, entry.question, entry.answer, *entry.alternates, *entry.follow_ups) for entry in entries))
    columns = (texts, lengths, array("i", (len(entry.alternates) for entry in entries)),
               array("i", (len(entry.follow_ups) for entry in entries)), [entry.citations for entry in entries],
               [entry.topic for entry in entries], bytes(entry.smalltalk for entry in entries),
               [entry.file for entry in entries],
               array("i", (_NO_LINE if entry.line is None else entry.line for entry in entries)))
    fields = {field.name: getattr(knowledge, field.name) for field in dataclasses.fields(Knowledge)
              if field.name != "entries"}
    return _rebuild_knowledge, (fields, columns)


def _rebuild_knowledge(fields: dict[str, Any], columns: tuple[Any, ...]) -> Knowledge:
    """Rebuild a knowledge base pickled by ``_reduce_knowledge``."""
    texts, lengths, alternate_counts, follow_up_counts, citations, topics, smalltalk, files, lines = columns
    strings = _unpack(texts, lengths)
    entries = []
    for columns_here in zip(alternate_counts, follow_up_counts, citations, topics, smalltalk, files, lines):
        alternate_count, follow_up_count, citations_here, topic, is_smalltalk, file, line = columns_here
        entry_id, question, answer = next(strings), next(strings), next(strings)
        entries.append(Entry(id=entry_id, question=question, answer=answer,
                             alternates=tuple(islice(strings, alternate_count)), citations=citations_here,
                             topic=topic, follow_ups=tuple(islice(strings, follow_up_count)),
                             smalltalk=bool(is_smalltalk), file=file, line=None if line == _NO_LINE else line))
    return Knowledge(entries=tuple(entries), **fields)


def _reduce_index(index: Index) -> tuple[Callable[..., Index], tuple[Any, ...]]:
    """Pickle an index without the tables it can rebuild from its knowledge base: its entries (the base's, and
    the out-of-scope questions' entry after them) and their places, and its phrasings, stored as their places
    among their entry's phrasings. Normalized texts equal to their phrasing are stored as a mark."""
    import pickle  # written only: loading a cache never imports it
    state = dict(vars(index))
    entries: tuple[Entry, ...] = state.pop("entries")
    del state["entry_index"]
    raw: list[str] = state.pop("raw")
    texts: list[str] = state.pop("texts")
    known = len(index.knowledge.entries)
    if entries[:known] != index.knowledge.entries:
        raise pickle.PicklingError("the index's entries are not its knowledge base's")
    first_phrasing = index.first_phrasing
    places = array("i")
    for owner, entry in enumerate(entries):
        phrasings = entry.phrasings
        place = 0
        for phrasing in range(first_phrasing[owner], first_phrasing[owner + 1]):
            # Only the first of equal phrasings can have been kept (they normalize alike).
            while phrasings[place] != raw[phrasing]:
                place += 1
            places.append(place)
            place += 1
    same = bytes(text == phrasing for text, phrasing in zip(texts, raw))
    other_texts = _pack(text for text, is_same in zip(texts, same) if not is_same)
    return _rebuild_index, (state, entries[known:], places, same, other_texts)


def _rebuild_index(state: dict[str, Any], extra: tuple[Entry, ...], places: array[int], same: bytes,
                   other_texts: tuple[bytearray, array[int]]) -> Index:
    """Rebuild an index pickled by ``_reduce_index``."""
    index = Index.__new__(Index)
    vars(index).update(state)
    entries = index.knowledge.entries + extra
    raw: list[str] = []
    first_phrasing = index.first_phrasing
    for owner, entry in enumerate(entries):
        phrasings = entry.phrasings
        raw.extend(phrasings[places[phrasing]]
                   for phrasing in range(first_phrasing[owner], first_phrasing[owner + 1]))
    others = _unpack(*other_texts)
    index.entries = entries
    index.entry_index = {entry.id: place for place, entry in enumerate(entries)}
    index.raw = raw
    index.texts = [phrasing if is_same else next(others) for phrasing, is_same in zip(raw, same)]
    return index


class _Unpickler(Unpickler):
    """Builds only what a matcher is made of: the package's own classes, plain containers, arrays and
    compiled patterns. Anything else (a function to call, another module's class) refuses the file."""

    _ALLOWED: ClassVar[frozenset[tuple[str, str]]] = frozenset({
        ("array", "array"), ("array", "_array_reconstructor"), ("re", "_compile"),
        *(("assistant.cache", name) for name in ("_mapping_proxy", "_array_from_buffer", "_rebuild_knowledge",
                                                 "_rebuild_index")),
        ("collections", "Counter"), ("collections", "OrderedDict"), ("collections", "defaultdict"),
        ("collections", "deque"),
        *(("builtins", name) for name in ("bool", "bytearray", "bytes", "complex", "dict", "float", "frozenset",
                                          "int", "list", "object", "range", "set", "slice", "str", "tuple")),
    })
    _MODULES: ClassVar[frozenset[str]] = frozenset(
        {"assistant.matching.index", "assistant.models", "assistant.normalize", "assistant.errors"})

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        if module in self._MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:  # a class of our own, nothing else
                return found
        raise UnpicklingError(f"{module}.{name} is not part of a cached matcher")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause cyclic garbage collection: unpickling a matcher makes tens of thousands of objects, none of them
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
    if not os.path.isdir(folder) or not private_folder(folder, create=False):
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
                index = _Unpickler(io.BufferedReader(checked, 1 << 20)).load()
            if checked.read(1) or checked.size != body_size or checked.crc != crc:
                return None  # changed since it was checked
        if not isinstance(index, Index) or not index.consistent():
            return None
        return Matcher(index=index)
    except Exception:  # a damaged or foreign file is a miss, whatever it raises
        return None


def write_cached(slot: str, key: str, matcher: Matcher) -> bool:
    """Store ``matcher`` under ``slot`` for ``key``, atomically; False (and no file left) on failure.

    Written only into a folder of this user's alone (created 0700). The temporary file is removed on every
    way out (an error, Ctrl-C); one left by a process killed outright is removed by the next write once it
    is ``_STALE_SECONDS`` old.
    """
    import pickle  # only here, like tempfile (which imports shutil and random): loading needs neither
    import tempfile

    folder = _cache_folder()
    if not private_folder(folder, create=True):
        return False
    remove_stale(folder, ".matcher-", _STALE_SECONDS)
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".matcher-", suffix=".tmp", dir=folder)
        with os.fdopen(descriptor, "wb") as file:
            file.write(_MAGIC + b"\0" * _HEADER_BYTES)  # the header is written once the payload is known
            sink = ChecksumWriter(file)
            pickler = pickle.Pickler(sink, protocol=_PROTOCOL)
            table = copyreg.dispatch_table.copy()  # keeps the reducer of compiled patterns
            table[MappingProxyType] = lambda proxy: (_mapping_proxy, (dict(proxy),))
            table[array] = _reduce_array
            table[Knowledge] = _reduce_knowledge
            table[Index] = _reduce_index
            pickler.dispatch_table = table
            pickler.dump(matcher.index)
            file.seek(len(_MAGIC))
            file.write(f"{key}{sink.size:016x}{sink.crc:08x}\n".encode("ascii"))
        os.replace(temporary, _cache_file(slot))
        temporary = None
        return True
    except Exception:  # an unpicklable matcher, a full disk, a read-only home: just don't cache
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
