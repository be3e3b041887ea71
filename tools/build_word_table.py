"""Regenerate ``assistant/data/words.tsv`` from jieba's dictionary (``jieba/dict.txt``, MIT licence).

The salience check (``assistant/matching/salience.py``) needs a general-corpus prior: how common a word is
in Chinese at large and whether it names a thing (a noun) or not. jieba ships ~349,000 words with corpus
frequencies and part-of-speech tags, but it is not a dependency of the package (its import and first cut cost
~0.7 s), so the part the check reads is built once here and shipped (~0.4 MB). Kept: every single character,
and words of 2–4 characters seen at least ``MIN_FREQUENCY`` times (a rarer word is read as its characters,
like a name the dictionary does not know). Run with jieba installed::

    pip install jieba==0.42.1 && python tools/build_word_table.py

The file: a first line ``total<TAB>N`` (the corpus size), then lines ``COST<TAB>CLASS<TAB>word word …``: COST
is round(4 · −ln(frequency / N)), CLASS ``n`` for a noun-like tag (nouns, names of people, places and
organisations, abbreviations, other proper nouns) and ``-`` for the rest.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import jieba  # type: ignore[import-untyped]

MIN_FREQUENCY = 20
NOUN_TAGS = {"n", "nr", "nrt", "nrfg", "nrf", "ns", "nt", "nz", "ng", "j", "eng"}
OUT = Path(__file__).resolve().parent.parent / "assistant" / "data" / "words.tsv"


def main() -> None:
    source = Path(jieba.__file__).parent / "dict.txt"
    rows = [line.split() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = sum(int(frequency) for _, frequency, _ in rows)
    groups: dict[tuple[int, str], list[str]] = defaultdict(list)
    for word, frequency, tag in rows:
        count = int(frequency)
        if len(word) == 1 or (2 <= len(word) <= 4 and count >= MIN_FREQUENCY):
            cost = round(4 * -math.log(max(count, 1) / total))
            groups[cost, "n" if tag in NOUN_TAGS else "-"].append(word)
    lines = [f"total\t{total}"]
    lines += [f"{cost}\t{kind}\t{' '.join(sorted(words))}" for (cost, kind), words in sorted(groups.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {sum(map(len, groups.values()))} words")


if __name__ == "__main__":
    main()
