"""Whose subject a short follow-up asks about: whether it names one of its own, and whether an entry its reading
finds was matched by a phrasing about another subject than the previous question's (the subject part of the rule
of ``context``: 会被起诉吗 after 微粒贷逾期了会有什么影响 is not about 延期, nor 要多久 after 逾期后怎么申请分期还款
about 额度恢复要多长时间). Each answer is read from the index and the general dictionary; nothing here scores."""

from __future__ import annotations

from ..models import Entry
from ..normalize import is_chinese, sound_key, terms
from .asked import AMOUNT, AMOUNT_ALONE, COUNT, asks, phrasing_answers, without_asking
from .follow_up_words import content_words, done_to_previous, topic_names, topic_terms
from .index import Index
from .words import chinese_runs, chinese_words, dictionary


def related(previous: Entry, entry: Entry) -> bool:
    """True when ``entry`` is one of ``previous``'s follow-ups or shares its topic."""
    return entry.id in previous.follow_ups or (entry.topic is not None and entry.topic == previous.topic)


def on_subject(previous: Entry, entry: Entry) -> bool:
    """True when ``entry`` is ``previous`` itself or ``related`` to it: on the subject a follow-up asking nothing
    but how long, how many or why asks about."""
    return entry.id == previous.id or related(previous, entry)


def subjectless(text: str, index: Index) -> bool:
    """True when normalized ``text`` asks for what ``asked.asks`` reads (a duration, a count, a reason…) of
    nothing it names: with that and the words putting it taken out, only particles, pronouns and the like of the
    general dictionary are left (要多久, 需要多长时间, 为什么, 收费吗; not 额度要多久才能恢复, 罚息多久, 最多能拖几个月:
    拖); or how many or how much of nothing (``asked.AMOUNT_ALONE``: 几个, 有多少, 那要多少呢; not 多少钱). Asked with
    nothing before it to follow, such a question has no subject, and no entry answers it with confidence."""
    if AMOUNT_ALONE.fullmatch(text) is not None:
        return True
    if not asks(text):
        return False
    # Character by character: a verb of one character (拖 of 最多能拖几个月, 分 of 最多能分几年还) names what is asked
    # about, even where the dictionary's cut reads it into an adverb (多分).
    words = dictionary()
    return all(words.function_word(char) for _, run in chinese_runs(without_asking(text)) for char in run)


NOT_COUNTED = "吗呢吧不的了啊呀才就"
"""Characters after 几 or 多少 that are no unit of what is counted (多少呢, 要多少才够)."""


def counted_units(phrasing: str) -> list[str]:
    """The characters normalized ``phrasing`` counts with 几 or 多少 (天 of 我逾期了多少天去哪查, 月 of 延期最多几个月,
    钱 of 逾期一天要多少钱; not a particle after it, 多少呢); empty when it counts nothing so."""
    return [unit for found in AMOUNT.finditer(phrasing)
            for unit in phrasing[found.end():found.end() + 1] if is_chinese(unit) and unit not in NOT_COUNTED]


def asked_by(text: str, entry: Entry, index: Index) -> bool:
    """False when normalized ``text`` is nothing but its asking (``subjectless``: 要多久) and ``entry``'s own
    question gives it only by counting instalments (分期还款最多能分多少期: instalments are monthly, which makes a
    count of them a duration only to a question naming what is counted); True otherwise."""
    asked = asks(text)
    if not asked or not subjectless(text, index):
        return True
    question = index.normalize(entry.question)
    return phrasing_answers(asked, question, literal=True) or not phrasing_answers(asked, question)


def other_subject(text: str, previous: Entry, entry: Entry, phrasing: str, index: Index) -> bool:
    """True when ``entry`` was matched by a ``phrasing`` about another subject than the follow-up ``text`` asked
    after ``previous``: one making a count that neither makes (逾期四天会怎样 for 会怎样 after 逾期了怎么办); of
    an entry not ``asked_by`` the follow-up; or, for an entry unrelated to ``previous`` (or only sharing its topic,
    after a ``subjectless`` follow-up), one naming the entry's topic, which the follow-up does not name, or a thing
    (a noun of two characters or more of the general dictionary: 额度 of 额度恢复要多长时间) that neither the
    follow-up nor the previous question and its topic name. The follow-up asks about the previous subject, not
    that one. False otherwise, and for a small-talk ``entry``."""
    if entry.smalltalk:
        return False
    # A count the phrasing makes (逾期四天会怎样: 4天) that neither the follow-up nor the previous question makes is
    # the matched entry's own case, not the one asked about, be the entry related to the previous one or not.
    previous_text = index.normalize(previous.question)
    if any(count.group() not in text and count.group() not in previous_text for count in COUNT.finditer(phrasing)):
        return True
    # A follow-up that is nothing but its asking (要多久) is about no entry whose own question asks it only as a
    # count of instalments, be it related or not: an alternate asking it of the topic (分期最长能分多久 of
    # 分期还款最多能分多少期) is no answer to how long applying takes.
    if not asked_by(text, entry, index):
        return True
    # How many or how much of nothing (有多少, 几个) asks it of the previous subject: a phrasing counting what neither
    # the previous question nor its topic names (多少天 of 我逾期了多少天去哪查, after 微粒贷客服电话是多少) counts
    # another thing.
    if AMOUNT_ALONE.fullmatch(text) is not None:
        named = previous_text + index.normalize(previous.topic or "")
        if any(unit not in named for unit in counted_units(phrasing)):
            return True
    if related(previous, entry):
        # One of the previous entry's follow-ups holds its subject; an entry only sharing its topic holds it too
        # unless the follow-up is nothing but its asking (要多久 after 微粒贷逾期4天了怎么办 is not 额度恢复要多久, of
        # the broad topic 逾期处理): it is then read as an unrelated one, by the things its phrasing names.
        if entry.id in previous.follow_ups or not subjectless(text, index):
            return False
    elif entry.topic:
        # The subject a follow-up asking something of its own takes is the previous question's: a phrasing naming
        # what that question names (逾期 of 微粒贷逾期严重不, after 微粒贷逾期4天了怎么办) is on it, whatever topic its
        # entry is filed under. (One asking nothing but why or how long asks it of the previous point, not of
        # whatever names its subject: 为什么 after 逾期记录会上报到人民银行征信系统吗 is not 征信为什么重要.)
        naming = terms(sound_key(text))
        if not subjectless(text, index):
            naming |= terms(sound_key(previous_text))
        subject = topic_names(entry.topic, index) & topic_terms(phrasing, index)
        if subject and not subject & naming:
            return True
    # A phrasing holding a word of the follow-up's own whole (恢复 of 多久能恢复 in 额度多久恢复) was found by what the
    # follow-up says: what it names besides is what the follow-up leaves unsaid, not another subject; unless the
    # word is what the previous question's thing undergoes elsewhere in the base (恢复 of 征信 after 会上征信吗).
    key = sound_key(phrasing)
    held = [word for word in content_words(text, previous_text) if sound_key(word) in key]
    if held and not all(done_to_previous(word, previous_text, index.entry_index[entry.id], index) for word in held):
        return False
    words = dictionary()
    named = "|".join(sound_key(part) for part in (text, index.normalize(previous.question),
                                                  index.normalize(previous.topic or "")))
    # (A thing of which the follow-up writes a character, its head or its kind: 交钱 of 逾期要多交钱吗 for 要钱吗, is
    # named by it.)
    return any(len(word) > 1 and words.noun_like(word) and not words.function_word(word)
               and sound_key(word) not in named and not any(char in text for char in word)
               for _, word in chinese_words(phrasing, words))
