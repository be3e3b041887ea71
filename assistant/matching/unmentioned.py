"""Unmentioned words: the words of a question that a knowledge base never mentions, each with its weight.

The salience check (``salience.py``) weighs them against the entry about to be answered. They are found without a
hand-kept list, from the base itself (its ``vocabulary.Vocabulary``) and a general-corpus prior:

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
   unless it follows a word that stands only before a verb (``VERB_MARKERS``: 被追债, 再迟缴; so does no common
   noun of the dictionary there, 怎么重置: it is what is done) or precedes one
   that stands only after one (``VERB_FOLLOWERS``: 迟缴之后, 搞忘了); a single character the dictionary cut off
   a word the base holds whole (贷 of 微粒|贷) starts no unknown word; a character the dictionary takes for a noun
   and the base never writes (药 of 感冒了吃什么药, 诗 of 帮我写首诗) is a word of its own, unless with a neighbour
   it sounds like a word the base says (富 of 客富 is 客服 mistyped);
3. an unmentioned word weighs its surprisal in the general corpus (−ln p) when it is a name (of a company, a
   place, a product: 京东, or an abbreviation) or a noun the question opens with, ``COMMON_NOUN`` times that
   when it is another common noun (钱包) unless a preposition stands before it (``PREPOSITIONS``: 打电话给家人, a
   party to what is asked, weighs as a name); a name to the dictionary right after a doing the base holds (入口,
   a place to it, of 登录入口: where or how that is done) weighs as a common noun too; and an unknown word weighs
   the surprisal of its least surprising piece (as the dictionary cuts it: 有钱 and 花 of 有钱花, not the common
   有; its most surprising one where it opens the question: 小赢) plus ``NAME_BONUS`` for each character after
   the first (度小满: a longer run the dictionary does not join is the more surely a name); other words
   (verbs, adverbs, particles, fillers like 一下 or 咋) weigh nothing: they change how a question is put, not what
   it is about; two or more words
   of the dictionary weigh together in the salience check (``salience.MORE_NOUNS``);
4. a word in Latin letters (``LETTERS``) that the question opens with and the base never writes (wifi of
   wifi密码忘了怎么办, cpu, paypal: what the pinyin reader left as typed) weighs as a name the dictionary lacks: no
   dictionary of Chinese words knows it, and a thing named first is what the question is about.

A base written in a spaced script (English: most phrasings without a Chinese character) has no general corpus
here: there, a word of three letters or more that is not a function word (``FUNCTION_WORDS``, a general English
list) and whose stem (umbrella for umbrellas) is in none of the base's phrasings, answers and synonyms weighs
``SPACED_WEIGHT`` (the salience check reads it in a question of up to ``spaced.SHORT_WORDS`` words).
"""

from __future__ import annotations

from ..lazy_regex import LazyPattern
from ..normalize import sound_key
from .resemblance import COMMONEST, opens
from .spaced import FUNCTION_WORDS, SPACED_WEIGHT, SPACED_WORD, stem
from .vocabulary import Vocabulary
from .words import COURTESY, Dictionary, asked_noun, asks_either, base_cut, chinese_runs, dictionary, pieces_held

NAME_BONUS = 2.0
"""Added to an unknown word's weight for each character after its first: characters the dictionary does not join
are most often a name. Per character, not once per word: a name of three characters (度小满, 信分付 of 微信分付)
then weighs enough to tell."""

COMMON_NOUN = 0.85
"""A common noun's weight against a name's of the same surprisal: 步骤, 流程 or 热线 may be how a question
about the base is put, 美团 or 京东 never: weighed alike, the common nouns of questions the base answers hold
them back. A common noun the question opens with (股票 of 股票亏了怎么办, 助学 of 助学贷款…, after function words
only: 我在助学贷款…) is what it is about and weighs as a name."""


def surprisal_weight(word: str, table: Dictionary, *, named: bool) -> float:
    """The weight of ``word``, one the base never mentions: its surprisal in ``table`` (the general dictionary), as
    it is for a name (``named``), else ``COMMON_NOUN`` times it."""
    return table.surprisal(word) * (1.0 if named else COMMON_NOUN)

_VERB_MARKERS = "被 再 又 也 都 就 才 不 没 别 会 能 要 想 可以 能否 应该 该 已经 正在 怎么 如何 怎样"
VERB_MARKERS = frozenset(_VERB_MARKERS.split())
"""Words that stand before a verb, never before a name: the passive 被, adverbs (再, 不, 已经), modal verbs (会,
能, 要) and question adverbs (怎么). An unknown word right after one is an action put in a rare word (被追债,
再迟缴), not another lender: it weighs nothing. (在, 去, 还 and 给 are left out: 在美团借的, 还招联的钱.)"""

NEGATIONS = frozenset("不没别未")
"""The negations, which stand before a verb: no unknown word (a name) opens on one (没练 of 没练几次能退不 is no
name). (Not every word of ``VERB_MARKERS``: a modal opening an unknown word, 会开始催 of 逾期多少天会开始催收, is
how a question the base does not answer is told apart.)"""

PREPOSITIONS = frozenset("给向跟对替让被把")
"""Prepositions: a common noun right after one is who or what an action is done to or with (打电话给家人): a
party to the question, which weighs as a name."""

VERB_FOLLOWERS = frozenset(["了", "过", "之后", "以后", "后", "之前", "以前"])
"""Words that follow an action, not a name: the aspect particles 了 and 过, and 之后 or 以前 after an event. An
unknown word right before one is a rare verb (迟缴之后, 搞忘了): it weighs nothing."""


def unmentioned(text: str, vocabulary: Vocabulary) -> list[tuple[str, int, float]]:
    """The words of normalized ``text`` that the base of ``vocabulary`` never mentions, each with where it starts
    in ``text`` and its weight (steps 2 and 3 of the module's docstring), in order. Empty when every word is
    mentioned."""
    spaced = vocabulary.spaced()
    if spaced:
        return [(word, match.start(), SPACED_WEIGHT) for match in SPACED_WORD.finditer(text)
                if len(word := match.group().lower()) >= 3 and word.isalpha() and word not in FUNCTION_WORDS
                and stem(word) not in spaced]
    held = vocabulary.held
    found: list[tuple[str, int, float]] = []
    singles: list[tuple[str, int, float]] = []  # one-character nouns the base never writes (step 2)
    table: Dictionary | None = None
    for offset, run in chinese_runs(text):
        key = sound_key(run)
        if all(vocabulary.side_by_side(run[i:i + 2], key[i:i + 2], True) for i in range(len(key) - 1)):
            continue  # (most questions: nothing to read the dictionary for)
        table = table or dictionary()
        position = 0
        unknown, parts = "", 0  # words read together as one unknown word, and how many
        before, verb = "", False  # the word before the current one; whether the unknown word follows a marker
        party = False  # whether a preposition stands before the current word, function words (我的) aside
        for word in base_cut(table.segment(run), key, held, vocabulary.written, table):
            span = key[position:position + len(word)]
            mentioned = len(word) == 1 or word in COURTESY or pieces_held(span, held)
            if mentioned and len(word) > 1 and table.name(word) and not vocabulary.written(word):
                mentioned = word in COURTESY  # a name is mentioned in its own characters, not in sounds alike
            elif mentioned and len(word) > 1 and table.noun_like(word) and not vocabulary.written(word):
                # A noun in sounds alike only where the base says a word or words that sound so (征信 for 正信), not
                # across the dictionary's cut (贷|账号 for 呆账).
                mentioned = vocabulary.said_as_word(span)
            joins = (not table.function_word(word) and not (len(word) > 1 and table.noun_like(word))
                     and (table.surprisal(word) >= COMMONEST if len(word) == 1 else not mentioned))
            if joins and unknown and not vocabulary.side_by_side(
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
                # A common noun right after a word standing only before a verb (怎么重置, 能重置: 重置, tagged a
                # noun) is what is done, not a thing asked about.
                if (len(word) > 1 and not mentioned and table.noun_like(word)
                        and not asked_noun(before, word, table)
                        and not (before in VERB_MARKERS and not table.name(word))):
                    # A name the dictionary gives a word standing right after a doing the base holds (入口, a place
                    # to the dictionary, of 登录入口) is where or how that is done: weighed as a common noun.
                    placed = (table.name(word) and len(before) > 1
                              and not table.noun_like(before) and not table.function_word(before)
                              and pieces_held(key[position - len(before):position], held))
                    named = (table.name(word) and not placed) or opens(text, offset + position, table) or party
                    found.append((word, offset + position, surprisal_weight(word, table, named=named)))
                elif _lone_noun(word, run, key, position, vocabulary, table):
                    named = opens(text, offset + position, table) or party
                    singles.append((word, offset + position, surprisal_weight(word, table, named=named)))
            position += len(word)
            party = word in PREPOSITIONS or (party and table.function_word(word))
            before = word
        if parts > 1 and not verb:
            _add_unknown(found, unknown, offset + position - len(unknown), table,
                         offset + position == len(unknown))
    taken = {at for word, start, _ in found for at in range(start, start + len(word))}
    found += _opening_letters(text, vocabulary)
    return sorted(found + [single for single in singles if single[1] not in taken], key=lambda found: found[1])


LETTERS = LazyPattern(r"[a-z0-9]*[a-z][a-z0-9]*[a-z][a-z0-9]*")
"""A word in Latin letters (two or more, digits beside them: wifi, 5g is too short, icloud) in a normalized question
(lower-cased) of a Chinese base, as the pinyin reader left it: it read as no pinyin of the base's words."""


def spelled(word: str) -> bool:
    """True when ``word`` is written in Latin letters (``LETTERS``), not in Chinese characters."""
    return LETTERS.fullmatch(word) is not None


def _opening_letters(text: str, vocabulary: Vocabulary) -> list[tuple[str, int, float]]:
    """The words in Latin letters (``LETTERS``) that normalized Chinese ``text`` opens with (after function words
    only: 我的icloud密码) and the base never writes, each with where it starts and its weight: the surprisal of a
    word the general dictionary lacks, as a name it does not know weighs (wifi of wifi密码忘了怎么办, etc of
    etc欠费了会影响征信吗, cpu of cpu温度太高了怎么办: a product, a service or a device named in letters, which no
    dictionary of Chinese words weighs). Only opening the question, where a thing named is what it is about: in
    the middle, letters are as often a word put in English (延期最长max几个月, 微粒贷hotline 24h吗) or a closing
    courtesy (thx). Empty when the text holds no Latin letters (most questions)."""
    if not any("a" <= char <= "z" for char in text):
        return []
    table = dictionary()
    return [(found.group(), found.start(), table.surprisal(found.group())) for found in LETTERS.finditer(text)
            if opens(text, found.start(), table) and not vocabulary.written(found.group())]


def _lone_noun(word: str, run: str, key: str, position: int, vocabulary: Vocabulary, table: Dictionary) -> bool:
    """True when ``word``, at ``position`` of Chinese ``run`` (sound key ``key``), is one character the dictionary
    takes for a noun that the base never writes (药 of 感冒了吃什么药, 诗 of 帮我写首诗), and that with neither
    neighbour sounds like a word the base says (富 of 客富 is 客服 mistyped; ``Vocabulary.side_by_side``)."""
    if len(word) != 1 or not table.known_noun(word) or vocabulary.written_character(word):
        return False
    return not any(vocabulary.side_by_side(run[at:at + 2], key[at:at + 2], True)
                   for at in (position - 1, position) if at >= 0 and at + 2 <= len(run))


RARE_DOING = 10.0
"""The surprisal from which a word of the dictionary that is no noun (a verb, an adjective, a time word: 签证, 滞留,
as the dictionary tags them) and that the base never mentions counts beside another such word or a noun
(``doings``): one alone is how a question is put; two the base never mentions (签证逾期滞留有什么后果) are what
it is about. (A commoner word, 过去 of 打过去, is how an action is told.)"""


def doings(text: str, vocabulary: Vocabulary) -> list[tuple[str, int, float]]:
    """The words of normalized Chinese ``text`` that the general dictionary knows as no noun and no function word,
    of surprisal ``RARE_DOING`` or more, that the base never mentions (not written, their sounds' pieces not held),
    each with where it starts and its weight (``COMMON_NOUN`` times its surprisal), in order. Empty in a base in
    a spaced script, and when there is none."""
    if vocabulary.spaced():
        return []
    table: Dictionary | None = None
    found: list[tuple[str, int, float]] = []
    for offset, run in chinese_runs(text):
        key = sound_key(run)
        if all(vocabulary.side_by_side(run[i:i + 2], key[i:i + 2], True) for i in range(len(key) - 1)):
            continue
        table = table or dictionary()
        position = 0
        for word in base_cut(table.segment(run), key, vocabulary.held, vocabulary.written, table):
            span = key[position:position + len(word)]
            if (table.known_doing(word) and word not in COURTESY
                    and table.surprisal(word) >= RARE_DOING
                    and not pieces_held(span, vocabulary.held) and not vocabulary.written(word)):
                found.append((word, offset + position, surprisal_weight(word, table, named=False)))
            position += len(word)
    return found


def _add_unknown(found: list[tuple[str, int, float]], word: str, start: int, table: Dictionary,
                 opening: bool) -> None:
    """Count a run of two or more single characters (or words with them) as one unknown word, unless it repeats
    one (啊啊啊); it ends where a yes-or-no question's form starts, as the dictionary cuts it (够|不够:
    ``words.asks_either``).
    It weighs as its least surprising piece, not character: 有钱花 as 花, not as the common 有. One ``opening`` the
    question names what it is about, and weighs as its most surprising piece (小赢 as 赢, not as 小)."""
    either = next((place for place in range(len(word) - 2) if asks_either(word[place:])), None)
    if either is not None:
        word = word[:either]  # (柜|够|不够: the yes-or-no form and what follows it are no name)
    if len(set(word)) >= 2:
        pick = max if opening else min
        found.append((word, start, pick(map(table.surprisal, table.segment(word))) + NAME_BONUS * (len(word) - 1)))
