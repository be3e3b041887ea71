"""The small talk a knowledge base gets when it declares none: a greeting, thanks, an acknowledgement and a
goodbye, answered in the base's language with neutral replies that state no fact of any base.

A bot author's plain list of questions holds no small talk, yet its users say 你好 and 谢谢 first and last; the
fallback ("can't answer that") would be the reply. These entries are small talk like a base's own (``smalltalk``
True, so the matcher's small-talk rules hold: they answer only a short utterance that is not a question, and
are never offered as suggestions) and are marked ``builtin``, so listings tell them apart. A base that has
small talk of its own keeps only its own, each entry of it reached also by the built-in phrasings of its intent
(``with_builtin_phrasings``: a base greeting with 你好 and 在吗 is greeted with 您好 too); ``smalltalk: false`` in
the ``knowledge_base`` header switches them off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .models import Entry
from .normalize import clean

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


def with_builtin_phrasings(entries: Iterable[Entry], language: str) -> tuple[Entry, ...]:
    """Return ``entries`` with each of the base's own small-talk entries given (``Entry.heard``) the built-in
    phrasings of the same intent that no entry of the base already has (compared as ``normalize.clean`` makes them):
    the intent whose id the entry has (thanks), or else whose question or an alternate is the entry's question
    (an entry ``hello`` asking 你好 is the greeting). The first entry of an intent gets its phrasings; the other
    entries are returned as they are (none changed for a language without a table)."""
    entries = tuple(entries)
    short = table_language(language)
    if short is None:
        return entries
    taken = {clean(phrasing) for entry in entries for phrasing in entry.phrasings}
    claimed: set[str] = set()
    result = []
    for entry in entries:
        intent = _intent(entry, short) if entry.smalltalk and not entry.builtin else None
        if intent is None or intent[0] in claimed:
            result.append(entry)
            continue
        claimed.add(intent[0])
        added = []
        for phrasing in (intent[1], *intent[2]):
            key = clean(phrasing)
            if key and key not in taken:
                taken.add(key)
                added.append(phrasing)
        result.append(replace(entry, heard=tuple(added)) if added else entry)
    return tuple(result)


def _intent(entry: Entry, short: str) -> tuple[str, str, tuple[str, ...], str] | None:
    # The built-in intent of a base's own small-talk entry: by its id, else by its question.
    table = _TABLE[short]
    named = next((row for row in table if row[0] == entry.id), None)
    if named is not None:
        return named
    question = clean(entry.question)
    return next((row for row in table if question and question in {clean(p) for p in (row[1], *row[2])}),
                None)
