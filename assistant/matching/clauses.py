"""Reading a long question by the clause that asks as well as whole: a story, then what is asked.

A borrower often tells what happened before asking (我刚工作没多久，这次逾期给了我教训，…，该怎么规划). Read whole,
the story's words (逾期, 还款, 客服) pull toward every entry that shares them; read alone, the asking clause
(该怎么规划) says too little. So both are read:

* only a question of at least ``LONG`` normalized characters, made of two clauses or more, is read this way; a
  clause ends at punctuation, or at a space between two Chinese characters (never at the spaces of English);
* the asking part is the last clause holding a question word (吗, 怎么, 能不能, 多少, 哪, 够不够, a final 不,
  ？ …), from the clause that introduces it when there is one (想问问…, 请问…), extended back clause by clause
  until it holds at least ``SHORT_PART`` characters (具体怎么操作 alone names nothing), to the end; the clauses
  after the last that asks are left out when they hold fewer letters and digits than the asking part (the
  question first, then a shorter word of circumstances or a plea: …会不会把我的额度给封了 我做小生意全靠它周转
  求告知; a longer story after it may hide a question the words above miss, and the whole is read, unless the
  last clause that asks ends on a question mark: whoever marks their questions leaves none unmarked after it);
  a question whose asking part would be all of it is read whole only; a question marked with ？ before the asking
  part (能不能跟客服商量分期？要是能分的话最多能分几期) is asked too, and read as the asking part is
  (``earlier_question``): each entry then lags by the lesser of its two lags, so that the entry answering either
  question keeps its score rather than a list of both;
* the best entries the whole question scored (those a reply reads, whichever candidate strategy scored them) are
  scored again on the asking part alone, and each loses
  ``PART_WEIGHT`` times the points by which it trails the best of them there: the entry the asking part reads
  best keeps its score, the others fall behind it as far as the asking part tells them apart. The story is
  not deleted (a reading of the last clauses alone lost more long questions than it won), only outweighed
  where the asking part has something to say; the other entries are not scored again, so the asking part
  cannot bring in an entry the whole question does not support;
* the asking part is read without its words asking how to deal with something (怎么办, 怎么做, 有什么办法 …)
  when ``TOPIC_LEFT`` characters are left: they say what kind of answer is wanted, not what about, and an entry
  about dealing with the base's commonest trouble is made of them (逾期了怎么办, 逾期了有啥办法), so that read
  with them 有什么办法以后能不再逾期 or 怎么做到从来不逾期的 is read as that entry's question; each entry then
  loses ``DEALING_PART_WEIGHT`` (not ``PART_WEIGHT``) times its lag, for the whole question's reading still
  holds those words.

The two readings are joined by the lag, neither averaged (which lowers every long question's score: fewer are
answered) nor taken the better of per entry (which answers more of them wrongly).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from itertools import pairwise

from ..lazy_regex import LazyPattern
from ..normalize import is_chinese
from .candidates import features_of
from .index import Index
from .signals import Scored

LONG = 20
"""Normalized questions of at least this many characters are read by their asking part as well."""

SHORT_PART = 10
"""The asking part holds at least this many letters and digits: a shorter last clause takes the one before."""

PART_WEIGHT = 0.3
"""How much an entry's lag behind the best in the asking part's reading lowers its score (points per point)."""

DEALING_PART_WEIGHT = 0.6
"""``PART_WEIGHT`` when the asking part was read without its words asking how to deal with something: the whole
question's reading still holds them, and with the story's commonest word they make the entry about dealing with
it (逾期 of the story and 有什么办法 of 有什么办法能让我以后按时还 read as 逾期了有啥办法), so the asking part's topic
must weigh more to outweigh them."""

TOPIC_LEFT = 4
"""The asking part is read without its words asking how to deal with something when this many characters are left."""

_CLAUSE_END = LazyPattern(r"(?<=[，,。．.！!？?；;、…~～])")
_SPACES = LazyPattern(r"\s+")
# Whole question words: 么 but not 那么, 这么, 多么, 要么; 哪 not 哪怕; 几 not 几乎, 好几天, 这几天, 前几天, 几十,
# nor after 了 (晚了几天, 拖了几个月: what happened, told in passing), nor before a time and 前 (几年前, 几个月前:
# when); 多少 and 多久 not after 没 (才还清没多久). A question word followed by 都 or 也, or by one character and 都
# or 也, is "any" (什么都不懂, 怎么输都不对, 哪里都找不到, 几天都没还): told, not asked; 为什么 and 为啥 ask all the
# same.
# 呢 ends statements as often as questions (我还没还呢), and a question with 呢 has ？ or another word nearly always.
_ANY = r"(?![^\W\d_]?[都也])"
_ASKS = LazyPattern(r"吗|(?<![那这多要])么(?:(?<=为什么)|" + _ANY + r")|嘛|如何|能不能|可不可以|是不是|会不会"
                    r"|有没有|要不要|(?<!没)多少" + _ANY + r"|(?<!没)多久" + _ANY + r"|多长|哪(?!怕)" + _ANY
                    + r"|(?<![好这那前过没十了])几(?![乎十]|[个天年月周]{1,2}前)" + _ANY
                    + r"|啥(?:(?<=为啥)|" + _ANY + r")|咋" + _ANY + r"|是否|怎样|[？?]"
                    r"|([\u4e00-\u9fff])不\1|不(?=\W*$)")
# The words asking how to deal with something (怎么办, 有什么办法, 怎么做; as normalized: 咋整, 怎么处理 are 怎么办)
# say what kind of answer is wanted, not what about, and 逾期了怎么办 is made of them.
_HOW_TO_DEAL = LazyPattern(r"(?:应该|该)?(?:怎么办|怎么弄|怎么搞|怎么做|怎么应对|有什么办法|什么办法|办法)")
_INTRODUCES = LazyPattern(r"想问|请问|问一下|问问|想知道|想了解|想弄清|想搞清|想确认")
_LETTERS = LazyPattern(r"\w")
# A clause ending on a question mark: whoever marks their questions leaves none unmarked in the story after it.
_MARKED = LazyPattern(r"[？?]\s*$")


OPENING = LazyPattern(r"(?:(?:你好|您好|hello|hi|嗨|哈喽)[呀啊]?)?"
                      r"(?:请问(?:一下|下)?|麻烦(?:问(?:一下|下)?|你|您)|我?想问(?:一下|下|问)?|请教(?:一下|下)?"
                      r"|问(?:一下|下))?")
"""How a question is opened politely (请问, 你好, 麻烦问一下, 我想问一下 …), as normalized: it names nothing and
asks nothing, but scored with the rest it makes 请问逾期会怎样 read like any question of two characters more before
逾期会怎样 (车贷逾期会怎样, which the base declares out of scope)."""

OPENING_LEFT = 4
"""The characters that must be left once the opening is taken off: 你好 alone, or 你好在吗, stays small talk."""


def without_opening(text: str) -> str:
    """Return normalized ``text`` without its polite opening (``OPENING``) when at least ``OPENING_LEFT``
    characters are left; ``text`` itself otherwise."""
    opened = OPENING.match(text)
    end = opened.end() if opened is not None else 0
    return text[end:] if end and len(text) - end >= OPENING_LEFT else text


def asking_part(query: str) -> str | None:
    """The clauses of ``query`` (as typed) that ask, from the last clause holding a question word (or the clause
    introducing it, 想问问…), extended back to at least ``SHORT_PART`` letters and digits, to the end, or to that
    clause when the clauses after it hold fewer letters and digits or it ends on a question mark. None when
    ``query`` is a single clause, holds no question word, or its asking part would be all of it."""
    clauses = [clause for clause in _clauses(query) if clause.strip()]
    asking = [place for place, clause in enumerate(clauses) if _ASKS.search(clause)]
    if len(clauses) < 2 or not asking:
        return None
    first = asking[-1]
    introduced = [place for place in range(first + 1) if _INTRODUCES.search(clauses[place])]
    if introduced:
        first = introduced[-1]
    while first > 0 and _letters(clauses[first:]) < SHORT_PART:
        first -= 1
    end = asking[-1] + 1
    marked = _MARKED.search(clauses[asking[-1]]) is not None
    if ((_letters(clauses[end:]) >= _letters(clauses[first:end]) and not marked)
            or _letters(clauses[first:end]) < SHORT_PART):
        end = len(clauses)
    return "".join(clauses[first:end]) if first > 0 or end < len(clauses) else None


def earlier_question(query: str, part: str) -> str | None:
    """The question ``query`` (as typed) asks before ``part``, its asking part (``asking_part``): the last clause
    before it that asks and ends on a question mark, extended back to at least ``SHORT_PART`` letters and digits, as
    the asking part is (能不能跟客服商量分期？ of …能不能跟客服商量分期？要是能分的话最多能分几期: whoever marks a
    question asks it, whatever they ask after it). None when no clause before ``part`` is so marked."""
    at = query.rfind(part)
    if at <= 0:
        return None
    clauses = [clause for clause in _clauses(query[:at]) if clause.strip()]
    marked = [place for place, clause in enumerate(clauses) if _MARKED.search(clause) and _ASKS.search(clause)]
    if not marked:
        return None
    first, end = marked[-1], marked[-1] + 1
    while first > 0 and _letters(clauses[first:end]) < SHORT_PART:
        first -= 1
    return "".join(clauses[first:end])


def asking_clauses(part: str) -> str:
    """The clauses of ``part``, a question's asking part (``asking_part``), from the first that asks or introduces
    a question (想问问…) to the last that asks: those it took in for their length or as a tail may tell the story
    (会不会上征信啊，我下个月还要去银行办房贷); ``part`` itself when no clause of it asks."""
    clauses = [clause for clause in _clauses(part) if clause.strip()]
    asking = [place for place, clause in enumerate(clauses)
              if _ASKS.search(clause) or _INTRODUCES.search(clause)]
    return "".join(clauses[asking[0]:asking[-1] + 1]) if asking else part


def last_clause(query: str) -> str | None:
    """The last clause of ``query`` (as typed) holding a letter or digit, its ending punctuation kept; None when
    ``query`` is a single clause."""
    clauses = [clause for clause in _clauses(query) if _LETTERS.search(clause)]
    return clauses[-1] if len(clauses) > 1 else None


def _letters(clauses: list[str]) -> int:
    return len(_LETTERS.findall("".join(clauses)))


def _clauses(query: str) -> list[str]:
    # A space ends a clause only between two Chinese characters (逾期了 怎么办): English is written with spaces
    # between its words, and Chinese puts them around a Latin word or a number too (借了 5000 元, 微粒贷 App).
    ends = {0, len(query)} | {end.end() for end in _CLAUSE_END.finditer(query)}
    ends |= {space.end() for space in _SPACES.finditer(query)
             if space.start() > 0 and space.end() < len(query)
             and is_chinese(query[space.start() - 1]) and is_chinese(query[space.end()])}
    places = sorted(ends)
    return [query[start:end] for start, end in pairwise(places)]


def read_asking_part(part: str, scored: dict[int, Scored], index: Index, *, keep: int, floor: float,
                     after: Callable[[int], bool] | None = None, earlier: str = "") -> None:
    """Lower, in ``scored`` (a long question's scores), each real entry by ``PART_WEIGHT`` times the points it
    trails the best of them by when normalized ``part``, the question's asking part, is read alone; with
    ``earlier``, a question it marks before (``earlier_question``, normalized), by the lesser of its lags in the two.

    Read on the asking part: the best ``keep`` real entries scoring at least ``floor`` (those ``after`` tells
    ranked after all others coming last, as ``ranking.rank`` puts them), the ones every candidate strategy
    scores alike, so that the reply does not depend on the strategy. Any other real entry, or one sharing no term
    with ``part``, trails by the best's whole score (it cannot pass one that was read). Small talk is left as it
    is."""
    real = [owner for owner in scored if not index.entries[owner].smalltalk]
    read = heapq.nlargest(keep, (owner for owner in real if scored[owner].score >= floor),
                          key=lambda owner: (after is None or not after(owner), scored[owner].score, -owner))
    if not read:
        return
    lags = [_lags(asked, read, real, index) for asked in (part, earlier) if asked]
    for owner in real:
        scored[owner].score -= min(lag[owner] for lag in lags)


def _lags(part: str, read: list[int], real: list[int], index: Index) -> dict[int, float]:
    # What each of ``real`` loses by the points it trails the best of ``read`` when normalized ``part`` is read
    # alone (``read_asking_part``).
    topic = _HOW_TO_DEAL.sub("", part)
    lowered = PART_WEIGHT
    if len(topic) >= TOPIC_LEFT:
        lowered = DEALING_PART_WEIGHT if topic != part else PART_WEIGHT
        part = topic
    key, part_terms, weight, length = index.query(part)
    alone = {owner: features.scored().score
             for owner, features in features_of(index, part, read, -1, -1, None, key, part_terms, weight,
                                                length).items()}
    best = max(alone.values(), default=0.0)
    return {owner: lowered * (best - alone.get(owner, 0.0)) for owner in real}
