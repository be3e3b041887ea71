"""``Matcher``: one question through the steps of matching, and the public face of the ``matching`` package.

normalize → ``candidates`` (which entries to score: pre-selection, bounds) → ``signals`` (each entry's score)
→ ``context`` (a short follow-up read with the previous question) → ``decision`` (answer, clarify or none). The
tables all of them read are an ``index.Index``, built once from the knowledge base (and what the cache stores).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .. import errors
from ..knowledge import load_knowledge
from ..models import Entry, Knowledge
from ..normalize import MAX_QUERY_CHARS, Normalizer, is_chinese, shortened, simplified, terms
from ..replies import Match, Reply, ScoreParts
from .asked import Asked
from .candidates import Bounded, Candidates, Exhaustive, Preselection, may_name_another_product
from .clauses import LONG as CLAUSE_LONG
from .clauses import asking_part, read_asking_part, without_opening
from .confirm import confirming_words
from .confusables import find_confusables
from .context import FOLLOW_UP, UNRELATED_FOLLOW_UP, read_follow_up, read_thing, subjectless, what_about, writes
from .context import KEEP as CONTEXT_KEEP
from .cutoff import RankedAfter
from .decision import Thresholds, decide, decision_floor, rank, reading_floor
from .index import Index
from .kinds import Kinds
from .names import Names
from .salience import Salience
from .signals import Scored, corroborates
from .topic import Topics
from .words import chinese_runs, dictionary

if TYPE_CHECKING:
    from ..pinyin_input import PinyinReader

SMALL_TALK_STRETCH = 3
"""Small talk answers only a short utterance that shares characters with it: at most this many times its
matched phrasing's length plus one (感谢你的耐心解答 for 感谢; for a phrasing of one character, at most one
character more), so that a long question sounding like 嗨 or 你好 somewhere (一直不还会怎样: 还 is also read
hai) is never greeted, and 感冒了吃什么药好得快 is no 好的."""

SMALL_TALK_PARTICLES = frozenset(_PARTICLES := "吗呢吧啊呀哦嘛啦么")
"""Question and mood particles: small talk answers only an utterance that shares one of its other characters
as written, so that 到期了还能再借吗 is no 在吗 (吗 as written, 再 only by its sound)."""

_FULL_WIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
"""Full-width ASCII forms and the ideographic space, to their ASCII characters (as NFKC makes them)."""


SMALL_TALK_QUESTION = re.compile(r"[吗呢么]$|什么|怎么|哪|几|多少|啥|咋|帮我|帮忙|给我")
"""What makes an utterance a question, for small talk: a final 吗, 呢 or 么, a question word, or a request (帮我,
给我: 你好，帮我订一张机票 asks for a ticket, which a greeting does not answer)."""


ADDRESSED = re.compile(r"你|您")
"""How a question is put to the assistant itself (你叫什么名字, 您是谁)."""


def _small_talk_fits(text: str, phrasing: str, scored: Scored) -> bool:
    # A phrasing of one character (好, 嗯) says too little to stretch: 今天天气好热 is no 好.
    longest = len(phrasing) + 1 if len(phrasing) == 1 else SMALL_TALK_STRETCH * (len(phrasing) + 1)
    return (scored.parts.characters > 0 and len(text) <= longest
            and any(char in text for char in phrasing if char not in SMALL_TALK_PARTICLES))


def _asks_of_its_own(text: str, entry: Entry) -> bool:
    # A question holding a word of its own (家人 of 家人可以代还吗, 朋友 of 我朋友帮我还可以吗) asks about it, not
    # small talk's 可以; thanks or a greeting may say more (感谢你的耐心解答) without asking anything.
    if not SMALL_TALK_QUESTION.search(text):
        return False
    words = dictionary()
    return any(len(word) > 1 and not words.function_word(word)
               and not any(word in phrasing for phrasing in entry.phrasings)
               for _, run in chinese_runs(text) for word in words.segment(run))


_REPEATS = tuple(re.compile(rf"(.{{{size}}})\1+") for size in range(1, 5))
"""A unit of one to four characters said twice or more in a row (好好好, 行吧行吧, the 好的 of 好的好的谢谢)."""


def said_once(text: str) -> list[str]:
    """The readings of ``text`` with a unit said over and over said once, for each unit length that repeats
    (好好好 → 好; 谢谢谢谢 → 谢, 谢谢; 好的好的谢谢 → 好的谢谢), longest first; empty when nothing repeats."""
    return sorted({found for pattern in _REPEATS if (found := pattern.sub(r"\1", text)) != text},
                  key=lambda found: (-len(found), found))


GRAMMAR = frozenset("了吗呢吧啊呀嘛怎么办样")
"""Particles and the characters of 怎么办 and 怎么样: a term made of them only (了怎 of 还不上了怎么办) is how a
question is put, and tells no declared out-of-scope question from an entry."""


def worded(found: set[str]) -> set[str]:
    """The terms of ``found`` (``normalize.terms``: characters and pairs of them joined by \\x1f) but for those made
    of ``GRAMMAR`` only; an empty set when all are."""
    return {term for term in found if not set(term.replace("\x1f", "")) <= GRAMMAR}


def _declared_says_more(index: Index, text: str, phrasing: int, best: list[str],
                        kept: dict[int, frozenset[str]]) -> bool:
    # A declared out-of-scope question (车贷逾期会怎样) speaks for a question that holds words of its own the best
    # entries lack (车贷), or words that neither it nor they hold (小米贷款逾期会怎样: another lender put in
    # its place); not for one that differs from it only by their own words (微粒贷逾期会怎样). The best entries
    # are the best one and those as close to the question (within the wide margin): 还不上了怎么办 shares 还不上
    # with 蚂蚁借呗还不上了怎么处理, and so does communicate-early, as close as overdue-what-to-do.
    # Characters, not sound keys: 利 of 利息 sounds like 粒 of 微粒贷.
    # (``kept``: each entry's terms, gathered on the first question that needs them.)
    entry_terms: set[str] = set()
    for owner in map(index.entry_index.__getitem__, best):
        if owner not in kept:
            kept[owner] = frozenset().union(*map(terms, index.texts[index.first_phrasing[owner]:
                                                                     index.first_phrasing[owner + 1]]))
        entry_terms |= kept[owner]
    question, declared = worded(terms(text)), worded(terms(index.texts[phrasing]))
    return bool((question & declared) - entry_terms or question - declared - entry_terms)


class Matcher:
    """Matches questions against a knowledge base. Immutable once built: share one across threads.

    ``entry_limit`` and ``candidate_limit`` bound a small base's pre-selection (``candidates.Preselection``):
    at most ``entry_limit`` entries are scored per question, the best of ``candidate_limit`` entries whose
    coverage of the question is measured. By default both grow with the knowledge base (7 and 64 up to 899
    entries, 8 and 64 at 1,000). A base of ``index.EXACT_FROM`` phrasings or more needs neither to reply and
    search: it scores every entry that can change the reply (``candidates.Bounded``). The leave-one-out check
    (``confusables``) reads with them, capped at a small base's (``Preselection.capped``).

    ``index``: a ready ``Index`` (read from the cache, or built with other options) instead of ``knowledge``.
    ``exhaustive``: score every entry sharing a term with the question (``candidates.Exhaustive``), the
    reference the others are checked against.

    >>> matcher = Matcher()              # the bundled knowledge base
    >>> matcher.reply("微粒贷客服电话是多少").status
    'answer'
    >>> matcher.reply("今天天气怎么样").status
    'none'
    """

    def __init__(self, knowledge: Knowledge | None = None, *, thresholds: Thresholds | None = None,
                 candidate_limit: int | None = None, entry_limit: int | None = None,
                 index: Index | None = None, exhaustive: bool = False) -> None:
        if index is None:
            knowledge = knowledge if knowledge is not None else load_knowledge()
            index = Index(knowledge, Normalizer(knowledge.synonyms))
        elif knowledge is not None and knowledge is not index.knowledge:
            raise ValueError("give a knowledge base or an index built from it, not both")
        self.index: Index = index
        self.knowledge: Knowledge = index.knowledge
        self.normalize: Normalizer = index.normalize
        self.thresholds: Thresholds = thresholds or Thresholds()
        self.preselection: Preselection = Preselection(index, candidate_limit=candidate_limit, entry_limit=entry_limit)
        """The small-base strategy; capped (``Preselection.capped``), the leave-one-out check's (``confusables``)."""
        self.candidates: Candidates = (Exhaustive(index) if exhaustive else Bounded(index, self.preselection)
                                       if index.exact else self.preselection)
        """The strategy that chooses the entries a question scores (``candidates.for_index``)."""
        self._reads_pinyin = (self.knowledge.language or "").lower().startswith("zh")
        """A Chinese base reads pinyin typed without a Chinese input method (weilidai yuqi, wld) as its words."""
        self._pinyin: PinyinReader | None = None
        self._latin: frozenset[str] | None = None  # the Latin words the reader keeps as typed (pinyin.latin)
        self._small_talk_characters: frozenset[str] | None = None
        self._small_talk_texts: frozenset[str] | None = None
        self._entry_terms: dict[int, frozenset[str]] = {}
        self.salience: Salience = Salience(index)
        """Whether a question names a thing the base never mentions (read by the decision)."""
        self.topics: Topics = Topics(index)
        """Whether a question puts another topic's word where an entry's own stands (read by the decision)."""
        self.names: Names = Names(index)
        """Whether a question names one of the base's own names an entry never does (read by the decision)."""
        self.asked: Asked = Asked(index)
        """Whether a question asks a count, a duration, a change or a reason an entry never gives (read by the
        decision)."""
        self.kinds: Kinds = Kinds(index)
        """Whether a question names another lender, loan or credit product than the base's (read by the decision)."""

    @classmethod
    def from_path(cls, path: str | None = None, *, thresholds: Thresholds | None = None) -> Matcher:
        """Load the knowledge base at ``path`` (None: the bundled one) and build a matcher on it."""
        return cls(load_knowledge(path), thresholds=thresholds)

    def __repr__(self) -> str:
        index = self.index
        return f"Matcher({self.knowledge.title!r}, {len(index.entries)} entries, {len(index.texts)} phrasings)"

    def consistent(self) -> bool:
        """True when the matcher's tables agree with each other (``Index.consistent``)."""
        return self.index.consistent()

    def gathered(self) -> dict[str, Any]:
        """What the salience, topic, names and kinds checks gather from the base on its first question
        (``Salience.gathered``, ``Topics.gathered``, ``Names.gathered``, ``Kinds.gathered``), and the Latin words
        the pinyin reader keeps as typed (``pinyin_input.latin_words``: 微粒贷app needs no reader), gathered now: what
        the cache stores beside the index, so that a matcher read from it answers its first question as quickly as
        the next. ``adopt`` takes it back."""
        return {**self.salience.gathered(), **self.topics.gathered(), **self.names.gathered(), **self.kinds.gathered(),
                "pinyin.latin": sorted(self._latin_words())}

    def adopt(self, data: Mapping[str, Any]) -> None:
        """Take what ``gathered`` returned (read back from the cache), before the first question. Raises
        ``TypeError`` or ``KeyError`` when ``data`` does not hold it."""
        self.salience.adopt(data)
        self.topics.adopt(data)
        self.names.adopt(data)
        self.kinds.adopt(data)
        latin = data["pinyin.latin"]
        if type(latin) is not list or not set(map(type, latin)) <= {str}:
            raise TypeError("the pinyin reader's Latin words are not a list of text")
        self._latin = frozenset(latin)

    def _prepare(self, query: str) -> str:
        if not isinstance(query, str):
            raise TypeError(f"query must be a str, not {type(query).__name__}")
        query = shortened(query, MAX_QUERY_CHARS)
        if self._reads_pinyin:
            # An input method in full-width mode types its pinyin as ｗｅｉｌｉｄａｉ　ｙｕｑｉ: read as ASCII.
            query = query.translate(_FULL_WIDTH_ASCII)
            if any("a" <= char <= "z" or "A" <= char <= "Z" for char in query):
                from ..pinyin_input import kept_as_typed

                if not kept_as_typed(query, self._latin_words()):
                    query = self._pinyin_reader()(query)
        return without_opening(self.normalize(query))

    def _pinyin_reader(self) -> PinyinReader:
        # Built on the first question holding Latin letters the base does not use: most questions never need it.
        # Two threads may both build it; either result is the same immutable reader.
        if self._pinyin is None:
            from ..pinyin_input import PinyinReader

            self._pinyin = PinyinReader.from_knowledge(self.knowledge, self.normalize)
        return self._pinyin

    def _latin_words(self) -> frozenset[str]:
        # The Latin words a reader of the base keeps as typed (app), without building one (a tenth of a second):
        # gathered into the cache; none for a base the reader is not for.
        if self._latin is None:
            from ..pinyin_input import latin_words, reader_texts

            self._latin = (latin_words(reader_texts(self.knowledge, self.normalize)) if self._reads_pinyin
                           else frozenset())
        return self._latin

    def score(self, text: str, *, exclude: int = -1, keep: int = 4, floor: float | None = None,
              after: RankedAfter | None = None) -> dict[int, Scored]:
        """Score the candidate entries for normalized ``text`` (phrasing ``exclude`` left out); return them by
        entry place in ``index.entries``. ``floor`` defaults to the lowest score the decision reads of any entry
        (``decision.reading_floor``); ``after``
        tells the entries ranked after all others (``names.Names.unnamed_by``), which the caller reads last."""
        return self.candidates.score(text, exclude, -1, keep,
                                     reading_floor(self.thresholds) if floor is None else floor, after)

    def search(self, query: str, limit: int = 5, *, smalltalk: bool = True) -> list[Match]:
        """Return up to ``limit`` entries matching ``query``, best first, each with a score from 0 to 100.

        Returns an empty list when nothing in the knowledge base shares anything with the query (or the
        query has no letters or digits). ``smalltalk=False`` leaves small-talk entries out.

        >>> [m.id for m in Matcher().search("客服电话", limit=1)]
        ['hotline-number']
        >>> Matcher().search("asdfgh")
        []
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        text = self._prepare(query)
        if not text:
            return []
        entries = self.index.entries
        unnamed = self.names.unnamed_by(text, self.topics)
        scored = self.score(text, keep=limit, floor=0.0, after=unnamed)
        if not smalltalk:
            scored = {owner: s for owner, s in scored.items() if not entries[owner].smalltalk}
        scored.pop(self.index.negative, None)
        after = frozenset() if unnamed is None else frozenset(filter(unnamed, scored))
        return [match for match in rank(self.index, scored, limit, after) if match.score > 0]

    def reply(self, query: str, previous: str | None = None) -> Reply:
        """Decide what to say to ``query``: an answer, a "您是不是想问…" list, or the fallback.

        ``previous`` is the id of the entry answered just before: a short follow-up (那延期呢？/ 要多久？)
        is then also read together with that question (``context``); a question that stands on its own is not,
        and small talk (好的, 谢谢, 好好好) gets the reply it gets alone.
        Returns a ``Reply`` whose ``status`` is ``"answer"``, ``"clarify"`` or ``"none"``; never raises for any
        text (an empty or meaningless query gets ``"none"``). Raises ``UnknownEntryError`` when ``previous``
        names no entry.

        >>> matcher = Matcher()
        >>> matcher.reply("微粒贷客服电话").answer is not None
        True
        >>> reply = matcher.reply("asdfgh")
        >>> reply.status, reply.answer is None, "400-999-8866" in reply.fallback
        ('none', True, True)
        """
        return self._reply(query, self._previous_entry(previous), None)

    def replies(self, query: str, previous: str | None) -> tuple[Reply, Reply]:
        """Return the reply to ``query`` read after the entry ``previous`` (as ``reply`` gives it) and the reply it
        gets alone, each worked out once: a conversation compares the two to tell whether the previous question
        changed the reply. Both are the same reply when ``previous`` is None. Raises ``UnknownEntryError`` when
        ``previous`` names no entry."""
        previous_entry = self._previous_entry(previous)
        alone = self._reply(query, None, None)
        if previous_entry is None:
            return alone, alone
        return self._reply(query, previous_entry, alone), alone

    def follow_up_thing(self, query: str) -> str:
        """The thing ``query`` asks about when shaped like a follow-up, 那X呢 or X呢 (``context.what_about``:
        罚息 of 那罚息呢), normalized; empty when it is not of that shape."""
        return what_about(self._prepare(query))

    def _previous_entry(self, previous: str | None) -> Entry | None:
        if previous is None:
            return None
        found = self.knowledge.get(previous)
        if found is None:
            raise errors.UnknownEntryError(previous)
        return found

    def _reply(self, query: str, previous_entry: Entry | None, alone: Reply | None) -> Reply:
        # ``alone``: the reply to ``query`` asked alone, when the caller has it already.
        text = self._as_small_talk(self._prepare(query))
        if previous_entry is not None and len(text) <= FOLLOW_UP:
            # Small talk said after an answer (好的, 谢谢, 你叫什么名字) is small talk, never read as a follow-up of it;
            # a question that only reads as small talk, not put to the assistant (叫什么名字 after 公众号怎么绑定), may
            # ask about the answer.
            if alone is None:
                alone = self._reply(query, None, None)
            if (alone.status == "answer" and alone.entry is not None and alone.entry.smalltalk
                    and (SMALL_TALK_QUESTION.search(text) is None or ADDRESSED.search(text) is not None)):
                return alone
        # A long question is also read by its asking part (clauses.py), found in it as typed (normalizing removes
        # the punctuation that ends its clauses) but in simplified characters, which its question words are in.
        part = asking_part(simplified(shortened(query, MAX_QUERY_CHARS))) if len(text) >= CLAUSE_LONG else None
        asking = self._prepare(part) if part else ""
        ranked, refused, declared = self._candidates(text, previous_entry, asking)
        topics, asked, index = self.topics, self.asked, self.index
        # A question asking how long, how often or why of nothing it names (要多久), with no previous answer to
        # take its subject from, is not answered with confidence by whichever entry asks it of something.
        unanchored = previous_entry is None and len(text) <= FOLLOW_UP and subjectless(text, index)
        # So is a follow-up's shape asking about its thing alone (今天呢 first, or after the fallback) by an entry
        # whose closest phrasing does not write the thing (逾期4天要紧吗, the entry found through 今天才发现).
        thing = what_about(text) if previous_entry is None else ""
        astray = {m.id for m in ranked if thing and not writes(thing, index.normalize(m.matched))}
        # What a long question asks for is in its asking part: its story may say 没多久 or 几个月 in passing.
        return decide(query, ranked, self.thresholds, self.knowledge, refused=refused,
                      foreign=lambda entry: self._foreign(text, entry),
                      displaced=lambda entry: (unanchored or entry.id in astray
                                               or asked.unanswered(asking or text, entry)
                                               or (_asks_of_its_own(text, entry) if entry.smalltalk
                                                   else topics.displaced(text, entry))),
                      declared=declared,
                      corroborated=lambda best, runner_up: corroborates(index, text, index.entry_index[best.id],
                                                                        index.entry_index[runner_up.id]),
                      gives_way=lambda best, other: topics.takes_place(text, best, other),
                      contrasted=lambda best, rival: topics.contrasted(text, best, rival),
                      confirmed=lambda entry: bool(confirming_words(index, text, index.entry_index[entry.id])))

    def _foreign(self, text: str, entry: Entry) -> float:
        # The weight of what normalized ``text`` names that neither the base nor ``entry`` does (salience, names,
        # kinds); a loan the question says the base's own may affect (…会影响房贷吗) is not what it asks about.
        # A question written as one of ``entry``'s own phrasings names nothing the base never mentions: the base
        # mentions it there (a learned 客服号码再说一下呗 names no lender 下呗, though the base writes it once).
        if text in self.index.phrasing_texts(self.index.entry_index[entry.id]):
            return 0.0
        plain = self.kinds.unaffected(text)
        return max(self.salience.foreign(plain, entry), self.names.weight(text, entry), self.kinds.weight(plain))

    def _candidates(self, text: str, previous: Entry | None, part: str = "") -> tuple[list[Match], bool, float]:
        """The ranked matches a reply to normalized ``text`` (``part``: its normalized asking part, when it is a
        long question read by it too) decides on (small talk only when no real entry is relevant), whether it reads
        more like a declared out-of-scope question than like any entry, and the score a real best must lead as a
        runner-up's: the declared out-of-scope questions' (0.0 when the base declares none or they share nothing),
        or a bare entry's ranked after the best for not naming the product (``names.Names.unnamed``) when higher."""
        if not text:
            return [], False, 0.0
        index, limits, entries = self.index, self.thresholds, self.index.entries
        if previous is not None and limits.salience < 100 and self._foreign(text, previous) >= limits.salience:
            previous = None  # it names a thing the base never mentions (拍拍贷…): it stands on its own
        # A follow-up's reading drops the previous entry and lowers unrelated ones: more than four may matter.
        keep = 4 if previous is None else CONTEXT_KEEP
        # A bare list's entries not naming the product the question names come after those naming it
        unnamed = self.names.unnamed_by(text, self.topics)
        # Built-in small talk is scored, then left out unless what was said is small talk only (谢谢啊, not 有人吗)
        asks = text not in self._small_talk_phrasings() and (SMALL_TALK_QUESTION.search(text) is not None or not
                                                             self._said_in_small_talk(text.rstrip(_PARTICLES) or text))
        builtin = sum(entries[owner].builtin for owner in index.smalltalk) if asks else 0
        scored = {owner: s for owner, s in self.score(text, keep=keep + builtin, after=unnamed).items()
                  if not entries[owner].smalltalk or (_small_talk_fits(text, index.texts[s.phrasing], s)
                                                      and not (asks and entries[owner].builtin))}
        thing = what_about(text)
        if previous is None and thing:
            # A follow-up's shape with nothing to follow (那罚息呢 as the first question) asks about its thing alone.
            read_thing(self.score(thing, keep=keep, after=unnamed), scored, index, limits)
        negative = scored.pop(index.negative, None)
        if previous is None and self.salience.says_nothing(text):
            scored = {owner: s for owner, s in scored.items() if entries[owner].smalltalk}
        if part:
            read_asking_part(part, scored, index, keep=keep, floor=decision_floor(limits), after=unnamed)
        if previous is not None:
            followed = read_follow_up(text, previous, scored, index=index, candidates=self.candidates,
                                      thresholds=limits)
            if followed and negative is not None:
                # The questions the base declares out of scope are unrelated to the previous answer too: they need
                # the clearer lead that unrelated entries need (逾期后会怎样 after 逾期了怎么办 is no 车贷逾期会怎样).
                negative.score *= UNRELATED_FOLLOW_UP
            if thing:
                read_thing(self.score(thing, keep=keep, after=unnamed), scored, index, limits,
                           previous if followed else None)
        real = {owner: s for owner, s in scored.items() if not entries[owner].smalltalk}
        after = frozenset() if unnamed is None else frozenset(filter(unnamed, real))
        ranked_real = rank(index, real, 5, after)
        # (Asked only where the declared questions could change the reply: as the best or a close runner-up.)
        if (negative is not None and ranked_real
                and negative.score >= ranked_real[0].score - max(limits.margin, limits.wide_margin) - 1.0
                and not _declared_says_more(index, text, negative.phrasing, [
                    m.id for m in ranked_real if m.score >= ranked_real[0].score - limits.wide_margin],
                    self._entry_terms)):
            negative = None
        best_score = max((s.score for s in scored.values()), default=0.0)
        refused = negative is not None and negative.score >= max(best_score, limits.suggest)
        # A short question naming another product is about that product; a long story may mention one
        # in passing (我还打算办房贷…) and still ask about this knowledge base.
        if ranked_real and not refused and may_name_another_product(index, text):
            owner = index.entry_index[ranked_real[0].id]
            mentioned = index.phrasing_texts(owner)
            refused = any(term in text and not any(term in m for m in mentioned) for term in index.foreign_terms)
        declared = round(negative.score, 1) if negative is not None else 0.0  # as a Match rounds it
        if after and ranked_real and index.entry_index[ranked_real[0].id] not in after:
            # An entry ranked after the best for not naming the product scored as high is a runner-up all the
            # same: the best is answered only when it leads that one too.
            declared = max([declared, *(round(real[owner].score, 1) for owner in after)])
        chat = max((s.score for owner, s in scored.items() if entries[owner].smalltalk), default=0.0)
        # Small talk only when no real entry is relevant, unless it is what was said word for word (好的 is
        # small talk, whatever 良好的信用 scores), or it scores best and the utterance is written only in small
        # talk's characters (谢了 is thanks, whatever 写了 sounds like; 好的好的 is no 信用好的好处).
        if (ranked_real and ranked_real[0].score >= limits.suggest and chat < 100.0
                and not (chat > ranked_real[0].score and self._said_in_small_talk(text))):
            return ranked_real, refused, declared
        return rank(index, scored, 5, after), refused, declared

    def _small_talk_phrasings(self) -> frozenset[str]:
        # The normalized phrasings of the small talk entries (not of the declared out-of-scope questions).
        if self._small_talk_texts is None:
            index = self.index
            self._small_talk_texts = frozenset(
                phrasing for owner in index.smalltalk if owner != index.negative
                for phrasing in index.phrasing_texts(owner))
        return self._small_talk_texts

    def _as_small_talk(self, text: str) -> str:
        # An acknowledgement is often said over and over (好好好, 行吧行吧, 嗯嗯嗯): said once it is small talk word
        # for word, and read so; any other text, even one repeating itself (看看), is read as it is.
        small_talk = self._small_talk_phrasings()
        if text in small_talk:
            return text
        return next((once for once in said_once(text) if once in small_talk), text)

    def _said_in_small_talk(self, text: str) -> bool:
        # Chinese only: in a spaced script every letter is some small talk's.
        if self._small_talk_characters is None:
            self._small_talk_characters = frozenset("".join(self._small_talk_phrasings()))
        return all(is_chinese(char) and char in self._small_talk_characters for char in text)

    def confusables(self, *, progress: Callable[[int, int], None] | None = None) -> list[tuple[Entry, str, Match]]:
        """Return the alternates that, left out of their own entry, would be answered with another entry.

        Each item is ``(entry, alternate, wrong match)``: a sign the two entries need wording that tells
        them apart. Returns an empty list when every alternate still reaches its own entry or no answer.
        Each alternate is read by pre-selection with a small base's limits (``Preselection.capped``), so the
        check takes time in proportion to the base's size; an exhaustive matcher reads it exhaustively.
        ``progress(done, total)`` is called every thousand alternates (``confusables.PROGRESS_EVERY``).
        """
        check = self.candidates if isinstance(self.candidates, Exhaustive) else self.preselection.capped()
        floor = decision_floor(self.thresholds)

        def score(text: str, *, exclude: int) -> dict[int, Scored]:
            return check.score(text, exclude, -1, 4, floor)

        return find_confusables(self.index, score, self.thresholds, progress=progress)

    # -- helpers for the edges -----------------------------------------------------------------------

    def entry(self, entry_id: str) -> Entry:
        """Return the entry with this id; raises ``UnknownEntryError`` when there is none."""
        found = self.knowledge.get(entry_id)
        if found is None:
            raise errors.UnknownEntryError(entry_id)
        return found

    def answer_entry(self, entry_id: str, query: str | None = None) -> Reply:
        """Return the reply that answers with entry ``entry_id`` directly (a picked suggestion)."""
        entry = self.entry(entry_id)
        match = Match(entry, 100.0, entry.question, ScoreParts(100.0, 100.0, 100.0))
        follow_ups = tuple(e for e in (self.knowledge.get(i) for i in entry.follow_ups) if e is not None)
        return Reply(query if query is not None else entry.question, "answer", entry.answer, match,
                     follow_ups=follow_ups)
