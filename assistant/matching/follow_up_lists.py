"""Follow-up lists: the list a follow-up gets, kept to the previous question's subject.

A follow-up asking nothing but how long, how often or why (``asks_only``: 需要多长时间, 要多久, 几) has no subject
but the previous question's: the "您是不是想问…" list it gets offers only the entries related to the previous one
(``kept_to_subject``: 需要多长时间 after 逾期后怎么申请分期还款 is not 公众号绑定要多久), or the previous one itself
(``follow_up_subject.on_subject``). A question getting the fallback read after the previous one, but a list alone,
keeps that list (``list_kept``: 還款日能改嗎 after 逾期了该怎么办), kept to the subject as well when it asks nothing
but how long (那要多久 after 逾期了怎么办 is not 公众号绑定要多久), unless none of the list is on that subject.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> asks_only(matcher.normalize("需要多长时间")), asks_only(matcher.normalize("额度多久恢复"))
(True, False)
"""

from __future__ import annotations

from dataclasses import replace

from ..models import Entry
from ..replies import Reply
from .asked import AMOUNT_ALONE, asks, without_asking
from .decision import relisted
from .follow_up_subject import on_subject
from .salience import ENDING_PARTICLES
from .thresholds import Thresholds


def asks_only(text: str) -> bool:
    """True when normalized ``text`` asks for what ``asked.asks`` reads (a duration, a count, a reason, a cost…)
    and says nothing else, once the words putting it and a 那 opening it are taken out (需要多长时间, 那要多久, 为什么,
    收费吗; not 还款日能改吗, nor 额度多久恢复), or asks how many or how much of nothing (``asked.AMOUNT_ALONE``: 几,
    多少, 有多少)."""
    text = text.removeprefix("那么").removeprefix("那")
    return ((bool(asks(text)) and not without_asking(text).strip(ENDING_PARTICLES))
            or AMOUNT_ALONE.fullmatch(text.strip(ENDING_PARTICLES)) is not None)


def kept_to_subject(reply: Reply, previous: Entry, fallback: str, thresholds: Thresholds) -> Reply:
    """``reply``, the list a follow-up asking nothing but how long, how often or why (``asks_only``) gets after the
    entry ``previous``, offering only the entries on its subject (``follow_up_subject.on_subject``: ``previous``
    itself or related to it; 那能改几次 after 预约的体检日期能改吗): ``reply`` itself when all are; with one alone, or
    several, led by the first it offers (``decision.relisted``); the fallback (``fallback``) when none is."""
    kept = tuple(match for match in reply.suggestions if on_subject(previous, match.entry))
    if len(kept) == len(reply.suggestions):
        return reply
    if not kept:
        return replace(reply, status="none", suggestions=(), fallback=fallback, confidence=None)
    return relisted(reply, kept, thresholds)


def list_kept(followed: Reply, alone: Reply, prepared: str, previous: Entry, fallback: str,
              thresholds: Thresholds) -> Reply:
    """The reply to the question ``prepared`` (normalized): ``followed``, its reply read after the entry
    ``previous``, unless it is the fallback and ``alone``, its reply asked alone, is a list: then that list, kept to
    the previous subject when the question asks nothing but how long, how many or why (``asks_only``,
    ``kept_to_subject`` with ``fallback`` and ``thresholds``), and ``followed`` still when none of that list is on
    the subject (公众号绑定要多久 after 逾期后怎么申请分期还款: the list is off the subject)."""
    # A question that gets a list alone does not get the fallback for having been asked after another (還款日能改嗎
    # after 逾期了该怎么办); an answer alone may be one the context rightly sets aside (会不会被起诉 after the
    # consequences of being late is not the extension's 延期会不会被起诉), a list offers and claims nothing.
    if followed.status != "none" or alone.status != "clarify":
        return followed
    if not asks_only(prepared):
        return alone
    if not any(on_subject(previous, match.entry) for match in alone.suggestions):
        return followed
    return kept_to_subject(alone, previous, fallback, thresholds)
