"""Salience: whether a question names a thing the knowledge base never mentions.

A question about another lender or product (美团借钱逾期了怎么办, 招联金融的客服电话是多少) reads like one of
the base's questions with one word more, and every score says "answer". This finds that word without a
hand-kept list, from the base itself and a general-corpus prior:

1.–3. the question's words the base never mentions, each with its weight, are found by ``unmentioned.py``
   (read against the base's ``vocabulary.Vocabulary``); two or more words of the dictionary weigh together
   (``MORE_NOUNS``), and so do two or more rare words it takes for no noun (``unmentioned.doings``: 签证 and
   滞留 of 签证逾期滞留有什么后果), or one such word beside a noun of the dictionary the base never mentions (感冒
   and 药 of 感冒了吃什么药好得快, 出国 and 飞机 of 逾期了还能坐飞机出国吗), though one alone weighs nothing; nor
   does a noun of one character alone (狗 of 狗狗能带进去吗, the base saying 宠物);
4. a word sharing a character with the entry about to be answered (联络 for 联系, 罚金 for 罚息; of a bare entry,
   one phrasing and no alternate, its answer's characters count too: 狗 of 周末狗能寄养吗 against 可以寄养吗,
   whose answer says 可以寄养猫和狗, the only other text a bot author's bare list gives the entry), or standing
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
   a noun the question opens with that shares only its head with the entry, where the head ends another noun of
   the entry's phrasings (股票 of 股票怎么开户 against 怎么开发票; 科技馆 of 科技馆几点开门 against 博物馆几点开门,
   ``HEADED_NOUN``), is read as a name is: another thing of that kind;
   so is such a noun anywhere when the base never writes its characters before the head (药店 against 酒店; 账款
   of 帐款明细 against 欠款, the base writing 账, is the entry's wording);
   a word ending the question right after a word saying what its subject is (微粒贷是网贷吗, 微粒贷是什么玩意儿:
   ``resemblance.predicated``), with nothing the base never mentions before it, says what the base's own thing
   is, not another thing asked about, and is not counted either;
5. beside a word the base never mentions, a word it writes (of surprisal ``ELSEWHERE`` or more) none of whose
   characters an entry of ``WELL_PHRASED`` phrasings holds weighs as a further noun (``MORE_NOUNS``): 工资 of
   老板拖欠工资怎么办 against 逾期了怎么办 asks about the boss's matter, not the entry's put otherwise;
6. Taiwan's words are weighed as the mainland's too (OpenCC's tw2sp: 程式 → 程序, 登入 → 登录), the lighter
   counting.

A base written in a spaced script (English) is read by its words' stems (``unmentioned.py``), in a question of up
to ``SHORT_WORDS`` words.

``Salience.foreign(text, entry)`` is the weight of the heaviest word left; the decision
(``decision.decide``) holds back the answer to a question whose weight reaches ``Thresholds.salience``; of a
long one (over ``SHORT``) only a word it names twice (``AGAIN``) or opens on (``RARE_HEAD``; or a name holding
a character the base never writes, before a noun the entry never holds: 浦发 of 我的浦发信用卡逾期了…) is weighed, and
a word it opens on not when the base's own thing of a kind is named after it (车贷这个月刚扣完款…微粒贷的额度会不会被
冻结啊: the story opened on another loan in passing, as ``kinds`` reads it, and the question asks about the base's
own; ``kinds.Kinds.own_at``, passed in by the matcher). The dictionary (0.8 MB) is read on the first question that
needs it (a few ms), never at import; the answers' and synonyms' pairs are gathered then too.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> matcher.salience.foreign(matcher.normalize("美团借钱逾期了怎么办"), matcher.entry("overdue-what-to-do")) > 10
True
>>> matcher.salience.foreign(matcher.normalize("逾期了咋整"), matcher.entry("overdue-what-to-do"))
0.0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import lru_cache, partial
from typing import Any

from ..models import Entry
from ..normalize import clean, is_chinese, sound_key, taiwan_to_mainland
from ..plain_data import text_list
from .index import Index, PerEntry, bare_entry, normalized_answer
from .resemblance import before_word, headed, opens, own_characters, predicated, resembles
from .spaced import SHORT_WORDS, SPACED_WORD
from .unmentioned import LETTERS, VERB_MARKERS, doings, spelled, surprisal_weight, unmentioned
from .vocabulary import Vocabulary
from .words import QUESTION_CHARACTERS, Dictionary, dictionary, noun_after, pieces_held, uncut

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
characters: named twice (京东白条…京东白条的逾期费用), it is what the story is about. (Not the asking part's words
or the unknown word opening the story: those are as often a story's detail the base answers, 我正在考虑…,
我做装修的….)"""

MORE_NOUNS = 0.5
"""Each further word of the dictionary left unmentioned adds this share of its weight to the heaviest one's: a
question naming two things the base never mentions (子女, 公务员) is the further from it. (Unknown words, often
a verb and its neighbour read together, 要走, add nothing.)"""

BARE_QUESTION = 3
"""The longest question (in characters, normalized) that ``Salience.says_nothing`` may find empty: 好吗, 为什么."""

ENDING_PARTICLES = "吗呢吧不"
"""The particles that end a question and say nothing of what it asks (啊, 呀 … normalization drops)."""

WELL_PHRASED = 10
"""An entry asked in this many phrasings or more has had the usual wordings of its question written down: a common
noun that neither they nor anything else the base writes mentions (内存 of 微粒贷APP占手机内存大吗 against the
entry on logging in to the app, 收益 of 微众银行的理财产品收益怎么样 against the one saying what 微粒贷 is) is less
likely one more way to put it than another thing asked about, and weighs as a name of its surprisal does, not
``unmentioned.COMMON_NOUN`` of it, when the entry matches the question under ``EXPLAINED``. An entry of fewer
phrasings (a small base's, a bare list's) is often asked in words it never wrote: there a common noun weighs
``unmentioned.COMMON_NOUN`` of its surprisal. Only in a short question: a long one's story names common things in
passing (短信)."""

EXPLAINED = 70.0
"""A match scoring this much or more (0–100) accounts for the question in the entry's own words but for a word or
two: a common noun left over is then how the asker puts the entry's thing (法院 of 延期期间会被告上法院吗, the entry
on being sued during an extension at 84), and weighs as a common noun whatever ``WELL_PHRASED`` says."""

ELSEWHERE = 9.0
"""The surprisal from which a word the base writes, but none of an entry's ``WELL_PHRASED`` wordings holds a character
of, weighs beside a word the base never mentions (``Salience._elsewhere``: 工资 of 老板拖欠工资怎么办, 9.5): a
commoner one (知道, 时候, 准备) is how any question is put."""

HEADED_NOUN = 3
"""The longest noun of an entry's phrasings (in characters) whose head tells a question's noun sharing only that
head for another thing of its kind (``Salience._kin``): 博物馆 against 科技馆."""

QUESTIONS_KEPT = 64
"""How many questions' unmentioned words and doings a check keeps (a few per thread asking at once)."""

_DECLARED = ("declared", "declared_nouns")  # Salience.gathered's own tables, after the vocabulary's, in order


class Salience:
    """The salience check for one knowledge base (see the module's docstring). Built for nothing: it reads
    the index's terms, and gathers what the answers and synonyms hold on the first question that needs
    them (its ``vocabulary``). Safe to share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.normalize = index.normalize
        self.vocabulary: Vocabulary = Vocabulary(index)
        """What the base writes and holds, which a question's words are read against."""
        self._declared_words: tuple[frozenset[str], frozenset[str]] | None = None
        # A question's unmentioned words and doings, read once for all the entries it is checked against (threads
        # asking at once may each read them: the same words).
        self._words_of = lru_cache(maxsize=QUESTIONS_KEPT)(partial(_unmentioned, vocabulary=self.vocabulary))
        self._doings_of = lru_cache(maxsize=QUESTIONS_KEPT)(partial(doings, vocabulary=self.vocabulary))

    def gathered(self) -> dict[str, list[str] | None]:
        """What this check gathers from the base on first need, all gathered now, as lists of strings (None for
        what a large base never gathers): what the cache stores beside the index. ``adopt`` takes them back."""
        tables = self.vocabulary.gathered()
        return {**tables, **{f"salience.{name}": sorted(table) for name, table in zip(_DECLARED, self._declared())}}

    def adopt(self, data: Mapping[str, Any]) -> None:
        """Take the tables ``gathered`` returned (read back from the cache), before the first question. Raises
        ``TypeError`` or ``KeyError`` when ``data`` does not hold them."""
        declared, nouns = (frozenset(text_list(data, f"salience.{name}")) for name in _DECLARED)
        self.vocabulary.adopt(data)
        self._declared_words = (declared, nouns)

    def held(self, pair: str) -> bool:
        """True when the two characters of sound key ``pair`` stand side by side somewhere in the base
        (``vocabulary.Vocabulary.held``)."""
        return self.vocabulary.held(pair)

    def _declared(self) -> tuple[frozenset[str], frozenset[str]]:
        """The words of the questions the base declares out of scope that the base never mentions (车贷 of
        车贷逾期会怎样), or, a verb, never writes (开通 of 怎样才能开通微粒贷借款功能: ``_weigh`` weighs it as a name,
        what the declared question is about), and their nouns that fewer entries' phrasings hold than declared
        questions do, though an answer may (信用卡 of 信用卡逾期了会有什么后果, declared in five questions, when the
        answers only mention it in passing and one alternate in an aside; none in a large base, whose phrasings
        would take seconds to gather); gathered on first need. Counted, not every noun a phrasing holds excluded:
        one alternate naming it in an aside does not make it the base's."""
        if self._declared_words is None:
            # Not under a lock: ``words`` reads the vocabulary, which takes its own. Two threads gathering at once
            # find the same words.
            knowledge, table = self.index.knowledge, dictionary()
            texts = [self.normalize(text) for text in knowledge.out_of_scope]
            words = frozenset(word for text in texts for word, _, _ in self.words(text)) | frozenset(
                word for text in texts for word in table.segment(text) if table.known_doing(word)
                and not self.vocabulary.written(word))
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

    def _resemblance(self, entry: Entry) -> tuple[frozenset[str], frozenset[str]]:
        """The characters of ``entry``'s phrasings (cleaned, and normalized: a synonym replaced may be how the
        question puts it) and the pairs of adjacent characters of their sound keys."""
        return _entry_resemblance(self.index, self.index.entry_index[entry.id])

    def _worded(self, entry: Entry) -> frozenset[str]:
        """The pairs of adjacent characters of ``entry``'s phrasings' sound keys that lie within one word, or are
        whole words, as the dictionary cuts the phrasings (``words.uncut``): 服务 of 有服务费, not 有服."""
        return _entry_worded(self.index, self.index.entry_index[entry.id])

    def _kin(self, text: str, word: str, start: int, entry: Entry) -> bool:
        """True when ``word``, at ``start`` of normalized ``text``, is a noun of the dictionary the question opens
        with (or, anywhere, one whose characters before its head the base never writes: 药店 of 附近哪里有药店, the
        entry holding 酒店) that shares with ``entry``'s phrasings its last character only, its head, which ends
        another noun of the dictionary there (股票 of 股票怎么开户, the entry holding 发票): another thing of the
        entry's kind, as a name's head tells (房贷 and 微粒贷), whose head is then no sign of the entry's wording
        (step 4 of the module's docstring). Not a word whose other characters the entry holds (人行 of 人民银行),
        nor one whose head stands in the entry in no noun or first in one (包月 of 月卡多少钱, 能带 of 可以带朋友来吗):
        the entry's wording put otherwise."""
        table = dictionary()
        if not table.known_noun(word) or not (
                opens(text, start, table) or not any(map(self.vocabulary.written_character, word[:-1]))):
            return False
        heads = _entry_noun_pairs(self.index, self.index.entry_index[entry.id])
        characters, _ = self._resemblance(entry)
        return not any(char in characters for char in word[:-1]) and any(
            pair[1] == word[-1] and pair != word[-2:] for pair in heads)

    def words(self, text: str) -> list[tuple[str, int, float]]:
        """The words of normalized ``text`` that the base never mentions, each with where it starts in
        ``text`` and its weight (``unmentioned.unmentioned``), in order. Empty when every word is mentioned."""
        return list(self._words_of(text))

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

    def a_slip(self, text: str) -> bool:
        """True when normalized ``text`` is one character the general dictionary takes for a function word and no
        question's (了, 我, 的; not 几 or 呢): a slip of the keyboard, asking nothing even of the answer before it."""
        return len(text) == 1 and text not in QUESTION_CHARACTERS and dictionary().function_word(text)

    def foreign(self, text: str, entry: Entry, score: float | None = None, own_at: int = -1) -> float:
        """The weight of the heaviest word of normalized ``text`` that the base never mentions and that does
        not resemble ``entry`` (step 4 of the module's docstring), or of the dictionary's words left together
        (``MORE_NOUNS``) when heavier; 0.0 when there is none, or when the text is longer than ``SHORT``.
        ``score``: how well ``entry`` matches the question, when known: under ``EXPLAINED``, against an entry of
        ``WELL_PHRASED`` phrasings or more, a common noun weighs as a name. ``own_at``: where a long ``text`` names
        the base's own thing of a kind (``kinds.Kinds.own_at``), -1 when it does not: a word opening its story before
        it is named in passing (``_named_again``). Never raises for any text."""
        if self.vocabulary.spaced():
            if len(SPACED_WORD.findall(text)) > SHORT_WORDS:
                return 0.0
            return max((weight for _, _, weight in self.words(text)), default=0.0)
        if len(LETTERS.sub("a", text)) > SHORT:
            # (A word in letters is one word, not as many characters: icloud的密码想不起来了怎么办 is a short question.)
            return self._named_again(text, entry, own_at)
        named = score is not None and score < EXPLAINED and len(entry.phrasings) >= WELL_PHRASED
        weight = self._weigh(text, entry, named, own_at)
        if weight > 0:
            # Taiwan's words (程式, 登入) put in the mainland's (程序, 登录): the same question.
            mainland = taiwan_to_mainland(text)
            if mainland != text:
                weight = min(weight, self._weigh(mainland, entry, named, own_at))
        return weight

    def _named_again(self, text: str, entry: Entry, own_at: int = -1) -> float:
        """``foreign`` of a long ``text``: the weight of the heaviest word the base never mentions that the
        text names twice (the same first ``AGAIN`` characters: 度小满借 and 度小满会) and that does not resemble
        ``entry``; 0.0 when there is none. A story's details (生病, 房贷 of 要办房贷) come once; the thing a
        long question is about comes back where it asks (网商贷逾期了…网商贷逾期了应该怎么处理). A word it opens on
        (``RARE_HEAD``, or a name before a noun) is in passing when the base's own thing of a kind is named after it
        (``own_at``: 车贷这个月刚扣完款…微粒贷的额度会不会被冻结), as ``kinds.Kinds.named`` reads it."""
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
                                     and not all(map(self.vocabulary.written_character, word))
                                     and pieces_held(sound_key(owned), self.held)
                                     and not pieces_held(sound_key(owned), pairs.__contains__))
            if own_at >= start + len(word):
                kind = owner = False
            if (again or kind or owner) and weight > heaviest and not resembles(
                    text, word, start, key, characters, pairs, table, kind):
                heaviest = weight
        return heaviest

    def _weigh(self, text: str, entry: Entry, named: bool = False, own_at: int = -1) -> float:
        """``foreign`` of a short ``text`` (``named``: its common nouns weighing as names, ``WELL_PHRASED``;
        ``own_at``: where it names the base's own thing of a kind, ``kinds.Kinds.own_at``, -1 when it does not)."""
        # A word in letters before the base's own thing (webank of webank的微粒贷逾期了怎么办) says whose it is.
        words = [found for found in self.words(text) if not (spelled(found[0]) and own_at >= found[1] + len(found[0]))]
        if named and words:
            words = _as_named(words, dictionary())
        declared, topics = self._declared()
        alone: set[str] = set()
        for noun in topics:
            # Asked alone (信用卡, 那信用卡呢), such a noun is what the question is about, whatever wording of the
            # entry it resembles: only the entry's own question holding it says the entry is about it too, not an
            # alternate or the answer naming it in passing.
            bare = noun in text and _alone(text, text.index(noun), len(noun), dictionary())
            if noun in text and all(noun != word for word, _, _ in words) and not any(
                    noun in self.normalize(phrasing) for phrasing in ((entry.question,) if bare else entry.phrasings)):
                table = dictionary()
                weight = surprisal_weight(noun, table, named=table.name(noun))
                words.append((noun, text.index(noun), weight))
                if bare:
                    alone.add(noun)
        # A doing only the declared out-of-scope questions write (开通) is what they are about, as a name is.
        present = [word for word in declared if word in text and all(word != found for found, _, _ in words)]
        if present:
            table = dictionary()
            words += [(word, text.index(word), table.surprisal(word)) for word in present
                      if table.known_doing(word)]
        words = [found for found in words if not predicated(text, found[1], found[1] + len(found[0]), words)]
        if not words:
            return self._together(self._doings(text, words, entry))
        characters, pairs = self._resemblance(entry)
        key, table = sound_key(text), dictionary()
        index, owner = self.index, self.index.entry_index[entry.id]
        # An unknown word of the entry's own characters is its wording put otherwise, wherever it stands
        # (``resemblance.own_characters``): not read as a name opening the question or modifying a noun.
        own = {word for word, _, _ in words if table.code(word) is None and own_characters(word, characters)}
        left = [(weight, table.code(word) is not None, len(word) > 1) for word, start, weight in words
                if word in declared or word in alone or spelled(word)
                or headed(word, normalized_answer(index, owner), characters, pairs, table)
                or not resembles(text, word, start, key, characters, pairs, table,
                                  (table.code(word) is None and word not in own and (
                                      (start == 0 and self._before_word(text, start + len(word), table))
                                      or _alone(text, start, len(word), table)))
                                  or self._kin(text, word, start, entry), self._worded(entry), word in own)]
        nouns = [weight for weight, known, _ in left if known]
        doing = self._doings(text, words, entry, bool(nouns))
        if not doing and not any(whole for _, _, whole in left):
            # One character the base never writes, alone (狗 of 狗狗能带进去吗 against 能带宠物吗), is as often a
            # colloquial or a shortened word for a thing the base names otherwise: it tells only beside another word.
            return 0.0
        heaviest = max([weight for weight, _, _ in left] + [self._together(nouns + doing), self._together(doing)],
                       default=0.0)
        if nouns and heaviest > 0 and len(entry.phrasings) >= WELL_PHRASED:
            # A thing the base never mentions, beside a word the base writes but none of the entry's usual wordings
            # (WELL_PHRASED) holds a character of (老板 and 工资 of 老板拖欠工资怎么办 against 逾期了怎么办), asks
            # about that other thing's matter, not the entry's put otherwise: the word weighs with it, as a further
            # noun would. (Not against an entry of few phrasings: its asker's words are often none of them.)
            elsewhere = self._elsewhere(text, words, characters)
            if elsewhere:
                heaviest = max(heaviest, self._together([max(nouns), *elsewhere]))
        return heaviest

    def _elsewhere(self, text: str, words: list[tuple[str, int, float]], characters: frozenset[str]) -> list[float]:
        """The weights (``unmentioned.COMMON_NOUN`` of their surprisal) of the words of the dictionary in normalized
        ``text``, of two characters or more, no name nor function word, of surprisal ``ELSEWHERE`` or more, that the
        base mentions (none of ``words``) and none of whose characters the entry's phrasings hold (``characters``)."""
        table = dictionary()
        taken = {at for word, start, _ in words for at in range(start, start + len(word))}
        found, position = [], 0
        for word in table.segment(text):
            if (len(word) > 1 and is_chinese(word[0]) and table.code(word) is not None and not table.name(word)
                    and not table.function_word(word) and table.surprisal(word) >= ELSEWHERE
                    and not taken.intersection(range(position, position + len(word)))
                    and not any(char in characters for char in word)):
                found.append(surprisal_weight(word, table, named=False))
            position += len(word)
        return found

    def _before_word(self, text: str, end: int, table: Dictionary) -> bool:
        """True when a word starts at ``end`` of normalized ``text``: one the dictionary cuts there (``before_word``),
        or two Chinese characters the base writes side by side (洗车 of 途虎养车洗车多少钱, which the dictionary cuts
        洗|车), the word's last character and the next one being no word the base says (车洗): an unknown word
        opening the question before the base's own word is a name, what it is about."""
        pair, vocabulary = text[end:end + 2], self.vocabulary
        # (Not where the word ends inside one of the base's words, 找客|服能 of 找客服能…: that cut is no word's end.)
        return before_word(text, end, table) or (
            len(pair) == 2 and all(map(is_chinese, text[end - 1:end + 2])) and vocabulary.written(pair)
            and not vocabulary.said_as_word(sound_key(text[end - 1:end + 1])))

    @staticmethod
    def _together(weights: list[float]) -> float:
        """The heaviest of ``weights`` plus ``MORE_NOUNS`` of the others; 0.0 for none."""
        ordered = sorted(weights, reverse=True)
        return ordered[0] + MORE_NOUNS * sum(ordered[1:]) if ordered else 0.0

    def _doings(self, text: str, words: list[tuple[str, int, float]], entry: Entry, noun: bool = False) -> list[float]:
        """The weights of ``unmentioned.doings`` of normalized ``text`` that overlap none of the dictionary's
        ``words`` (an unknown word, 居留会, may hold one) and do not resemble ``entry``: empty when fewer than two
        are left, for one alone is how a question is put, unless a ``noun`` of the dictionary the base never
        mentions is left beside it (感冒 beside 药): what is done to that thing is then another matter too."""
        found_doings = self._doings_of(text)
        if len(found_doings) < (1 if noun else 2):
            return []  # (without reading the dictionary where the words did not need it)
        characters, pairs = self._resemblance(entry)
        key, table = sound_key(text), dictionary()
        taken = {at for word, start, _ in words if table.code(word) is not None
                 for at in range(start, start + len(word))}
        found = [weight for word, start, weight in found_doings
                 if not taken.intersection(range(start, start + len(word)))
                 and not resembles(text, word, start, key, characters, pairs, table, False)]
        return found if len(found) > (0 if noun else 1) else []


def _as_named(words: list[tuple[str, int, float]], table: Dictionary) -> list[tuple[str, int, float]]:
    """``words`` (``unmentioned``'s), each common noun of the dictionary (of two characters or more, no name) weighing
    its whole surprisal, as a name does (``WELL_PHRASED``); the other words as they are."""
    return [(word, start, max(weight, table.surprisal(word)) if len(word) > 1 and table.code(word) is not None
             and table.noun_like(word) and not table.name(word) else weight) for word, start, weight in words]


def _unmentioned(text: str, vocabulary: Vocabulary) -> tuple[tuple[str, int, float], ...]:
    """``unmentioned.unmentioned``, as a tuple: kept for the question's other entries, which may not change it."""
    return tuple(unmentioned(text, vocabulary))


def _phrasing_texts(index: Index, owner: int) -> list[str]:
    """Entry ``owner``'s phrasings, normalized, then cleaned (before synonyms are applied)."""
    phrasings = index.entries[owner].phrasings
    return [index.normalize(p) for p in phrasings] + [clean(p) for p in phrasings]


def _find_resemblance(index: Index, owner: int) -> tuple[frozenset[str], frozenset[str]]:
    """The characters of entry ``owner``'s phrasings (``_phrasing_texts``), and of a bare entry's (one phrasing,
    not small talk) its normalized answer's too, and the pairs of adjacent characters of the phrasings' sound
    keys."""
    texts = _phrasing_texts(index, owner)
    pairs = {key[i:i + 2] for key in map(sound_key, texts) for i in range(len(key) - 1)}
    characters = "".join(texts)
    if bare_entry(index, owner):
        characters += normalized_answer(index, owner)
    return frozenset(characters), frozenset(pairs)


def _find_worded(index: Index, owner: int) -> frozenset[str]:
    """The pairs of adjacent characters of entry ``owner``'s phrasings' sound keys that lie within one word, or are
    whole words, as the dictionary cuts the phrasings (``words.uncut``)."""
    table = dictionary()
    return frozenset(key[i:i + 2] for text, key in ((text, sound_key(text)) for text in _phrasing_texts(index, owner))
                     for i in range(len(key) - 1) if uncut(text, i, 2, table))


def _find_noun_pairs(index: Index, owner: int) -> frozenset[str]:
    """The last two characters of each noun of the dictionary that entry ``owner``'s normalized phrasings hold, of
    two characters or up to ``HEADED_NOUN`` (物馆 of 博物馆: its head 馆 tells 科技馆 for another place of its kind)."""
    table = dictionary()
    texts = [index.normalize(phrasing) for phrasing in index.entries[owner].phrasings]
    return frozenset(text[i + size - 2:i + size] for text in texts for size in range(2, HEADED_NOUN + 1)
                     for i in range(len(text) - size + 1) if table.known_noun(text[i:i + size]))


_entry_resemblance = PerEntry(_find_resemblance)
_entry_worded = PerEntry(_find_worded)
_entry_noun_pairs = PerEntry(_find_noun_pairs)


def _alone(text: str, start: int, size: int, table: Dictionary) -> bool:
    # Whether the word of ``size`` characters at ``start`` of ``text`` is all the question says, but for function
    # words before it and ``ENDING_PARTICLES`` after it (柚付, 那柚付呢): asked alone, a word is what the question is
    # about, as one opening it before another word is (a name), not the entry's wording put otherwise.
    return opens(text, start, table) and all(char in ENDING_PARTICLES for char in text[start + size:])
