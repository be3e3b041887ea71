"""What a conversation remembers between two questions."""

from __future__ import annotations

from .models import Reply


def next_context(previous: str | None, reply: Reply) -> str | None:
    """Return the entry id to read the next question with (to pass as ``previous``).

    The answered entry's id when ``reply`` answered (``status == "answer"``) with an entry that is not small
    talk; otherwise ``previous`` unchanged, so that a "您是不是想问…" list, the fallback or a greeting does
    not lose the topic. None when there is no topic yet.

    >>> from assistant import Matcher
    >>> matcher = Matcher()
    >>> next_context(None, matcher.reply("微粒贷客服电话是多少"))
    'hotline-number'
    >>> next_context("hotline-number", matcher.reply("明天会下雨吗"))
    'hotline-number'
    """
    if reply.status == "answer" and reply.entry is not None and not reply.entry.smalltalk:
        return reply.entry.id
    return previous
