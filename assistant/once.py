"""A value made on its first need, once, even when threads ask for it together (``Once``).

The checks of a knowledge base gather their tables on the first question that needs them (topic, names, kinds,
vocabulary, ...), and OpenCC's converter is opened on the first text that needs it: what takes a while to make and
is then read by every question. A matcher is shared by threads (a server's workers), so two questions may need
a table at the same moment: it is made by one of them, and the other waits for it.

>>> made = []
>>> table = Once(lambda: made.append("gathered") or {"逾期": 3})
>>> table.made
False
>>> table.get()
{'逾期': 3}
>>> table.get() is table.get(), made
(True, ['gathered'])
"""

from __future__ import annotations

import _thread
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_NOT_YET: object = object()


class Once(Generic[T]):
    """The value ``make()`` returns, made on the first ``get`` and kept. Safe to share across threads: ``make``
    runs once, and a thread asking while another makes the value waits for it. ``make`` may itself ``get`` another
    ``Once`` (each has a lock of its own), never this one: that is a ``RuntimeError``, not a thread waiting for
    itself."""

    __slots__ = ("_lock", "_make", "_maker", "_value")

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: object = _NOT_YET
        self._lock = _thread.allocate_lock()  # threading's Lock, without importing threading
        self._maker: int | None = None  # the thread running ``make``, while it runs

    def get(self) -> T:
        """Return the value: made now by ``make`` on the first call (or the one ``set`` gave), the same object
        on every later one. Raises what ``make`` raises, and then makes it again on the next call;
        ``RuntimeError`` when ``make`` itself asks for this value."""
        value = self._value
        if value is _NOT_YET:
            if self._maker == _thread.get_ident():
                raise RuntimeError("a Once's make asked for the value it is making")
            with self._lock:
                value = self._value
                if value is _NOT_YET:
                    self._maker = _thread.get_ident()
                    try:
                        value = self._value = self._make()
                    finally:
                        self._maker = None
        return value  # type: ignore[return-value]

    def set(self, value: T) -> None:
        """Keep ``value`` as the value, made elsewhere (read back from a cache): ``make`` is not called for it."""
        with self._lock:
            self._value = value

    def forget(self) -> None:
        """Drop the value: the next ``get`` makes it again."""
        with self._lock:
            self._value = _NOT_YET

    @property
    def made(self) -> bool:
        """True once the value is there (made by a ``get``, or given by ``set``)."""
        return self._value is not _NOT_YET
