"""Reading a short follow-up (那延期呢？/ 要多久？) with the previous question: the one context rule of matching.

The rule: context (``previous=``) is used only to read a short follow-up, never carried into a question that
stands on its own.

* Only a question of at most ``FOLLOW_UP`` normalized characters may be a follow-up, and only one naming nothing
  the base never mentions: a question about another lender (拍拍贷逾期了怎么办 after 微粒贷逾期了怎么办; its
  ``salience.Salience.foreign`` weight for the previous entry reaches ``Thresholds.salience``) is about that
  lender, and the matcher reads it alone.
* A follow-up with nothing of its own, no term (IDF above 1) that the previous question does not already hold,
  only restates the subject (微粒贷 after 微粒贷是什么？): it is read alone, the context changes nothing. So is one
  that only names a thing (协议 after 逾期记录会上报到人民银行征信系统吗？) that no entry related to the previous
  one names: the previous question does not make it readable, and it gets what it gets asked first.
* Otherwise it is read again: after the whole previous question; after just its topic (延期还款 + 要多久);
  when it names another topic (one of an entry it reads alone) and the previous question names its own
  whole, as the previous question with that topic in place of its own (那延期呢 after 分期还款最多能分多少期:
  延期还款最多能分多少期), or, when the previous question does not name it and the follow-up names nothing
  else (那分期呢 after 怎么登录微粒贷APP或官网), after that other topic alone; and, for the entries related to the
  previous one (its follow-ups and its topic's), which already hold its subject and which it reads alone at
  least weakly (the decision's floor), by its point alone: its pairs of characters the base knows, without
  particles or pronouns (额度 of 那额度呢); asking what comes after a doing (那还清以后呢), every entry related to the
  previous one is read by that doing and its 后 (还清后, in 还清后额度什么时候回来). An entry read several ways
  counts through the best reading that passes the rule below.
* An entry found that way counts only through a term of the follow-up's own (not one of the previous question
  or of its topic, which the reading holds already: 影响 of 那额度会受影响吗 is no lead to 逾期影响) that its matched
  phrasing holds: any such term for an entry related to the previous one (利 of 那利息呢 in 延期还款利率), a
  telling one (IDF above 1) for any other, or when the follow-up reads clearly alone. A follow-up asking what
  ``asked.asks`` reads (a count, a duration, a change, a reason…: 要多久) counts only through a phrasing that asks
  or gives it (延期还款最长能延多久, not 延期还款要签什么协议); one asking nothing else (要多久) may ask it of the
  previous question's doing (how long applying takes), and counts only through an entry whose own question asks
  it, not only a count of instalments (分期还款最多能分多少期, though its alternate 分期最长能分多久 asks how long):
  such an entry, when it is one of the previous entry's follow-ups, is offered in a list, not answered; nor does
  its reading alone keep an entry matched by a phrasing neither asking nor giving it (延期还款要签什么协议 for
  要钱吗, by 要) when another is read by one that does. A
  question linked to an entry only by words the previous
  question also had (明天会下雨吗 after 逾期会上征信吗: 会) stands on its own and keeps its own reply. A lone
  character counts only when both write it alike: one that merely sounds like another (晚 of 今晚吃啥好, 网 of
  官网) is no lead. A follow-up
  holding words of its own (two characters or more, not particles or pronouns: 今天, 天气 of 今天天气怎么样) goes
  only to an entry some phrasing of which holds one of them whole, not to one linked only by 怎么.
* A follow-up that reads clearly alone (``answer`` and a lead of ``margin``: not 怎么弄, tied four ways) keeps its
  reading, unless an entry related to the previous one (one of
  its follow-ups, or of its topic) fits better through a telling word of its own; a reading already related
  to the previous one keeps it.
* A follow-up without a subject, naming no topic (a telling pair of characters of it) of the entries it reads
  nor the previous one's, takes the previous question's: an entry of another topic, matched by a phrasing that
  names that topic (延期 of 延期期间还会被催收或起诉吗, topic 延期还款), is not what it asks (会被起诉吗 after
  微粒贷逾期了会有什么影响 is not about 延期), nor is an unrelated entry matched by a phrasing naming a thing
  (a noun of the general dictionary) that neither the follow-up nor the previous question names (要多久 after
  逾期后怎么申请分期还款 is not 额度恢复要多长时间), nor is any entry matched by a phrasing making a count that neither
  makes (会怎样 after 逾期了怎么办 is not 逾期四天会怎样): ``follow_up_subject`` reads this part of the rule. Asking
  nothing but how long, how often or why (``follow_up_subject.subjectless``), it holds no subject but the
  previous question's: an entry only sharing its topic (not one of its follow-ups) is read as an unrelated one
  (要多久 after 微粒贷逾期4天了怎么办 is not 额度恢复要多久, of the broad topic 逾期处理). It still keeps an entry
  of another topic that it outscored from being answered over it (多少钱 after 微粒贷客服电话是多少 is not
  我欠多少钱怎么查 either), held, if related, below the unrelated ones it is compared with. A
  question naming a topic (逾期以后信用咋修复: 逾期), or asking something of its own (not only why or how long)
  and matched by a phrasing naming what the previous question names (严重吗 after 微粒贷逾期4天了怎么办: 逾期 of
  微粒贷逾期严重不), or matched by a phrasing that does not name its entry's
  (微信上怎么绑定微粒贷, topic 微信公众号) has a subject of its own, and so has one matched by a phrasing that
  holds a word of its own whole (恢复 of 多久能恢复 in 额度多久恢复, after 怎么登录微粒贷APP), unless another entry
  writes that word of a thing the previous question names and the entry never does (征信还能恢复正常吗, after
  逾期会上报征信系统吗: ``follow_up_words.done_to_previous``).
* Asked with no previous answer, a follow-up's shape has nothing to follow: 那罚息呢 asks about its thing alone
  (``what_about``: 罚息), and a question asking how long, how often or why of nothing it names
  (``follow_up_subject.subjectless``: 要多久) is not answered with confidence by whichever entry asks it of something.
* The entry just answered is not offered again unless plainly asked again (``confident``, or read alone as
  clearly as a question asked alone is answered: 你好，我想问下逾期了怎么办 after 逾期了怎么办, or of another count
  in a unit its phrasings count in: 一年呢 after 延期还款最长能延多久, whose 延期一年行不行 counts in 年), and entries
  unrelated to it need a clearer lead (their scores times ``UNRELATED_FOLLOW_UP``).
"""

from __future__ import annotations

from dataclasses import replace

from ..lazy_regex import LazyPattern
from ..models import Entry
from ..normalize import sound_key, terms
from ..replies import Match
from .asked import COUNT, COUNT_UNITS, asks, phrasing_answers
from .candidates import Candidates, features_of
from .decision import decision_floor
from .follow_up_subject import asked_by, other_subject, related, subjectless
from .follow_up_words import (
    after_doing,
    content_words,
    done_to_previous,
    holds_word,
    mentioned,
    named_topics,
    only_names,
    own_terms,
    point,
    same_kind,
    swapped_topic,
    topic_names,
    topic_terms,
    written,
)
from .index import Index
from .ranking import rank
from .signals import Scored
from .thresholds import Thresholds
from .words import chinese_words, dictionary

FOLLOW_UP = 12
"""Normalized queries up to this length may be follow-ups, read with the previous question."""

KEEP = 12
"""How many of a reading's best entries are scored exactly: more than the four a reply reads, since the rule
below turns some of them away and the next ones then take their places."""

WHAT_ABOUT = LazyPattern(r"(?:那么|那|还有)?([\u4e00-\u9fff]{2,})呢[啊呀哦]?")
"""A follow-up's own shape, 那X呢 / X呢 ("and what about X?"): it names a thing and asks nothing else of it (tried
only on a question holding 呢: a class of every Chinese character is slow to compile, and most questions never
need it)."""

RECOUNT = LazyPattern(rf"(?:那么|那|还有)?\d+({COUNT_UNITS})(?:的话)?呢?")
"""A follow-up saying only a count (``asked.COUNT``), with what asks about it (一年呢 as normalized: 1年呢)."""

UNRELATED_FOLLOW_UP = 0.92
"""A follow-up's score for an entry unrelated to the previous answer is multiplied by this."""


def read_follow_up(text: str, previous: Entry, scored: dict[int, Scored], *, index: Index, candidates: Candidates,
                   thresholds: Thresholds, offered: set[str] | None = None) -> bool:
    """Rescore, in ``scored``, normalized ``text`` asked after the entry ``previous`` (see the module's rule), and
    return True; return False, doing nothing, for a question longer than ``FOLLOW_UP`` or one that only restates
    the previous subject: it is read alone. ``offered`` receives the ids of the entries kept in ``scored`` only to
    be offered, not answered: the best reading of the question alone, when the follow-up is not about its subject
    and nothing else reads it (会被起诉吗 after 微粒贷逾期了会有什么影响: 延期会被起诉吗)."""
    if len(text) > FOLLOW_UP:
        return False
    # A count alone (一年呢 after 延期一年行不行) asks the previous question again of it: its entry answers that.
    recounted = _recounted(text, previous, index)
    if not recounted and not own_terms(text, previous, index):
        return False  # a bare restatement of the previous subject (微粒贷 after 微粒贷是什么) is read alone
    # A thing named alone (协议 after 逾期记录会上报征信吗) that no entry related to the previous one holds is not made
    # readable by it: it is asked of that thing alone, as when asked first.
    if _bare_thing(text, previous, index):
        return False
    entries = index.entries
    # Context only helps a follow-up that cannot stand alone: a clear question keeps its own answer. Clear as a
    # question asked alone is answered (``_stands_alone``): a score tied with others (怎么弄, four entries at 57.6)
    # reads nothing alone.
    plain = rank(index, {o: v for o, v in scored.items() if not entries[o].smalltalk}, 2)
    if not _stands_alone(plain, thresholds):
        _add_context(text, previous, scored, index, candidates, thresholds, offered=offered)
    elif not related(previous, plain[0].entry):
        # A confident reading stands, unless a question related to the previous one fits better; one that
        # is already related to it is where the conversation goes: the context has nothing to add.
        _add_context(text, previous, scored, index, candidates, thresholds, related_only=True,
                     offered=offered)
    # A follow-up that is nothing but its asking (要钱吗) asks it of no entry its reading alone links only by other
    # words (延期还款要签什么协议, by 要) when some entry is read by a phrasing asking or giving it (延期要多付利息吗).
    asking = asks(text)
    if asking and subjectless(text, index):
        unasked = [owner for owner, candidate in scored.items() if not entries[owner].smalltalk
                   and not phrasing_answers(asking, index.texts[candidate.phrasing])]
        if len(unasked) < sum(not entries[owner].smalltalk for owner in scored):
            for owner in unasked:
                del scored[owner]
    # A follow-up without a subject (naming no topic of the entries it reads, nor the previous one's) takes
    # the previous question's: an entry of another topic matched by a phrasing naming it (延期 of
    # 延期期间还会被催收或起诉吗) is not what it asks.
    # (Every topic of the base, not only those of the entries scored: which were scored depends on the
    # candidate strategy, and the reply must not.)
    topics = {entry.topic for entry in entries if not entry.smalltalk} | {previous.topic}
    asked = terms(sound_key(text))
    previous_index = index.entry_index[previous.id]
    if not any(topic_names(topic, index) & asked for topic in topics if topic):
        other = {owner for owner, candidate in scored.items()
                 if other_subject(text, previous, entries[owner], index.texts[candidate.phrasing], index)}
        # … yet it keeps an entry of another topic that it outscored from being answered over it (多少钱 after
        # 客服电话是多少 is not 我欠多少钱怎么查 either): it stays, at that entry's score, only to be compared.
        rivals = [candidate.score for owner, candidate in scored.items() if owner not in other
                  and not entries[owner].smalltalk and not related(previous, entries[owner])]
        # … and, with nothing else reading it from suggest, the entry the question reads first alone is offered:
        # not answered, nor dropped. (那X呢 asks about X alone then: read_thing.)
        first = plain[0].entry if plain and offered is not None and not what_about(text) else None
        read_else = any(kept not in other and kept != previous_index and not entries[kept].smalltalk
                        and candidate.score >= thresholds.suggest for kept, candidate in scored.items())
        # … but a whole question asked on its own keeps what it reads alone (你们早上几点开 after 办卡多少钱 is about
        # the opening hours, though 健身房几点开门 names the 健身房 it leaves unsaid).
        whole = _whole_question(text, previous, plain, scored, index, thresholds)
        for owner in other:
            if entries[owner].id == whole:
                continue
            # (A related one is held below the rivals' score as they will be lowered for being unrelated.)
            ceiling = max(rivals, default=0.0) * (UNRELATED_FOLLOW_UP if related(previous, entries[owner]) else 1.0)
            if rivals and scored[owner].score > ceiling:
                scored[owner].score = ceiling
            elif not rivals and offered is not None and entries[owner] is first and not read_else:
                offered.add(first.id)
            elif not rivals and (offered is None or entries[owner].id not in offered):
                del scored[owner]
    # A short follow-up asks something new: the entry just answered is not what it wants again, unless it is
    # plainly asked again: word for word, or as clearly as a question standing alone is answered.
    if recounted:
        _read_again(text, previous, scored, index)
    again = scored.get(previous_index)
    asked_again = recounted or (plain and plain[0].entry.id == previous.id and _stands_alone(plain, thresholds))
    if again is None or (again.score < thresholds.confident and not asked_again):
        scored.pop(previous_index, None)
    # … and most likely something on the same topic: unrelated entries need a clearer lead.
    for owner, candidate in scored.items():
        if not related(previous, entries[owner]):
            candidate.score *= UNRELATED_FOLLOW_UP
    return True


def what_about(text: str) -> str:
    """The thing a question shaped like a follow-up, 那X呢 or X呢, asks about: X (罚息 of 那罚息呢, 利息 of 利息呢),
    when it holds no particle, pronoun or the like of the general dictionary. Asked with nothing before it to
    follow, such a question asks about X alone. Empty when normalized ``text`` is not of that shape (罚息怎么算,
    要多久呢: 多久 is a pronoun)."""
    found = WHAT_ABOUT.fullmatch(text) if "呢" in text else None
    if found is None:
        return ""
    thing, words = found.group(1), dictionary()
    return "" if any(words.function_word(word) for word in words.segment(thing)) else thing


def writes(thing: str, phrasing: str) -> bool:
    """True when normalized ``phrasing`` writes ``thing`` (the X of X呢, ``what_about``) or two of its characters
    side by side (停车 of 停车场), or words sounding like them (a typo of it); a thing of one character, that
    character."""
    key, written = sound_key(thing), sound_key(phrasing)
    return any(key[at:at + 2] in written for at in range(max(len(key) - 1, 1)))


def read_thing(alone: dict[int, Scored], scored: dict[int, Scored], index: Index, thresholds: Thresholds,
               previous: Entry | None = None) -> None:
    """Fold into ``scored`` the entries (not small talk) that the thing a follow-up's shape asks about (罚息 of
    那罚息呢, ``what_about``) reads alone (``alone``: their scores for it), where it reads them better than the
    question did.

    ``previous``: the entry the question was just read after as a follow-up (``read_follow_up``). What the previous
    question reads 那X呢 into comes first, when it answers clearly (那分期呢 after how to apply for an extension: how
    to apply for instalments; 那利息呢 after it: the extension's interest rate), unless it only scores what X alone
    gives it while X alone reads another entry better (``_outread``: 那罚息呢 after 登录密码忘了怎么办 is not
    罚息在哪里查, of the same topic, over 逾期后会产生罚息吗) and it is no follow-up the previous entry names (延期呢
    after 微粒贷逾期了该怎么办: how to apply for an extension). Otherwise 那X呢 asks about X as when
    asked first (那罚息呢 after how long an extension may last: the 罚息 entries, not only the extension's), the entry
    just answered left out."""
    entries = index.entries
    read = rank(index, {o: v for o, v in scored.items() if not entries[o].smalltalk}, 2)
    if previous is not None and _stands_alone(read, thresholds) and (
            read[0].id in previous.follow_ups or not _outread(read[0], alone, index)):
        return
    for owner, candidate in alone.items():
        entry = entries[owner]
        if entry.smalltalk or (previous is not None and entry.id == previous.id):
            continue
        if owner not in scored or candidate.score > scored[owner].score:
            scored[owner] = candidate


def _outread(best: Match, alone: dict[int, Scored], index: Index) -> bool:
    """True when ``best`` (a follow-up's reading after the previous question) scores what its thing alone gives
    it, and the thing alone reads another entry (not small talk) better: the previous question read nothing into
    it (罚息在哪里查 after 登录密码忘了怎么办, found by 罚息 alone as an entry of the same topic, when 罚息 alone
    reads 逾期后会产生罚息吗 better)."""
    owner = index.entry_index[best.id]
    if owner not in alone or best.score != round(alone[owner].score, 1):  # (as a Match rounds it)
        return False
    return any(other != owner and not index.entries[other].smalltalk and candidate.score > alone[owner].score
               for other, candidate in alone.items())


def _recounted(text: str, previous: Entry, index: Index) -> bool:
    """True when normalized ``text`` says only a count (a number and its unit, with 那 or 呢 about it: 一年呢,
    那3个月呢) in a unit some phrasing of ``previous`` counts in with a number (延期一年行不行): the previous
    question asked again of another count, which its entry answers."""
    found = RECOUNT.fullmatch(text)
    if found is None:
        return False
    unit = found.group(1)
    return any(count.group(2) == unit for phrasing in index.phrasing_texts(index.entry_index[previous.id])
               for count in COUNT.finditer(phrasing))


def _read_again(text: str, previous: Entry, scored: dict[int, Scored], index: Index) -> None:
    """Score, in ``scored``, the entry ``previous`` for the follow-up ``text`` read after its question, where
    that reads it better."""
    owner = index.entry_index[previous.id]
    reading = index.normalize(previous.question) + text
    key, reading_terms, weight, length = index.query(reading)
    found = features_of(index, reading, [owner], -1, -1, None, key, reading_terms, weight, length).get(owner)
    if found is None:
        return
    candidate = found.scored()
    current = scored.get(owner)
    if current is None or candidate.score > current.score:
        scored[owner] = Scored(candidate.score, candidate.phrasing, replace(candidate.parts, context=True))


def _stands_alone(plain: list[Match], thresholds: Thresholds) -> bool:
    """True when the best of ``plain`` (a question's reading alone) scores ``answer`` and leads the next by
    ``margin``: as clearly as a question asked alone is answered. False when ``plain`` is empty."""
    if not plain:
        return False
    runner_up = plain[1].score if len(plain) > 1 else 0.0
    return plain[0].score >= thresholds.answer and plain[0].score - runner_up >= thresholds.margin


def _whole_question(text: str, previous: Entry, plain: list[Match], scored: dict[int, Scored], index: Index,
                    thresholds: Thresholds) -> str:
    """The id of the entry that normalized ``text`` reads alone (``plain``) when it is a whole question of its own,
    judged as if asked alone after ``previous``; empty otherwise. Whole: it reads that entry clearly
    (``_stands_alone``); it has no follow-up's shape (asking nothing but its asking, ``subjectless``: 要多久, 有多少;
    opening on 那 or 还有, or ending on 呢); every word of its own (``content_words``) that the base's phrasings
    mention, the entry holds whole (not 改手机号了怎么办 read as 逾期了怎么办, by 怎么办 only), and none is what a
    thing of the previous question undergoes elsewhere (``done_to_previous``: 恢复 of 要多久能恢复 after
    逾期会上报征信吗 is the 征信's, not 额度多久恢复's); and the phrasing
    matching it (in ``scored``) names no topic of the entry's that the question leaves unnamed (会不会被起诉 after
    逾期了会有什么影响 asks about the overdue, not 延期期间还会被催收或起诉吗; 利率多少 after 微粒贷是什么 asks the
    loan's rate, not 分期还款能省多少利息)."""
    if not _stands_alone(plain, thresholds) or subjectless(text, index) or text.startswith(("那", "还有")) \
            or text.endswith("呢"):
        return ""
    owner = index.entry_index[plain[0].id]
    previous_text = index.normalize(previous.question)
    own = content_words(text, previous_text)
    if any((mentioned(word, index) and not holds_word([word], index, owner))
           or done_to_previous(word, previous_text, owner, index) for word in own):
        return ""
    topic = index.entries[owner].topic
    matched = index.texts[scored[owner].phrasing] if owner in scored else ""
    naming = topic_names(topic, index) if topic else set()
    if naming & topic_terms(matched, index) and not naming & terms(sound_key(text)):
        return ""
    return plain[0].id


def _bare_thing(text: str, previous: Entry, index: Index) -> bool:
    """True when normalized ``text`` is only words naming something: words of two characters or more of the
    general dictionary (not particles, pronouns or the like), that some phrasing of the base holds and that neither
    the previous question nor any phrasing of an entry related to it holds (协议 or 合同, after
    逾期记录会上报到人民银行征信系统吗; not 提前还清要付违约金吗, which asks something of it, nor 利息 after
    怎么申请延期还款, which 延期要多付利息吗 holds)."""
    words = dictionary()
    found = [word for _, word in chinese_words(text, words)]
    if "".join(found) != text or not found or not all(
            len(word) > 1 and not words.function_word(word) and mentioned(word, index)
            and word not in index.normalize(previous.question) for word in found):
        return False
    return not any(holds_word(found, index, owner) for owner, entry in enumerate(index.entries)
                   if not entry.smalltalk and entry.id != previous.id and related(previous, entry))


def _add_context(text: str, previous: Entry, scored: dict[int, Scored], index: Index, candidates: Candidates,
                 thresholds: Thresholds, related_only: bool = False, offered: set[str] | None = None) -> None:
    """Score ``text`` read after the previous question, for entries that share the follow-up's own terms.

    ``related_only`` limits this to the previous entry's follow-ups and the entries of its topic, found through
    a telling term of the follow-up's own (IDF above 1), as a question that reads clearly alone needs.
    ``offered`` receives the ids of the previous entry's follow-ups kept only to be offered: one a follow-up that
    is nothing but its asking (要多久) reads only through an alternate (分期最长能分多久 of 分期还款最多能分多少期).
    """
    normalize = index.normalize
    brought = own_terms(text, previous, index, floor=0.0)
    # What the follow-up brings is not what the previous topic, read in with it, already says: 影响 of 那额度会受影响吗
    # links it to 逾期影响 no more than the reading 逾期影响那额度会受影响吗 does, and 还款 of 怎么查自己哪天还款 to
    # 延期还款怎么申请 no more than 延期还款怎么查自己哪天还款 does.
    topic_pairs = terms(sound_key(normalize(previous.topic or "")))
    brought = {term: weight for term, weight in brought.items() if term not in topic_pairs}
    own_words = content_words(text, normalize(previous.question))
    unmentioned = [word for word in own_words if dictionary().noun_like(word) and not mentioned(word, index)]
    previous_index = index.entry_index[previous.id]
    # The readings: the follow-up after the whole previous question, and after just its topic (延期还款 +
    # 要多久), which keeps the subject without the previous question's own point.
    readings = [normalize(previous.question) + text]
    if previous.topic:
        readings.append(normalize(previous.topic) + text)
        # The follow-up may name another topic of the base: read it in place of the previous question's
        # (那延期呢 after 分期还款最多能分多少期: 延期还款最多能分多少期). Any topic, not only those of the
        # entries the follow-up reads alone: which of those were scored depends on the candidate strategy.
        topics = {entry.topic for entry in index.entries if not entry.smalltalk} - {None, previous.topic}
        named = named_topics(text, previous.topic, sorted(t for t in topics if t), index)
        # … or, when the previous question does not name its topic whole (怎么登录微粒贷APP或官网, topic
        # 查询还款) and the follow-up says nothing but the other topic (那分期呢), after that topic alone
        # (分期还款那分期呢).
        readings += swapped_topic(previous, named, index) or [
            normalize(other) + text for other in named if only_names(text, normalize(other))]
    # Every reading's finds, not only each entry's best: the entry counts through the best that passes the checks
    # below (公众号绑好后怎么查还款 for 绑好以后呢, when the whole previous question reads 微信公众号查还款 higher).
    combined: list[tuple[int, Scored]] = []
    floor = decision_floor(thresholds)
    asked = asks(text)
    # A follow-up that is nothing but its asking (要多久) may ask it of the previous question's doing (how long
    # applying for instalments takes) as well as of its topic: it is not read into an entry whose own question
    # asks a count of instalments (分期还款最多能分多少期), though an alternate puts it so (分期最长能分多久).
    bare_asking = bool(asked) and subjectless(text, index)
    for reading in readings:
        combined += candidates.score(reading, skip_entry=previous_index, keep=KEEP, floor=floor).items()
    # The entries related to the previous one already hold its subject: those a follow-up that cannot stand
    # alone reads weakly (above the decision's floor) are also read by its point alone (额度 of 那额度呢), its
    # particles and the words the base never uses left out.
    own_point = "" if related_only else point(text, index)
    weak = [owner for owner, alone in scored.items()
            if owner != previous_index and alone.score >= floor and related(previous, index.entries[owner])]
    # A follow-up asking what comes after a doing (那还清以后呢 after 逾期后微粒贷额度会被降低或冻结吗) asks it of where
    # the previous answer leads: every entry related to it, read by the doing and its 后 (还清后额度什么时候回来).
    after = "" if related_only else after_doing(text)
    near = [owner for owner, entry in enumerate(index.entries)
            if owner != previous_index and not entry.smalltalk and related(previous, entry)]
    for reading, owners in ((own_point, weak if own_point != text else []), (after, near)):
        if not reading or not owners:
            continue
        # Exactly those entries: which others a strategy would score for the reading does not matter.
        key, point_terms, point_weight, length = index.query(reading)
        features = features_of(index, reading, owners, -1, -1, None, key, point_terms, point_weight, length)
        combined += [(owner, found.scored()) for owner, found in features.items()]
    counted: set[int] = set()
    for owner, candidate in sorted(combined, key=lambda found: -found[1].score):
        entry = index.entries[owner]
        if owner == previous_index or entry.smalltalk or owner in counted:
            continue
        if related_only and not related(previous, entry):
            continue
        # An entry related to the previous one is where a follow-up is expected to go: any own term will do
        # (利 of 那利息呢 in 延期还款利率); an unrelated one, or any after a follow-up that reads clearly alone, needs
        # a telling term (IDF above 1).
        needed = 0.0 if related(previous, entry) and not related_only else 1.0
        phrasing = index.texts[candidate.phrasing]
        if not any(brought[term] > needed and written(term, text, phrasing)
                   for term in brought.keys() & index.terms(candidate.phrasing)):
            continue
        # A follow-up asking what asked.asks reads (要多久, 几次, 为什么…) asks it of a phrasing that asks or gives
        # it: 延期还款要签什么协议 holds 延期还款 and the 要 of 要多久, and asks no duration.
        if asked and not phrasing_answers(asked, phrasing):
            continue
        if bare_asking and not asked_by(text, entry, index):
            # Not what it asks of the previous question's doing, but the nearest the previous answer leads to
            # (its follow-up asking it of the topic): offered, not answered, rather than nothing.
            if offered is None or entry.id not in previous.follow_ups:
                continue
            offered.add(entry.id)
        # A follow-up with words of its own is about one of them, not only linked by 怎么 (今天天气怎么样).
        if own_words and not holds_word(own_words, index, owner):
            continue
        # Nor is one naming a thing the base never mentions about any entry (天气 of 今天天气怎么样 after 逾期了怎么办:
        # 今天 of 今天才发现 is no lead to 逾期4天 when the question is about the weather), unless the entry names a
        # thing of that kind: a word with the same head, its last character (资金 of 那应急资金留多少比较好 is the
        # entry's 备用金 put otherwise).
        if any(not same_kind(word, index, owner) for word in unmentioned):
            continue
        counted.add(owner)
        current = scored.get(owner)
        if current is None or candidate.score > current.score:
            scored[owner] = Scored(candidate.score, candidate.phrasing, replace(candidate.parts, context=True))
