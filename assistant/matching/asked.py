"""Asked: whether a question asks for something the entry never gives.

A question about one of the base's topics may ask what the entry about it does not say: how many times
(微粒贷延期可以申请几次, of the entry on how to apply for an extension), after how long (逾期几天会上征信, of the
entry on whether being late is reported; 逾期记录要过几年才能消除), whether a thing can be changed (还款日能改吗,
of the entry on where to find the due date), or why (为什么我的微信里没有微粒贷入口, of the entry naming the
official account). Every score says "answer", for the question holds the entry's words and one or two more that
the base holds elsewhere. The entry's answer would not be wrong, only beside the point; the decision does not
give it with confidence (it goes on to a "您是不是想问…" list or the fallback, as for a displaced topic).

What a question asks for is read from a closed class of words, not from the base:

* a count of times (几次, 多少次, 几回) or a duration (多久, 多长时间, 几天, 多少年, 几个月 …): a count asked with
  几 or 多少 only when no other question word asks (逾期几天会上征信吗 asks whether being a few days late is
  reported; 逾期了几天会怎么样 what follows); 多久 and 多长时间 always ask;
* a change (能改吗, 怎么修改, 可以换成, 调整, 变更), or an end (注销, 关闭, 解绑);
* a reason (为什么, 为啥, 怎么会).

The entry gives it when one of its phrasings asks the same (its author declared it answers that: 还清欠款后额度多久能
恢复, though its answer says the documents do not tell), or its answer names a number of that unit (最长允许延期6个月,
分12期到40期), for a change a change word (改为, 调整), for a reason a reason or a purpose (因为, 根据, 用来). A
base without answers worth reading (a large one, ``index.EXACT_FROM`` phrasings) is read by its phrasings only.

(On the pooled held-out folds of ``tools/crossval.py``: out of scope held back 93.9% → 96.4%, no right answer
lost there, on questions-b or ``benchmarks/plainfaq.py``. Asking for an amount of money, 多少钱, was left out:
an entry telling where to see it, 逾期多少天、罚了多少钱在哪能看到, answers it without a number.)

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> asked = Asked(matcher.index)
>>> asked.unanswered(matcher.normalize("微粒贷延期可以申请几次"), matcher.entry("extension-how"))
True
>>> asked.unanswered(matcher.normalize("延期最长能延几个月"), matcher.entry("extension-max"))
False
"""

from __future__ import annotations

import re

from ..models import Entry
from .index import Index

TIME_UNITS = "天|日|年|个月|月|周|星期|小时|分钟"
"""Units of a duration, as a question counts it (几天, 多少个月) and an answer gives it (4天, 6个月)."""

TIMES_UNITS = "次|回|遍"
"""Units of a count of times."""

_ASKED_COUNT = re.compile(rf"(?<![这那前后头好])(?:几|多少)个?(?:({TIMES_UNITS})|({TIME_UNITS}))")
_ASKED_DURATION = re.compile(r"(?<![没不])多久|多长时间|多长的时间")
_GIVEN_TIMES = re.compile(rf"\d+(?:{TIMES_UNITS})|几次|多少次|(?:每|一)(?:{TIMES_UNITS})")
# Instalments are monthly: 分12期到40期 says how many months.
_GIVEN_DURATION = re.compile(rf"\d+(?:{TIME_UNITS}|期)|多久|多长时间|(?:几|多少)(?:{TIME_UNITS})")
_ASKED_PERIODS = re.compile(r"(?:几|多少)期")

CHANGE = re.compile(r"修改|更改|改成|改为|改到|改掉|改一|改下|能改|可以改|怎么改|改吗|改不|调整|变更"
                    r"|更换|换成|换一|换个|换掉|能换|可以换|怎么换|换吗|换不|注销|销户|关闭|关掉|取消|解绑|停用")
"""How a question asks whether or how a thing can be changed or ended (注销, 关闭, 解绑), and how an answer says it
can."""

ASKED_REASON = re.compile(r"为什么|为啥|为何|怎么会|什么原因|啥原因|怎么回事")
"""How a question asks why."""

GIVEN_REASON = re.compile(r"为什么|为啥|为何|怎么会|怎么回事|因为|由于|原因|根据|所以|因此|因而|导致"
                          r"|用来|用于|为了|以便|以免|有助于|好处")
"""How an answer gives a reason or a purpose (用来应对…), or a phrasing asks for one. A cause or a result is a reason
too: 申请延期还款会导致贷款利率上升 answers 为什么延期会多付利息."""

OTHER_QUESTION = re.compile(r"吗|怎|什么|啥|哪|是否|为何|为什么|可不可以|呢$|了$|(.)[不没]\1")
"""Question words besides a count (吗, 怎么, A不A: 会不会, 算不算), or a final 了 telling what happened: with one,
几 and 多少 say "a few" (逾期几天会上征信吗, 密码输错几次锁了)."""


def asks(text: str) -> frozenset[str]:
    """What normalized ``text`` asks for, of ``"times"``, ``"duration"``, ``"change"`` and ``"reason"``; empty
    when it asks none of them."""
    found: set[str] = set()
    if _ASKED_DURATION.search(text):
        found.add("duration")
    counts = _ASKED_COUNT.findall(text)
    if counts and not OTHER_QUESTION.search(text):
        found.update("times" if times else "duration" for times, _ in counts)
    if CHANGE.search(text):
        found.add("change")
    if ASKED_REASON.search(text):
        found.add("reason")
    return frozenset(found)


def gives(texts: tuple[str, ...]) -> frozenset[str]:
    """What normalized ``texts`` (an entry's phrasings and answer) ask or give, of ``"times"``, ``"duration"``,
    ``"change"`` and ``"reason"``."""
    found: set[str] = set()
    for text in texts:
        if _GIVEN_TIMES.search(text):
            found.add("times")
        if _GIVEN_DURATION.search(text):
            found.add("duration")
        if CHANGE.search(text):
            found.add("change")
        if GIVEN_REASON.search(text):
            found.add("reason")
    return frozenset(found)


def phrasing_answers(asked: frozenset[str], phrasing: str) -> bool:
    """True when normalized ``phrasing`` asks or gives all that ``asked`` (of ``asks``) holds: 延期还款最长能延多久
    a duration, and so does 分期还款最多能分多少期 (instalments are monthly); 延期还款要签什么协议 none."""
    given = gives((phrasing,)) | ({"duration"} if _ASKED_PERIODS.search(phrasing) else frozenset())
    return asked <= given


class Asked:
    """The asked check for one knowledge base (see the module's docstring): what each entry gives, gathered on
    the first question about it. Safe to share across threads (two threads gathering one entry find the same)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._given: dict[str, frozenset[str]] = {}

    def unanswered(self, text: str, entry: Entry) -> bool:
        """True when normalized ``text`` asks for a count of times, a duration, a change or a reason that ``entry`` (its
        phrasings, and its answer in a small base) never asks nor gives. Never raises for any text."""
        asked = asks(text)
        if not asked:
            return False
        given = self._given.get(entry.id)
        if given is None:
            texts = entry.phrasings if self.index.exact else (*entry.phrasings, entry.answer)
            given = self._given[entry.id] = gives(tuple(map(self.index.normalize, texts)))
        return not asked <= given
