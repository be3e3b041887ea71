"""Salience: whether a question names a thing the knowledge base never mentions.

A question about another lender or product (美团借钱逾期了怎么办, 招联金融的客服电话是多少) reads like one of
the base's questions with one word more, and every score says "answer". This finds that word without a
hand-kept list, from the base itself and a general-corpus prior:

1. the question's Chinese is cut into words by the most probable segmentation over a general dictionary
   (``data/words.tsv``, built from jieba's by ``tools/build_word_table.py``: each word's corpus frequency and
   whether it is noun-like);
2. a word is *mentioned* when it splits into pieces of two or more characters, each found somewhere in the
   base (questions, alternates, synonyms, and the answers of a base under ``index.EXACT_FROM`` phrasings;
   out-of-scope questions excluded), compared on sound keys so that a homophone typo counts as its word; a
   name (安逸 of 安逸花) only in its own characters, in a base under ``index.EXACT_FROM`` phrasings (按一 is
   no 安逸), and a noun the base never writes so only where its sound stands within a word of the base or as
   whole words, not across the dictionary's cut (正信 sounds as 征信; 呆账 is no 贷|账号);
   consecutive single characters that the dictionary does not join, the base never holds side by side (with one
   it never writes: only within a word or as whole words, 柚付 is no 有|服务费's 有服) and are not function words
   (particles, pronouns, adverbs …) are read as one unknown word (a name: 招联, 美团), and so is a word of the
   dictionary that is no noun and not mentioned with such a neighbour (拍拍 in 拍拍贷),
   unless it follows a word that stands only before a verb (``VERB_MARKERS``: 被追债, 再迟缴) or precedes one
   that stands only after one (``VERB_FOLLOWERS``: 迟缴之后, 搞忘了); a single character the dictionary cut off
   a word the base holds whole (贷 of 微粒|贷) starts no unknown word;
3. an unmentioned word weighs its surprisal in the general corpus (−ln p) when it is a name (of a company, a
   place, a product: 京东, or an abbreviation) or a noun the question opens with, ``COMMON_NOUN`` times that
   when it is another common noun (钱包), and an unknown word weighs the surprisal of its least surprising
   piece (as the dictionary cuts it: 有钱 and 花 of 有钱花, not the common 有; its most surprising one where it
   opens the question: 小赢) plus ``NAME_BONUS`` for each character after the first (度小满: a longer run
   the dictionary does not join is the more surely a name); other words (verbs, adverbs, particles, fillers
   like 一下 or 咋) weigh nothing: they change how a question is put, not what it is about; two or more words
   of the dictionary weigh together (``MORE_NOUNS``);
4. a word sharing a character with the entry about to be answered (联络 for 联系, 罚金 for 罚息), or standing
   where the entry has the same sound beside the same neighbour (a typo: 备用斤 for 备用金), is read as that
   entry's own wording put otherwise and not counted (the same sound beside the same neighbour must cover
   ``resemblance.COVERED`` of the word's characters, with those it shares: 贷的 of 拍拍贷的 is no 微粒贷的); of a
   name the dictionary holds, or of an unknown word the question opens with (拍拍贷逾期了怎么办), the last character
   (its head) does not count: 房贷 and 微粒贷 share 贷 and are two different loans; nor is a noun of three
   characters the entry's noun with a head it never holds (银行卡 of 微众银行, unless its answer names the noun:
   信用卡 of 其他贷款和信用卡都按时还; a verb's is its place: 停车场 of 停车收费吗); an unknown word standing
   before 的 or a noun names a thing and is read as the entry's wording only where it sounds like it (招联 of
   招联金融 is not 联系); a word that one of the questions the base declares out of scope holds (车贷 of
   车贷逾期会怎样) is never read as the entry's wording; a noun such questions are about more often than the
   entries' phrasings hold it (前台 of 前台的电话是多少) counts as never mentioned, though an answer mentions it
   in passing (在前台领取钥匙), unless the entry's own phrasings hold it (``resemblance.py``);
   a word ending the question right after a word saying what its subject is (微粒贷是网贷吗, 微粒贷是什么玩意儿:
   ``resemblance.predicated``), with nothing the base never mentions before it, says what the base's own thing
   is, not another thing asked about, and is not counted either;
5. Taiwan's words are weighed as the mainland's too (OpenCC's tw2sp: 程式 → 程序, 登入 → 登录), the lighter
   counting.

A base written in a spaced script (English: most phrasings without a Chinese character) has no general corpus
here: there, a word of three letters or more that is not a function word (``FUNCTION_WORDS``, a general English
list) and whose stem (umbrella for umbrellas) is in none of the base's phrasings, answers and synonyms weighs
``SPACED_WEIGHT``, in a question of up to ``SHORT_WORDS`` words.

``Salience.foreign(text, entry)`` is the weight of the heaviest word left; the decision
(``decision.decide``) holds back the answer to a question whose weight reaches ``Thresholds.salience``; of a
long one (over ``SHORT``) only a word it names twice (``AGAIN``) or opens on (``RARE_HEAD``; or a name holding
a character the base never writes, before a noun the entry never holds: 浦发 of 我的浦发信用卡逾期了…) is weighed. The
dictionary (0.8 MB) is read on the first question that needs it (a few ms), never at import; the answers' and
synonyms' pairs are gathered then too.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> matcher.salience.foreign(matcher.normalize("美团借钱逾期了怎么办"), matcher.entry("overdue-what-to-do")) > 10
True
>>> matcher.salience.foreign(matcher.normalize("逾期了咋整"), matcher.entry("overdue-what-to-do"))
0.0
"""

from __future__ import annotations

import _thread
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..models import Entry, Knowledge
from ..normalize import clean, is_chinese, sound_key, taiwan_to_mainland
from ..plain_data import text_list
from .index import Index
from .resemblance import COMMONEST, before_word, headed, opens, predicated, resembles
from .spaced import FUNCTION_WORDS, SHORT_WORDS, SPACED_WEIGHT, SPACED_WORD, spaced_words, stem
from .words import (
    COURTESY,
    Dictionary,
    adjacent_pairs,
    asked_noun,
    asks_either,
    base_cut,
    chinese_runs,
    dictionary,
    noun_after,
    pieces_held,
    uncut,
)

NAME_BONUS = 2.0
"""Added to an unknown word's weight for each character after its first: characters the dictionary does not join
are most often a name. (Once per word, 度小满 or 信分付 of 微信分付 weighed under the threshold; per character,
on the pooled held-out folds nothing changed, and questions-b held one out-of-scope question more.)"""

SHORT = 16
"""Normalized questions up to this length are checked whole; a longer one tells a story whose details (生病,
房贷) are not what it asks about, and only a word it names twice (``AGAIN``) is weighed."""

RARE_HEAD = 10.0
"""A long question opening (after function words only) on a word the base never mentions that ends in one of the
entry's characters this rare (贷 of 拍拍贷, 卡 of 信用卡, 呗 of 花呗) is about another thing of the entry's kind: it
is weighed, its head set aside, when it is a name or unknown to the dictionary (a common noun, 月工资, is a
story's detail; a commoner head is a verb's: 要 of 犹豫要, 修 of 做装修)."""

AGAIN = 2
"""A long question's word the base never mentions counts when another such word starts with the same this many
characters: named twice (京东白条…京东白条的逾期费用), it is what the story is about. (On tests/eval/long-dev.yaml,
6 of 20 out-of-scope long questions more held back, no right answer lost there, on the folds or questions-b;
weighing the asking part's words or the unknown word opening the story instead held back in-scope stories:
我正在考虑…, 我做装修的….)"""

COMMON_NOUN = 0.85
"""A common noun's weight against a name's of the same surprisal: 步骤, 流程 or 热线 may be how a question
about the base is put, 美团 or 京东 never. (Chosen on the pooled held-out folds of ``tools/crossval.py`` and on
``benchmarks/plainfaq.py``, where weighing them alike cost 11 right answers for 4 out-of-scope held back; on the
folds, 0.85 holds back two out-of-scope questions more than 0.8 (芝麻信用分, 宽限期) for one right answer
(玩意儿), 0.9 no more, and 0.7 or 0.6 one fewer and one wrong answer more.) A common noun the question opens
with (股票 of 股票亏了怎么办, 助学 of 助学贷款…, after function words only: 我在助学贷款…) is what it is about and
weighs as a name: on the pooled held-out folds, questions-b and ``benchmarks/plainfaq.py`` nothing changed, and
tests/eval/precision-dev.yaml held back two out-of-scope questions more."""

MORE_NOUNS = 0.5
"""Each further word of the dictionary left unmentioned adds this share of its weight to the heaviest one's: a
question naming two things the base never mentions (子女, 公务员) is the further from it. (Unknown words, often
a verb and its neighbour read together, 要走, add nothing. Chosen on the pooled held-out folds of
``tools/crossval.py``: any share from 0.2 to 1 holds back one out-of-scope question more and costs no right
answer there nor in ``benchmarks/plainfaq.py``; counting unknown words too cost one there.)"""

_VERB_MARKERS = "被 再 又 也 都 就 才 不 没 别 会 能 要 想 可以 能否 应该 该 已经 正在 怎么 如何 怎样"
VERB_MARKERS = frozenset(_VERB_MARKERS.split())
"""Words that stand before a verb, never before a name: the passive 被, adverbs (再, 不, 已经), modal verbs (会,
能, 要) and question adverbs (怎么). An unknown word right after one is an action put in a rare word (被追债,
再迟缴), not another lender: it weighs nothing. (在, 去, 还 and 给 are left out: 在美团借的, 还招联的钱.)"""

NEGATIONS = frozenset("不没别未")
"""The negations, which stand before a verb: no unknown word (a name) opens on one (没练 of 没练几次能退不 is no
name). (Not every word of ``VERB_MARKERS``: a modal opening an unknown word, 会开始催 of 逾期多少天会开始催收, is
how a question the base does not answer was told apart, on tests/eval/oos-dev3.yaml.)"""

VERB_FOLLOWERS = frozenset(["了", "过", "之后", "以后", "后", "之前", "以前"])
"""Words that follow an action, not a name: the aspect particles 了 and 过, and 之后 or 以前 after an event. An
unknown word right before one is a rare verb (迟缴之后, 搞忘了): it weighs nothing. (On the pooled held-out
folds: one right answer more, no out-of-scope question answered more.)"""

BARE_QUESTION = 3
"""The longest question (in characters, normalized) that ``Salience.says_nothing`` may find empty: 好吗, 为什么."""

ENDING_PARTICLES = "吗呢吧不"
"""The particles that end a question and say nothing of what it asks (啊, 呀 … normalization drops)."""


_GATHERED = ("elsewhere", "spaced", "written", "declared", "declared_nouns")  # Salience.gathered's, in order


class Salience:
    """The salience check for one knowledge base (see the module's docstring). Built for nothing: it reads
    the index's terms, and gathers what the answers and synonyms hold on the first question that needs
    them. Safe to share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.normalize = index.normalize
        self._elsewhere: frozenset[str] | None = None
        self._spaced: frozenset[str] | None = None
        self._written_pairs: frozenset[str] | None = None
        self._written_characters: frozenset[str] | None = None
        self._said: dict[str, bool] = {}
        self._keyed: list[tuple[str, str]] | None = None
        self._declared_words: tuple[frozenset[str], frozenset[str]] | None = None
        self._entries: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._lock = _thread.allocate_lock()  # threading's Lock, without importing threading

    def gathered(self) -> dict[str, list[str] | None]:
        """What this check gathers from the base on first need, all gathered now, as lists of strings (None for
        what a large base never gathers): what the cache stores beside the index. ``adopt`` takes them back."""
        self._written("")  # gathers the written pairs (a large base has none: every word counts as written)
        tables = (self._pairs_elsewhere(), self._spaced_vocabulary(), self._written_pairs, *self._declared())
        return {f"salience.{name}": None if table is None else sorted(table) for name, table in zip(_GATHERED, tables)}

    def adopt(self, data: Mapping[str, Any]) -> None:
        """Take the tables ``gathered`` returned (read back from the cache), before the first question. Raises
        ``TypeError`` or ``KeyError`` when ``data`` does not hold them."""
        tables = {name: text_list(data, f"salience.{name}") for name in _GATHERED if name != "written"}
        self._elsewhere, self._spaced = frozenset(tables["elsewhere"]), frozenset(tables["spaced"])
        self._written_pairs = (None if data["salience.written"] is None
                               else frozenset(text_list(data, "salience.written")))
        self._written_characters = None
        self._declared_words = (frozenset(tables["declared"]), frozenset(tables["declared_nouns"]))

    def held(self, pair: str) -> bool:
        """True when the two characters of sound key ``pair`` stand side by side somewhere in the base: in
        a phrasing of an entry (not a declared out-of-scope question), an answer or a synonym."""
        index = self.index
        term = pair[0] + "\x1f" + pair[1]
        if term in index.idf:
            negative = index.negative
            if negative < 0:
                return True
            if index.term_entries is not None:
                if any(owner != negative for owner in index.term_entries[term]):
                    return True
            elif any(index.owner[phrasing] != negative for phrasing in index.postings[term]):
                return True
        return pair in self._pairs_elsewhere()

    def _pairs_elsewhere(self) -> frozenset[str]:
        """The pairs of adjacent characters (as sound keys) of the synonyms and, in a small base, the answers
        (a large base's phrasings hold its words; reading 100,000 answers would stall a question seconds)."""
        if self._elsewhere is None:
            with self._lock:
                if self._elsewhere is None:
                    # The answers' sound keys are the index's: no need to normalize the answers again.
                    answers = [] if self.index.exact else self.index.answer_keys[:len(self.index.knowledge.entries)]
                    synonyms = written_texts(self.index.knowledge, phrasings=False, answers=False)
                    keys = map(sound_key, map(self.normalize, synonyms))
                    self._elsewhere = adjacent_pairs([*answers, *keys])
        return self._elsewhere

    def _written(self, word: str) -> bool:
        """True when every two adjacent characters of ``word`` stand side by side in the base's own text (its
        entries' phrasings, answers and synonyms), as written; always in a large base (see
        ``_pairs_elsewhere``)."""
        if self.index.exact:
            return True
        if self._written_pairs is None:
            with self._lock:
                if self._written_pairs is None:
                    texts = written_texts(self.index.knowledge, answers=not self.index.exact)
                    self._written_pairs = adjacent_pairs(self.normalize(text) for text in texts)
        return all(word[i:i + 2] in self._written_pairs for i in range(len(word) - 1))

    def _said_as_word(self, key: str) -> bool:
        """True when sound key ``key`` stands in the base's own text (its entries' phrasings, answers and synonyms)
        within one word, or as whole words, as the dictionary cuts the text around it (征信 for 正信), not across a
        cut (贷|账号 for 呆账). Read around the places the key stands only, once per key."""
        said = self._said.get(key)
        if said is None:
            if self._keyed is None:
                texts = [self.normalize(text) for text in written_texts(self.index.knowledge)]
                self._keyed = [(text, sound_key(text)) for text in texts]
            table, size = dictionary(), len(key)
            said = False
            for text, sounds in self._keyed:
                at = sounds.find(key)
                while at >= 0 and not said:
                    said = uncut(text, at, size, table)
                    at = sounds.find(key, at + 1)
                if said:
                    break
            if len(self._said) > 10_000:
                self._said.clear()
            self._said[key] = said
        return said

    def _side_by_side(self, pair: str, key: str, single: bool) -> bool:
        """True when the base holds the two characters ``pair`` (sound key ``key``) side by side, in sounds alike;
        of a pair with a character the base never writes, only within a word or as whole words (柚付 is no
        有|服务费's 有服: single characters the base never writes, sounding like a pair across the dictionary's cut,
        are still a name; 贷借, both written, is the base's own two words); only between ``single`` characters."""
        return self.held(key) and (not single or self._written(pair) or all(map(self._written_character, pair))
                                   or self._said_as_word(key))

    def _written_character(self, char: str) -> bool:
        """True when the base's own text (as ``_written`` reads it) holds ``char``; always in a large base."""
        if self.index.exact:
            return True
        self._written("")
        if self._written_characters is None:
            self._written_characters = frozenset("".join(self._written_pairs or ()))
        return char in self._written_characters

    def _declared(self) -> tuple[frozenset[str], frozenset[str]]:
        """The words of the questions the base declares out of scope that the base never mentions (车贷 of
        车贷逾期会怎样), and their nouns that fewer entries' phrasings hold than declared questions do, though an
        answer may (信用卡 of 信用卡逾期了会有什么后果, declared in five questions, when the answers only mention
        it in passing and one alternate in an aside; none in a large base, whose phrasings would take seconds to
        gather); gathered on first need. (Counting rather than excluding every noun a phrasing holds: on
        questions-b one out-of-scope question more held back, nothing changed on the pooled held-out folds.)"""
        if self._declared_words is None:
            # Not under the lock: ``words`` takes it. Two threads gathering at once find the same words.
            knowledge, table = self.index.knowledge, dictionary()
            texts = [self.normalize(text) for text in knowledge.out_of_scope]
            words = frozenset(word for text in texts for word, _, _ in self.words(text))
            nouns: frozenset[str] = frozenset()
            if texts and not self.index.exact:
                index = self.index  # its texts: the phrasings normalized, and the declared questions (left out)
                own = [text for text, owner in zip(index.texts, index.owner) if owner != index.negative]
                said = Counter(word for text in texts for word in set(table.segment(text))
                               if len(word) > 1 and table.noun_like(word))
                nouns = frozenset(word for word, times in said.items()
                                  if sum(word in phrasing for phrasing in own) < times)
            self._declared_words = (words, nouns)
        return self._declared_words

    def _spaced_vocabulary(self) -> frozenset[str]:
        """The stems of the words of a base written in a spaced script (most phrasings without a Chinese
        character): of its phrasings, synonyms and (but in a large base, see ``_pairs_elsewhere``) answers.
        Empty for any other base."""
        if self._spaced is None:
            knowledge = self.index.knowledge
            phrasings = [p for entry in knowledge.entries for p in entry.phrasings]
            stems: set[str] = set()
            if sum(not any(map(is_chinese, p)) for p in phrasings) * 2 > len(phrasings):
                texts = written_texts(knowledge, answers=not self.index.exact)
                stems = {stem(word) for text in texts for word in spaced_words(self.normalize(text))}
            self._spaced = frozenset(stems)
        return self._spaced

    def _resemblance(self, entry: Entry) -> tuple[frozenset[str], frozenset[str]]:
        """The characters of ``entry``'s phrasings (cleaned, and normalized: a synonym replaced may be how the
        question puts it) and the pairs of adjacent characters of their sound keys."""
        found = self._entries.get(entry.id)
        if found is None:
            texts = [self.normalize(p) for p in entry.phrasings] + [clean(p) for p in entry.phrasings]
            pairs = {key[i:i + 2] for key in map(sound_key, texts) for i in range(len(key) - 1)}
            found = self._entries[entry.id] = (frozenset("".join(texts)), frozenset(pairs))
        return found

    def words(self, text: str) -> list[tuple[str, int, float]]:
        """The words of normalized ``text`` that the base never mentions, each with where it starts in
        ``text`` and its weight (steps 2 and 3 of the module's docstring), in order. Empty when every word is
        mentioned."""
        vocabulary = self._spaced_vocabulary()
        if vocabulary:
            return [(word, match.start(), SPACED_WEIGHT) for match in SPACED_WORD.finditer(text)
                    if len(word := match.group().lower()) >= 3 and word.isalpha() and word not in FUNCTION_WORDS
                    and stem(word) not in vocabulary]
        held = self.held
        found: list[tuple[str, int, float]] = []
        table: Dictionary | None = None
        for offset, run in chinese_runs(text):
            key = sound_key(run)
            if all(self._side_by_side(run[i:i + 2], key[i:i + 2], True) for i in range(len(key) - 1)):
                continue  # (most questions: nothing to read the dictionary for)
            table = table or dictionary()
            position = 0
            unknown, parts = "", 0  # words read together as one unknown word, and how many
            before, verb = "", False  # the word before the current one; whether the unknown word follows a marker
            for word in base_cut(table.segment(run), key, held, self._written, table):
                span = key[position:position + len(word)]
                mentioned = len(word) == 1 or word in COURTESY or pieces_held(span, held)
                if mentioned and len(word) > 1 and table.name(word) and not self._written(word):
                    mentioned = word in COURTESY  # a name is mentioned in its own characters, not in sounds alike
                elif mentioned and len(word) > 1 and table.noun_like(word) and not self._written(word):
                    # A noun in sounds alike only where the base says a word or words that sound so (征信 for 正信), not
                    # across the dictionary's cut (贷|账号 for 呆账).
                    mentioned = self._said_as_word(span)
                joins = (not table.function_word(word) and not (len(word) > 1 and table.noun_like(word))
                         and (table.surprisal(word) >= COMMONEST if len(word) == 1 else not mentioned))
                if joins and unknown and not self._side_by_side(
                        run[position - 1:position + 1], key[position - 1:position + 1], len(word + before) == 2):
                    unknown, parts = unknown + word, parts + 1
                else:
                    if parts > 1 and not verb and word not in VERB_FOLLOWERS:
                        _add_unknown(found, unknown, offset + position - len(unknown), table,
                                     offset + position == len(unknown))
                    # A character the dictionary cut off a word the base holds whole (贷 of 微粒|贷) starts none,
                    # nor does a negation (没 of 没练几次能退不): a name never opens on one.
                    starts = joins and word not in NEGATIONS and not (
                        len(word) == 1 and len(before) > 1 and held(key[position - 1:position + 1]))
                    unknown, parts = (word, 1) if starts else ("", 0)
                    verb = before in VERB_MARKERS
                    if (len(word) > 1 and not mentioned and table.noun_like(word)
                            and not asked_noun(before, word, table)):
                        named = table.name(word) or opens(text, offset + position, table)
                        found.append((word, offset + position,
                                      table.surprisal(word) * (1.0 if named else COMMON_NOUN)))
                position += len(word)
                before = word
            if parts > 1 and not verb:
                _add_unknown(found, unknown, offset + position - len(unknown), table,
                             offset + position == len(unknown))
        return found

    def says_nothing(self, text: str) -> bool:
        """True when normalized ``text`` is a short Chinese question naming nothing to answer about: once a
        final 吗, 呢, 吧 or 不 is set aside, one character (好吗, 会吗) or one word the general dictionary takes for a
        particle, pronoun, adverb or numeral (为什么, 可以吗, 多久, 几天). Asked alone, it is about no entry; as a
        follow-up it is read with the previous question (``context``). False for any other text (怎么还 is
        two words), and in a base in a spaced script."""
        if not text or len(text) > BARE_QUESTION or not all(is_chinese(char) for char in text):
            return False
        said = text[:-1] if text[-1] in ENDING_PARTICLES else text
        if len(said) <= 1:
            return True
        table = dictionary()
        return len(table.segment(said)) == 1 and table.function_word(said)

    def foreign(self, text: str, entry: Entry) -> float:
        """The weight of the heaviest word of normalized ``text`` that the base never mentions and that does
        not resemble ``entry`` (step 4 of the module's docstring), or of the dictionary's words left together
        (``MORE_NOUNS``) when heavier; 0.0 when there is none, or when the text is longer than ``SHORT``. Never
        raises for any text."""
        if self._spaced_vocabulary():
            if len(SPACED_WORD.findall(text)) > SHORT_WORDS:
                return 0.0
            return max((weight for _, _, weight in self.words(text)), default=0.0)
        if len(text) > SHORT:
            return self._named_again(text, entry)
        weight = self._weigh(text, entry)
        if weight > 0:
            # Taiwan's words (程式, 登入) put in the mainland's (程序, 登录): the same question.
            mainland = taiwan_to_mainland(text)
            if mainland != text:
                weight = min(weight, self._weigh(mainland, entry))
        return weight

    def _named_again(self, text: str, entry: Entry) -> float:
        """``foreign`` of a long ``text``: the weight of the heaviest word the base never mentions that the
        text names twice (the same first ``AGAIN`` characters: 度小满借 and 度小满会) and that does not resemble
        ``entry``; 0.0 when there is none. A story's details (生病, 房贷 of 要办房贷) come once; the thing a
        long question is about comes back where it asks (网商贷逾期了…网商贷逾期了应该怎么处理)."""
        words = self.words(text)
        if not words:
            return 0.0
        table = dictionary()
        characters, pairs = self._resemblance(entry)
        key = sound_key(text)
        heaviest = 0.0
        for word, start, weight in words:
            again = any(other != start and len(word) >= AGAIN and found[:AGAIN] == word[:AGAIN]
                        for found, other, _ in words)
            kind = (word[-1] in characters and table.surprisal(word[-1]) >= RARE_HEAD
                    and (table.code(word) is None or table.name(word)) and opens(text, start, table))
            # A name opening the story before a noun the base mentions but the entry never does (浦发 of
            # 我的浦发信用卡…, where the entry is about being late) says whose that thing is: another's, when the base
            # never writes one of its characters (浦). Not words holding a function word or one before a verb (明年要
            # of 我明年要贷款买房: a time, then what is done).
            owned = noun_after(text, start + len(word), table)
            pieces = table.segment(word)
            owner = bool(owned) and ((table.code(word) is None or table.name(word)) and opens(text, start, table)
                                     and not any(table.function_word(p) or p in VERB_MARKERS for p in pieces)
                                     and not all(map(self._written_character, word))
                                     and pieces_held(sound_key(owned), self.held)
                                     and not pieces_held(sound_key(owned), pairs.__contains__))
            if (again or kind or owner) and weight > heaviest and not resembles(
                    text, word, start, key, characters, pairs, table, kind):
                heaviest = weight
        return heaviest

    def _weigh(self, text: str, entry: Entry) -> float:
        """``foreign`` of a short ``text``."""
        words = self.words(text)
        declared, topics = self._declared()
        for noun in topics:
            if noun in text and all(noun != word for word, _, _ in words) and not any(
                    noun in self.normalize(phrasing) for phrasing in entry.phrasings):
                table = dictionary()
                weight = table.surprisal(noun) * (1.0 if table.name(noun) else COMMON_NOUN)
                words.append((noun, text.index(noun), weight))
        words = [found for found in words if not predicated(text, found[1], found[1] + len(found[0]), words)]
        if not words:
            return 0.0
        characters, pairs = self._resemblance(entry)
        key, table = sound_key(text), dictionary()
        left = [(weight, table.code(word) is not None) for word, start, weight in words
                if word in declared or headed(word, self.normalize(entry.answer), characters, pairs, table)
                or not resembles(text, word, start, key, characters, pairs, table,
                                  table.code(word) is None and start == 0
                                  and before_word(text, start + len(word), table))]
        nouns = sorted((weight for weight, known in left if known), reverse=True)
        together = nouns[0] + MORE_NOUNS * sum(nouns[1:]) if nouns else 0.0
        return max([weight for weight, _ in left] + [together], default=0.0)


def written_texts(knowledge: Knowledge, *, phrasings: bool = True, answers: bool = True) -> list[str]:
    """Return the base's own texts as written: its entries' questions and alternates (with ``phrasings``; not
    the questions it declares out of scope), their answers (with ``answers``) and its synonyms, canonical and
    variants."""
    texts = [text for entry in knowledge.entries for text in entry.phrasings] if phrasings else []
    if answers:
        texts += [entry.answer for entry in knowledge.entries]
    for canonical, variants in knowledge.synonyms.items():
        texts += [canonical, *variants]
    return texts


def _add_unknown(found: list[tuple[str, int, float]], word: str, start: int, table: Dictionary,
                 opening: bool) -> None:
    """Count a run of two or more single characters (or words with them) as one unknown word, unless it repeats
    one (啊啊啊); it ends where a yes-or-no question's form starts, as the dictionary cuts it (够|不够:
    ``words.asks_either``).
    (Weighed by its least surprising piece rather than character, 有钱花 weighs as 花, not as 有: nothing changed on
    the pooled held-out folds, questions-b or the plain FAQ.) One ``opening`` the question names what it is about,
    and weighs as its most surprising piece (小赢 as 赢, not as 小: nothing changed on the folds, questions-b, the
    plain FAQ or the precision sets, and of 240 questions about other lenders 8 more were held back)."""
    either = next((place for place in range(len(word) - 2) if asks_either(word[place:])), None)
    if either is not None:
        word = word[:either]  # (柜|够|不够: the yes-or-no form and what follows it are no name)
    if len(set(word)) >= 2:
        pick = max if opening else min
        found.append((word, start, pick(map(table.surprisal, table.segment(word))) + NAME_BONUS * (len(word) - 1)))
