"""Distinguishing words: which of a bare list's closest entries holds the question's words its siblings lack.

A bot author's bare list (no alternates) has siblings sharing a question's frame (能送到医院吗 / 能送到学校吗 /
能送到外地吗): a question put in other words scores them close together, by the frame, and the word that differs
(医院, 学校) decides. The question's content words (``content_words``: the general dictionary's words of it but its
function words, each weighing its surprisal in the general corpus) are looked for in each close entry's question
(whole) and answer (``ANSWER_HELD``), or in part by their characters (零食 by the 食 of 食物: ``held``);
``distinguished`` names the close entry holding the most weight of those words the others hold less of, when it
holds clearly more than each of them. The decision (``decision.decide``) puts it first when it is not the best,
so the best lacking those words is not answered; it answers nothing on this account, and the scores themselves
are unchanged (an entry's score reads no other entry).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..normalize import sound_key
from ..replies import Match, Reply
from .index import Index, PerIndex, bare_entry
from .words import chinese_words, dictionary

ContentWords = list[tuple[str, float]]
"""A question's content words as sound keys, each with its surprisal (``content_words``)."""

AMONG = 5
"""How many of the best matches are weighed: the matcher scores that many exactly on a base holding a bare entry
(``scored_exactly``), so that the fast path and the full scan weigh the same ones."""

GAP = 20.0
"""How far below the best a bare entry may score and still be weighed against it by the words it holds."""

ANSWER_HELD = 0.8
"""What a content word only an entry's answer holds counts, against one its question holds."""

LEAD = 0.25
"""The share of the question's content weight by which the distinguished entry must hold more of the words that
tell the close entries apart than each other close entry does."""


def content_words(text: str) -> ContentWords:
    """The words of normalized ``text`` (its Chinese runs cut by the general dictionary) that are no function word,
    each once, as its sound key with its surprisal in the general corpus; empty for a text with none."""
    table = dictionary()
    seen: dict[str, float] = {}
    for _, word in chinese_words(text, table):
        if not table.function_word(word):
            seen.setdefault(sound_key(word), table.surprisal(word))
    return list(seen.items())


def held(word: str, question_key: str, answer_key: str) -> float:
    """How much (0–1) an entry whose question and answer have the sound keys ``question_key`` and ``answer_key``
    holds ``word`` (a sound key): 1 in its question, ``ANSWER_HELD`` in its answer alone; a word of two characters
    or more neither holds whole counts the share of its characters the question holds (or the answer, at
    ``ANSWER_HELD``)."""
    return max(_inside(word, question_key), ANSWER_HELD * _inside(word, answer_key))


def _inside(word: str, key: str) -> float:
    if word in key:
        return 1.0
    return sum(1 for char in word if char in key) / len(word) if len(word) > 1 else 0.0


def distinguished(index: Index, text: str, ranked: Sequence[Match]) -> Match | None:
    """Of the bare matches among the first ``AMONG`` of ``ranked`` scoring within ``GAP`` of the best (itself bare,
    not read through context), the one holding the most weight of the normalized question ``text``'s content
    words beyond what the close match holding least of each holds, when that is more than any other's by
    ``LEAD`` of the question's content weight; None when the best is not bare, fewer than two are close, or no
    one stands out so."""
    if not ranked or not _bare(index, ranked[0]) or ranked[0].parts.context:
        return None
    close = [m for m in ranked[:AMONG] if _bare(index, m) and m.score >= ranked[0].score - GAP]
    if len(close) < 2:
        return None
    words = content_words(text)
    total = sum(weight for _, weight in words)
    if not total:
        return None
    keys = []
    for match in close:
        owner = index.entry_index[match.id]
        keys.append((index.key(index.first_phrasing[owner]), index.answer_keys[owner]))
    holding = [[held(word, question, answer) for question, answer in keys] for word, _ in words]
    beyond = [sum(weight * (row[at] - min(row)) for (_, weight), row in zip(words, holding, strict=True)) / total
              for at in range(len(close))]
    order = sorted(range(len(close)), key=lambda at: -beyond[at])
    first, second = order[0], order[1]
    if beyond[first] - beyond[second] < LEAD:
        return None
    return close[first]


def led_by(reply: Reply, sibling: Match | None, ranked: Sequence[Match]) -> Reply:
    """The decision's ``reply`` to a question not refused, with ``sibling`` (``distinguished``: a close sibling of
    the best holding the question's content words the others lack, 能送到学校吗 for 幼儿园能送吗 beside 能送到医院吗)
    put first when it is not the best: a list led by it; the best answered turned into the list of the sibling and
    the best. It answers nothing on its own account: ``reply`` itself when ``sibling`` is None or the best, and
    when ``reply`` is the fallback or an answer of another entry than the best."""
    if sibling is None or not ranked or ranked[0] is sibling:
        return reply
    if reply.status == "none" or (reply.status == "answer" and reply.match is not ranked[0]):
        return reply
    if reply.status == "clarify":
        led = (sibling, *(match for match in reply.suggestions if match is not sibling))[:4]
        return replace(reply, match=sibling, suggestions=led)
    return Reply(reply.query, "clarify", None, sibling, suggestions=(sibling, ranked[0]), lead=reply.lead)


def _bare(index: Index, match: Match) -> bool:
    owner = index.entry_index.get(match.id)
    return owner is not None and bare_entry(index, owner)


def _scored_exactly(index: Index, _: None) -> int:
    return AMONG if any(bare_entry(index, owner) for owner in range(len(index.entries))) else 0


_SCORED_EXACTLY: PerIndex[None, int] = PerIndex(_scored_exactly)


def scored_exactly(index: Index) -> int:
    """How many of a question's best matches the rule weighs (``AMONG``), which the matcher must score exactly: 0
    for a base holding no bare entry, where it never applies (scoring one more exactly costs every question)."""
    return _SCORED_EXACTLY(index, None)
