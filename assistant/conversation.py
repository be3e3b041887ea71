"""A conversation over one matcher: what is remembered between turns, and the one rule for context.

The terminal chat, the piped chat and the example bot all talk through a ``Conversation``, so a question
gets the same reply whichever front end it was typed into. A stateless server keeps ``previous`` itself
and moves it on with ``next_context``, the same rule.

The rule for context. A short follow-up (那延期呢？) is read against the last entry *answered* (not small
talk): ``next_context``. Small talk and "I don't know" (none) leave the context as it was, so 你好 or a question
out of scope between a question and its follow-up changes nothing. A list of suggestions (clarify) that the previous
question did not make (the question gets a list alone too: 额度 after 逾期了怎么办) drops it: the subject
changed and no single answer was given, so a follow-up after it (要多久) has nothing to lean on and is read on its
own; a list the previous question made (会被起诉吗 after the consequences of being late) keeps it. But a
follow-up's shape (今天呢) right after the fallback, whose thing alone reaches nothing, asks it of the unanswered
question and gets the fallback too (``Matcher.replies``, told by ``Conversation.ask`` that the fallback came last).
Small talk stands on its own: it is never read as a follow-up (``Matcher.reply``). How a follow-up is read
with the previous question is matching's rule, written in ``matching/context.py``.

What else is remembered: the numbered list a bare number picks from (the suggestions of a clarify, the
related questions of an answer, or a list the front end shows, such as /topics). Like the context, it is moved
on only by a reply that shows a list of its own (a clarify, or an answer with its related questions): after the
fallback, small talk or an answer without related questions (a bare list's, which has none), the list still on
the screen is the one a number picks from (多少钱 → 您是不是想问… 1. 2.
3., 明天会下雨吗 → the fallback, 2 → the second suggestion). Also the last question asked, entry picked (and the
question whose list it was picked from) and answer given (for /why and /source). Questions are cut to
``MAX_TURN_CHARS``; unanswered ones go to the ``on_miss`` hook the front end passes in (it writes the log: the core
does no file I/O).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import UnknownEntryError
from .lazy_regex import LazyPattern
from .matcher import Matcher
from .matching.more import asks_for_more
from .messages import Messages, messages_for
from .models import Entry
from .normalize import MAX_TURN_CHARS as MAX_TURN_CHARS  # (re-exported: it is the conversation's cut)
from .normalize import cut_query
from .replies import Reply

MAX_PICK_DIGITS = 3
"""A line of at most this many digits picks from the numbered list instead of being asked."""


def next_context(previous: str | None, reply: Reply, alone: Reply | None = None) -> str | None:
    """Return the id of the entry the next question's follow-up is read against, after ``reply``.

    The answered entry's id when ``reply`` is an answer that is not small talk; None after a list of suggestions
    (clarify) that the previous question did not make: ``alone``, the reply the question gets asked alone, is a
    list too (or not given); otherwise ``previous`` unchanged (small talk, none, and a list the previous question
    made keep the context). None when there is no context yet.

    >>> from assistant import Matcher
    >>> matcher = Matcher()
    >>> context = next_context(None, matcher.reply("微粒贷客服电话是多少"))
    >>> context
    'hotline-number'
    >>> next_context(context, matcher.reply("你好")), next_context(context, matcher.reply("明天会下雨吗"))
    ('hotline-number', 'hotline-number')
    >>> print(next_context(context, matcher.reply("额度", previous=context), matcher.reply("额度")))
    None
    """
    if reply.status == "answer" and reply.entry is not None and not reply.entry.smalltalk:
        return reply.entry.id
    if reply.status == "clarify" and (alone is None or alone.status == "clarify"):
        return None
    return previous


_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = r"([0-9]{1,%s}|[一二两三四五六七八九十]{1,3})".replace("%s", str(MAX_PICK_DIGITS))
# As people say a choice: 我选第二个, 要3, 第三个吧, 第二个问题 (问题 only after 第: 一个问题 starts a question).
_MEASURE = r"(?:个|条|项|号)?"
_CHOOSE, _SAID_END = r"(?:我?(?:选|要|看)|就)?\s*", r"\s*(?:吧|啊|呀|哈|呢)?\s*[.。!！~～]?"
_PICK = LazyPattern(_CHOOSE + r"(?:第\s*" + _NUMBER + r"\s*" + _MEASURE + r"(?:问题)?"
                    r"|(?:#|no\.?|number)?\s*[(\[【]?\s*" + _NUMBER + r"\s*" + _MEASURE + ")"
                    r"\s*[.。、)\]】:：]?" + _SAID_END, re.IGNORECASE)
# Two items or more picked at once: 1和2, 第一个和第二个, 1 2, 1、3, 2,3.
_SEVERAL = LazyPattern(_CHOOSE + r"(?:第\s*)?" + _NUMBER + r"\s*" + _MEASURE
                       + r"(?:\s*(?:和|跟|与|还有|以及|、|,|，|/|\s|and)\s*(?:第\s*)?" + _NUMBER + r"\s*" + _MEASURE
                       + r")+(?:都要|都看|都想看)?" + _SAID_END, re.IGNORECASE)
# The last item, said as people say it: 最后一个, 最后那条, 选最后一个吧, the last one.
_LAST = LazyPattern(_CHOOSE + r"(?:最后(?:的)?(?:一|那)?(?:个|条|项)(?:问题)?|最后|(?:the )?last(?: one)?)" + _SAID_END,
                    re.IGNORECASE)

# As people turn a whole list down: 都不是, 以上都不对, 一个都不是, 都没有我想问的, 没有我要找的, none of them.
_DECLINE = LazyPattern(r"(?:(?:以上|上面|上边|这些|这几个|列的|你说的)的?)?"
                       r"(?:(?:一个|哪个|全|全部)?(?:都|也)|全部?)(?:不是|不对|没有|不要|不想问|不相关|没用)"
                       r"|(?:都|也)?(?:不是|没有)(?:这些|这几个|一个是)"
                       r"|(?:都|也)?没有(?:一个)?(?:是)?"
                       r"|none(?: of (?:them|these|those|the above))?|neither(?: of them)?"
                       r"|not (?:any|one) of (?:them|these)",
                       re.IGNORECASE)
_DECLINE_TAIL = LazyPattern(r"(?:是)?我?(?:要|想|想要)?(?:问|找)?的?(?:问题)?(?:啊|呀|哦|呢|吧|哈|耶|诶|欸)?")

EXIT_WORDS = frozenset({"exit", "quit", "exit()", "quit()", ":q", ":quit", ":wq", "\\q", "退出"})
"""Lines that end a chat, like ptpython's and pgcli's: never asked, never logged as a miss."""


def _chinese_number(text: str) -> int | None:
    """Return the value of a Chinese numeral from 一 to 九十九 (十, 十二, 二十, 二十三), or None."""
    head, ten, tail = text.partition("十")
    if not ten:
        return _NUMERALS.get(text) if len(text) == 1 else None
    if len(head) > 1 or len(tail) > 1 or (head and head not in _NUMERALS) or (tail and tail not in _NUMERALS):
        return None
    return _NUMERALS.get(head, 1) * 10 + _NUMERALS.get(tail, 0)


def parse_pick(text: str) -> int | None:
    """Return the number a line picks from the numbered list, or None when the line is not a pick.

    A pick is a number of at most ``MAX_PICK_DIGITS`` digits or a Chinese numeral, alone or written the ways
    people write an item's number: ``2``, ``2.``, ``２``, ``二``, ``第二个``, ``第2个``, ``#2``, and say a choice:
    ``我选第二个``, ``要3``, ``第三个吧``, ``第二个问题``.

    >>> [parse_pick(text) for text in ("2", "2.", "第二个", "第2个", "二", "十二", "#3", "２", "第三个吧", "我选2")]
    [2, 2, 2, 2, 2, 12, 3, 2, 3, 2]
    >>> parse_pick("2000"), parse_pick("逾期2天"), parse_pick("第二个问题怎么办")
    (None, None, None)
    """
    text = unicodedata.normalize("NFKC", text).strip()
    found = _PICK.fullmatch(text)
    if found is None:
        return None
    digits = found.group(1) or found.group(2)
    return int(digits) if digits.isdecimal() else _chinese_number(digits)


# An item named by its words and a demonstrative, as a reply to a list: 罚息那个, 说利率的那个, 那个延期协议的.
_ABOUT, _THAT, _END = r"(?:说|问|关于)?", r"(?:那|这)一?(?:个|条)", r"(?:吧|啊|呀)?[。.!！]?"
_NAMED = (LazyPattern(_ABOUT + r"(?P<words>.+?)的?" + _THAT + _END),
          LazyPattern(_THAT + _ABOUT + r"(?P<words>.+?)的?" + _END))

_ASKING = frozenset("吗呢么嘛?？几多哪谁啥，,、；; 　")
MAX_NAMING_CHARS = 8
"""The most characters (normalized) the words naming an item of a list may have (罚息那个): more is a question."""


def items_holding(words: str, choices: Sequence[str], normalize: Callable[[str], str]) -> list[int]:
    """Return the numbers (from 1) of the items of ``choices`` (questions, in the order shown) that hold ``words``
    (both ``normalize``d), in order; empty when none does. Words naming an item (``naming_words``: 罚息那个) pick
    it when it is the only one holding them.

    >>> items_holding("罚息", ["延期还款会让利率变高吗？", "逾期后会产生罚息和违约金吗？"], str)
    [2]
    >>> items_holding("还款", ["延期还款会让利率变高吗？", "分期还款怎么申请？"], str)  # in both: no pick
    [1, 2]
    """
    said = normalize(words)
    return [number for number, question in enumerate(choices, 1) if said in normalize(question)]


def naming_words(text: str, normalize: Callable[[str], str]) -> str | None:
    """Return the words ``text`` names an item by, when it is said the way an item of a list is named (罚息那个,
    说利率的那个, 那个延期协议的: the words without the demonstrative); None when it is not so said, or its words
    ask something (那个利息呢) or are shorter than two or longer than ``MAX_NAMING_CHARS`` characters
    (``normalize``d).

    >>> naming_words("罚息那个", str), naming_words("说利率的那个", str), naming_words("那个利息呢", str)
    ('罚息', '利率', None)
    """
    text = unicodedata.normalize("NFKC", text).strip()
    found = next((match for match in (form.fullmatch(text) for form in _NAMED) if match is not None), None)
    if found is None:
        return None
    said = found.group("words")
    if any(char in _ASKING for char in said):  # 那个利息呢 asks a follow-up, 这个月…，能不能… a question: no name
        return None
    return said if 2 <= len(normalize(said)) <= MAX_NAMING_CHARS else None


def picks_last(text: str) -> bool:
    """Return True when ``text`` picks the last item of the numbered list, as people say it: 最后一个, 最后那条,
    选最后一个吧, the last one.

    >>> picks_last("最后一个"), picks_last("选最后那条吧"), picks_last("最后一次逾期是什么时候")
    (True, True, False)
    """
    return _LAST.fullmatch(unicodedata.normalize("NFKC", text).strip()) is not None


def is_pick(text: str) -> bool:
    """Return True when ``text`` picks from the numbered list (``parse_pick`` finds a number in it, or it picks the
    last item: ``picks_last``)."""
    return parse_pick(text) is not None or picks_last(text)


def declines_list(text: str) -> bool:
    """Return True when ``text`` turns a whole numbered list down (none of the items is what was meant): 都不是,
    以上都不对, 一个都不是, 都没有我想问的, 不是这些, none of them (a final 。 or ! allowed).

    >>> [declines_list(text) for text in ("都不是", "以上都不对。", "都没有我想问的", "None of them", "不是这些")]
    [True, True, True, True, True]
    >>> declines_list("都不是很清楚逾期会怎样"), declines_list("没有还款怎么办"), declines_list("不是")
    (False, False, False)
    """
    text = unicodedata.normalize("NFKC", text).strip().rstrip("。.!！~～,，").strip()
    found = _DECLINE.match(text)
    if found is None:
        return False
    rest = text[found.end():].strip()
    if found.group().startswith("没有") and not rest:  # 没有 alone may answer a question of the list's, not refuse it
        return False
    return _DECLINE_TAIL.fullmatch(rest) is not None


def is_exit(text: str) -> bool:
    """Return True when the line asks to end the chat: exit, quit, 退出, :q (any case, a final 。 or ! allowed).

    >>> is_exit("exit"), is_exit("Quit!"), is_exit("退出。"), is_exit("怎么退出微粒贷")
    (True, True, True, False)
    """
    return unicodedata.normalize("NFKC", text).strip().rstrip("。.!！").strip().lower() in EXIT_WORDS


@dataclass(frozen=True)
class Turn:
    """The outcome of one line: the ``reply`` (None when nothing was asked), the entry ``picked`` when the
    line was a number picking from the list, a ``notice`` when a number picked nothing (what to say),
    ``read_with`` the earlier entry a follow-up was read together with (to show it), ``end`` when the
    line asked to end the chat (exit, quit, 退出), ``declined`` when it turned the "did you mean" list down
    (都不是: ``notice`` then says so and offers the base's fallback; nothing was asked, nothing missed), and ``more``
    when it asked only for more (还有呢: ``offered`` the last answer's related questions, shown again under
    ``notice``, or none and ``notice`` says there is no more; nothing was asked, nothing missed)."""

    reply: Reply | None
    picked: Entry | None = None
    notice: str | None = None
    read_with: Entry | None = None
    end: bool = False
    declined: bool = False
    more: bool = False
    offered: tuple[Entry, ...] = ()


class Conversation:
    """The state of one conversation over ``matcher``, moved on by ``say`` (or ``ask`` and ``pick``).

    ``on_miss`` is called with every reply to an asked question that is not an answer (status clarify or
    none), for the front end to log; whatever it raises reaches the caller of ``say`` or ``ask``.

    >>> from assistant import Matcher
    >>> talk = Conversation(Matcher())
    >>> talk.say("微粒贷客服电话是多少").reply.entry.id
    'hotline-number'
    >>> talk.say("2").picked.id, talk.previous
    ('hotline-services', 'hotline-services')
    >>> talk.say("你好").reply.entry.id, talk.previous
    ('greeting', 'hotline-services')
    >>> talk.say("1").picked.id                # 你好 showed no list: the related questions above still pick
    'instalment-how'
    >>> talk.say("9").notice
    '请输入 1 到 3 之间的编号。'
    >>> talk.say("退出").end
    True
    """

    def __init__(self, matcher: Matcher, *, on_miss: Callable[[Reply], None] | None = None) -> None:
        self.matcher = matcher
        self.on_miss = on_miss
        self.previous: str | None = None
        """The entry a short follow-up is read against (see ``next_context``), or None."""
        self.choices: tuple[Entry, ...] = ()
        """The numbered list a bare number picks from (1 is the first): the last one shown, which the fallback and
        small talk leave in place."""
        self.last_asked: Reply | None = None
        """The reply to the last question asked (not picked)."""
        self.last_picked: Entry | None = None
        """The entry picked from the list since the last question, or None."""
        self.picked_from: Reply | None = None
        """The reply to the question whose list ``last_picked`` was picked from (a fallback or small talk may have
        come between); None when that list was no question's (a front end's, such as /topics, or a picked answer's
        related questions)."""
        self.choices_from: Reply | None = None
        """The reply to the question that showed ``choices``, or None when no question did."""
        self.last_answer: Reply | None = None
        """The last reply that was an answer (asked or picked)."""
        self.last_read_with: Entry | None = None
        """The entry the last question asked was read together with (``Turn.read_with``), or None."""
        self.asked_after: str | None = None
        """The id of the entry the last question asked was asked right after (``previous`` then), or None."""
        self.last_alone: Reply | None = None
        """The reply the last question asked gets asked on its own (the same as ``last_asked`` with no previous)."""

    def say(self, text: str) -> Turn:
        """Act on one line: an exit word ends the chat, a line turning the numbered list on the screen down
        (都不是: ``declines_list``; a "did you mean" list or an answer's related questions) is told what else to
        do, a number (2, 第二个, 最后一个: ``picks_last``) or an item named by its words (罚息那个: ``naming_words``)
        picks from the list (with no list, or no item holding the words, such a line is asked as its words: 罚息那个
        as 罚息; words several items hold are told those items' numbers), anything else is asked; blank does
        nothing; a line asking only for more (还有呢) is answered by ``more``. Return the turn: its reply None when
        nothing was asked or picked. Raises ``TypeError`` when
        ``text`` is not a str (a message without text, None, is the bot's to skip), as ``Matcher.reply`` does."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        text = text.strip()
        if not text:
            return Turn(None)
        if is_exit(text):
            return Turn(None, end=True)
        if self.choices and declines_list(text):
            # None of the numbered items (a "did you mean" list, whose question was logged as missed already, or an
            # answer's related questions) is what was meant: no new question, and read as one it would be a follow-up
            # of the last answer's topic.
            fallback = self.matcher.knowledge.fallback
            return Turn(None, notice=self.messages.none_meant.format(fallback=fallback), declined=True)
        if asks_for_more(self.matcher.query_text.prepare(text)):  # as the matcher reads it: Q：还有呢, haiyou ne
            return self.more()
        number = parse_pick(text)
        if number is None and self.choices and _SEVERAL.fullmatch(unicodedata.normalize("NFKC", text)):
            return Turn(None, notice=self.messages.one_at_a_time)  # 1和2: nothing asked, the list still picks
        if number is None and picks_last(text):
            number = max(len(self.choices), 1)  # (with no list, 1 only to be told there is none)
        words = naming_words(text, self.matcher.normalize) if number is None else None
        holding = [] if words is None else items_holding(words, [entry.question for entry in self.choices],
                                                            self.matcher.normalize)
        if len(holding) == 1:
            number = holding[0]
        elif len(holding) > 1:  # 额度那个 when three items on the screen hold 额度: which one is for the number to say
            return Turn(None, notice=self.messages.several_hold.format(
                numbers=self.messages.number_separator.join(map(str, holding)), words=words))
        if number is not None:
            notice = self.pick_problem(number, text)
            if notice is not None:
                return Turn(None, notice=notice)
            picked = self.choices[number - 1]
            return Turn(self.pick(number), picked=picked)
        if words is not None and not holding:
            # With no list on screen (or none of its items holding the words) 罚息那个 still means the thing named:
            # asked as its words (罚息), not as a line no entry is phrased like.
            text = words
        return self.question(text)

    def more(self) -> Turn:
        """Answer a line asking only for more (还有呢, 然后呢: ``matching.more.asks_for_more``): the related questions
        of the last answer, offered again (the list a number picks from) while they are that list; else a notice
        that there is no more (or, before any answer, to type a question). Nothing is asked: read as a question,
        还有呢 names nothing an entry answers."""
        answer = self.last_answer
        if answer is None or answer.entry is None:
            return Turn(None, notice=self.messages.ask_directly, more=True)
        related = answer.follow_ups
        if related and not answer.entry.smalltalk and self.choices == related:
            return Turn(None, notice=self.messages.more_offer.format(question=answer.entry.question), more=True,
                        offered=related)
        return Turn(None, notice=self.messages.no_more, more=True)

    def suggested(self) -> bool:
        """Return True when the list a number picks from is a question's "did you mean" suggestions (a clarify)."""
        return bool(self.choices) and self.choices_from is not None and self.choices_from.status == "clarify"

    def question(self, text: str) -> Turn:
        """Ask ``text`` (``ask``); the turn names in ``read_with`` the entry it was read together with
        (``last_read_with``), if any."""
        reply = self.ask(text)
        return Turn(reply, read_with=self.last_read_with)

    @property
    def messages(self) -> Messages:
        """The interface's sentences in the knowledge base's language (``messages.messages_for``)."""
        return messages_for(self.matcher.knowledge.language)

    def reset(self) -> None:
        """Forget the context and the numbered list: the next question is read on its own."""
        self.previous = None
        self.choices, self.choices_from = (), None

    def ask_aside(self, question: str) -> tuple[Reply, Entry | None]:
        """Return the reply ``question`` would get asked next (read against ``previous``, as ``ask`` reads it) and the
        entry it would be read with (``last_read_with`` after ``ask``; None when none), leaving the conversation as
        it is: nothing asked, remembered or reported to ``on_miss`` (``/why 问题``)."""
        trial = Conversation(self.matcher)
        trial.previous, trial.last_asked = self.previous, self.last_asked
        reply = trial.ask(question)
        return reply, trial.last_read_with

    def ask(self, question: str) -> Reply:
        """Answer ``question`` (a follow-up is read against ``previous``), remember it, and return the reply.
        ``last_read_with`` becomes the entry it was read together with, or whose context changed the reply in any
        way (not for the fallback: what it was read with does not matter then), else None."""
        question = cut_query(question)
        before = self.previous
        # 今天呢 right after the fallback to 明天会下雨吗 asks its thing of that question, not of the answer before it
        after_fallback = self.last_asked is not None and self.last_asked.status == "none"
        try:
            reply, alone = self.matcher.replies(question, self.previous, after_fallback=after_fallback)
        except UnknownEntryError:  # the knowledge base changed under the conversation
            self.previous = before = None
            reply = alone = self.matcher.reply(question)
        changed = (reply.status, reply.entry and reply.entry.id) != (alone.status, alone.entry and alone.entry.id)
        # Whenever the previous question changed the reply, the reply says so (not only when it was read in).
        self.last_read_with = None
        if before is not None and reply.status != "none" and reply.match is not None and (
                reply.match.parts.context or changed):
            self.last_read_with = self.matcher.knowledge.get(before)
        self.last_asked, self.last_picked, self.picked_from = reply, None, None
        self.asked_after, self.last_alone = before, alone
        self._moved_on(reply, asked=True, alone=alone)
        if reply.status != "answer" and self.on_miss is not None:
            self.on_miss(reply)
        return reply

    def pick_problem(self, number: int, said: str | None = None) -> str | None:
        """Return why ``number`` picks nothing from the list (a sentence to show, quoting ``said``, the line as the
        user wrote it, when there is no list: 第二个 rather than 2), or None when it picks."""
        if not self.choices:
            return self.messages.no_list.format(said=said if said is not None else number)
        if not 1 <= number <= len(self.choices):
            if len(self.choices) == 1:  # "from 1 to 1" reads as a slip
                return self.messages.only_one
            return self.messages.out_of_range.format(count=len(self.choices))
        return None

    def pick(self, number: int) -> Reply | None:
        """Answer the ``number``-th entry (from 1) of the list; None when it names none (``pick_problem``)."""
        if self.pick_problem(number) is not None:
            return None
        entry = self.choices[number - 1]
        reply = self.matcher.answer_entry(entry.id)
        if self.last_asked is not None:
            self.last_picked, self.picked_from = entry, self.choices_from
        self._moved_on(reply, asked=False)
        return reply

    def set_choices(self, entries: Sequence[Entry]) -> None:
        """Make ``entries`` the list that a bare number (1, 2, 3…) picks from."""
        self.choices, self.choices_from = tuple(entries), None

    def use(self, matcher: Matcher) -> None:
        """Go on with ``matcher`` (a knowledge base read again): entries it no longer has leave the list,
        and the context is dropped if its entry is gone."""
        self.matcher = matcher
        knowledge = matcher.knowledge
        found = (knowledge.get(entry.id) for entry in self.choices)
        self.choices = tuple(entry for entry in found if entry is not None)
        if self.previous is not None and knowledge.get(self.previous) is None:
            self.previous = None

    def _moved_on(self, reply: Reply, *, asked: bool, alone: Reply | None = None) -> None:
        self.previous = next_context(self.previous, reply, alone)
        if reply.status == "answer" and reply.entry is not None:
            self.last_answer = reply
            if not reply.entry.smalltalk and reply.follow_ups:
                self.choices, self.choices_from = reply.follow_ups, reply if asked else None
        elif reply.status == "clarify":
            self.choices = tuple(match.entry for match in reply.suggestions)
            self.choices_from = reply if asked else None
        # The fallback, small talk and an answer without related questions (every answer of a bare list) show no
        # list of their own: the one on the screen above still picks.
