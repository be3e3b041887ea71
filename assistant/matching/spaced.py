"""Words of a base written in a spaced script (English): how salience (``salience``) cuts and compares them, there
being no general corpus of such a language to weigh them by."""

from __future__ import annotations

from ..lazy_regex import LazyPattern

SHORT_WORDS = 8
"""Of a base in a spaced script (English), questions of up to this many words are checked."""

SPACED_WORD = LazyPattern(r"[^\W_](?:[^\W_]|')*")
"""A word of a spaced script: letters and digits, with apostrophes inside (don't)."""

SPACED_WEIGHT = 12.0
"""The weight of a word of a spaced script that the base never holds, not a function word: as much as a
name, for there is no general corpus of such a language to weigh it by."""

_FUNCTION_WORDS = """
a about above after again against all also am an and any are around as at be been before being below between
both but by can could did do does doing done down during each either else ever every few for from further get
gets getting got had has have having he her here hers him his how however i if in into is it its just let like
may me might more most much must my near need no nor not now of off often on once one only or other our ours
out over own please really same shall she should so some still such than that the their theirs them then there
these they this those through to today tomorrow too under until up upon us very via want was way we well were
what when where whether which while who whom whose why will with within without would yes yet you your yours
tell know think thing things something anything thanks thank hi hello hey ok okay
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
"""English words that change how a question is put, not what it is about (pronouns, determiners, prepositions,
auxiliaries, conjunctions, question words, the most general verbs and adverbs): a general-language list."""


def spaced_words(text: str) -> list[str]:
    """The words of ``text`` in a spaced script, lower-cased."""
    return SPACED_WORD.findall(text.lower())


def stem(word: str) -> str:
    """``word`` without a plural or verb ending, so that umbrella and umbrellas, open and opening meet."""
    for ending in ("'s", "ies", "es", "s", "ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[:-len(ending)] + ("y" if ending == "ies" else "")
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word

