"""Regenerate ``assistant/data/words.tsv`` from jieba's dictionary (``jieba/dict.txt``, MIT licence).

The general dictionary (``assistant/matching/words.py``, read by the salience check and the follow-up reading)
needs a general-corpus prior: how common a word is in Chinese at large and whether it names a thing (a noun)
or not. jieba ships ~349,000 words with corpus frequencies and part-of-speech tags, but it is not a dependency
of the package (its import and first cut cost ~0.7 s), so the part read is built once here and shipped
(~0.8 MB). Kept: every single character, and words of 2–4 characters seen at least ``MIN_FREQUENCY`` times (a
rarer word is read as its characters, like a name the dictionary does not know). Run with jieba installed::

    pip install jieba==0.42.1 && python tools/build_word_table.py

The file, two lines: ``total<TAB>N`` (the corpus size); then the words in code-point order, each followed by
one character whose code point less 32 is 8 × COST + 4 × NAME + 2 × FUNCTION + NOUN, separated by spaces (with
one before the first and one after the last): COST is round(4 · −ln(frequency / N)), NAME 1 for a proper
noun's tag (``NAME_TAGS``), FUNCTION 1 for a function word's (``FUNCTION_TAGS``), NOUN 1 for a common
noun's. Reading it splits nothing: a word is found by bisection in the line itself.
"""

from __future__ import annotations

import math
from pathlib import Path

import jieba  # type: ignore[import-untyped]

MIN_FREQUENCY = 20
NOUN_TAGS = {"n", "ng"}
"""Common nouns."""
NAME_TAGS = {"nr", "nrt", "nrfg", "nrf", "ns", "nt", "nz", "j", "eng"}
"""Names of people, places and organisations, other proper nouns, abbreviations."""
FUNCTION_TAGS = {"u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o", "p", "c", "r", "rr", "rz", "rg", "d", "dg",
                 "m", "mq", "q", "f"}
"""Particles, interjections, prepositions, conjunctions, pronouns, adverbs, numerals, measure words and
localizers: characters that are never part of a name."""
PARTICLES = {"啊", "哦", "哟"}
"""Sentence-final particles that jieba tags as morphemes (``zg``, with 车 and 度): function words all the same,
so that 被砍啊 or 找谁弄啊 is never read as a name (砍啊)."""
OUT = Path(__file__).resolve().parent.parent / "assistant" / "data" / "words.tsv"


def main() -> None:
    source = Path(jieba.__file__).parent / "dict.txt"
    rows = [line.split() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = sum(int(frequency) for _, frequency, _ in rows)
    codes: dict[str, int] = {}
    for word, frequency, tag in rows:
        count = int(frequency)
        if " " not in word and (len(word) == 1 or (2 <= len(word) <= 4 and count >= MIN_FREQUENCY)):
            cost = round(4 * -math.log(max(count, 1) / total))
            function = tag in FUNCTION_TAGS or word in PARTICLES
            code = 8 * cost + 4 * (tag in NAME_TAGS) + 2 * function + (tag in NOUN_TAGS)
            codes[word] = min(codes.get(word, code), code)
    words = sorted(codes)
    text = f"total\t{total}\n {' '.join(word + chr(32 + codes[word]) for word in words)} \n"
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
