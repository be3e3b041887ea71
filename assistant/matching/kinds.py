"""Kinds: whether a question names another lender, loan or product of credit than the base's own.

Salience (``salience``) weighs the words a base never mentions, as the general dictionary cuts them. Names of
lenders and credit products are often made of ordinary words (马上金融, 你我贷, 好分期) or of sounds the base holds
(分期乐 is read 分期了), and a kind of loan the question names (银行贷款, 房贷, 网贷) is made of words the base
holds (银行, 贷款) put together: all weigh nothing there. Yet they are built one way: a modifier and a head that
says what kind of thing it is (贷, 贷款, 金融, 银行, 钱包, 分期 …: ``HEADS``, a closed class of the words that end
such names, not a list of lenders).

A question names another such thing when a head stands after a modifier (a character or word that is no
function word, nor a word standing only before a verb: 想分期, 能贷款 name nothing) and the two are not side by side
in ``TIMES`` or more of the base's own texts (phrasings, answers and synonyms; not its declared out-of-scope
questions), compared as sound keys: 微粒贷 is the base's own (粒贷 is written in it) and so is its typo 微利贷, while
拍拍贷, 房贷 and 银行贷款 are not, nor 网贷 of the one alternate 微粒贷是网贷吗. The modifier's last character and the
head must not make a word of the dictionary's that is no name (放贷, 信贷: a verb, or a general noun). A head that
is a word of its own that may follow a verb or an adjective (``LOOSE_HEADS``: 分期 of 申请分期) needs a modifier the
dictionary takes for a name or does not know, which the base never writes (a common noun there may be a verb's
noun: 协商分期, 商量分期). A head
followed by a character the base never writes at all, a word alone, ends a name too (分期乐, whose 乐 sounds like
了). The thing named is in passing when the question goes on to name the base's own (我借呗按时还的，就微粒贷逾期了…):
a bound head written after its modifier in the base, later in the question. Nor is a thing named right after the
base's own and a word saying what it is (微粒贷是网贷吗, 微粒贷算不算正规贷款: ``COPULA``), nor one that is the
base's own word with two characters side by side typed the other way round (微贷粒 for 微粒贷: ``_transposed``).
Nor, last, is a name that one of the base's own phrasings names (``own``: the base
writes it there as a phrasing of its own, as a learned 客服号码再说一下呗 writes 一下呗, which reads like 借呗), nor,
for a bare entry (one phrasing, as a bot author's plain list gives them), a thing its answer names (支付宝 of
可以用支付宝吗, against 可以怎么付款 answered 支持微信、支付宝和现金: the ``answer`` of ``weight`` and ``asked``).

A question may open on such a name made of words that no rule above reads as one, an adverb or an adjective
before a loose head (马上消费): there, as the question's subject, followed by a character the base writes
right after its own (马上消费逾期了 as 微粒贷逾期了), the words before the head name a thing (``_subject``). So do words
opening it that way and ending, with no head, on a character the base never writes (信用飞, 度小满: ``_coined``).

Such a question weighs ``WEIGHT`` (as a company's name in ``salience``), read by the decision beside salience's weight;
a long question (over ``salience.SHORT``) only when it opens on the name or names it twice, as salience reads a story,
or names it in its asking part (``asked``: …想去别的平台借点钱周转一下，借呗的额度一般多久能批下来), or names it last
before an asking part pointing back to it (…可是我还欠着拍拍贷，这个逾期了额度会被冻结吗: ``POINTS_BACK``). A large base
(``index.EXACT_FROM`` phrasings) is not checked, as ``names`` is not; a question holding no head after an unwritten pair
(微粒贷逾期了会怎么样) reads no dictionary. The pairs and characters are gathered on the first question, the base's own
names on the first that names a thing, and all are stored in the cache (``gathered``, ``adopt``).

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> kinds = Kinds(matcher.index)
>>> kinds.weight(matcher.normalize("拍拍贷逾期了怎么办")) >= 10
True
>>> kinds.weight(matcher.normalize("微粒贷逾期了怎么办"))
0.0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..lazy_regex import LazyPattern
from ..normalize import is_chinese, sound_key
from ..once import Once
from ..plain_data import text_list
from .index import Index
from .salience import AGAIN, SHORT
from .unmentioned import VERB_FOLLOWERS, VERB_MARKERS
from .vocabulary import written_texts
from .words import Dictionary, chinese_runs, dictionary

HEADS = ("消费金融", "贷款", "借条", "金条", "白条", "钱包", "金融", "银行", "分期", "消费", "贷", "呗", "宝")
"""The words that end the name of a lender, a loan or a credit or payment product (拍拍贷, 银行贷款, 马上金融, 京东金条,
花呗, 支付宝), longest first."""

_HEADS_BY_FIRST = {first: tuple(head for head in HEADS if head[0] == first) for first in (head[0] for head in HEADS)}
# The heads by their first character, in the order of ``HEADS``: most characters of a question start none.

NAMING_HEADS = frozenset(["宝"])
"""Heads that end another's payment product (支付宝, 余额宝, 淘宝), no loan (``Kinds.unaffected`` keeps it: what
being overdue does to it is not what the base answers), and whose sound is too common (包, 保, 报 are bao too) to
tell the base's own head before what a coined name is followed by (``_subject``, ``_coined``: 退回去邮费谁付 is
no 包邮 of a base writing 包邮)."""

LOOSE_HEADS = frozenset(["分期", "消费", "银行", "钱包"])
"""Heads that are words of their own a verb or an adjective may stand before (申请分期, 想消费, 去银行): they name a
thing only after a noun, a name or a word the dictionary does not know."""

TIMES = 2
"""How many of the base's texts must hold a pair for it to be written there: one alternate asking whether the base's
product is one (微粒贷是网贷吗) does not make 网贷 the base's own."""

VERB_HEADS = frozenset(["贷款"])
"""Heads that are verbs too (还没贷款): a function word before one names nothing."""

MEASURES = frozenset(["笔", "项", "份", "个"])
"""Measure words a loan is counted by (一笔贷款)."""

COUNTED = frozenset("这那哪每此该一两二三几")
"""Characters ending a demonstrative or a number that a measure word (``MEASURES``) follows: 那笔贷款 is one of the
asker's loans, not a lender named 笔贷."""

COPULA = LazyPattern(r"是不是|算不算|属不属于|是|算是|算|属于")
"""Words saying what a thing is (微粒贷是网贷吗, 微粒贷算不算正规贷款): a thing of the kind right after one that
follows the base's own names what the base's own is, not another lender (``Kinds.named``)."""

_ALNUM_END = LazyPattern(r"[0-9a-z]+$")

AFFECTS = "影响"
"""The verb whose object a loan of another kind may be while the question asks about the base's own
(``Kinds.unaffected``)."""

OPENING = 4
"""The most characters before a head opening the question that ``_subject`` reads as a name (马上消费, 好分期)."""

POINTS_BACK = LazyPattern(r"(?:这|那)(?:个|边|家|笔)|它")
"""Words opening an asking clause that point back to a thing named before it (这个也会上征信吗, 那边的罚息怎么算):
after another lender named last (``Kinds.named``: no name of the base's own after it), they ask about that one."""

WEIGHT = 12.0
"""What a question naming another thing of the kind weighs (``thresholds.Thresholds.salience`` holds back from 10)."""


QUESTIONS_KEPT = 8
"""How many questions' names (``Kinds.named``) a check keeps (a few per thread asking at once)."""


class Kinds:
    """The kinds check for one knowledge base (see the module's docstring): the pairs of characters its texts
    hold side by side, gathered on the first question that needs them. Safe to share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._written = Once(self._gather_written)
        self._own = Once(self._gather_own)
        # A question's names, read once for all the entries it is checked against (threads asking at once may each
        # read them: the same names).
        self._named_of = lru_cache(maxsize=QUESTIONS_KEPT)(self._read)

    def written(self) -> tuple[frozenset[str], frozenset[str]]:
        """The pairs of characters side by side in ``TIMES`` or more of the base's own texts (normalized phrasings,
        answers and synonyms; not the declared out-of-scope questions), as sound keys (微利贷 is a typo of 微粒贷),
        and the characters the texts hold as written; none in a large base."""
        return self._written.get()

    def own(self) -> frozenset[str]:
        """The names the base's own phrasings name (as ``named`` finds them in each; not in its declared
        out-of-scope questions): a name the base itself writes in a phrasing is its own, never another lender's
        (一下呗 of a learned 客服号码再说一下呗, read like 借呗); none in a large base."""
        return self._own.get()

    def gathered(self) -> dict[str, list[str]]:
        """The pairs and characters (``written``) and the base's own names (``own``), gathered now if not yet, as
        lists of text: what the cache stores beside the index (``Matcher.gathered``). ``adopt`` takes them back."""
        pairs, characters = self.written()
        return {"kinds.pairs": sorted(pairs), "kinds.characters": sorted(characters), "kinds.own": sorted(self.own())}

    def adopt(self, data: Mapping[str, Any]) -> None:
        """Take what ``gathered`` returned (read back from the cache), before the first question. Raises
        ``TypeError`` or ``KeyError`` when ``data`` does not hold it."""
        written = (frozenset(text_list(data, "kinds.pairs")), frozenset(text_list(data, "kinds.characters")))
        own = frozenset(text_list(data, "kinds.own"))
        self._written.set(written)
        self._own.set(own)

    def _gather_written(self) -> tuple[frozenset[str], frozenset[str]]:
        counts: Counter[str] = Counter()
        characters: set[str] = set()
        for text in self._texts():
            key = sound_key(text)
            counts.update(set(map(str.__add__, key, key[1:])))
            characters.update(text)
        pairs = frozenset(pair for pair, times in counts.items() if times >= TIMES)
        return pairs, frozenset(characters)

    def _gather_own(self) -> frozenset[str]:
        index = self.index
        return frozenset(name for text, owner in zip(index.texts, index.owner)
                         if owner != index.negative for _, name in self._read(text)[0])

    def _texts(self) -> list[str]:
        index = self.index
        if index.exact:
            return []
        texts = [text for text, owner in zip(index.texts, index.owner) if owner != index.negative]
        return texts + [index.normalize(text) for text in written_texts(index.knowledge, phrasings=False)]

    def named(self, text: str) -> list[tuple[int, str]]:
        """The things of the kind that normalized ``text`` names and the base never writes (拍拍贷, 银行贷款), each
        as where it starts in ``text`` and its modifier's last word with its head, in order; those named before one
        of the base's own (in passing) and the names a phrasing of the base names (``own``) left out. Empty when
        there is none."""
        found = self._named_of(text)[0]
        if not found:
            return []
        own = self.own()
        return [(start, name) for start, name in found if name not in own]

    def own_at(self, text: str) -> int:
        """Where in normalized ``text`` a thing of the kind that the base itself writes (微粒贷: 粒贷 side by side in
        its texts) is last named, at its head; -1 when none is (nor in a large base). A thing of the kind named
        before it (我有房贷…微粒贷的额度会被冻结吗) is named in passing (``named``)."""
        return self._named_of(text)[1]

    def _read(self, text: str) -> tuple[tuple[tuple[int, str], ...], int]:
        """``named``, the base's own names (``own``) not yet left out, and ``own_at``."""
        if self.index.exact:
            return (), -1
        written, characters = self.written()
        found: list[tuple[int, str]] = []
        own = -1  # where the base's own thing of the kind is last named
        said: list[int] = []  # where what the base's own is said to be may start (微粒贷是|网贷)
        for offset, run in chinese_runs(text):
            # A name may open on digits or letters (360借条): they stand for the character before the head.
            before = _alnum_end(text[:offset])
            run, offset = before + run, offset - len(before)
            heads = _heads(run)
            if not offset:
                found += _coined(run, heads, written, characters)
            if not heads:
                continue
            key = sound_key(run)
            unwritten = [(start, head) for start, head in heads if start and key[start - 1:start + 1] not in written]
            # A character the base never writes right after a head ends the name (分期乐, though it sounds 分期了).
            ending = [(start, head) for start, head in heads if start + len(head) < len(run)
                      and is_chinese(run[start + len(head)]) and run[start + len(head)] not in characters]
            for start, head in heads:
                if start and (start, head) not in unwritten and head not in LOOSE_HEADS | VERB_HEADS:
                    own = max(own, offset + start)  # (申请分期 or 申请贷款 names no thing of the base's own)
                    copula = COPULA.match(text, offset + start + len(head))
                    if copula:
                        said.append(copula.end())
            if not unwritten and not ending:
                continue  # (most questions: nothing to read the dictionary for)
            table = dictionary()
            for start, head in unwritten:
                modifier = _modifier(run, start, head, table)
                if modifier and _names(modifier, head, table, written):
                    found.append((offset + start - len(modifier), modifier + head))
                elif not offset and _subject(run, start, head, table, written):
                    found.append((0, run[:start + len(head)]))
            found += [(offset + start, head + run[start + len(head)]) for start, head in ending
                      if len(table.segment(run[start + len(head):])[0]) == 1
                      and not table.function_word(run[start + len(head)])]  # (not 柜 of 银行柜台: a word of its own)
        return tuple((start, name) for start, name in found
                     if start > own and start not in said
                     and not _transposed(text, start, start + len(name), written)), own

    def weight(self, text: str, answer: str = "") -> float:
        """``WEIGHT`` when normalized ``text`` names a thing of the kind the base never writes, not in passing
        (``named``), and for a text longer than ``salience.SHORT`` (a story, which may name one in passing) when it
        opens on it or names it twice (the same first ``salience.AGAIN`` characters); 0.0 otherwise. A thing
        ``answer`` writes (a bare entry's normalized answer: 支付宝 of 支持微信、支付宝和银行卡) is the entry's own and
        not counted. Never raises for any text."""
        named = [(start, name) for start, name in self.named(text) if not answer or name not in answer]
        if len(text) > SHORT:
            named = [(start, name) for start, name in named if start == 0 or any(
                other != start and found[:AGAIN] == name[:AGAIN] for other, found in named)]
        return WEIGHT if named else 0.0

    def asked(self, text: str, part: str, answer: str = "") -> float:
        """``WEIGHT`` when normalized ``text`` names a thing of the kind the base never writes, not in passing
        (``named``), within ``part``, its normalized asking part (``clauses.asking_part``), found in it as written
        there, or before a ``part`` opening on a word pointing back to it (``POINTS_BACK``): a long question's story
        may name one in passing, its asking part asks about it; 0.0 otherwise (``part`` empty or not in ``text``).
        A thing ``answer`` writes is not counted, as in ``weight``. Never raises for any text."""
        at = text.rfind(part) if part else -1
        if at < 0:
            return 0.0
        named = [(start, name) for start, name in self.named(text) if not (answer and name in answer)]
        if any(at <= start < at + len(part) for start, _ in named):
            return WEIGHT
        return WEIGHT if POINTS_BACK.match(part) and any(start < at for start, _ in named) else 0.0

    def unaffected(self, text: str) -> str:
        """Normalized ``text`` without the things of the kind it names after ``AFFECTS`` when it names none before
        (微粒贷逾期会影响我以后办房贷吗 asks what the base's own does to a loan the asker may take, which an answer
        about the consequences of being overdue covers: later loans elsewhere may be refused); ``text`` itself
        otherwise (房贷逾期会影响微粒贷吗 is about the 房贷). Never raises for any text."""
        at = text.find(AFFECTS)
        if at <= 0:
            return text
        # (A payment product, 支付宝, is no loan a later application may be refused: salience weighs it.)
        named = [(start, name) for start, name in self.named(text) if name[-1] not in NAMING_HEADS]
        if not named or any(start < at for start, _ in named):
            return text
        kept, end = [], 0
        for start, name in sorted(named):  # (names may overlap: 贷房 and 房了响贷 are one stretch left out)
            kept.append(text[end:start])
            end = max(end, start + len(name))
        return "".join(kept) + text[end:]


def _transposed(text: str, start: int, end: int, written: frozenset[str]) -> bool:
    """True when the name from ``start`` to ``end`` of ``text`` is the base's own word with two characters side by
    side typed the other way round (微贷粒 for 微粒贷): swapping two of the name and the characters around it makes
    every pair of them one the base writes (``written``), as sound keys."""
    low, high = max(start - 1, 0), min(end + 1, len(text))
    window = text[low:high]
    for i in range(len(window) - 1):
        if window[i] == window[i + 1]:
            continue
        key = sound_key(window[:i] + window[i + 1] + window[i] + window[i + 2:])
        if len(key) == len(window) and all(key[j:j + 2] in written for j in range(len(key) - 1)):
            return True
    return False


def _alnum_end(text: str) -> str:
    """The digits and letters ending ``text`` (empty when there are none)."""
    found = _ALNUM_END.search(text)
    return found.group() if found else ""


def _heads(run: str) -> list[tuple[int, str]]:
    """Where a head (``HEADS``, the longest at each place) starts in ``run``, with the head; a shorter head inside a
    longer one (贷 of 贷款) is not counted again."""
    found: list[tuple[int, str]] = []
    end = 0
    for start, char in enumerate(run):
        if start < end or char not in _HEADS_BY_FIRST:
            continue
        head = next((head for head in _HEADS_BY_FIRST[char] if run.startswith(head, start)), None)
        if head is not None:
            found.append((start, head))
            end = start + len(head)
    return found


def _modifier(run: str, start: int, head: str, table: Dictionary) -> str:
    """The word before ``head`` at ``start`` in ``run`` as the dictionary cuts what stands before it (its last
    word); empty when it is a function word or stands only before a verb (我贷款, 能贷款), but for a function word
    of two characters or more before a head that is no verb (马上金融: an adverb stands before a verb). Empty too
    for a measure word after a demonstrative or a number (那笔贷款, 每笔贷款: ``COUNTED``) and for pronouns ending
    on 的 (我的贷款): both say which of the asker's loans is meant, and no lender's name is made that way."""
    if not is_chinese(run[start - 1]):
        return _alnum_end(run[:start])  # (360 of 360借条)
    words = table.segment(run[:start])
    last = words[-1]
    if last in MEASURES and len(words) >= 2 and words[-2][-1] in COUNTED:
        return ""
    if last == "的" and len("".join(words)) == start and all(map(table.function_word, words)):
        return ""  # (我的贷款, 我们的贷款: the asker's own; 你我贷 has no 的)
    if table.function_word(last) or last in VERB_MARKERS:
        if len(last) > 1 and last not in VERB_MARKERS and head not in LOOSE_HEADS and head not in VERB_HEADS:
            return last
        # 你我贷: function words only, two or more, opening the question, are a name the dictionary reads apart.
        if (len(words) >= 2 and len("".join(words)) == start and all(map(table.function_word, words))
                and head not in LOOSE_HEADS):
            return "".join(words)
        return ""
    return last


def _subject(run: str, start: int, head: str, table: Dictionary, written: frozenset[str]) -> bool:
    """True when the words before a loose ``head`` at ``start`` open the question (``run`` opens it) and make with it
    the subject the base's own thing stands as: the character after the head is one the base writes after its own
    (微粒贷逾期 of 马上消费逾期了, 好分期逾期后…). Names made of an adverb (马上) or an adjective (好) are read there,
    where no verb or adjective would stand before such a head, but not one verb marker (想分期, 能分期) nor a
    single function word (我分期), nor words ending on 的, on a counted measure word (那笔贷款) or on a function
    word after others (征信对贷款), or holding a head themselves, nor a word of the dictionary's the pair makes that
    is no name (放贷)."""
    end = start + len(head)
    prefix = run[:start]
    if (head not in LOOSE_HEADS or not prefix or len(prefix) > OPENING or end >= len(run) or prefix in VERB_MARKERS
            or run[end] in COUNTED or any(run.startswith(word, end) for word in VERB_FOLLOWERS)):
        return False
    if prefix.endswith("的") or _heads(prefix) or (len(prefix) > 1 and prefix[-1] in MEASURES
                                                  and prefix[-2] in COUNTED):
        return False  # (我的贷款, 那笔贷款: the asker's own; 分期最多分期: a thing of the kind opened the question)
    if len(prefix) == 1 and table.function_word(prefix):
        return False
    joined = prefix[-1] + head
    if table.code(joined) is not None and not table.name(joined):
        return False
    words = table.segment(prefix) if is_chinese(prefix[-1]) else [prefix]
    if len(words) > 1 and table.function_word(words[-1]):
        return False  # (征信对贷款: a preposition before the head, after other words)
    return _follows_own_head(run[end], written)


def _coined(run: str, heads: list[tuple[int, str]], written: frozenset[str], characters: frozenset[str],
            ) -> list[tuple[int, str]]:
    """The name opening ``run`` (which opens the question) as its subject that ends on a character the base never
    writes, which the dictionary cuts as a word alone, after no function word (信用飞的公众号, 度小满逾期了; not
    我怕的是), nor sounding as the base writes it after the character before (客富 for 客服), followed by a character
    the base writes right after its own and no number nor demonstrative (``COUNTED``: 存几个月 is a verb and its
    count), nor what follows an action (``unmentioned.VERB_FOLLOWERS``: 迟缴以后): as a one-item list with where it
    starts (0); empty when there is none, or when a head stands in it (``named`` reads those)."""
    for end in range(2, min(OPENING, len(run) - 1) + 1):
        last = run[end - 1]
        if last in characters or not is_chinese(last) or any(start < end for start, _ in heads):
            continue
        key = sound_key(run[end - 2:end])
        if key in written:
            continue  # (客富 sounds as 客服: a typo of the base's own word)
        table = dictionary()
        words = table.segment(run[:end])
        if words[-1] != last or any(map(table.function_word, words)):
            continue  # (我怕的是: a pronoun and a verb)
        if run[end] in COUNTED or any(run.startswith(word, end) for word in VERB_FOLLOWERS):
            continue  # (存几个月, 差一点, 迟缴以后: a verb before its count or an aspect, not a name)
        if _follows_own_head(run[end], written):
            return [(0, run[:end])]
    return []


def _follows_own_head(char: str, written: frozenset[str]) -> bool:
    # Whether the base writes ``char`` (by its sound) right after the last character of a head that tells a name
    # (贷 of 微粒贷, not 分期, 贷款 nor 宝: a word of its own, a verb, a common sound).
    after = sound_key(char)
    return any(sound_key(own[-1]) + after in written for own in HEADS
               if own not in LOOSE_HEADS | VERB_HEADS | NAMING_HEADS)


def _names(modifier: str, head: str, table: Dictionary, written: frozenset[str]) -> bool:
    """True when ``modifier`` before ``head`` names a thing: not when its last character and the head make a word of
    the dictionary's that is no name (a verb, 放贷, or a general noun, 信贷 and 借贷 of credit and lending);
    for a bound head (贷, 呗, 金融) always, and for a loose one (``LOOSE_HEADS``) after a name or a word the
    dictionary does not know that the base never writes (sound keys of its pairs: ``written``): a common noun
    before one may be a verb's noun (协商分期, 商量分期)."""
    joined = modifier[-1] + head
    if table.code(joined) is not None and not table.name(joined):
        return False
    if head not in LOOSE_HEADS:
        return True
    key = sound_key(modifier)
    if all(key[i:i + 2] in written for i in range(len(key) - 1)):
        return False
    return len(modifier) > 1 and (table.code(modifier) is None or table.name(modifier))


