"""The matcher cache is validated completely before any of it is decoded, and never takes the assistant down.

Each test is one row of issue 15's reliability table: a damaged, foreign, linked or special cache file is a
miss and the matcher is built again; a huge knowledge file is refused before it is hashed; an interrupted
write leaves no temporary file behind. The properties: what is read back is what was written, and a file with
any byte changed is rebuilt, never trusted (even with its checksum made right again: then it is either
rebuilt or a working matcher, never an error).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import tracemalloc
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import Matcher, cache
from assistant.cache import cache_dir, cache_key, load_matcher, read_cached, write_cached
from assistant.knowledge import MAX_FILE_BYTES

QUESTIONS = ("微粒贷客服电话是多少", "逾期了会怎么样", "今天天气怎么样", "那是怎么算的")


def _replies(matcher: Matcher) -> list[tuple[str, str | None, float | None]]:
    return [(r.status, r.entry.id if r.entry else None, r.score) for r in map(matcher.reply, QUESTIONS)]


@pytest.fixture(scope="module")
def fresh() -> list[tuple[str, str | None, float | None]]:
    return _replies(Matcher())


def _cache_file() -> Path:
    (found,) = cache_dir().glob("matcher-*.bin")
    return found


def test_the_cache_folder_is_created_private() -> None:
    load_matcher()
    assert cache_dir().stat().st_mode & 0o777 == 0o700
    assert _cache_file().stat().st_mode & 0o777 == 0o600


def test_one_changed_byte_in_the_body_is_a_quick_small_rebuild(fresh: list) -> None:  # type: ignore[type-arg]
    load_matcher()
    path = _cache_file()
    data = bytearray(path.read_bytes())
    data[-len(data) // 3] ^= 0x01  # header and CRC untouched
    path.write_bytes(bytes(data))
    tracemalloc.start()
    started = time.perf_counter()
    try:
        assert read_cached(*cache_key(None)) is None
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 2 * len(data) + (1 << 20)  # the file's bytes, read once; nothing decoded
    assert _replies(load_matcher()) == fresh
    assert read_cached(*cache_key(None)) is not None  # rebuilt and rewritten


def test_a_fifo_in_place_of_the_cache_file_does_not_hang(fresh: list) -> None:  # type: ignore[type-arg]
    load_matcher()
    path = _cache_file()
    path.unlink()
    os.mkfifo(path)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(read_cached(*cache_key(None))), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive() and result == [None]
    assert _replies(load_matcher()) == fresh


def test_a_symlink_in_place_of_the_cache_file_is_not_followed(tmp_path: Path) -> None:
    load_matcher()
    path = _cache_file()
    elsewhere = tmp_path / "elsewhere.pickle"
    path.rename(elsewhere)  # an intact cache file, for this very key, but reached through a link
    path.symlink_to(elsewhere)
    assert read_cached(*cache_key(None)) is None


@pytest.mark.parametrize("mode", [0o777, 0o703])
def test_a_cache_folder_others_can_write_to_is_made_private_again(mode: int, fresh: list) -> None:  # type: ignore[type-arg]
    load_matcher()
    os.chmod(cache_dir(), mode)
    assert read_cached(*cache_key(None)) is not None  # the file itself is still checked: owner, no link
    assert cache_dir().stat().st_mode & 0o777 == 0o700
    assert _replies(load_matcher()) == fresh


def test_a_cache_folder_that_is_a_link_is_refused_with_one_warning_at_most(tmp_path: Path, fresh: list) -> None:  # type: ignore[type-arg]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_dir().parent.mkdir(parents=True, exist_ok=True)
    cache_dir().symlink_to(elsewhere)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _replies(load_matcher()) == fresh
        assert _replies(load_matcher()) == fresh
        assert not write_cached("x", "0" * 64, Matcher())
    assert len(caught) <= 1
    assert not list(elsewhere.iterdir())


def test_a_cache_file_others_can_write_is_refused() -> None:
    load_matcher()
    os.chmod(_cache_file(), 0o666)
    assert read_cached(*cache_key(None)) is None


def test_a_valid_checksum_over_inconsistent_tables_is_a_miss_not_a_query_time_error(fresh: list) -> None:  # type: ignore[type-arg]
    matcher = Matcher()
    assert matcher.consistent()
    slot, key = cache_key(None)
    # Tables that disagree (a phrasing's owner out of range), written with a correct header and checksum
    matcher.index.owner[0] = len(matcher.knowledge.entries) + 5
    assert not matcher.consistent()
    assert write_cached(slot, key, matcher)
    assert read_cached(slot, key) is None
    assert _replies(load_matcher()) == fresh


def test_a_knowledge_file_over_the_size_limit_is_not_hashed(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as file:  # sparse: takes no disk, reads as zeros
        file.truncate(MAX_FILE_BYTES + 1)
    started = time.perf_counter()
    with pytest.raises(OSError):
        cache_key(huge)
    assert time.perf_counter() - started < 1.0


def test_a_fifo_named_yaml_is_not_read_for_the_cache_key(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.yaml")
    result: list[object] = []

    def key() -> None:
        try:
            result.append(cache_key(tmp_path / "a.yaml"))
        except OSError as error:
            result.append(error)

    worker = threading.Thread(target=key, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive() and isinstance(result[0], OSError)


def test_an_interrupted_write_leaves_no_temporary_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(sink: object, data: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache, "write_plain", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_cached("x", "0" * 64, Matcher())
    assert not list(cache_dir().glob("*.tmp"))


def test_stale_temporary_files_are_removed_by_the_next_write() -> None:
    cache_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
    stale, recent = cache_dir() / ".matcher-old.tmp", cache_dir() / ".matcher-new.tmp"
    stale.write_bytes(b"x" * 1000)
    recent.write_bytes(b"x")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    assert write_cached("x", "0" * 64, Matcher())
    assert not stale.exists()
    assert recent.exists()  # another process may be writing it right now


def test_a_cache_file_of_an_earlier_version_is_replaced_not_left_behind() -> None:
    slot, key = cache_key(None)
    cache_dir().mkdir(mode=0o700, parents=True)
    old = cache_dir() / f"matcher-{slot}.pickle"
    old.write_bytes(b"a pickled matcher")
    load_matcher()
    assert not old.exists()
    assert read_cached(slot, key) is not None


@pytest.mark.parametrize("name", ["data/words.tsv", "data/pinyin.tsv", "matching/salience.py"])
def test_a_changed_data_table_or_module_of_the_package_is_a_miss(name: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # The general dictionary too: the words the salience check gathers, stored in the cache, are cut with it.
    package = tmp_path / "assistant"
    shutil.copytree(Path(cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "package_folder", lambda: str(package))
    before = cache_key(None)
    with open(package / name, "a", encoding="utf-8") as file:
        file.write("\n")
    assert cache_key(None)[0] == before[0] and cache_key(None)[1] != before[1]


@pytest.fixture
def written(fresh: list) -> tuple[Path, bytes]:  # type: ignore[type-arg]
    """The bundled base's cache file, freshly written, and its bytes."""
    load_matcher()
    path = _cache_file()
    return path, path.read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.floats(0, 1, exclude_max=True), change=st.integers(1, 255))
def test_any_byte_changed_anywhere_is_a_miss(written: tuple[Path, bytes], place: float, change: int) -> None:
    path, data = written
    damaged = bytearray(data)
    damaged[int(place * len(data))] ^= change
    path.write_bytes(bytes(damaged))
    assert read_cached(*cache_key(None)) is None
    path.write_bytes(data)
    assert read_cached(*cache_key(None)) is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.floats(0, 1, exclude_max=True), change=st.integers(1, 255))
def test_a_changed_body_with_its_checksum_made_right_is_rebuilt_or_works(
        written: tuple[Path, bytes], fresh: list, place: float, change: int) -> None:  # type: ignore[type-arg]
    import zlib

    path, data = written
    head = len(cache._MAGIC) + cache._HEADER_BYTES
    body = bytearray(data[head:])
    body[int(place * len(body))] ^= change
    slot, key = cache_key(None)
    header = f"{key}{len(body):016x}{zlib.crc32(body):08x}\n".encode("ascii")
    path.write_bytes(cache._MAGIC + header + bytes(body))
    matcher = read_cached(slot, key)
    if matcher is not None:  # a same-user file may say anything that still makes a consistent index
        assert matcher.consistent()
        for question in QUESTIONS:
            matcher.reply(question)
            matcher.search(question)
    assert _replies(load_matcher(use_cache=False)) == fresh
