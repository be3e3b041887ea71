"""Reading and writing files the assistant keeps for itself (the matcher cache) safely: without following a
symbolic link or waiting on a FIFO, with a size known before anything is read, checksummed on the way.

The folder they are in is checked by ``paths.private_folder``, the one check of every folder of the assistant's.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import time
import warnings
import zlib
from typing import IO, Any

_warned: list[str] = []


def warn_once(message: str) -> None:
    """Issue ``message`` as a ``RuntimeWarning``, the first time only."""
    if not _warned:
        _warned.append(message)
        warnings.warn(message, RuntimeWarning, stacklevel=3)


def open_regular(path: str, max_bytes: int, *, follow: bool = False) -> tuple[int, int]:
    """Open ``path`` for reading without blocking on a FIFO, and without following a symbolic link unless
    ``follow``; return the descriptor and the file's size. Raises ``OSError`` unless it is a regular file of
    at most ``max_bytes`` (the descriptor is then closed)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(f"{path}: not a regular file")
        if status.st_size > max_bytes:
            raise OSError(f"{path}: larger than {max_bytes} bytes")
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, status.st_size


def read_exactly(descriptor: int, size: int) -> bytearray:
    """Read ``size`` bytes from ``descriptor`` (no more: the buffer is allocated once, at the size the file
    had when it was checked). Raises ``OSError`` when the file turns out shorter or longer."""
    data = bytearray(size)
    view = memoryview(data)
    done = 0
    with open(descriptor, "rb", buffering=0, closefd=False) as file:
        while done < size:
            count = file.readinto(view[done:])
            if not count:
                raise OSError("the cache file shrank while it was read")
            done += count
        if file.read(1):
            raise OSError("the cache file grew while it was read")
    return data


def remove_stale(folder: str, prefix: str, age: float) -> None:
    """Remove the temporary files (``prefix*.tmp``) in ``folder`` that interrupted writes left, once ``age``
    seconds old: a younger one may be another process's write in progress."""
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as found:
        for item in found:
            if item.name.startswith(prefix) and item.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if now - item.stat(follow_symlinks=False).st_mtime > age:
                        os.unlink(item.path)


def crc_of(file: IO[bytes], size: int) -> int | None:
    """The CRC-32 of the next ``size`` bytes of ``file``, read 1 MB at a time; None if there are fewer or more."""
    crc, left = 0, size
    while left:
        chunk = file.read(min(left, 1 << 20))
        if not chunk:
            return None
        crc, left = zlib.crc32(chunk, crc), left - len(chunk)
    return None if file.read(1) else crc


class ChecksumReader(io.RawIOBase):
    """A raw reader that counts and checksums what passes through it."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file, self.crc, self.size = file, 0, 0

    def readable(self) -> bool:
        """Return True: the reader reads."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Read into ``buffer`` from the file, counting and checksumming it; return the bytes read (0 at the end)."""
        count = self._file.readinto(buffer)  # type: ignore[attr-defined]
        if count:
            self.crc = zlib.crc32(memoryview(buffer)[:count], self.crc)
            self.size += count
        return int(count or 0)


class ChecksumWriter:
    """A file-like sink that counts and checksums what is written through it before passing it on."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self.crc = 0
        self.size = 0

    def write(self, data: Any) -> int:
        """Write ``data`` on to the file, counting and checksumming it; return what the file's write returns."""
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(memoryview(data).cast("B"))
        return self._file.write(data)
