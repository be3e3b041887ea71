"""A word asked alone: which entries such a question does not settle on.

A question that is one word of the general dictionary and nothing else (分期, 今天) says what it is about, not what
it asks of it. An entry answers it with confidence only when its closest phrasing writes the word, and no other
entry close behind writes it there too:

- an entry whose closest phrasing does not write the word, though another of its phrasings does (今天 of
  逾期4天要紧吗, found through 今天才发现 in passing and the sounds of 紧 and 天), was reached by what the word
  sounds like, not by what the entry is about: the follow-up's shape (今天呢) is read so already
  (``context.what_about``);
- when the word is the topic of the runner-up as of the best (分期: most phrasings of both 分期还款最多能分多少期
  and 逾期后怎么申请分期还款 hold it), the lead comes from what else their phrasings say, which the question does
  not: it is offered with the runner-up. (A word the runner-up only names, 违约金 of 延期期间还会产生罚息和违约金吗,
  leaves the best settled.)

Only entries with alternates: a bare list's entry has one phrasing, which is the closest (its siblings are told
apart by ``decision``'s ``bare_margin``).

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> word_alone(matcher.normalize("分期")), word_alone(matcher.normalize("分期怎么申请"))
('分期', '')
"""

from __future__ import annotations

from collections.abc import Sequence

from ..normalize import is_chinese, sound_key
from ..replies import Match
from .context import writes
from .index import Index
from .words import LONGEST_WORD, dictionary


def word_alone(text: str) -> str:
    """``text`` (normalized) when it is one word of two characters or more of the general dictionary (up to
    ``words.LONGEST_WORD``), and not a particle, pronoun or the like (多久): a question saying only what it is
    about. Empty otherwise."""
    if not 2 <= len(text) <= LONGEST_WORD or not all(map(is_chinese, text)):
        return ""  # (longer than any word of the dictionary: not read, as most questions need not)
    words = dictionary()
    return text if words.segment(text) == [text] and not words.function_word(text) else ""


def unsettled(word: str, ranked: Sequence[Match], index: Index, cores: Sequence[frozenset[str]],
              suggest: float, *, followed: bool = False) -> set[str]:
    """The ids of the entries of ``ranked`` (best first) that ``word``, asked alone (``word_alone``), does not
    settle on (the module's docstring): each one with alternates whose closest phrasing does not write the word
    while another of its phrasings does (unless the question ``followed`` an answer, as ``context.what_about``'s
    thing is read only without one); and the best, when the word is the topic of both it and the runner-up
    (scoring ``suggest`` or more, with alternates): its pairs of sound keys are among the ``cores`` (per entry, the
    pairs most of its phrasings hold: ``topic.Topics.tables``) of both. An entry read with the previous question
    (a follow-up, ``ScoreParts.context``) is settled by it. Empty for an empty ``word``."""
    if not word:
        return set()
    found = set() if followed else {
        m.id for m in ranked if m.entry.alternates and not writes(word, index.normalize(m.matched))
        and any(writes(word, text) for text in index.phrasing_texts(index.entry_index[m.id]))}
    real = [m for m in ranked if not m.entry.smalltalk]
    key = sound_key(word)
    pairs = {key[i:i + 2] for i in range(len(key) - 1)}
    if (len(real) > 1 and not real[0].parts.context and real[1].score >= suggest
            and all(m.entry.alternates and pairs <= cores[index.entry_index[m.id]] for m in real[:2])):
        found.add(real[0].id)
    return found
