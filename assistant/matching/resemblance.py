"""Resemblance: whether a word the knowledge base never mentions is the entry's own wording put otherwise.

Salience (``salience.py``) weighs the words of a question that the base never mentions; a word sharing a
content character with the entry about to be answered (联络 for 联系, 罚金 for 罚息), or standing where the entry
has the same sound beside the same neighbour (a typo: 备用斤 for 备用金), is read as the entry's wording and not
weighed (``resembles``), unless it names another thing: the head of a name (房贷 and 微粒贷 share 贷), an unknown
word opening the question or standing before 的 or a noun (招联 of 招联金融), or a noun of three characters that is
the entry's word with a head of another thing (``headed``: 银行卡 of 微众银行). What stands around a word
(``opens``, ``before_word``, ``modifies``, ``predicated``) is read over the general dictionary (``words.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..lazy_regex import LazyPattern
from ..normalize import is_chinese, sound_key
from .words import LONGEST_WORD, Dictionary, chinese_runs

COVERED = 0.5
"""The share of an unknown word's characters (but the commonest: ``COMMONEST``) that must stand where the entry
has the same sound beside the same neighbour (or, once one does, be characters of the entry) for the word to read
as the entry's wording: one such pair at its edge is not enough, 贷的 of 拍拍贷的 against 微粒贷的; more than half
would no longer read 报送到 of 逾期纪录会不会报送到人民银行 as the entry's wording."""

COMMONEST = 6.0
"""A single character more common than this surprisal (是, 有, 我, 的 …) is never part of an unknown word: in
我借的是美团 the name is 美团, not 是美团."""


def resembles(text: str, word: str, start: int, key: str, characters: frozenset[str], pairs: frozenset[str],
              table: Dictionary, opening: bool, worded: frozenset[str] | None = None, own: bool = False) -> bool:
    """True when ``word`` (at ``start`` of ``text``, of sound key ``key``) shares a content character (rarer than
    ``COMMONEST``: not 人 of 人人贷 with 人民银行) with the entry or stands where the entry has the same sound beside
    the same neighbour; a word of the dictionary must share ``COVERED`` of its content characters, or its last one
    (保险柜 for 储物柜: a thing of the same kind), for one shared character is a word put otherwise only in a word of
    two (罚金 for 罚息), not in a longer one naming another thing (信用卡 of 信用卡逾期了额度会被冻结吗, sharing 用
    with 额度用不了); of a name in the dictionary (房贷), a compound, the last character, its head, does not count:
    房贷 and 微粒贷 are two loans (only of a name: of any compound, 账款 would no longer be read as 还款's wording,
    nor 保险柜 as 储物柜's). Nor does it of an unknown word ``opening`` the question before a word (拍拍贷 of
    拍拍贷逾期了怎么办, 萌贷 of 萌贷的客服电话): what a question opens with is what it is about, a name. The same
    sound beside the same neighbour must cover ``COVERED`` of the word's content characters (not 是 of 钱是不是),
    counting those the entry holds once one does. (The head rule is for names and words opening the question only: of
    an unknown word anywhere it would miss the entry's wording put otherwise, 迟缴, 翻身.) An unknown word that is a
    ``modifier`` (招联 of 招联金融, 度小满 of 度小满的) names a thing: sharing a character (联 of 联系) does not make
    it the entry's wording, only the same sound beside the same neighbour does (a typo). (An unknown word elsewhere
    shares a character as a verb put otherwise does, 缴清 for 还清, or a typo swapping two characters, 期逾.)
    A pair of the word's own characters, with no neighbour of the question, counts only among ``worded``, the
    entry's pairs within one of its words or of whole words (when given): a word sounding as two characters the
    entry holds across the dictionary's cut is no typo of its wording (柚付 is no 有|服务费's 有服), as
    ``unmentioned`` reads a word mentioned. An unknown word of the entry's ``own`` characters (``own_characters``:
    配副 of 配副眼镜大概多少钱 against 配一副眼镜多少钱) is its wording with a character left out, no modifier naming a
    thing."""
    known = table.code(word) is not None
    compound = (known and table.name(word)) or opening
    modifier = not known and not own and modifies(text, start + len(word), table)
    content = [table.surprisal(char) >= COMMONEST for char in word]
    end = start + len(word) - 1 if compound else start + len(word)
    shared = word[:-1] if compound else word
    held = sum(char in characters and content[n] for n, char in enumerate(shared))
    if not modifier and held and (not known or shared[-1] in characters
                                  or held >= COVERED * sum(content[:len(shared)])):
        return True
    covered = {p - start for i in range(max(start - 1, 0), end) if key[i:i + 2] in pairs
               and (worded is None or key[i:i + 2] in worded
                    or (len(word) > 1 and not start <= i <= start + len(word) - 2))
               for p in (i, i + 1) if start <= p < start + len(word)}
    if not covered:
        return False
    covered |= {n for n, char in enumerate(word) if char in characters}
    return sum(content[n] for n in covered) >= COVERED * max(sum(content), 1)


DOING_CHARACTERS = frozenset("能要想去")
"""Characters of doing no name holds: the modal verbs 能, 要 and 想, and 去 (going, or where something goes). An unknown
word holding one (能订 of 能订包间吗, 放假能去 of 五一放假能去博物馆吗) tells what is done, not a thing named. (Not 会:
会开始催 of 逾期多少天会开始催收 tells a question the base does not answer apart.)"""


def own_characters(word: str, characters: frozenset[str]) -> bool:
    """True when every character of ``word`` is one of ``characters`` (an entry's, as ``resembles`` reads them) or one
    of ``DOING_CHARACTERS``: an unknown word made of them puts the entry's wording otherwise (配副 for 配一副, 能订 for
    可以预订, 猫打 against an entry whose answer says 猫 and 打), and names no other thing, wherever it stands. Only the
    entry's own: the base writing every character of a name (有钱花 of 有钱花的额度被冻结了怎么办, in a base saying 有,
    钱 and 花 elsewhere) does not make it the entry's wording."""
    return all(char in characters or char in DOING_CHARACTERS for char in word)


def opens(text: str, start: int, table: Dictionary) -> bool:
    """True when what stands before ``start`` in ``text`` is nothing, or Chinese words the dictionary takes for
    function words only (我的, 我在): the word at ``start`` opens what the question says."""
    before = text[:start]
    return all(is_chinese(char) for char in before) and all(map(table.function_word, table.segment(before)))


def before_word(text: str, end: int, table: Dictionary) -> bool:
    """True when the word that starts at ``end`` of ``text``, as the dictionary cuts the Chinese there, is 的 or
    a word of two characters or more."""
    run = next((run for start, run in chinese_runs(text[end:end + LONGEST_WORD]) if start == 0), "")
    following = table.segment(run)[0] if run else ""
    return following == "的" or len(following) > 1


def modifies(text: str, end: int, table: Dictionary) -> bool:
    """True when the word that starts at ``end`` of ``text``, as the dictionary cuts the Chinese there, is 的
    or a noun: what stands before it names a thing (招联 of 招联金融, 度小满 of 度小满的客服电话)."""
    run = next((run for start, run in chinese_runs(text[end:end + LONGEST_WORD]) if start == 0), "")
    following = table.segment(run)[0] if run else ""
    return following == "的" or (len(following) > 1 and table.noun_like(following))


def headed(word: str, answer: str, characters: frozenset[str], pairs: frozenset[str], table: Dictionary) -> bool:
    """True when ``word`` is a noun of three characters of the dictionary whose first two are a noun the
    entry's phrasings hold (``characters``, ``pairs``: as ``resembles`` reads them) and whose last, its head, they
never do, nor does the entry's normalized ``answer`` hold the word:
    the entry's word as the modifier of another thing (银行卡 of 微众银行, 信用卡 of 信用). Not a verb's: a verb before
    the head names where or with what the entry's doing is done (停车场 of 停车收费吗, 游泳池 of 可以游泳吗)."""
    return (len(word) == 3 and table.known_noun(word) and word[2] not in characters and table.known_noun(word[:2])
            and sound_key(word[:2]) in pairs and word not in answer)


PREDICATE = LazyPattern(r"(?:是不是|算不算|算是|是|算|属于)(?:什么|啥|哪种|一种|一个|个)?$")
"""Words saying what a question's subject is, as they end what stands before the word named (微粒贷是 of
微粒贷是网贷吗, 是什么 of 微粒贷是什么玩意儿): the word is what the subject is said to be (``predicated``)."""

PREDICATE_END = LazyPattern(r"[吗呢吧的啊]*")
"""What may follow a word said of the question's subject: the particles that end a question (网贷吗, 哪家的)."""


def predicated(text: str, start: int, end: int, words: Iterable[tuple[str, int, float]]) -> bool:
    """True when the word from ``start`` to ``end`` of normalized ``text`` ends the question (but for
    ``PREDICATE_END``'s particles) right after a word saying what its subject is (``PREDICATE``), and that subject,
    not empty, holds none of ``words`` (``Salience.words``: what the base never mentions): the word is what the
    subject is said to be (网贷 of 微粒贷是网贷吗), not another thing the question is about."""
    copula = PREDICATE.search(text, 0, start)
    # (A subject ending on 的 says whose, not what: 我借的是美团的 names the thing it is about after 是.)
    return (copula is not None and copula.start() > 0 and text[copula.start() - 1] != "的"
            and PREDICATE_END.fullmatch(text, end) is not None
            and all(other >= copula.start() for _, other, _ in words))
