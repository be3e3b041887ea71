"""Postings: for each term, the phrasings holding it, all terms' in one array.

One array of numbers and one of where each term's start, rather than an array per term: a large base has tens of
thousands of terms, and an array object each took megabytes, and most of the time of reading the index back
from the cache (one object made per term). A term's postings are read as a ``memoryview`` of the array: a
read-only sequence of ints (indexing, slicing, iterating, ``bisect``, ``numpy.frombuffer``), made on demand.

>>> postings = Postings.from_lists({"逾": [0, 3], "期": [3]})
>>> list(postings["逾"]), len(postings["期"]), postings.get("还") is None
([0, 3], 1, True)
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, KeysView, Mapping
from itertools import pairwise
from typing import TypeVar

from ..plain_data import all_below

_Source = TypeVar("_Source", memoryview, "array[int]")
"""What postings are cut from: the numbers themselves (copied out) or a view of them."""


class Postings(Mapping[str, memoryview]):
    """Each term's postings: term number k's (``number[term]``) are ``numbers[starts[k]:starts[k + 1]]``, the
    terms numbered in order from 0. Read-only once made: share it."""

    __slots__ = ("_view", "number", "numbers", "starts")

    def __init__(self, number: dict[str, int], starts: array[int], numbers: array[int]) -> None:
        self.number = number
        self.starts = starts
        self.numbers = numbers
        self._view = memoryview(numbers)

    @classmethod
    def from_lists(cls, lists: dict[str, array[int]] | dict[str, list[int]]) -> Postings:
        """Return the postings of ``lists`` (a term to its phrasings), in its order. Empties ``lists`` as it
        goes, so that the numbers are not held twice."""
        numbers = array("i")
        starts = array("q", [0])
        number: dict[str, int] = {}
        for place, term in enumerate(list(lists)):
            numbers.extend(lists.pop(term))
            starts.append(len(numbers))
            number[term] = place
        return cls(number, starts, numbers)

    def __getitem__(self, term: str) -> memoryview:
        place = self.number[term]
        return self._view[self.starts[place]:self.starts[place + 1]]

    def get(self, term: str, default: memoryview | None = None) -> memoryview | None:  # type: ignore[override]
        """The postings of ``term``, or ``default`` when no phrasing holds it (None unless one is given)."""
        place = self.number.get(term)
        if place is None:
            return default
        return self._view[self.starts[place]:self.starts[place + 1]]

    def of(self, terms: Iterable[str]) -> dict[str, memoryview]:
        """The postings of those of ``terms`` some phrasing holds, by term (in the order of ``terms``): one call
        per question rather than one per term."""
        return self._cut(terms, self._view)

    def copies_of(self, terms: Iterable[str]) -> dict[str, array[int]]:
        """What ``of`` returns, each term's postings copied out as an array: iterated over whole (as a small
        base's pre-selection adds up every posting of its question's terms) an array yields its numbers in about
        half the time a memoryview takes, which pays for the copy."""
        return self._cut(terms, self.numbers)

    def _cut(self, terms: Iterable[str], source: _Source) -> dict[str, _Source]:
        number, starts = self.number, self.starts
        found = {}
        for term in terms:
            place = number.get(term)
            if place is not None:
                found[term] = source[starts[place]:starts[place + 1]]
        return found

    def __contains__(self, term: object) -> bool:
        return term in self.number

    def __iter__(self) -> Iterator[str]:
        return iter(self.number)

    def __len__(self) -> int:
        return len(self.number)

    def keys(self) -> KeysView[str]:
        """The terms, in order (a dict's keys view: compares with another's as a set)."""
        return self.number.keys()

    def consistent(self, limit: int) -> bool:
        """True when the terms are numbered 0, 1, … in order, their ranges cover the numbers in order, and every
        number is at least 0 and below ``limit``."""
        starts = self.starts
        return (type(self.numbers) is array and self.numbers.typecode == "i"
                and len(starts) == len(self.number) + 1 and starts[0] == 0 and starts[-1] == len(self.numbers)
                and all(a <= b for a, b in pairwise(starts))
                and list(self.number.values()) == list(range(len(self.number)))
                and all_below((self.numbers,), limit))

