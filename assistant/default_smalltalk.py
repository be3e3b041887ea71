"""The small talk a knowledge base gets when it declares none: a greeting, thanks, an acknowledgement and a
goodbye, answered in the base's language with neutral replies that state no fact of any base.

A bot author's plain list of questions holds no small talk, yet its users say 你好 and 谢谢 first and last; the
fallback ("can't answer that") would be the reply. These entries are small talk like a base's own (``smalltalk``
True, so the matcher's small-talk rules hold: they answer only a short utterance that is not a question, and
are never offered as suggestions) and are marked ``builtin``, so listings tell them apart. A base that has
small talk of its own keeps only its own; ``smalltalk: false`` in the ``knowledge_base`` header switches them off.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Entry

_TABLE: dict[str, tuple[tuple[str, str, tuple[str, ...], str], ...]] = {
    "zh": (
        ("greeting", "你好", ("您好", "嗨", "哈喽", "hello", "hi", "在吗"), "您好！请直接输入您的问题。"),
        ("thanks", "谢谢", ("谢谢你", "多谢", "感谢", "谢啦", "thanks", "好的谢谢"), "不客气。"),
        ("okay", "好的", ("好", "好吧", "行", "嗯", "嗯嗯", "哦", "ok"), "好的。还有别的问题请直接输入。"),
        ("goodbye", "再见", ("拜拜", "bye", "好的再见"), "再见。"),
    ),
    "en": (
        ("greeting", "Hello", ("Hi", "Hey", "Good morning", "Good afternoon", "Good evening", "Hi there"),
         "Hello! Please type your question."),
        ("thanks", "Thanks", ("Thank you", "Thanks a lot", "Thank you very much", "Many thanks"), "You're welcome."),
        ("okay", "OK", ("Okay", "Got it", "Alright"), "OK. Type another question whenever you like."),
        ("goodbye", "Goodbye", ("Bye", "Bye bye", "See you"), "Goodbye."),
    ),
}
"""Per language: each entry's id, question, alternates and answer. Only what is small talk however it is used:
a phrasing with a word a question may hold (收到 of 收到杯子碎了, 知道了 sounding like 到了, 有人吗 of 前台晚上有人吗)
would answer questions about the base's own subject."""


def table_language(language: str) -> str | None:
    """Return the key of ``_TABLE`` for a base's ``language`` (zh-CN → zh, en-GB → en); None for another one."""
    short = language.strip().lower()[:2]
    return short if short in _TABLE else None


def default_smalltalk(language: str, taken: Iterable[str] = ()) -> tuple[Entry, ...]:
    """Return the built-in small-talk entries for ``language`` (``smalltalk`` and ``builtin`` True), leaving out
    those whose id is in ``taken`` (the base's own ids); empty for a language without a table."""
    short = table_language(language)
    if short is None:
        return ()
    used = set(taken)
    return tuple(Entry(id=entry_id, question=question, answer=answer, alternates=alternates, smalltalk=True,
                       builtin=True)
                 for entry_id, question, alternates, answer in _TABLE[short] if entry_id not in used)
