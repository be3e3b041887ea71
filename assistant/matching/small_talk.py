"""Small talk: whether a short utterance is the base's small talk (好的, 谢谢, 你好) or asks something of its own.

``SmallTalk`` reads the small talk entries' phrasings from the index (gathered on the first question that needs
them); the module's functions tell whether a scored small talk phrasing fits an utterance at all."""

from __future__ import annotations

from ..lazy_regex import LazyPattern
from ..models import Entry
from ..normalize import is_chinese
from .index import Index
from .signals import Scored
from .words import chinese_words, dictionary

SMALL_TALK_STRETCH = 3
"""Small talk answers only a short utterance that shares characters with it: at most this many times its
matched phrasing's length plus one (感谢你的耐心解答 for 感谢; for a phrasing of one character, at most one
character more), so that a long question sounding like 嗨 or 你好 somewhere (一直不还会怎样: 还 is also read
hai) is never greeted, and 感冒了吃什么药好得快 is no 好的."""

PARTICLES = "吗呢吧啊呀哦嘛啦么"
"""Question and mood particles, as a string (to strip them off an utterance's end)."""

SMALL_TALK_PARTICLES = frozenset(PARTICLES)
"""Question and mood particles: small talk answers only an utterance that shares one of its other characters
as written, so that 到期了还能再借吗 is no 在吗 (吗 as written, 再 only by its sound)."""

SMALL_TALK_QUESTION = LazyPattern(r"[吗呢么]$|什么|怎么|哪|几|多少|啥|咋|谁.|帮我|帮忙|给我",
                                  needs=("吗", "呢", "么", "哪", "几", "多少", "啥", "咋", "谁", "帮我", "帮忙",
                                         "给我"))
"""What makes an utterance a question, for small talk: a final 吗, 呢 or 么, a question word (谁 before
more: 你是谁开发的 asks who made it, which 你是谁 does not say), or a request (帮我, 给我:
你好，帮我订一张机票 asks for a ticket, which a greeting does not answer)."""


ADDRESSED = LazyPattern(r"你|您")
"""How a question is put to the assistant itself (你叫什么名字, 您是谁)."""

PUT_TO_YOU = LazyPattern(r"^[你您](?![们好])(?:到底|究竟|真的)?(?:是|能|会|可以|可不可以|能不能|会不会|有没有)"
                         r"(?!.*(?:告诉|说说|说一下|讲讲|讲一下|介绍|解释|查))")
"""How a question asks what the assistant itself is or can do (你能帮我干点啥, 你是官方的客服吗): 你 or 您 (not 你们,
the business, nor 你好) and 是, 能, 会 or 可以 opening it; not a request to tell or look up something
(你能告诉我逾期会怎样吗, 你能帮我查还款详情吗), which asks about the base's matter."""


def put_to_the_assistant(text: str) -> bool:
    """True when normalized ``text`` asks what the assistant itself is or can do (``PUT_TO_YOU``)."""
    return PUT_TO_YOU.search(text) is not None


def small_talk_fits(text: str, phrasing: str, scored: Scored) -> bool:
    """True when small talk's normalized ``phrasing``, scored as ``scored``, may answer normalized ``text``: it
    shares characters with it, one of them not a particle as written, and ``text`` is short enough
    (``SMALL_TALK_STRETCH``); a function word alone (我, 了) only when it opens a phrasing of two (在 for 在吗)."""
    # A function word alone is a slip of the keyboard, not 我先走了 or 好的; it can only be short for a phrasing
    # of two characters it opens, as 在 is said for 在吗.
    if len(text) == 1 and text != phrasing and dictionary().function_word(text) \
            and not (len(phrasing) == 2 and phrasing.startswith(text)):
        return False
    # A phrasing of one character (好, 嗯) says too little to stretch: 今天天气好热 is no 好.
    longest = len(phrasing) + 1 if len(phrasing) == 1 else SMALL_TALK_STRETCH * (len(phrasing) + 1)
    return (scored.parts.characters > 0 and len(text) <= longest
            and any(char in text for char in phrasing if char not in SMALL_TALK_PARTICLES))


def asks_of_its_own(text: str, entry: Entry) -> bool:
    """True when normalized ``text`` is a question (``SMALL_TALK_QUESTION``) holding a word of its own that none
    of small talk ``entry``'s phrasings holds: it asks about that word, and ``entry`` does not answer it."""
    # A question holding a word of its own (家人 of 家人可以代还吗, 朋友 of 我朋友帮我还可以吗) asks about it, not
    # small talk's 可以; thanks or a greeting may say more (感谢你的耐心解答) without asking anything.
    if not SMALL_TALK_QUESTION.search(text):
        return False
    words = dictionary()
    return any(len(word) > 1 and not words.function_word(word)
               and not any(word in phrasing for phrasing in entry.phrasings)
               for _, word in chinese_words(text, words))


_REPEATS = tuple(LazyPattern(rf"(.{{{size}}})\1+") for size in range(1, 5))
"""A unit of one to four characters said twice or more in a row (好好好, 行吧行吧, the 好的 of 好的好的谢谢)."""


def said_once(text: str) -> list[str]:
    """The readings of ``text`` with a unit said over and over said once, for each unit length that repeats
    (好好好 → 好; 谢谢谢谢 → 谢, 谢谢; 好的好的谢谢 → 好的谢谢), longest first; empty when nothing repeats."""
    return sorted({found for pattern in _REPEATS if (found := pattern.sub(r"\1", text)) != text},
                  key=lambda found: (-len(found), found))


class SmallTalk:
    """The small talk entries of one index, read as a whole. Built for nothing: their phrasings are gathered on
    the first question that needs them. Safe to share across threads (two threads may gather the same)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._texts: frozenset[str] | None = None
        self._characters: frozenset[str] | None = None
        self._about_itself: bool | None = None

    def phrasings(self) -> frozenset[str]:
        """The normalized phrasings of the small talk entries (not of the declared out-of-scope questions)."""
        if self._texts is None:
            index = self.index
            self._texts = frozenset(phrasing for owner in index.smalltalk if owner != index.negative
                                    for phrasing in index.phrasing_texts(owner))
        return self._texts

    def read(self, text: str) -> str:
        """Normalized ``text`` as small talk reads it: said once when it is a small talk phrasing said over and
        over (好好好 → 好); ``text`` itself otherwise."""
        # An acknowledgement is often said over and over (好好好, 行吧行吧, 嗯嗯嗯): said once it is small talk word
        # for word, and read so; any other text, even one repeating itself (看看), is read as it is.
        small_talk = self.phrasings()
        if text in small_talk:
            return text
        return next((once for once in said_once(text) if once in small_talk), text)

    def about_itself(self) -> bool:
        """True when the base's small talk answers questions put to the assistant (a phrasing asking what it is or
        can do, ``PUT_TO_YOU``: 你是谁, 你能做什么); False for a base with only the built-in greeting, thanks, okay
        and goodbye."""
        if self._about_itself is None:
            self._about_itself = any(map(put_to_the_assistant, self.phrasings()))
        return self._about_itself

    def addressed(self, text: str) -> bool:
        """True when normalized ``text`` is put to the assistant itself (``put_to_the_assistant``: 你能帮我干点啥) and
        the base's small talk answers such questions (``about_itself``)."""
        return self.about_itself() and put_to_the_assistant(text)

    def written_in(self, text: str) -> bool:
        """True when normalized ``text`` is Chinese written only in the small talk phrasings' characters (True for
        an empty text)."""
        # Chinese only: in a spaced script every letter is some small talk's.
        if self._characters is None:
            self._characters = frozenset("".join(self.phrasings()))
        return all(is_chinese(char) and char in self._characters for char in text)

    def asks(self, text: str) -> bool:
        """True when normalized ``text`` may ask something rather than be small talk only: it is no small talk
        phrasing word for word, and is a question (``SMALL_TALK_QUESTION``) or, its final particles set aside,
        holds a character no small talk writes (谢谢啊 asks nothing; 有人吗 may)."""
        return text not in self.phrasings() and (SMALL_TALK_QUESTION.search(text) is not None
                                                 or not self.written_in(text.rstrip(PARTICLES) or text))
