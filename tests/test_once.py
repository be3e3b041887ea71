"""A value made on its first need (``Once``): made once and kept, even when threads ask for it together; a value
given by ``set`` is kept without making one; ``forget`` makes the next ``get`` make it again."""

from __future__ import annotations

import doctest
import threading
import time
from collections.abc import Callable

import pytest

from assistant import once
from assistant.once import Once


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(once).failed == 0


def _counting(value: object = "tables") -> tuple[Once[object], list[int]]:
    calls: list[int] = []

    def make() -> object:
        calls.append(1)
        return value

    return Once(make), calls


# (what is done before asking, the value asked, how many times it is made)
STEPS = [
    ((), "tables", 1),
    (("get",), "tables", 1),
    (("get", "get"), "tables", 1),
    (("set",), "from the cache", 0),
    (("get", "set"), "from the cache", 1),
    (("set", "forget"), "tables", 1),
    (("get", "forget"), "tables", 2),
]


@pytest.mark.parametrize(("before", "value", "made"), STEPS)
def test_a_value_is_made_on_its_first_need_only(before: tuple[str, ...], value: str, made: int) -> None:
    kept, calls = _counting()
    for step in before:
        if step == "set":
            kept.set("from the cache")
        else:
            getattr(kept, step)()
    assert kept.get() == value
    assert kept.made
    assert len(calls) == made


def test_nothing_is_made_before_it_is_asked() -> None:
    kept, calls = _counting()
    assert not kept.made
    assert calls == []


def test_a_value_that_failed_to_be_made_is_made_again_on_the_next_call() -> None:
    attempts: list[int] = []

    def make() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("not yet")
        return "tables"

    kept = Once(make)
    with pytest.raises(OSError):
        kept.get()
    assert not kept.made
    assert kept.get() == "tables"


def test_a_value_may_be_made_from_another_once() -> None:
    pairs = Once(lambda: frozenset({"逾期", "征信"}))
    characters = Once(lambda: frozenset("".join(pairs.get())))
    assert characters.get() == frozenset("逾期征信")


def test_a_value_whose_make_asks_for_it_is_an_error_not_a_thread_waiting_for_itself() -> None:
    kept: Once[object] = Once(lambda: kept.get())
    with pytest.raises(RuntimeError, match="asked for the value it is making"):
        kept.get()
    assert not kept.made


def test_threads_asking_together_get_one_value_made_once(
        run_together: Callable[[Callable[[int], object], int, float], None]) -> None:
    calls: list[int] = []

    def make() -> list[str]:
        calls.append(1)
        time.sleep(0.01)  # long enough for every other thread to ask meanwhile
        return ["tables"]

    kept = Once(make)
    threads_count = 8
    start = threading.Barrier(threads_count)
    found: list[object] = []

    def ask(_: int) -> None:
        start.wait()
        found.append(kept.get())

    run_together(ask, threads_count, 30)
    assert len(calls) == 1
    assert len(found) == threads_count
    assert all(value is found[0] for value in found)
