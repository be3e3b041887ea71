"""The cache's file format: named arrays, lists of strings and JSON values, read back as written, nothing else."""

from __future__ import annotations

import io
from array import array
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.plain_data import MAX_NESTING, TYPECODES, PlainDataError, all_below, read_plain, text_list, write_plain


def _through(data: dict[str, Any]) -> dict[str, Any]:
    file = io.BytesIO()
    write_plain(file, data)
    size = file.tell()
    file.seek(0)
    return read_plain(file, size)


EXAMPLES = {
    "an array of ints": array("i", [0, -1, 2**31 - 1]),
    "an array of floats": array("d", [0.5, float("inf")]),
    "an empty array": array("B"),
    "texts": ["微粒贷", "", "𠮷野家", "a\nb"],
    "texts, one holding a NUL": ["微粒贷", "a\0b", ""],  # not NUL-separated then: stored with their lengths
    "one empty text": [""],
    "many texts": [f"第{n}条" for n in range(70_000)],  # more than one piece of 65,536 (_CHUNK)
    "no texts": [],
    "none": None,
    "a number": 3,
    "a float": 2.5,
    "a flag": True,
    "a mapping": {"逾期": ["晚还", "拖欠"]},
    "nested values": [[1, 2.5, None, True, False, ""], {"a": {"b": []}}, -2**63],
    "groups of numbers": [array("i", [3, 1]), array("i"), array("i", [7])],
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_kind_of_value_reads_back_as_written(name: str) -> None:
    value = EXAMPLES[name]
    read = _through({name: value})[name]
    assert read == value and type(read) is type(value)
    if isinstance(value, array):
        assert read.typecode == value.typecode
    if name == "groups of numbers":
        assert all(type(group) is array and group.typecode == "i" for group in read)


_values = st.one_of(
    st.sampled_from(TYPECODES).flatmap(lambda code: st.lists(
        st.floats(allow_nan=False, width=32) if code in "fd" else st.integers(0, 127), max_size=20).map(
            lambda items, code=code: array(code, items))),
    st.lists(st.text(), min_size=1, max_size=10),
    st.lists(st.lists(st.integers(-2**31, 2**31 - 1), max_size=5).map(lambda items: array("i", items)), min_size=1,
             max_size=5),
    st.recursive(st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.floats(allow_nan=False) | st.text(),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                 max_leaves=12),
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text("abcdefgh._", min_size=1, max_size=12), _values, max_size=6))
def test_any_plain_data_reads_back_as_written(data: dict[str, Any]) -> None:
    assert _through(data) == data


@pytest.mark.parametrize("value", [object(), array("u", "x"), {1: 2}.keys()], ids=["object", "unicode array", "keys"])
def test_anything_else_is_refused_when_written(value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        write_plain(io.BytesIO(), {"x": value})  # type: ignore[dict-item]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_read_as_plain_data_or_refused(data: bytes) -> None:
    try:
        read = read_plain(io.BytesIO(data), len(data))
    except (PlainDataError, UnicodeDecodeError):
        return
    assert all(type(value) in {array, list, dict, str, int, float, bool, type(None)} for value in read.values())


def test_values_nested_too_deep_are_refused_both_ways() -> None:
    deep: list[object] = []
    for _ in range(MAX_NESTING + 2):
        deep = [deep]
    with pytest.raises(ValueError):
        write_plain(io.BytesIO(), {"deep": deep})
    record = b"l" + b"\x01\x00\x00\x00"
    data = (record * (MAX_NESTING + 2)) + b"l\x00\x00\x00\x00"
    file = b"\x04deep" + b"v" + len(data).to_bytes(8, "little") + data
    with pytest.raises(PlainDataError, match="nest"):
        read_plain(io.BytesIO(file), len(file))


def test_a_length_longer_than_the_data_is_refused_before_reading() -> None:
    file = io.BytesIO()
    write_plain(file, {"texts": ["微粒贷"] * 3})
    whole = file.getvalue()
    with pytest.raises(PlainDataError):
        read_plain(io.BytesIO(whole[:-1]), len(whole) - 1)


NUMBERS = st.lists(st.integers(-(1 << 31), (1 << 31) - 1), max_size=40)


@settings(max_examples=300, deadline=None)
@given(groups=st.lists(st.tuples(st.sampled_from("hHiIq"), NUMBERS), max_size=8),
       limit=st.one_of(st.integers(0, 300), st.integers(0, 1 << 25), st.sampled_from([1 << 15, 1 << 24, 1 << 31]),
                       st.integers(1 << 14, 1 << 17)))
def test_all_below_says_what_min_and_max_say(groups: list[tuple[str, list[int]]], limit: int) -> None:
    def fitted(typecode: str, number: int) -> int:  # the number wrapped into the typecode's range
        bits = 8 * array(typecode).itemsize
        wrapped = number % (1 << bits)
        return wrapped if typecode.isupper() or wrapped < 1 << (bits - 1) else wrapped - (1 << bits)

    arrays = [array(typecode, [fitted(typecode, n) for n in numbers]) for typecode, numbers in groups]
    expected = all(not len(group) or (min(group) >= 0 and max(group) < limit) for group in arrays)
    assert all_below(arrays, limit) == expected


@pytest.mark.parametrize("bad", [-1, 154_258, 154_259, 1 << 24, (1 << 31) - 1, -(1 << 31)])
def test_all_below_finds_one_bad_number_among_millions(bad: int) -> None:
    postings = [array("i", range(start, 154_258, 97)) for start in range(97)] * 4  # 2.5 MB of numbers
    assert all_below(postings, 154_258)
    postings[200] = array("i", [3, bad, 5])
    assert not all_below(postings, 154_258)


@pytest.mark.parametrize(("typecode", "bad"), [("h", -1), ("h", 10_001), ("h", (1 << 15) - 1), ("h", -(1 << 15)),
                                               ("H", 1 << 15), ("H", (1 << 16) - 1)])
def test_all_below_finds_one_bad_number_among_short_ones(typecode: str, bad: int) -> None:
    owners = [array(typecode, range(start, 10_001, 7)) for start in range(7)] * 80  # 1.1 MB of 2-byte numbers
    assert all_below(owners, 10_001)
    owners[300] = array(typecode, [3, bad, 5])
    assert not all_below(owners, 10_001)


@pytest.mark.parametrize(("value", "error"), [
    (["逾期", "延期"], None), ([], None),
    (("逾期",), TypeError), (["逾期", 1], TypeError), ("逾期", TypeError), (None, TypeError),
])
def test_text_list_takes_a_list_of_text_and_nothing_else(value: object, error: type[Exception] | None) -> None:
    if error is None:
        assert text_list({"name": value}, "name") == value
    else:
        with pytest.raises(error, match="name is not a list of text"):
            text_list({"name": value}, "name")


def test_text_list_of_a_missing_name_raises_key_error() -> None:
    with pytest.raises(KeyError):
        text_list({}, "name")
