"""A line asking only for more (还有呢, 还有别的吗, 然后呢, what else): it names nothing an entry answers.

Said after an answer it asks what else there is to know, which no entry's phrasings say: read as a question, its
还有 scores an entry writing 还有 for another meaning (逾期了还有救吗, "is there still hope"), whose answer then opens
还有机会. The matcher answers it from no entry, alone or after an answer (the fallback); a conversation
(``conversation.Conversation``) answers it with the last answer's related questions, the more there is to ask.
"""

from __future__ import annotations

from ..lazy_regex import LazyPattern

_OPENING = r"(?:那|那么|嗯|哦|噢|好的?|ok|okay)?"
_MORE = (r"(?:还有|还有没有|还有(?:别的|其他|其它|什么|啥)|还有没有(?:别的|其他|其它)|(?:别的|其他|其它)(?:的)?"
         r"|另外|然后|除此之外|除了这个|除了这些)")
_ENDING = r"(?:的)?(?:问题)?(?:呢|吗|么|嘛|没|没有|不|啊|呀|吧)*"
_ENGLISH = (r"(?:and )?(?:what else|anything else|what more|anything more|and then|then what|more|tell me more"
            r"|whats next|what next)(?: is there| can i ask| should i know)?")

ASKS_FOR_MORE = LazyPattern(_OPENING + _MORE + _ENDING + "|" + _ENGLISH,
                            needs=("还有", "别的", "其他", "其它", "另外", "然后", "除此之外", "除了这", "else",
                                   "more", "then", "next"))
"""A whole line asking only for more, normalized (simplified characters, no punctuation, lower case): 还有呢,
还有吗, 还有别的吗, 还有什么, 其他的呢, 然后呢, 那还有呢, what else, anything else, tell me more."""


def asks_for_more(text: str) -> bool:
    """True when ``text``, as ``QueryText.prepare`` makes it, only asks for more: 还有呢, 还有别的吗, 然后呢, what else.

    >>> [asks_for_more(text) for text in ("还有呢", "还有别的吗", "其他的呢", "然后呢", "那还有呢", "anything else")]
    [True, True, True, True, True, True]
    >>> asks_for_more("还有罚息吗"), asks_for_more("还有救吗"), asks_for_more("其他银行能贷吗"), asks_for_more("")
    (False, False, False, False)
    """
    return ASKS_FOR_MORE.fullmatch(text) is not None
