"""Writing an edited knowledge-base file (``yaml_edit.replace_file``, ``yaml_edit.editing``): the file is either
replaced whole or left byte for byte as it was, whatever fails, and two edits at once take turns."""

from __future__ import annotations

import errno
import multiprocessing
import os
from pathlib import Path

import pytest

from assistant.errors import LearnError
from assistant.yaml_edit import editing, replace_file

BEFORE = b"entries:\n  - id: a\n"
AFTER = b"entries:\n  - id: a\n  - id: b\n"


def only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_a_read_only_file_is_refused_not_replaced(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(BEFORE)
    path.chmod(mode)
    with pytest.raises(LearnError, match=r"kb\.yaml: the file is read-only .*chmod u\+w.*the file is unchanged"):
        replace_file(path, BEFORE, AFTER)
    assert path.read_bytes() == BEFORE and path.stat().st_mode & 0o777 == mode and only(tmp_path) == ["kb.yaml"]


@pytest.mark.parametrize(("failure", "raised"), [
    (OSError(errno.ENOSPC, "No space left on device"), LearnError),   # a full disk
    (OSError(errno.EIO, "Input/output error"), LearnError),
    (KeyboardInterrupt(), KeyboardInterrupt),                          # Ctrl-C in the middle of the write
], ids=["disk full", "I/O error", "Ctrl-C"])
def test_a_write_that_fails_half_way_leaves_the_file_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException, raised: type[BaseException]) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(BEFORE)

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(raised) as caught:
        replace_file(path, BEFORE, AFTER)
    if raised is LearnError:
        assert str(caught.value).endswith("; the file is unchanged") and (failure.strerror or "") in str(caught.value)
    assert path.read_bytes() == BEFORE and only(tmp_path) == ["kb.yaml"]


def test_a_file_with_another_name_is_refused_not_split_from_it(tmp_path: Path) -> None:
    # A new file would take one name: the other, a hard link beside it in a knowledge folder, would keep the old
    # text, and the folder read as two files (duplicate ids) where check had read one.
    path, other = tmp_path / "kb.yaml", tmp_path / "same.yaml"
    path.write_bytes(BEFORE)
    os.link(path, other)
    with pytest.raises(LearnError, match=r"kb\.yaml: the file has 1 other name \(a hard link\).*ln -sf.*unchanged$"):
        replace_file(path, BEFORE, AFTER)
    assert path.read_bytes() == other.read_bytes() == BEFORE and os.path.samefile(path, other)
    assert only(tmp_path) == ["kb.yaml", "same.yaml"]
    other.unlink()
    other.symlink_to(path.name)  # as the message advises: a symbolic link follows the file
    replace_file(other, BEFORE, AFTER)
    assert path.read_bytes() == other.read_bytes() == AFTER


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(AFTER)                      # someone saved it in between
    with pytest.raises(LearnError, match="changed while being edited: run the command again"):
        replace_file(path, BEFORE, BEFORE + b"  - id: c\n")
    assert path.read_bytes() == AFTER


def _append_under_lock(base: str, item: str) -> None:
    """One read-modify-write, as ``learn`` does it: lock the base, read, think a little, write what was read
    plus one line."""
    import time

    file = Path(base) if base.endswith(".yaml") else Path(base) / "kb.yaml"
    with editing(Path(base)):
        before = file.read_bytes()
        time.sleep(0.05)
        replace_file(file, before, before + f"  - id: {item}\n".encode())


@pytest.mark.skipif(os.name != "posix", reason="the lock is POSIX's flock")
@pytest.mark.parametrize("base", ["file", "folder"])
def test_edits_at_the_same_moment_take_turns_and_none_is_lost(tmp_path: Path, base: str) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(BEFORE)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_append_under_lock, args=(str(path if base == "file" else tmp_path), f"n{i}"))
               for i in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0] * 6
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sorted(lines[2:]) == sorted(f"  - id: n{i}" for i in range(6)) and only(tmp_path) == ["kb.yaml"]
