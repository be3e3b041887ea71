"""A binary file format for named plain data: typed arrays, lists of strings and small values, nothing else.

What the cache stores (an ``Index``'s ``to_data()``) is written with ``write_plain`` and read back with
``read_plain``. Reading only ever makes plain values (``array``, ``list`` of ``str``, numbers, text, lists
and dicts), never calls anything named by the file, and allocates in proportion to the bytes it is given (the
Python objects of the values they hold): every length is checked against what is left of the body before
anything is allocated for it.

The body is a sequence of records, each::

    name length (1 byte) | name (ASCII) | kind (1 byte) | payload length (8 bytes, little-endian) | payload

* kind ``a``, an ``array``: its typecode (1 byte), then its items in this machine's byte order (the cache key
  holds the byte order);
* kind ``t``, a ``list`` of ``str`` none of which holds a NUL character: the count (8 bytes), then all of them in
  UTF-16 (two bytes for nearly every Chinese character), a NUL between two (read back with one ``split``);
* kind ``s``, any other ``list`` of ``str``: the count (8 bytes), each string's length in characters (an
  ``array("i")``), then all of them one after the other in UTF-16;
* kind ``g``, a ``list`` of arrays of one typecode (groups of numbers, such as a term's postings): the typecode
  (1 byte), the count (8 bytes), each array's length (an ``array("q")``), then all their items; read back as
  one array each, straight from the file (never all of them in one array first);
* kind ``v``: any other value: ``None``, ``True``, ``False``, an integer (8 bytes, signed), a float (8 bytes), text
  (its length in bytes, 4 bytes, then UTF-8), a list or a mapping with text keys (the count, 4 bytes, then the
  items, a mapping's as key and value), each a tag byte (``n t f i d s l m``) and its data, nested at most
  ``MAX_NESTING`` deep. (Not JSON: importing ``json`` would add milliseconds to every start from the cache.)
"""

from __future__ import annotations

import struct
import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from itertools import accumulate, pairwise
from typing import IO, Any, Union

Plain = Union[None, bool, int, float, str, "array[Any]", list[str], "list[array[Any]]", list[Any], dict[str, Any]]
"""A value ``write_plain`` can store: an array, a list of strings, a list of arrays of one typecode, or a value of
``None``, booleans, numbers, text, lists and mappings with text keys."""

MAX_NESTING = 16
"""Lists and mappings nest at most this deep in a ``v`` record."""

TYPECODES = "bBhHiIlLqQfd"
"""The array typecodes a file may hold."""

_LENGTH = struct.Struct("<Q")
_COUNT = struct.Struct("<I")
_INT = struct.Struct("<q")
_FLOAT = struct.Struct("<d")
_CHUNK = 1 << 16
"""Strings encoded at once when writing: the whole list encoded in one piece would be a second copy of it."""
_CHUNK_BYTES = 1 << 20
"""Bytes of groups of numbers read at once (see ``_read_groups``)."""


class PlainDataError(ValueError):
    """The bytes are not plain data as ``write_plain`` writes it."""


def write_plain(sink: Any, data: Mapping[str, Plain]) -> None:
    """Write ``data`` (names of at most 255 ASCII characters to plain values) to ``sink``, a binary file or
    anything with ``write``. Raises ``TypeError`` or ``ValueError`` for a value that is not plain data."""
    for name, value in data.items():
        label = name.encode("ascii")
        if not 0 < len(label) < 256:
            raise ValueError(f"a record name is 1 to 255 characters: {name!r}")
        if isinstance(value, array):
            if value.typecode not in TYPECODES:
                raise TypeError(f"{name}: arrays of typecode {value.typecode!r} are not stored")
            parts: list[Any] = [value.typecode.encode("ascii"), memoryview(value).cast("B")]
            kind = b"a"
        elif (isinstance(value, list) and value and type(value[0]) is array
              and all(type(item) is array and item.typecode == value[0].typecode for item in value)):
            typecode = value[0].typecode
            if typecode not in TYPECODES:
                raise TypeError(f"{name}: arrays of typecode {typecode!r} are not stored")
            groups: list[array[Any]] = value  # type: ignore[assignment]
            parts = [typecode.encode("ascii"), _LENGTH.pack(len(groups)),
                     memoryview(array("q", map(len, groups))).cast("B"),
                     *(memoryview(group).cast("B") for group in groups)]
            kind = b"g"
        elif isinstance(value, list) and value and all(type(item) is str for item in value):
            texts: list[str] = value  # type: ignore[assignment]
            pieces = ["\0".join(texts[start:start + _CHUNK]) for start in range(0, len(texts), _CHUNK)]
            if sum(piece.count("\0") for piece in pieces) == len(texts) - len(pieces):  # no NUL of their own
                parts = [_LENGTH.pack(len(texts))]
                for number, piece in enumerate(pieces):
                    parts.append(("\0" if number else "").encode("utf-16-le") + piece.encode("utf-16-le"))
                kind = b"t"
            else:
                lengths = array("i", map(len, texts))
                parts = [_LENGTH.pack(len(texts)), memoryview(lengths).cast("B")]
                parts += ["".join(texts[start:start + _CHUNK]).encode("utf-16-le")
                          for start in range(0, len(texts), _CHUNK)]
                kind = b"s"
        else:
            parts = [_encode(value, MAX_NESTING)]
            kind = b"v"
        size = sum(len(memoryview(part).cast("B")) for part in parts)
        sink.write(bytes([len(label)]) + label + kind + _LENGTH.pack(size))
        for part in parts:
            sink.write(part)


def read_plain(source: IO[bytes], size: int) -> dict[str, Plain]:
    """Read the ``size`` bytes of plain data ``write_plain`` wrote from the binary file ``source``; return the
    values by name. Raises ``PlainDataError`` (or ``UnicodeDecodeError``) when the bytes are anything else.
    Allocates in proportion to ``size``: at worst some twenty bytes of Python objects per byte read (a list of
    one-character strings, a list of empty lists)."""
    found: dict[str, Plain] = {}
    left = size
    while left:
        head = _read(source, 1, left)
        label = _read(source, head[0], left - 1)
        kind_and_length = _read(source, 9, left - 1 - len(label))
        left -= 10 + len(label)
        length = _LENGTH.unpack(kind_and_length[1:])[0]
        if length > left:
            raise PlainDataError("a record is longer than the data left")
        name = label.decode("ascii")
        if name in found:
            raise PlainDataError(f"record {name!r} is there twice")
        found[name] = _value(source, kind_and_length[:1], length)
        left -= length
    return found


def _read(source: IO[bytes], count: int, left: int) -> bytes:
    if count > left:
        raise PlainDataError("the data ends inside a record")
    data = source.read(count)
    if len(data) != count:
        raise PlainDataError("the file ends inside a record")
    return data


def _array(source: IO[bytes], typecode: str, size: int) -> array[Any]:
    """Read ``size`` bytes straight into a new array (one allocation, no intermediate bytes)."""
    if typecode not in TYPECODES:
        raise PlainDataError(f"no arrays of typecode {typecode!r}")
    table = array(typecode)
    if size % table.itemsize:
        raise PlainDataError("an array's bytes are not a whole number of items")
    table = array(typecode, bytes(table.itemsize)) * (size // table.itemsize)
    if size and source.readinto(memoryview(table).cast("B")) != size:  # type: ignore[attr-defined]
        raise PlainDataError("the file ends inside an array")
    return table


def _read_groups(source: IO[bytes], typecode: str, lengths: array[int]) -> list[array[Any]]:
    """Read consecutive arrays of these lengths, about ``_CHUNK_BYTES`` at a time: one read per group would cost
    more than the small groups hold, one read for all would hold them twice."""
    itemsize = array(typecode).itemsize
    most = _CHUNK_BYTES // itemsize  # numbers a read holds, unless one group alone holds more
    groups: list[array[Any]] = []
    starts = list(accumulate(lengths, initial=0))  # where each group starts among all the numbers
    first, count = 0, len(lengths)
    while first < count:
        # the most groups from ``first`` that hold at most ``most`` numbers, and at least one
        last = max(bisect_right(starts, starts[first] + most, first + 1, count + 1) - 1, first + 1)
        size = (starts[last] - starts[first]) * itemsize
        block = array(typecode)
        block.frombytes(_read(source, size, size))
        # one slice of the block each (a copy made in C): quicker than an empty array extended from bytes
        ends = list(accumulate(lengths[first:last], initial=0))
        groups += map(block.__getitem__, map(slice, ends, ends[1:]))
        first = last
    return groups


def _value(source: IO[bytes], kind: bytes, length: int) -> Plain:
    if kind == b"a":
        if length < 1:
            raise PlainDataError("an array record without its typecode")
        return _array(source, _read(source, 1, length).decode("ascii"), length - 1)
    if kind == b"t":
        count = _LENGTH.unpack(_read(source, 8, length))[0]
        texts = _read(source, length - 8, length).decode("utf-16-le").split("\0")
        if len(texts) != count:  # (no text at all reads as one empty text: refused as well)
            raise PlainDataError("the strings are not as many as their count")
        return texts
    if kind == b"s":
        count = _LENGTH.unpack(_read(source, 8, length))[0]
        if 8 + 4 * count > length:
            raise PlainDataError("more strings than the record can hold")
        lengths = _array(source, "i", 4 * count)
        joined = _read(source, length - 8 - 4 * count, length).decode("utf-16-le")
        ends = list(accumulate(lengths, initial=0))
        if ends[-1] != len(joined) or min(lengths, default=0) < 0:
            raise PlainDataError("packed strings do not match their lengths")
        return [joined[start:end] for start, end in pairwise(ends)]
    if kind == b"g":
        if length < 9:
            raise PlainDataError("a groups record without its typecode and count")
        typecode = _read(source, 1, length).decode("ascii")
        count = _LENGTH.unpack(_read(source, 8, length - 1))[0]
        if typecode not in TYPECODES or 8 * count > length - 9:
            raise PlainDataError("a groups record holds more groups than it can")
        lengths = _array(source, "q", 8 * count)
        itemsize = array(typecode).itemsize
        if min(lengths, default=0) < 0 or sum(lengths) * itemsize != length - 9 - 8 * count:
            raise PlainDataError("the groups do not fit their record")
        return _read_groups(source, typecode, lengths)
    if kind == b"v":
        data = _read(source, length, length)
        value, end = _decode(data, 0, MAX_NESTING)
        if end != len(data):
            raise PlainDataError("a value record holds more than its value")
        return value  # type: ignore[no-any-return]
    raise PlainDataError(f"unknown record kind {kind!r}")


def _encode(value: Any, depth: int) -> bytes:
    if depth < 0:
        raise ValueError(f"values nest more than {MAX_NESTING} deep")
    if value is None:
        return b"n"
    if value is True or value is False:
        return b"t" if value else b"f"
    if type(value) is int:
        return b"i" + _INT.pack(value)
    if type(value) is float:
        return b"d" + _FLOAT.pack(value)
    if type(value) is str:
        text = value.encode("utf-8")
        return b"s" + _COUNT.pack(len(text)) + text
    if isinstance(value, (list, tuple)):
        return b"l" + _COUNT.pack(len(value)) + b"".join(_encode(item, depth - 1) for item in value)
    if isinstance(value, dict) and all(type(key) is str for key in value):
        return b"m" + _COUNT.pack(len(value)) + b"".join(
            _encode(key, depth - 1) + _encode(item, depth - 1) for key, item in value.items())
    raise TypeError(f"{type(value).__name__} is not plain data")


def _decode(data: bytes, at: int, depth: int) -> tuple[Any, int]:
    """The value encoded at ``data[at:]`` and where it ends. Every count is at most the bytes left (an item
    takes one at least), so nothing is allocated for more than the data holds."""
    if depth < 0:
        raise PlainDataError(f"values nest more than {MAX_NESTING} deep")
    tag = data[at:at + 1]
    at += 1
    if tag in (b"n", b"t", b"f"):
        return {b"n": None, b"t": True, b"f": False}[tag], at
    if tag in (b"i", b"d"):
        if at + 8 > len(data):
            raise PlainDataError("a number is cut short")
        return (_INT if tag == b"i" else _FLOAT).unpack_from(data, at)[0], at + 8
    if tag in (b"s", b"l", b"m"):
        if at + 4 > len(data):
            raise PlainDataError("a count is cut short")
        count = _COUNT.unpack_from(data, at)[0]
        at += 4
        if count > len(data) - at:
            raise PlainDataError("a count larger than the data left")
        if tag == b"s":
            return data[at:at + count].decode("utf-8"), at + count
        items = []
        for _ in range(count * (2 if tag == b"m" else 1)):
            item, at = _decode(data, at, depth - 1)
            items.append(item)
        if tag == b"l":
            return items, at
        keys = items[::2]
        if not all(type(key) is str for key in keys):
            raise PlainDataError("a mapping's keys are text")
        return dict(zip(keys, items[1::2])), at
    raise PlainDataError(f"unknown value tag {tag!r}")


_BELOW_CHUNK = 1 << 20
"""Bytes of numbers ``all_below`` checks at once."""

_ONES: dict[int, int] = {}
"""Per lane width in bytes, 1 in each lane of a ``_BELOW_CHUNK``-byte integer, made at first use."""


def text_list(data: Mapping[str, Any], name: str) -> list[str]:
    """Return ``data[name]`` when it is a list of text (as ``read_plain`` reads back what a gathering step
    stored). Raises ``KeyError`` when ``data`` has no ``name`` and ``TypeError`` when it is anything else."""
    value = data[name]
    if type(value) is not list or not set(map(type, value)) <= {str}:
        raise TypeError(f"{name} is not a list of text")
    return value


def all_below(groups: Iterable[array[int]], limit: int) -> bool:
    """True when every number of these arrays of integers is at least 0 and below ``limit``.

    Arrays of 2- and 4-byte integers (an index's postings: millions of numbers on a large base) are checked a
    megabyte at a time as one large integer, each number in a lane of it (a few big-integer operations), when
    ``limit`` is at most half their range: ``min`` and ``max`` make a Python int of every number, which took most
    of the time of reading a large base's cache."""
    if limit <= 0:
        return all(not len(group) for group in groups)
    pending: dict[int, list[array[int]]] = {2: [], 4: []}
    sizes = {2: 0, 4: 0}
    made: dict[tuple[int, int], tuple[int, int]] = {}  # (lane width, bytes) -> masks, made once per call

    def below(data: bytes | memoryview, width: int) -> bool:
        # No number has its top bit set (none is negative or reaches 2^top), and adding 2^top - limit to each
        # (no carry into the next lane) sets its top bit exactly when it reaches the limit.
        top = 8 * width - 1
        view = memoryview(data)
        for start in range(0, len(data), _BELOW_CHUNK):
            part = view[start:start + _BELOW_CHUNK]
            masks = made.get((width, len(part)))
            if masks is None:
                masks = made[width, len(part)] = _masks(width, len(part), top, limit)
            bit, complement = masks
            numbers = int.from_bytes(part, sys.byteorder)
            if numbers & bit or (numbers + complement) & bit:
                return False
        return True

    fast = {width for width in (2, 4) if limit <= 1 << (8 * width - 1)}
    for group in groups:
        width = group.itemsize
        if width not in fast:
            if len(group) and (min(group) < 0 or max(group) >= limit):
                return False
            continue
        if width * len(group) >= _BELOW_CHUNK:  # a large array alone: read in place, not copied by a join
            if not below(memoryview(group).cast("B"), width):
                return False
            continue
        pending[width].append(group)
        sizes[width] += width * len(group)
        if sizes[width] >= _BELOW_CHUNK:
            if not below(b"".join(pending[width]), width):
                return False
            pending[width], sizes[width] = [], 0
    return all(below(b"".join(parts), width) for width, parts in pending.items() if parts)


def _masks(width: int, size: int, top: int, limit: int) -> tuple[int, int]:
    """The top bit of each ``width``-byte lane of a ``size``-byte integer, and 2^top - limit in each lane."""
    if size == _BELOW_CHUNK:
        if width not in _ONES:
            _ONES[width] = int.from_bytes((1).to_bytes(width, sys.byteorder) * (size // width), sys.byteorder)
        ones = _ONES[width]
    else:  # masks the size of a smaller part: making a whole chunk's and cutting them down is slower
        ones = int.from_bytes((1).to_bytes(width, sys.byteorder) * (size // width), sys.byteorder)
    return ones << top, ones * ((1 << top) - limit)
