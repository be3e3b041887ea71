"""Grammar: whether a bare question shares only its grammar with a question of the base.

In a short list of bare questions (one phrasing each, what a bot author starts with), two questions of one form
share its grammar: 还书晚了怎么办 and 书丢了怎么办 share 了怎么办, and every score reads them close. When every pair of
adjacent characters the question shares with an entry's one phrasing lies in the question's grammar (its function
words, 了, and its question words, 怎么办) and each holds a content word the other lacks (晚, 丢), the two ask
the same form of two different things: the entry is not given with confidence (``grammar_only``). A question
sharing a content pair (丢了 of 手机丢了怎么办) is left to the other checks (salience weighs 手机).

``content_shared`` says whether a question shares such a content pair with an entry's phrasings at all: a bare
list's entries offered to a question naming a thing the base never mentions are no question of theirs put in
other words when none shares one (医保卡怎么激活 and 积分怎么获得 share only 怎么; ``decision.decide``).

``singled`` says whether the question's rarest content character is written by one bare entry alone (退 of 能退吗,
only 可以退卡吗 writes it): that entry is what it asks about, though 能 is no function word of the dictionary.
"""

from __future__ import annotations

from collections.abc import Set

from ..normalize import is_chinese, sound_key
from .index import Index
from .words import QUESTION_CHARACTERS, QUESTION_WORDS, chinese_words, dictionary


def _grammatical(word: str) -> bool:
    # A function word of the general dictionary, or a word putting the question (怎么办 holds 怎么; 几, 吗).
    return (dictionary().function_word(word) or any(asking in word for asking in QUESTION_WORDS)
            or not QUESTION_CHARACTERS.isdisjoint(word))


def _cut(text: str) -> tuple[list[bool], set[str]]:
    # For each character of ``text``, whether it lies in its grammar; and its content words, as sound keys.
    grammar = [False] * len(text)
    content: set[str] = set()
    for start, word in chinese_words(text):
        if _grammatical(word):
            grammar[start:start + len(word)] = [True] * len(word)
        else:
            content.add(sound_key(word))
    return grammar, content


def _common_tail(key: str, other: str) -> int:
    # How many characters the two sound keys end on alike.
    size = 0
    while size < min(len(key), len(other)) and key[-1 - size] == other[-1 - size]:
        size += 1
    return size


def grammar_only(index: Index, text: str, owner: int) -> bool:
    """True when entry ``owner`` is bare (one phrasing), the only pairs of adjacent characters (as sound keys)
    that normalized ``text`` shares with that phrasing are those of the grammar both end on, three characters or
    more of function and question words (了怎么办 of 还书晚了怎么办 and 书丢了怎么办), and each holds a content word
    (not a function or question word of the general dictionary) that the other does not hold: the same form asked
    of another thing. False for any other entry."""
    first, end = index.first_phrasing[owner], index.first_phrasing[owner + 1]
    if end - first != 1 or index.entries[owner].smalltalk or owner == index.negative:
        return False
    phrasing = index.texts[first]
    key, written = sound_key(text), sound_key(phrasing)
    held = {written[i:i + 2] for i in range(len(written) - 1)}
    shared = [i for i in range(len(key) - 1) if key[i:i + 2] in held]
    tail = _common_tail(key, written)
    # Only the grammar both end on, of two pairs at least (怎么办, 了怎么办): a question word shared within
    # (罚息怎么算, 逾期费用是怎么计算的) joins two ways of asking one thing as often as two things.
    if tail < 3 or shared != list(range(len(key) - tail, len(key) - 1)):
        return False
    grammar, asked = _cut(text)
    if not all(grammar[len(text) - tail:]):
        return False
    own = _cut(phrasing)[1]
    return bool(asked - own) and bool(own - asked)


def content_shared(index: Index, text: str, owner: int) -> bool:
    """True when normalized ``text`` and a phrasing of entry ``owner`` share a pair of adjacent characters (as
    sound keys) that lies in a content word of ``text`` (not a function or question word of the general
    dictionary): 密码 of 重置密码 and 登录密码忘了, not 怎么 of 社保卡怎么激活 and 积分怎么获得, nor 票 alone of
    彩票怎么买 and 怎么开发票. False when they share none."""
    return shares_pairs(index, content_pairs(text), owner)


def shares_pairs(index: Index, asked: Set[str], owner: int) -> bool:
    """True when a phrasing of entry ``owner`` holds, as adjacent sound keys, one of the pairs ``asked`` (a
    question's ``content_pairs``, read once for every entry it is compared with); False when none does."""
    if not asked:
        return False
    for phrasing in range(index.first_phrasing[owner], index.first_phrasing[owner + 1]):
        written = index.key(phrasing)
        if any(written[i:i + 2] in asked for i in range(len(written) - 1)):
            return True
    return False


def content_pairs(text: str) -> set[str]:
    """The pairs of adjacent characters of normalized ``text``, as sound keys, that lie in its content words
    (neither character in a function or question word of the general dictionary); empty when there is none."""
    grammar, _ = _cut(text)
    key = sound_key(text)
    return {key[i:i + 2] for i in range(len(key) - 1) if not grammar[i] and not grammar[i + 1]}


def singled(index: Index, text: str, owner: int) -> bool:
    """True when entry ``owner`` is bare (one phrasing) and the rarest content character of normalized ``text``
    (in no function or question word of the general dictionary; the highest surprisal) is written by its phrasing
    and by no other entry's, while every content character of ``text`` is written by some entry: 退 of 能退吗 and
    能退钱吗 beside 可以退卡吗, 会员卡能转让吗 and 办卡多少钱 (能, commoner, is no word of the question's thing); not
    能带人吗 (人 written by no entry: the question asks of something the base may not hold).
    False for any other entry, and when ``text`` has no content character."""
    first, end = index.first_phrasing[owner], index.first_phrasing[owner + 1]
    if end - first != 1 or index.entries[owner].smalltalk or owner == index.negative:
        return False
    grammar, _ = _cut(text)
    content = [char for char, asking in zip(text, grammar) if not asking and is_chinese(char)]
    if not content:
        return False
    table = dictionary()
    rarest = max(content, key=table.surprisal)
    unwritten = set(content)
    for phrasing, written in enumerate(index.texts):
        holder = index.owner[phrasing]
        if holder == index.negative or index.entries[holder].smalltalk:
            continue
        if rarest in written and holder != owner:
            return False
        unwritten.difference_update(written)
    return not unwritten and rarest in index.texts[first]
