"""Regenerate ``assistant/data/pinyin.tsv`` from pypinyin's character dictionary.

The matcher needs only the toneless syllable of each Chinese character, so that a homophone typo (预期 for
逾期) compares equal. Importing pypinyin costs ~180 ms, more than the whole ``assistant ask`` budget, so
the table is built once here and shipped with the package (~60 kB). Run with pypinyin installed::

    python tools/build_pinyin_table.py
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

from pypinyin.pinyin_dict import pinyin_dict  # type: ignore[import-untyped]

RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)]
OUT = Path(__file__).resolve().parent.parent / "assistant" / "data" / "pinyin.tsv"


def toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ü", "v")


def main() -> None:
    by_syllable: dict[str, list[str]] = defaultdict(list)
    for low, high in RANGES:
        for code in range(low, high + 1):
            readings = pinyin_dict.get(code)
            if readings:
                first = toneless(readings.split(",")[0])
                by_syllable[unicodedata.normalize("NFC", first)].append(chr(code))
    lines = [f"{syllable}\t{''.join(chars)}" for syllable, chars in sorted(by_syllable.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(lines)} syllables, {sum(map(len, by_syllable.values()))} characters")


if __name__ == "__main__":
    main()
