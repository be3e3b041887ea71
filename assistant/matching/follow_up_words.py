"""What a follow-up says of its own, and what the base's entries and topics name: the word-level reading that
``context`` weighs a short follow-up with (its own terms and words, the topics it names, the heads of the things
an entry names, its point). Each answer is read from the index; nothing here decides a reply."""

from __future__ import annotations

from itertools import pairwise

from ..lazy_regex import LazyPattern
from ..models import Entry
from ..normalize import PAIR_JOINER, sound_key, terms
from .index import Index, PerEntry
from .words import chinese_words, dictionary


def own_terms(text: str, previous: Entry, index: Index, floor: float = 1.0) -> dict[str, float]:
    """The terms of the follow-up ``text`` that the previous question does not already hold, with their IDF
    (those above ``floor``): what the follow-up brings of its own to the previous subject."""
    own = terms(sound_key(text)) - terms(sound_key(index.normalize(previous.question)))
    weights = {term: index.idf.get(term, 0.0) for term in own}
    return {term: weight for term, weight in weights.items() if weight > floor}


def content_words(text: str, previous: str) -> list[str]:
    """The words of two characters or more of ``text`` that the general dictionary does not take for particles,
    pronouns or the like (今天 and 天气 of 今天天气怎么样, not 怎么) and that ``previous`` does not hold."""
    words = dictionary()
    return [word for _, word in chinese_words(text, words)
            if len(word) > 1 and not words.function_word(word) and word not in previous]


def holds_word(words: list[str], index: Index, owner: int) -> bool:
    """True when a phrasing of entry ``owner`` holds one of ``words`` whole (as sound keys: 严期 holds 延期)."""
    keys = [sound_key(word) for word in words]
    return any(key in index.key(phrasing) for phrasing in range(index.first_phrasing[owner],
                                                                 index.first_phrasing[owner + 1]) for key in keys)


def done_to_previous(word: str, previous: str, owner: int, index: Index) -> bool:
    """True when the follow-up's ``word`` (a doing: 恢复) is what a thing the previous question names undergoes: a
    word of the normalized ``previous`` question (征信 of 逾期记录会上报到人民银行征信系统吗) that entry ``owner``
    never writes, another entry's phrasing writes beside ``word`` (征信还能恢复正常吗).
    The follow-up then asks it of that thing, not of the thing ``owner``'s phrasing does it to (额度多久恢复)."""
    words = dictionary()
    things = {sound_key(said) for _, said in chinese_words(previous, words)
              if len(said) > 1 and not words.function_word(said)}
    own = range(index.first_phrasing[owner], index.first_phrasing[owner + 1])
    things -= {thing for thing in things if any(thing in index.key(phrasing) for phrasing in own)}
    key = sound_key(word)
    return any(key in index.key(phrasing) and any(thing in index.key(phrasing) for thing in things)
               for phrasing in range(len(index.texts)) if phrasing not in own)


def mentioned(word: str, index: Index) -> bool:
    """True when every pair of adjacent characters of ``word`` (as sound keys) is a term some phrasing of the base
    holds: looked up in the index's terms, so that a large base is not read phrasing by phrasing."""
    pairs = [term for term in index.terms_of(sound_key(word)) if PAIR_JOINER in term]
    return bool(pairs) and all(term in index.idf for term in pairs)


def same_kind(word: str, index: Index, owner: int) -> bool:
    """True when a phrasing of entry ``owner`` holds a word of the general dictionary (two characters or more)
    ending on ``word``'s last character, its head (备用金 for 资金; not 今天 for 天气): a compound names a thing of
    its head's kind, so the entry names a thing of the kind ``word`` does."""
    return word[-1] in _heads(index, owner)


def _find_heads(index: Index, owner: int) -> frozenset[str]:
    """The last characters of the general dictionary's words (two characters or more) that entry ``owner``'s
    phrasings hold: the heads of the things the entry names."""
    words = dictionary()
    return frozenset(found[-1] for phrasing in index.phrasing_texts(owner)
                     for _, found in chinese_words(phrasing, words) if len(found) > 1)


_heads = PerEntry(_find_heads)


def written(term: str, text: str, phrasing: str) -> bool:
    """True when the term (of sound keys) that ``text`` and ``phrasing`` share is a pair of characters, which
    may differ by a typo (严期 for 延期), or a character both write alike: one character sounding like
    another (晚 of 今晚吃啥好 and 网 of 官网) is a coincidence, not a lead."""
    return PAIR_JOINER in term or any(char in phrasing for char in text if sound_key(char) == term)


def topic_terms(text: str, index: Index) -> set[str]:
    """The telling pairs of characters (IDF above 1) of normalized ``text``: what names a subject."""
    return {term for term in terms(sound_key(text)) if PAIR_JOINER in term and index.idf.get(term, 0.0) > 1.0}


def topic_names(topic: str, index: Index) -> set[str]:
    """What names ``topic``: its telling pairs of characters, normalized and as written (信用 of 信用记录, which
    the synonyms write 征信, and which a question may still hold: 良好的新用记录为什么重要)."""
    return topic_terms(index.normalize(topic), index) | topic_terms(topic, index)


def named_topics(text: str, topic: str, topics: list[str], index: Index) -> list[str]:
    """Those of ``topics`` that the follow-up ``text`` names by a telling pair of characters that ``topic``
    (the previous entry's) does not hold: 延期 of 那延期呢 names 延期还款 after 分期还款."""
    asked = terms(sound_key(text))
    own = topic_names(topic, index)
    return [other for other in topics if (topic_names(other, index) - own) & asked]


def only_names(text: str, topic: str) -> bool:
    """True when the words of ``text`` (two characters or more, not particles or pronouns) are all in ``topic``
    (分期 of 那分期呢 in 分期还款), and it has one: it names that topic and says nothing else."""
    words = content_words(text, "")
    key = sound_key(topic)
    return bool(words) and all(sound_key(word) in key for word in words)


def swapped_topic(previous: Entry, topics: list[str], index: Index) -> list[str]:
    """The previous question with its topic (when it names it whole) replaced by each of ``topics``: the new
    term read in place of the one of its kind."""
    normalize = index.normalize
    question, topic = normalize(previous.question), normalize(previous.topic or "")
    if not topic or topic not in question:
        return []
    return [question.replace(topic, normalize(other)) for other in topics]


def point(text: str, index: Index) -> str:
    """The characters of ``text`` in telling pairs (IDF above 1) of the base that are not particles, pronouns or
    the like of the general dictionary (额度 of 那额度呢, 应急资金 of 那应急资金留多少比较好, nothing of
    你喜欢吃什么: 什么 is a pronoun). Empty when there is none."""
    words = dictionary()
    function = [False] * len(text)
    for start, word in chinese_words(text, words):
        if words.function_word(word):
            function[start:start + len(word)] = [True] * len(word)
    key = sound_key(text)
    known = [not function[place] and not function[place + 1] and index.idf.get(a + PAIR_JOINER + b, 0.0) > 1.0
             for place, (a, b) in enumerate(pairwise(key))]
    return "".join(char for place, char in enumerate(text)
                   if (place > 0 and known[place - 1]) or (place < len(known) and known[place]))


AFTER = LazyPattern(r"(?:那么|那)?([\u4e00-\u9fff]{2,}?)了?(?:以后|之后|后)呢[啊呀哦]?")
"""A follow-up asking what comes after a doing, 那X以后呢 / X之后呢 ("and once X is done?"): it names the doing and
asks nothing else of it (tried only on a question holding 呢: a class of every Chinese character is slow to
compile, and most questions never need it)."""


def after_doing(text: str) -> str:
    """What normalized ``text`` shaped 那X以后呢 / X之后呢 asks about: the doing and its 后 (还清后 of 那还清以后呢,
    绑好后 of 绑好以后呢), as the phrasings of what follows it put it (还清后额度什么时候回来), when X holds a
    character no particle, pronoun or the like of the general dictionary writes. Empty when ``text`` is not of
    that shape."""
    found = AFTER.fullmatch(text) if "呢" in text else None
    if found is None:
        return ""
    doing, words = found.group(1), dictionary()
    if all(words.function_word(word) for word in words.segment(doing)):
        return ""
    return doing + "后"
