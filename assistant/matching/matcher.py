"""``Matcher``: one question through the steps of matching, and the public face of the ``matching`` package.

normalize → ``candidates`` (which entries to score: pre-selection, bounds) → ``signals`` (each entry's score)
→ ``context`` (a short follow-up read with the previous question) → ``decision`` (answer, clarify or none). The
tables all of them read are an ``index.Index``, built once from the knowledge base (and what the cache stores).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from .. import errors
from ..knowledge import load_knowledge
from ..models import Entry, Knowledge
from ..normalize import MAX_QUERY_CHARS, Normalizer, clean, shortened, simplified
from ..replies import Match, Reply, ScoreParts
from . import distinguish
from .asked import Asked
from .candidates import Bounded, Candidates, Exhaustive, Preselection
from .clauses import LONG as CLAUSE_LONG
from .clauses import asking_clauses, asking_part, earlier_question, read_asking_part
from .confirm import confirming_words
from .confusables import find_confusables
from .context import (
    FOLLOW_UP,
    RECOUNT,
    UNRELATED_FOLLOW_UP,
    read_follow_up,
    read_thing,
    what_about,
    writes,
)
from .context import KEEP as CONTEXT_KEEP
from .cutoff import RankedAfter
from .decision import answer_reply, decide, decision_floor, reading_floor
from .declared import Declared
from .explained import outheld
from .follow_up_lists import asks_only, kept_to_subject, list_kept
from .follow_up_subject import subjectless
from .foreign import Foreign, may_name_another_product, names_another_product
from .general import YES_NO, General, named_alone
from .grammar import content_pairs, shares_pairs, singled
from .how_doing import elsewhere
from .index import Index
from .kinds import Kinds
from .lone_word import unsettled, word_alone
from .more import asks_for_more
from .names import Names
from .others_words import OthersWords
from .query_text import QueryText
from .ranking import rank
from .renamed import other_kind
from .salience import Salience
from .signals import Scored, corroborates
from .small_talk import (
    ADDRESSED,
    SMALL_TALK_QUESTION,
    SmallTalk,
    asks_of_its_own,
    small_talk_fits,
)
from .thresholds import Thresholds
from .topic import Topics

SHOWN_PATH = 60
"""The longest path (its repr) that the ``TypeError`` of a ``Matcher`` given a path quotes in the call to make
instead; a longer one is written ``path`` there rather than cut inside its quotes."""


class Matcher:
    """Matches questions against a knowledge base (a ``Knowledge``, as ``load_knowledge(path)`` returns; a path
    itself is a ``TypeError`` saying so). Immutable once built: share one across threads.

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
        if knowledge is not None and not isinstance(knowledge, Knowledge):
            # A path is load_knowledge's to read: say so here, not as a missing attribute deep in the index.
            path = repr(knowledge) if len(repr(knowledge)) <= SHOWN_PATH else "path"
            raise TypeError(f"Matcher takes a Knowledge, not {type(knowledge).__name__}: "
                            f"Matcher(load_knowledge({path}))" if isinstance(knowledge, (str, os.PathLike))
                            else f"Matcher takes a Knowledge (load_knowledge(path)), not {type(knowledge).__name__}")
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
        self.query_text: QueryText = QueryText(index)
        """How a query as typed becomes the normalized text matched (pinyin read, polite opening dropped)."""
        self.small_talk: SmallTalk = SmallTalk(index)
        """Whether a short utterance is the base's small talk or asks something of its own."""
        self.declared: Declared = Declared(index)
        """Whether a declared out-of-scope question speaks for a question rather than the closest entries."""
        self.salience: Salience = Salience(index)
        """Whether a question names a thing the base never mentions (read by the decision)."""
        self.topics: Topics = Topics(index)
        """Whether a question puts another topic's word where an entry's own stands (read by the decision)."""
        self.others_words: OthersWords = OthersWords(index)
        """Which words of a short question another entry's own question holds and an entry never writes (read
        by the decision)."""
        self.names: Names = Names(index)
        """Whether a question names one of the base's own names an entry never does (read by the decision)."""
        self.asked: Asked = Asked(index)
        """Whether a question asks a count, a duration, a change or a reason an entry never gives (read by the
        decision)."""
        self.kinds: Kinds = Kinds(index)
        """Whether a question names another lender, loan or credit product than the base's (read by the decision)."""
        self.foreign: Foreign = Foreign(index, self.salience, self.names, self.kinds)
        """The weight of what a question names that neither the base nor an entry does (read by the decision)."""
        self.general: General = General(index)
        """Whether a phrasing asks about a thing named alone and nothing else the base does not say everywhere."""

    @classmethod
    def from_path(cls, path: str | None = None, *, thresholds: Thresholds | None = None) -> Matcher:
        """Load the knowledge base at ``path`` (None: the bundled one) and return a matcher built on it."""
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
        the pinyin reader keeps as typed (``QueryText.gathered``: 微粒贷app needs no reader), gathered now: what
        the cache stores beside the index, so that a matcher read from it answers its first question as quickly as
        the next. ``adopt`` takes it back."""
        return {**self.salience.gathered(), **self.topics.gathered(), **self.names.gathered(), **self.kinds.gathered(),
                **self.query_text.gathered()}

    def adopt(self, data: Mapping[str, Any]) -> None:
        """Take what ``gathered`` returned (read back from the cache), before the first question. Raises
        ``TypeError`` or ``KeyError`` when ``data`` does not hold it."""
        self.salience.adopt(data)
        self.topics.adopt(data)
        self.names.adopt(data)
        self.kinds.adopt(data)
        self.query_text.adopt(data)

    def score(self, text: str, *, exclude: int = -1, keep: int = 4, floor: float | None = None,
              after: RankedAfter | None = None) -> dict[int, Scored]:
        """Score the candidate entries for normalized ``text`` (phrasing ``exclude`` left out); return them by
        entry place in ``index.entries`` (empty when none is a candidate). ``floor`` defaults to the lowest score the
        decision reads of any entry (``decision.reading_floor``); ``after`` tells the entries ranked after all others
        (``names.Names.unnamed_by``), which the caller reads last."""
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
        text = self.query_text.prepare(query)
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
        text (an empty or meaningless query, or a number alone, gets ``"none"``). Raises ``UnknownEntryError`` when
        ``previous`` names no entry.

        >>> matcher = Matcher()
        >>> matcher.reply("微粒贷客服电话").answer is not None
        True
        >>> reply = matcher.reply("asdfgh")
        >>> reply.status, reply.answer is None, "400-999-8866" in reply.fallback
        ('none', True, True)
        """
        previous_entry, prepared = self._previous_entry(previous), self.query_text.prepare(query)
        reply = self._reply(query, prepared, previous_entry, None)
        if previous_entry is not None and reply.status == "none":  # only then can the reply alone be kept
            alone = self._reply(query, prepared, None, None)
            return list_kept(reply, alone, prepared, previous_entry, self.knowledge.fallback, self.thresholds)
        return reply

    def replies(self, query: str, previous: str | None, *, after_fallback: bool = False) -> tuple[Reply, Reply]:
        """Return the reply to ``query`` read after the entry ``previous`` (as ``reply`` gives it) and the reply it
        gets alone, each worked out once: a conversation compares the two to tell whether the previous question
        changed the reply. Both are the same reply when ``previous`` is None, and when ``after_fallback`` (the
        question just before got the fallback) and ``query`` is a follow-up's shape (那X呢, X呢:
        ``context.what_about``) whose thing alone reaches nothing: 今天呢 right after 明天会下雨吗 asks its thing of
        that unanswered question, not of the answer before it; and when ``query`` gets the fallback read after
        ``previous`` but a list alone: the previous question does not take away what it offers. Raises
        ``UnknownEntryError`` when ``previous`` names no entry."""
        previous_entry = self._previous_entry(previous)
        prepared = self.query_text.prepare(query)
        alone = self._reply(query, prepared, None, None)
        if previous_entry is None or (after_fallback and alone.status == "none" and what_about(prepared)):
            return alone, alone
        followed = list_kept(self._reply(query, prepared, previous_entry, alone), alone, prepared, previous_entry,
                             self.knowledge.fallback, self.thresholds)
        return followed, alone

    def _previous_entry(self, previous: str | None) -> Entry | None:
        return None if previous is None else self.entry(previous)

    def _reply(self, query: str, prepared: str, previous_entry: Entry | None, alone: Reply | None) -> Reply:
        # ``prepared``: ``query`` as ``QueryText.prepare`` makes it; ``alone``: the reply to ``query`` asked alone,
        # when the caller has it already.
        text = self.small_talk.read(prepared)
        if previous_entry is not None and len(text) <= FOLLOW_UP:
            # Small talk said after an answer (好的, 谢谢, 你叫什么名字) is small talk, never read as a follow-up of it;
            # a question that only reads as small talk, not put to the assistant (叫什么名字 after 公众号怎么绑定), may
            # ask about the answer.
            if alone is None:
                alone = self._reply(query, prepared, None, None)
            if (alone.status == "answer" and alone.entry is not None and alone.entry.smalltalk
                    and (SMALL_TALK_QUESTION.search(text) is None or ADDRESSED.search(text) is not None)):
                return alone
        # A long question is also read by its asking part (clauses.py), found in it as typed (normalizing removes
        # the punctuation that ends its clauses) but in simplified characters, which its question words are in.
        typed = simplified(shortened(query, MAX_QUERY_CHARS))
        part = asking_part(typed) if len(text) >= CLAUSE_LONG else None
        asking = self.query_text.prepare(part) if part else ""
        # A question marked before it is asked too (能不能商量分期？要是能分的话最多能分几期): both are read.
        earlier = earlier_question(typed, part) if part else None
        before = self.query_text.prepare(earlier) if earlier else ""
        # A lender it names is what it asks about only in the clauses that ask, not in a story taken in with them.
        asks_of = self.query_text.prepare(asking_clauses(part)) if part else ""
        thing = what_about(text)
        offered: set[str] = set()
        # A question put to the assistant itself (你能帮我干点啥, 你是官方的客服吗) asks what it is or can do, which the
        # base's small talk about itself answers, not an entry on what its subject (客服) is or does.
        addressed = self.small_talk.addressed(text)
        ranked, refused, rival_score = self._candidates(text, previous_entry, asking, thing, offered, before,
                                                        addressed=addressed)
        # The asking part is a question of its own: one that reads as a question the base declares out of scope
        # (信用卡的最低还款额是怎么算的) asks about that, whatever the story before it says of the base's own. (Read
        # only when it may be refused: naming another product, or its declared questions scoring enough.)
        if (asking and not refused and previous_entry is None
                and (may_name_another_product(self.index, asking)
                     or self.declared.may_reach(asking, self.thresholds.suggest))):
            # (Only whether it is refused is read, which ``addressed`` never changes.)
            refused = self._candidates(asking, None, "", "", addressed=False)[1]
        topics, asked, index = self.topics, self.asked, self.index
        to_itself = previous_entry is None and addressed
        # A question asking how long, how often or why of nothing it names (要多久), with no previous answer to
        # take its subject from, is not answered with confidence by whichever entry asks it of something.
        unanchored = previous_entry is None and len(text) <= FOLLOW_UP and subjectless(text, index)
        # So is a follow-up's shape asking about its thing alone (今天呢 first, or after the fallback) by an entry
        # whose closest phrasing does not write the thing (逾期4天要紧吗, the entry found through 今天才发现).
        astray = ({m.id for m in ranked if not writes(thing, index.normalize(m.matched))}
                  if thing and previous_entry is None else set())
        # A word asked alone (分期, 今天; 那分期呢 as its thing) settles on no entry that writes it only in passing,
        # nor on one of two whose closest phrasings both write it.
        astray |= unsettled(word_alone(thing or text), ranked, index, topics.tables()[0], self.thresholds.suggest,
                            followed=previous_entry is not None)
        # 征信怎么查 is not answered with confidence by an entry that never says 查 when a close one does.
        if elsewhere(text, ranked, index, self.thresholds.suggest):
            astray.add(ranked[0].id)
        # Read once, on the first entry to offer, for all of them (``grammar.content_shared``).
        pairs = cache(lambda: content_pairs(text))
        # A question naming the base's own thing only by a synonym of another kind, and none of its matters, asks
        # about that other thing (微众银行有线下网点吗: the bank, not its loan 微粒贷); read on the first entry whose
        # foreignness is asked, as ``pairs`` is.
        renamed = cache(lambda: other_kind(clean(shortened(query, MAX_QUERY_CHARS)), text, index))
        # How well each entry matches (one matched loosely is the more likely asked about another thing), weighed once
        # an entry for the foreign check and ``others_words.beyond`` alike.
        foreign = self.foreign.of_question(text, asks_of, {match.id: match.score for match in ranked})
        # What a long question asks for is in its asking clauses: its story may say 没多久 or 被拒 in passing.
        reply = decide(query, ranked, self.thresholds, self.knowledge, refused=refused,
                      foreign=lambda entry: max(foreign(entry), renamed()),
                      related=lambda entry: shares_pairs(index, pairs(), index.entry_index[entry.id]),
                      displaced=lambda entry: (unanchored or entry.id in astray or entry.id in offered
                                               or (asked.unanswered(asks_of or text, entry)
                                                   and not (before and not asked.unanswered(before, entry)))
                                               or self.others_words.beyond(text, entry, lambda: foreign(entry))
                                               or (asks_of_its_own(text, entry) if entry.smalltalk
                                                   else topics.displaced(text, entry) or to_itself)
                                               or (previous_entry is None and (topics.untopical(text, entry)
                                                                               or topics.unconditioned(text, entry)))),
                      rival_score=rival_score, gives_way=lambda best, other: topics.takes_place(text, best, other),
                      corroborated=lambda best, runner_up: corroborates(index, text, index.entry_index[best.id],
                                                                        index.entry_index[runner_up.id]),
                      contrasted=lambda best, rival: topics.contrasted(text, best, rival),
                      confirmed=lambda entry: bool(confirming_words(index, text, index.entry_index[entry.id])),
                      outheld=lambda best, rival: outheld(index, text, index.entry_index[best.id],
                                                          index.entry_index[rival.id]),
                      singled=lambda entry: singled(index, text, index.entry_index[entry.id]))
        if previous_entry is None and not refused:
            reply = distinguish.led_by(reply, distinguish.distinguished(index, text, ranked), ranked)
        if previous_entry is not None and reply.status == "clarify" and asks_only(text):
            reply = kept_to_subject(reply, previous_entry, self.knowledge.fallback, self.thresholds)
        named = thing or (text if previous_entry is None else "")
        if reply.status == "clarify" and named and named_alone(named):
            # A thing named alone (or as 那X呢) asks about it in general: its yes-or-no question (延期吗), answered
            # with confidence by one of the entries the list offers (how to apply for an extension), is what it asks.
            general = self._reply(query, named + YES_NO, None, None)
            typed = clean(query) if named == text else ""
            offered = {match.id for match in reply.suggestions}
            about = [match for match in (general.suggestions if general.status == "clarify" else (general.match,))
                     if match is not None and match.id in offered and self.general.about_it(
                         named, index.normalize(match.matched), typed=typed, written=clean(match.matched))
                     and self.general.about_it(named, index.normalize(match.entry.question), partly=True)]
            if general.status == "answer" and about:
                return replace(general, query=query, read_as=named + YES_NO)
            if general.status == "clarify" and len(about) == 1:
                # Offered beside entries asking something more of it (分期数: how many), the one asking about it
                # and nothing else (逾期了能分期吗) is the general one.
                return replace(self._general_answer(query, about[0], general.suggestions), read_as=named + YES_NO)
        return reply

    def _general_answer(self, query: str, match: Match, offered: tuple[Match, ...]) -> Reply:
        # The answer of ``match``, picked from the list ``offered`` as the one asking about a thing in general: its
        # lead over the others of the list (none when below one of them).
        lead = max(match.score - max((other.score for other in offered if other is not match), default=0.0), 0.0)
        return answer_reply(query, match, self.knowledge, lead)

    def _candidates(self, text: str, previous: Entry | None, part: str, thing: str,
                    offered: set[str] | None = None, earlier: str = "", *,
                    addressed: bool) -> tuple[list[Match], bool, float]:
        """The ranked matches a reply to normalized ``text`` (``part``: its normalized asking part, when it is a
        long question read by it too; ``thing``: what it asks about when shaped like a follow-up,
        ``context.what_about``, else empty; ``offered`` receives the ids of the entries a follow-up keeps only to
        offer: ``context.read_follow_up``; ``addressed``: whether it is put to the assistant itself,
        ``SmallTalk.addressed``) decides on (small talk only when no real entry is relevant), whether it
        reads more like a declared out-of-scope question than like any entry, and the score a real best must lead as
        a runner-up's: the declared out-of-scope questions' (0.0 when the base declares none or they share nothing),
        or a bare entry's ranked after the best for not naming the product (``names.Names.unnamed``) when higher."""
        if not text or text.isdecimal():  # a number alone (2, ４) asks nothing: a pick with no list to pick from
            return [], False, 0.0
        if asks_for_more(text):  # 还有呢 names nothing an entry answers, after an answer or not (more.py)
            return [], False, 0.0
        if previous is None and RECOUNT.fullmatch(text):
            # Nor does a count alone (4天, 3个月呢) asked first: after an answer, it asks that again of the count
            # (context), but with nothing before it, an entry counting it (微粒贷逾期4天了怎么办) is not what it asks.
            return [], False, 0.0
        index, limits, entries = self.index, self.thresholds, self.index.entries
        if previous is not None and limits.salience < 100 and self.foreign.weight(text, previous) >= limits.salience:
            previous = None  # it names a thing the base never mentions (拍拍贷…): it stands on its own
        if previous is not None and self.salience.a_slip(text):
            previous = None  # a function word alone (了, 我) is a slip of the keyboard: it asks nothing of the answer
        # Asked first: the best four scored exactly, or the five a bare list's sibling rule weighs; a follow-up, more.
        keep = max(4, distinguish.scored_exactly(index)) if previous is None else CONTEXT_KEEP
        # A bare list's entries not naming the product the question names come after those naming it
        unnamed = self.names.unnamed_by(text, self.topics)
        # Built-in small talk is scored, then left out unless what was said is small talk only (谢谢啊, not 有人吗)
        asks = self.small_talk.asks(text)
        builtin = sum(entries[owner].builtin for owner in index.smalltalk) if asks else 0
        scored = {owner: s for owner, s in self.score(text, keep=keep + builtin, after=unnamed).items()
                  if not entries[owner].smalltalk or (small_talk_fits(text, index.texts[s.phrasing], s)
                                                      and not (asks and entries[owner].builtin))}
        if previous is None and thing:
            # A follow-up's shape with nothing to follow (那罚息呢 as the first question) asks about its thing alone.
            read_thing(self.score(thing, keep=keep, after=unnamed), scored, index, limits)
        negative = scored.pop(index.negative, None)
        if previous is None and self.salience.says_nothing(text):
            scored = {owner: s for owner, s in scored.items() if entries[owner].smalltalk}
        if part:
            read_asking_part(part, scored, index, keep=keep, floor=decision_floor(limits), after=unnamed,
                             earlier=earlier)
        if previous is not None:
            followed = read_follow_up(text, previous, scored, index=index, candidates=self.candidates,
                                      thresholds=limits, offered=offered)
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
                and negative.score >= ranked_real[0].score - max(limits.margin, limits.wide_margin) - 1.0):
            best = ranked_real[0]
            closest = [m.id for m in ranked_real if m.score >= best.score - limits.wide_margin]
            if not self.declared.says_more(text, negative.phrasing, closest,
                                           on_topic=self.topics.holds_topic(text, best.entry)):
                negative = None
        best_score = max((s.score for s in scored.values()), default=0.0)
        refused = negative is not None and negative.score >= max(best_score, limits.suggest)
        # A short question naming another product is about that product; a long story may mention one
        # in passing (我还打算办房贷…) and still ask about this knowledge base.
        if ranked_real and not refused and may_name_another_product(index, text):
            refused = names_another_product(index, text, index.entry_index[ranked_real[0].id])
        rival_score = round(negative.score, 1) if negative is not None else 0.0  # as a Match rounds it
        if after and ranked_real and index.entry_index[ranked_real[0].id] not in after:
            # An entry ranked after the best for not naming the product scored as high is a runner-up all the
            # same: the best is answered only when it leads that one too.
            rival_score = max([rival_score, *(round(real[owner].score, 1) for owner in after)])
        chat = max((s.score for owner, s in scored.items() if entries[owner].smalltalk), default=0.0)
        # Small talk only when no real entry is relevant, unless it is what was said word for word (好的 is
        # small talk, whatever 良好的信用 scores), or it scores best and the utterance is written only in small
        # talk's characters (谢了 is thanks, whatever 写了 sounds like; 好的好的 is no 信用好的好处) or put to the
        # assistant itself (``addressed``).
        if (ranked_real and ranked_real[0].score >= limits.suggest and chat < 100.0
                and not (chat > ranked_real[0].score and (addressed or self.small_talk.written_in(text)))):
            return ranked_real, refused, rival_score
        return rank(index, scored, 5, after), refused, rival_score

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
        """Return the reply that answers with entry ``entry_id`` directly (a picked suggestion), its query ``query``
        (the entry's question when None); raises ``UnknownEntryError`` when there is no such entry."""
        entry = self.entry(entry_id)
        match = Match(entry, 100.0, entry.question, ScoreParts(100.0, 100.0, 100.0))
        follow_ups = tuple(e for e in (self.knowledge.get(i) for i in entry.follow_ups) if e is not None)
        return Reply(query if query is not None else entry.question, "answer", entry.answer, match,
                     follow_ups=follow_ups)

