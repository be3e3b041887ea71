"""Regenerate ``assistant/data/t2s.txt``: characters without which OpenCC's traditional → simplified conversion
changes nothing.

Opening OpenCC's t2s converter takes ~4 ms, a tenth of an ``assistant ask``, and a question typed in simplified
characters does not need it: ``assistant.normalize`` converts only text holding one of the listed characters.
The conversion replaces a stretch of text only where it is a key of its dictionaries (a character or a phrase)
mapped to something else, so it is enough to list one character of each such key: the key itself when it is
one character, else a character of the phrase that is converted alone (most are), else one shared by as many of
the remaining phrases as possible (沈 for 沈思 and 深沈). Text holding none of them holds no such key whole, and
comes back unchanged.

The file's first line is the OpenCC version the list was made from (the package uses the list only with that
version installed, and converts every text otherwise); the second holds the characters, in code point order.
The dictionaries are read with the ``opencc_dict`` tool shipped in the opencc wheel, and the list is checked
against the converter itself on every code point and on random text. Run after upgrading OpenCC::

    python tools/build_t2s_table.py
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import opencc

OUT = Path(__file__).resolve().parent.parent / "assistant" / "data" / "t2s.txt"
PACKAGE = Path(opencc.__file__).resolve().parent
SHARE = PACKAGE / "clib" / "share" / "opencc"
DICT_TOOL = PACKAGE / "clib" / "bin" / "opencc_dict"
RANDOM_TEXTS = 200_000


def dictionary_files(config: Any) -> Iterator[str]:
    """Yield every dictionary file a converter configuration names, at any depth."""
    if isinstance(config, dict):
        for key, value in config.items():
            if key == "file" and isinstance(value, str):
                yield value
            else:
                yield from dictionary_files(value)
    elif isinstance(config, list):
        for item in config:
            yield from dictionary_files(item)


def dictionary_entries(file: str, scratch: Path) -> Iterator[tuple[str, list[str]]]:
    """Yield each (key, candidates) of one dictionary, converted to text by ``opencc_dict``."""
    source = SHARE / file
    if source.suffix != ".ocd2":
        sys.exit(f"{source}: only .ocd2 dictionaries are supported")
    text = scratch / (source.stem + ".txt")
    subprocess.run([str(DICT_TOOL), "-i", str(source), "-o", str(text), "-f", "ocd2", "-t", "text"], check=True,
                   capture_output=True)
    for line in text.read_text(encoding="utf-8").splitlines():
        key, _, candidates = line.partition("\t")
        yield key, candidates.split(" ")


def t2s_entries() -> list[tuple[str, list[str]]]:
    """Return every (key, candidates) of the dictionaries the t2s configuration uses."""
    config = json.loads((SHARE / "t2s.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        return [entry for file in sorted(set(dictionary_files(config)))
                for entry in dictionary_entries(file, Path(scratch))]


def listed_characters(entries: list[tuple[str, list[str]]]) -> set[str]:
    """Return one character of every key that the conversion changes (it writes a key's first candidate)."""
    changed = [key for key, candidates in entries if candidates[0] != key]
    listed = {key for key in changed if len(key) == 1}
    uncovered = [key for key in changed if listed.isdisjoint(key)]
    while uncovered:
        counts = Counter(char for key in uncovered for char in set(key))
        best = min(counts, key=lambda char: (-counts[char], char))
        listed.add(best)
        uncovered = [key for key in uncovered if best not in key]
    return listed


def check(listed: set[str], entries: list[tuple[str, list[str]]]) -> None:
    """Exit with an error unless the converter leaves text without a listed character as it is: every character
    alone, every dictionary key less its listed characters, and random text of the dictionaries' characters."""
    converter = opencc.OpenCC("t2s")

    def unchanged(text: str) -> None:
        if converter.convert(text) != text:
            sys.exit(f"{text!r} is changed by t2s though it holds no listed character: the list is incomplete")

    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF and chr(code) not in listed:
            unchanged(chr(code))
    for key, _candidates in entries:
        unchanged("".join(char for char in key if char not in listed))
    seen = {char for key, candidates in entries for char in key + "".join(candidates)}
    unlisted = sorted(seen - listed) + [chr(code) for code in range(0x4E00, 0xA000) if chr(code) not in listed]
    rng = random.Random(0)
    for _ in range(RANDOM_TEXTS):
        unchanged("".join(rng.choices(unlisted, k=rng.randint(2, 12))))


def main() -> None:
    entries = t2s_entries()
    listed = listed_characters(entries)
    check(listed, entries)
    characters = "".join(sorted(listed))
    OUT.write_text(f"{opencc.__version__}\n{characters}\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(characters)} characters for OpenCC {opencc.__version__}")


if __name__ == "__main__":
    main()
