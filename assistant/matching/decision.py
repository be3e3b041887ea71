"""The decision: answer, ask which was meant ("您是不是想问…"), or the fallback, from the ranked matches.

``Thresholds`` holds the cut-offs; ``decide`` applies them to the ranked matches, reading only the first four
positions (the best and the runner-up for an answer, up to four for suggestions); ``decision_floor`` is the
lowest score it tells apart from nothing, which a candidate strategy may stop at.

The rule, in order:

0. an entry of few alternates (at most ``FEW_ALTERNATES``; not small talk, not a bare entry over a bare runner-up
   unless the question shares a content word with the best's phrasing (``related``) or its answer alone
   (``confirmed``) and none with the runner-up's phrasing, not read through context) scoring from ``few_answer``
   to ``wide_answer`` and leading the next real entry by ``wide_margin``, a lead ``corroborated`` as under 2 or
   ``confirmed`` by a word of the question only its answer says (``confirm.confirming_words``; the runner-up's
   answer not saying one too), is answered when
   the question names nothing the base never mentions (``foreign`` is 0) and is not ``displaced`` (as under 2);
   so too such an entry alone, the one real entry sharing anything with the question (nothing scored to lead),
   and the runner-up of such an entry tied with the best (a lead under ``few_lead``) when only the runner-up's
   answer says a word of the question, the best's not, and it stands so clear of the third;
1. nothing scores ``suggest`` (or the question reads as a declared out-of-scope one): the fallback, unless
   the best real entry (not small talk) has few alternates (at most ``FEW_ALTERNATES``, none too), scores
   ``few_suggest`` and leads the next real one by ``few_lead``: then "您是不是想问…" with the two (and the third,
   if it scores ``few_suggest`` too); or unless
   the best entry and the runner-up are entries of a bare list (no alternates) scoring ``bare_suggest``: then
   "您是不是想问…" with them (and the third, if it does too), but the fallback when the question names a thing
   the base never mentions that none of them resembles (``foreign`` reaches ``salience`` for each) and shares
   no content word with any of them (``related``: 医保卡怎么激活 and 积分怎么获得 share only 怎么);
   a bare best that the question singles out (``singled``: its rarest content character written by that entry
   alone, every content character by the base) is answered instead when it leads by ``wide_margin`` from
   ``few_answer`` (as under 0, the lead needing no corroboration), and offered alone rather than the fallback
   when it is the only bare entry scoring ``bare_suggest`` and nothing else is offered (能退钱吗: 可以退卡吗);
2. the best entry scores ``answer`` and leads the runner-up by ``margin`` (``bare_margin`` when both are
   entries of a bare list), or scores ``wide_answer`` and
   leads by ``wide_margin`` (not small talk, not read through context; a runner-up set aside as giving way,
   ``gives_way``, still led by ``close_margin``), or scores ``confident`` alone, or is
   small talk scoring ``answer`` (the questions the base declares out of scope, ``rival_score``, are a runner-up
   too), or scores ``answer`` and leads a real runner-up by only ``close_margin``, a lead ``corroborated`` by
   both its closest phrasing and its phrasings taken together (``signals.corroborates``; not small talk, not
   read through context): the answer, unless the question names a thing the base never mentions, or one of
   the base's own names the entry never does (its ``foreign`` weight, ``salience.Salience.foreign`` and
   ``names.Names.weight``, reaches ``salience``): then the fallback, for the question is about
   something else (another lender, another product) put in this base's words; and when the question puts
   another entry's topic word where the entry's own stands, or asks a count, a duration, a change or a reason
   the entry never gives (``displaced``: ``topic.Topics.displaced``, ``asked.Asked.unanswered``; small talk
   too is asked the latter: 可以申请几次 is no 可以), or when it is an entry of few alternates and another of few
   alternates scoring ``few_suggest`` holds in its phrasings all that it holds of the question and more
   (``outheld``: 邮费 of 退回去邮费谁付, where 退货邮费 holds 退 too; not two entries of a bare list, nor an entry
   read through context; so too under 0), it is not given with confidence: the rule goes on to 3;
   before 2, when the question puts, where the best entry's topic word stands, the topic word of one of the
   next three scoring ``suggest`` (``gives_way``, ``topic.Topics.takes_place``: 延期怎么弄 for 逾期了怎么办,
   whose phrasings hold 怎么弄, and 怎么申请延期还款), the best gives way: the rule is applied to the first
   four matches without it, that one first (the best less ``GIVE_WAY_GAP`` a runner-up it must lead); and
   when the question puts the best's topic word where the runner-up's stands (分期协议里面会写什么: 分期 where
   延期协议里写啥 has 延期), the runner-up gives way (but to a bare list's entry): the lead is measured over the
   third;
3. otherwise the candidates scoring ``suggest`` (at most four; when the best is a bare list's, with the bare
   ones of the best four scoring ``bare_suggest``, as under ``suggest``): "您是不是想问…" when there are two or
   more; a single one is answered with the fallback when weak (but offered as under 1 when it has few
   alternates and leads by ``few_lead``), offered with the next best when fair, and the fallback when there is
   none (a list of one is no question); the fallback too when the question names a thing the base never
   mentions that none of the list's entries resembles (``foreign`` reaches ``salience`` for each).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..models import Entry, Knowledge
from ..replies import Match, Reply
from .thresholds import Thresholds

FEW_ALTERNATES = 4
"""An entry with at most this many alternates has few phrasings (``Thresholds.few_suggest``)."""

FAR_SALIENCE = 0.85
"""Far from every entry (no score reaching ``Thresholds.few_suggest``), a question is told it is about something
the base does not cover when it names a thing the base never mentions weighing this share of
``Thresholds.salience``: a common noun weighs ``unmentioned.COMMON_NOUN`` (0.85) of a name of its surprisal
because it may be how a question about the base is put, which no entry near it makes likely here (天气 of
今天天气怎么样 weighs 8.5; 明天会下雨, a run the dictionary does not join, 19.75). It changes only whether the
fallback says so, never the reply's status."""

GIVE_WAY_GAP = 30.0
"""An entry taking the place of a best match whose topic word it displaced (``gives_way``) is answered only when it
leads that best, less this many points, by the margin: far below it, it holds too little of the question
(分期还款会上征信吗: 上征信吗 scores 86.9, the instalment entry taking its place 54.7 through 分期还款 alone)."""

ROUNDING = 0.051
"""A Match's score is rounded to 0.1 before the decision compares it: an entry below a cut-off minus this
stays below the cut-off once rounded."""


CALIBRATION: tuple[float, float, float] = (-3.48, 5.86, 2.73)
"""The logistic coefficients of ``confidence``: bias, score / 100, and lead / 30 (at most 1). Fitted by
``tools/crossval.py --calibrate`` on the held-out folds' questions and alternates (every question with a best
match; right when that match is an acceptable entry, so an out-of-scope question's never is). Fitted on four
folds and read on the fifth, the predicted and observed shares of right best matches were within 0.14 of
each other in every band."""


def confidence(score: float, lead: float) -> float:
    """The probability (0–1) that a best match scoring ``score`` (0–100) and leading the runner-up by ``lead``
    points is what was asked, as measured on questions the weights and thresholds were not fitted on."""
    bias, per_score, per_lead = CALIBRATION
    z = bias + per_score * score / 100.0 + per_lead * min(max(lead, 0.0), 30.0) / 30.0
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def decide(query: str, ranked: Sequence[Match], thresholds: Thresholds, knowledge: Knowledge, *,
           refused: bool = False, foreign: Callable[[Entry], float] | None = None,
           related: Callable[[Entry], bool] | None = None,
           displaced: Callable[[Entry], bool] | None = None, rival_score: float = 0.0,
           corroborated: Callable[[Match, Match], bool] | None = None,
           gives_way: Callable[[Entry, Entry], bool] | None = None,
           contrasted: Callable[[Entry, Entry], bool] | None = None,
           confirmed: Callable[[Entry], bool] | None = None,
           outheld: Callable[[Entry, Entry], bool] | None = None,
           singled: Callable[[Entry], bool] | None = None) -> Reply:
    """Decide the reply to ``query`` from its ranked matches (best first): an answer, a "您是不是想问…" list,
    or the fallback (``refused``: the question is out of scope, whatever it matched), by the rule of the
    module's docstring.

    Reads ranked positions 1 and 2 (the best and the runner-up: score, margin, small talk, context) and, for
    suggestions, positions 1 to 4. ``foreign(entry)``: the weight of what the question names that the base
    never mentions nor ``entry`` resembles, or of one of the base's own names ``entry`` never holds
    (``salience.Salience.foreign``, ``names.Names.weight``); ``displaced(entry)``: whether the question puts
    another topic's word where ``entry``'s own stands (``topic.Topics.displaced``) or asks what it never gives
    (``asked.Asked.unanswered``), small talk included; both asked only of an entry about to be answered
    (``foreign`` also of those about to be offered in a list), an entry of few alternates answered from
    ``few_answer`` included. ``related(entry)``: whether the question shares a content word with ``entry``'s
    phrasings (``grammar.content_shared``), asked of the bare entries about to be offered under 1 when each is
    foreign to the question, and of a bare entry about to be answered from ``few_answer`` over a bare runner-up
    and of that runner-up (without it, a bare entry over a bare runner-up is never answered from ``few_answer``).
    ``rival_score``: a score a real entry must lead by ``margin`` as it must lead the runner-up: that of the
    questions the base declares out of scope (0 without), or of an entry ranked after the best for not naming the
    product the question names (``rank``'s ``after``) when higher, or, once a best has given way (``gives_way``),
    that best's less ``GIVE_WAY_GAP`` when higher.
    ``corroborated(best, runner_up)``: whether the best match's lead over the runner-up holds on every kind of
    evidence (``signals.corroborates``), asked only when the lead is under ``margin`` but reaches
    ``close_margin``, and of an entry of few alternates leading by ``wide_margin`` from ``few_answer``; without
    it, a lead under ``margin`` is never enough, nor is ``few_answer`` (unless ``confirmed``).
    ``confirmed(entry)``: whether the question holds a word that only ``entry``'s answer says, none of its
    phrasings (``confirm.confirming_words``), asked of an entry of few alternates leading by ``wide_margin`` from
    ``few_answer`` whose lead is not corroborated, and of its runner-up, and of a bare entry about to be answered
    from ``few_answer`` over a bare runner-up when the question shares no content word with its phrasing.
    ``gives_way(best, other)``: whether the question puts ``other``'s topic word where ``best``'s stands
    (``topic.Topics.takes_place``), asked of a real best scoring ``suggest`` and each of the next three real
    matches scoring ``suggest``; and of the real runner-up and the best (``gives_way(runner_up, best)``): when
    it does, the runner-up is no rival and the lead is measured over the third (not for a bare list's entry).
    ``contrasted(best, rival)``: whether the question holds the word by which ``rival``'s question differs from
    ``best``'s in the place of ``best``'s own (``topic.Topics.contrasted``), asked of a bare best about to be
    answered and each of the next two bare matches scoring ``bare_suggest``.
    ``outheld(best, rival)``: whether ``rival``'s phrasings hold every character of the question that ``best``'s
    hold, and more (``explained.outheld``), asked of an entry of few alternates about to be answered and each
    real one of few alternates among the first four scoring ``few_suggest`` (not two entries of a bare list, nor
    an entry read through context):
    when one does, the entry is offered with it rather than answered.
    ``singled(entry)``: whether the question's rarest content character is written by ``entry``'s one phrasing
    alone and the base writes every character of it (``grammar.singled``), asked of a bare best over a bare
    runner-up about to be answered from ``few_answer`` (it tells the best as a corroborated lead does) and of a
    bare best the only one scoring ``bare_suggest``: it is offered alone rather than the fallback.
    """
    limits = thresholds
    fallback = knowledge.fallback
    best = ranked[0] if ranked else None
    if best is not None and not refused and _bare(best) and limits.bare_suggest <= best.score < limits.suggest:
        # An entry of a bare list (no alternates) is asked in other words more often than not: its best few
        # are offered rather than nothing.
        offered = [m for m in ranked[:3] if m.score >= limits.bare_suggest and _bare(m)]
        if len(offered) >= 2 and _all_foreign(offered, foreign, limits) and (
                related is None or not any(related(m.entry) for m in offered)):
            # As under suggest: a question naming what the base never mentions nor any of them resembles, and
            # sharing no content word with any of them (社保卡怎么激活 and 积分怎么获得 share only 怎么), is no
            # question of theirs put in other words. One sharing a content word (重置密码, 登录密码忘了) may be.
            return Reply(query, "none", None, best, fallback=fallback, held_back="foreign",
                         lead=_lead(best.score, ranked[1].score, limits))
        # A best singled out (grammar.singled) clear of the rest from few_answer is answered as under 0.
        clear = (singled is not None and len(ranked) > 1 and best.score >= limits.few_answer
                 and best.score - ranked[1].score >= limits.wide_margin and singled(best.entry))
        if len(offered) >= 2 and not clear:
            lead = _lead(best.score, ranked[1].score, limits)
            return Reply(query, "clarify", None, best, suggestions=tuple(offered), lead=lead,
                         confidence=confidence(best.score, lead))
    few_answer = None if refused else (_few_answered(ranked, limits, corroborated, confirmed, related, singled)
                                       or _tie_broken(ranked, limits, corroborated, confirmed, related))
    if (few_answer is not None and not (foreign is not None and limits.salience < 100 and foreign(few_answer.entry))
            and (displaced is None or not displaced(few_answer.entry))
            and not _explained_away(few_answer, ranked, limits, outheld)):
        # over the next (none when it stands alone), or the one it was tied with
        rival = ranked[0].score if few_answer is not ranked[0] else ranked[1].score if len(ranked) > 1 else 0.0
        return answer_reply(query, few_answer, knowledge, _lead(few_answer.score, rival, limits))
    if best is not None and not refused and best.score < limits.suggest:
        few = _few_offered(ranked, limits)
        if few:
            lead = _lead(few[0].score, few[1].score, limits)
            return Reply(query, "clarify", None, few[0], suggestions=few, lead=lead,
                         confidence=confidence(few[0].score, lead))
    if (best is not None and not refused and _bare(best) and limits.bare_suggest <= best.score < limits.suggest
            and singled is not None and not any(_bare(m) and m.score >= limits.bare_suggest for m in ranked[1:3])
            and singled(best.entry) and not _all_foreign([best], foreign, limits)):
        # The one entry writing what the question asks about (退 of 能退钱吗: 可以退卡吗) is asked whether meant,
        # rather than the fallback a list of one would get.
        lead = _lead(best.score, ranked[1].score if len(ranked) > 1 else 0.0, limits)
        return Reply(query, "clarify", None, best, suggestions=(best,), lead=lead,
                     confidence=confidence(best.score, lead))
    if refused or best is None or best.score < limits.suggest:
        lead = _lead(best.score, ranked[1].score if len(ranked) > 1 else 0.0, limits) if best else 0.0
        declared_out = "declared" if refused and best is not None and best.score >= limits.suggest else None
        if (declared_out is None and best is not None and not best.entry.smalltalk and best.score < limits.few_suggest
                and foreign is not None and limits.salience < 100
                and foreign(best.entry) >= limits.salience * FAR_SALIENCE):
            # Far from every entry (nothing offered from few_suggest), and naming a thing the base never mentions
            # (那美团月付呢, a follow-up read on its own): not covered, as when an entry scored high enough to be held
            # back for it. (Closer, the unknown words may be an entry's own garbled: 话电服客贷粒微.)
            declared_out = "foreign"
        return Reply(query, "none", None, best, fallback=fallback, lead=lead, held_back=declared_out)
    if gives_way is not None and not best.entry.smalltalk:
        for other in ranked[1:4]:
            if not other.entry.smalltalk and other.score >= limits.suggest and gives_way(best.entry, other.entry):
                # The entry the best gives way to is what is asked (分其协议包含哪些内容, 逾期罚息和违约金都要交吗,
                # where the best alone is held back by the topic check and a list offered).
                # (only the first four positions: which entry is fifth depends on the candidate strategy)
                rest = [other, *(m for m in ranked[1:4] if m is not other)]
                # The best it displaced, less GIVE_WAY_GAP, stands as a runner-up the new best must lead.
                reply = decide(query, rest, thresholds, knowledge, refused=refused, foreign=foreign,
                               displaced=displaced, rival_score=max(rival_score, best.score - GIVE_WAY_GAP),
                               corroborated=corroborated, contrasted=contrasted, outheld=outheld, related=related)
                # A list instead of the best match's answer says why, as when the best is held back alone
                return reply if reply.status == "answer" or reply.held_back else replace(
                    reply, held_back="topic", confidence=None)
    # A runner-up whose topic word the question replaced with the best's is about another thing: 延期协议里写啥
    # for 分期协议里面会写什么. Only a word replaced, not one merely missing from the question. Not for a bare
    # list's entry: its sibling questions differ in the product they name (柚借, 柚付), so the runner-up naming
    # the other product is the very rival the lead must be measured over.
    second = 1
    if (len(ranked) > 1 and not _bare(best) and not best.entry.smalltalk and not ranked[1].entry.smalltalk) and (
            gives_way is not None and gives_way(ranked[1].entry, best.entry)):
        second = 2
    runner_up = ranked[second].score if len(ranked) > second else 0.0
    if not best.entry.smalltalk:  # the declared out-of-scope questions are a runner-up like any other
        runner_up = max(runner_up, rival_score)
    lead = _lead(best.score, runner_up, limits)
    sure = confidence(best.score, lead)
    confident = best.score >= limits.confident and runner_up < limits.confident
    held_back: str | None = None
    margin = limits.bare_margin if len(ranked) > 1 and _bare(best) and _bare(ranked[1]) else limits.margin
    if ((best.score >= limits.answer and (lead >= margin or confident or best.entry.smalltalk))
            or (best.score >= limits.wide_answer and lead >= limits.wide_margin and not best.entry.smalltalk
                # Below answer, a runner-up set aside for its topic word must still be led beyond a tie: 逾期了会打电话
                # 给我家人吗 is no more 联系客服 (52.4) than 延期了还会打电话催款吗 (52.2), whatever the third scores.
                and not best.parts.context and (second == 1 or best.score - ranked[1].score >= limits.close_margin))
            or (best.score >= limits.answer and lead >= limits.close_margin and corroborated is not None
                and len(ranked) > 1 and ranked[1].score >= rival_score and not best.entry.smalltalk
                and not ranked[1].entry.smalltalk and not best.parts.context and corroborated(best, ranked[1]))):
        if (foreign is not None and limits.salience < 100 and not best.entry.smalltalk
                and foreign(best.entry) >= limits.salience):
            return Reply(query, "none", None, best, fallback=fallback, lead=lead, held_back="foreign")
        if ((displaced is None or not displaced(best.entry)) and not _rival_meant(best, ranked, limits, contrasted)
                and not _explained_away(best, ranked, limits, outheld)):
            return answer_reply(query, best, knowledge, lead)
        held_back = "topic"
    # A bare question is offered with the next bare ones reaching bare_suggest, as under suggest: its siblings in
    # a long bare list score lower for a question put in other words than an entry's alternates would.
    bare = _bare(best) and not best.parts.context
    suggestions = [m for m in ranked[:4] if not m.entry.smalltalk
                   and (m.score >= limits.suggest or (bare and _bare(m) and m.score >= limits.bare_suggest))]
    if len(suggestions) == 1:
        # One weak candidate is no reason to ask (unless it is how a follow-up reads after the previous
        # answer); a fair one is offered with the next best.
        if best.score < (limits.suggest + limits.answer) / 2 and not best.parts.context:
            few = () if held_back else _few_offered(ranked, limits)
            if few:  # offered from few_suggest when clearly ahead (rule 1), so above it too
                return Reply(query, "clarify", None, few[0], suggestions=few, lead=lead, confidence=sure)
            return Reply(query, "none", None, best, fallback=fallback, lead=lead, held_back=held_back)
        suggestions = [m for m in ranked[:2] if m.score >= limits.suggest * 0.75 and not m.entry.smalltalk]
    if len(suggestions) < 2:
        return Reply(query, "none", None, best, fallback=fallback, lead=lead, held_back=held_back)
    if held_back is None and _all_foreign(suggestions, foreign, limits):
        # A question naming what the base never mentions nor any suggestion resembles (another lender or
        # product) is not offered a list either, as it would not be answered (a follow-up's reading may have
        # dropped the entry that was held back as foreign: 拍拍贷逾期了怎么办 after 微粒贷逾期了该怎么办).
        return Reply(query, "none", None, best, fallback=fallback, lead=lead, held_back="foreign")
    return Reply(query, "clarify", None, best, suggestions=tuple(suggestions), lead=lead,
                 confidence=None if held_back else sure, held_back=held_back)


def _all_foreign(offered: Sequence[Match], foreign: Callable[[Entry], float] | None, limits: Thresholds) -> bool:
    # A list is no question when the question names a thing the base never mentions that none of its entries
    # resembles (another lender, another product, another service): it would not be answered either.
    return (foreign is not None and limits.salience < 100
            and all(foreign(m.entry) >= limits.salience for m in offered))


def _lead(best: float, runner_up: float, limits: Thresholds) -> float:
    # A runner-up under the decision's floor counts as at the floor: below it, which entry comes second (and
    # its score) depends on how many entries the candidate strategy scored, and the lead must not. Every
    # decision that reads the lead is the same either way (a lead over the floor is wider than any margin).
    return max(best - max(runner_up, decision_floor(limits)), 0.0)


def relisted(reply: Reply, kept: tuple[Match, ...], thresholds: Thresholds) -> Reply:
    """``reply``, a "您是不是想问…" list, offering ``kept`` (one or more of its suggestions, in order) instead: its
    best match ``kept``'s first, with the lead ``decide`` gives it over the next that ``kept`` offers (over the
    decision's floor when it offers one alone), and the confidence of that lead (None when ``reply``'s is)."""
    lead = _lead(kept[0].score, kept[1].score if len(kept) > 1 else 0.0, thresholds)
    return replace(reply, match=kept[0], suggestions=kept, lead=lead,
                   confidence=None if reply.confidence is None else confidence(kept[0].score, lead))


def _rival_meant(best: Match, ranked: Sequence[Match], limits: Thresholds,
                 contrasted: Callable[[Entry, Entry], bool] | None) -> bool:
    # In a bare list, siblings differ in one word (分期还款协议 / 延期还款协议): a question holding a close rival's
    # word where the best's own stands is offered both rather than the best's answer. Only the decision, not
    # the order: in a list of many near-duplicates, a shared character is as often a synonym (借钱/借款).
    return (contrasted is not None and _bare(best)
            and any(_bare(m) and m.score >= limits.bare_suggest and contrasted(best.entry, m.entry)
                    for m in ranked[1:3]))


def _explained_away(match: Match, ranked: Sequence[Match], limits: Thresholds,
                    outheld: Callable[[Entry, Entry], bool] | None) -> bool:
    # An entry of few alternates whose phrasings hold less of the question than a rival's of few alternates, offered
    # from few_suggest, that hold all it holds and more (explained.outheld: 邮费 of 退回去邮费谁付 against 退货邮费):
    # its high score is that of a short keyword held whole, and the rival accounts for more of the question. Not
    # between two entries of a bare list: its siblings' questions differ in a word (bare_margin tells them apart);
    # nor for a follow-up's reading (the question alone holds little of what it asks: 那签证呢).
    return outheld is not None and _few(match) and not match.parts.context and any(
        m is not match and _few(m) and not (_bare(match) and _bare(m)) and m.score >= limits.few_suggest
        and outheld(match.entry, m.entry) for m in ranked[:4])


def _few(match: Match) -> bool:
    return not match.entry.smalltalk and len(match.entry.alternates) <= FEW_ALTERNATES


def _few_offered(ranked: Sequence[Match], limits: Thresholds) -> tuple[Match, ...]:
    # An entry of few phrasings scores low even when it is what was asked (a question in other words shares less
    # with one or two phrasings than with the ~17 of a bundled entry): a best real entry clearly ahead of the next
    # is offered with it rather than nothing. Small talk is never offered, nor does it count as the best. A bare
    # entry (no alternates) is offered so too when bare_suggest offers nothing: among entries with alternates it has
    # no bare runner-up.
    real = [m for m in ranked[:4] if not m.entry.smalltalk]
    if (len(real) < 2 or len(real[0].entry.alternates) > FEW_ALTERNATES
            or real[0].score < limits.few_suggest or real[0].score - real[1].score < limits.few_lead):
        return ()
    return tuple(real[:2]) + tuple(m for m in real[2:3] if m.score >= limits.few_suggest)


def _few_answered(ranked: Sequence[Match], limits: Thresholds,
                  corroborated: Callable[[Match, Match], bool] | None,
                  confirmed: Callable[[Entry], bool] | None = None,
                  related: Callable[[Entry], bool] | None = None,
                  singled: Callable[[Entry], bool] | None = None) -> Match | None:
    # An entry of few phrasings that is what was asked often scores under every answer cut-off (see
    # _few_offered) yet clear of every other entry: a lead of wide_margin says it was asked when it holds on
    # both kinds of evidence (signals.corroborates), as close_margin's does above the answer cut-off. The lead is
    # over the next real entry (small talk sharing a character, 在 of 在吗, is no rival); not a bare best over a
    # bare runner-up that may be its sibling (_siblings), nor small talk, nor a follow-up's reading.
    real = [m for m in ranked[:4] if not m.entry.smalltalk]
    if corroborated is None or not real or real[0] is not ranked[0]:
        return None
    best = real[0]
    if len(real) == 1:
        # The one real entry sharing anything with the question (停车位够不够: 停车 alone): no rival to lead.
        alone = not best.parts.context and len(best.entry.alternates) <= FEW_ALTERNATES
        return best if alone and limits.few_answer <= best.score < limits.wide_answer else None
    runner_up = real[1]
    # A bare best writing alone the question's rarest content character (``grammar.singled``) over a bare
    # runner-up is told apart from it as by a word only the best's phrasing shares.
    alone_writes = singled is not None and _bare(best) and _bare(runner_up) and singled(best.entry)
    if (best.parts.context or len(best.entry.alternates) > FEW_ALTERNATES
            or (not alone_writes and _siblings(best, runner_up, related, confirmed))
            or not limits.few_answer <= best.score < limits.wide_answer
            or best.score - runner_up.score < limits.wide_margin
            or not (alone_writes or corroborated(best, runner_up)
                    or (confirmed is not None and confirmed(best.entry) and not confirmed(runner_up.entry)))):
        return None
    return best


def _siblings(best: Match, runner_up: Match, related: Callable[[Entry], bool] | None,
              confirmed: Callable[[Entry], bool] | None) -> bool:
    # Two bare questions may be siblings differing in one word (柚借怎么还款 / 柚借如何还款, bare_margin), which a
    # question in other words scores apart by chance. Not when the question shares a content word with the
    # best's one phrasing, or one only the best's answer says (confirm.py: 早上 of 你们早上几点开门, whose answer
    # is 早上八点到…), and none with the runner-up's phrasing (做绝育之前要饿着吗: 绝育 of 绝育前要注意什么, nothing
    # of 看病要预约吗): it is not torn between them, and a lead of wide_margin on both kinds of evidence stands as
    # among entries with alternates. A bare best sharing no content word (可以刷卡吗 and 可以寄养吗 share only
    # 可以…吗) is not so clear.
    if not (_bare(best) and _bare(runner_up)):
        return False
    if related is None:
        return True
    told = related(best.entry) or (confirmed is not None and confirmed(best.entry))
    return not told or related(runner_up.entry)


def _tie_broken(ranked: Sequence[Match], limits: Thresholds, corroborated: Callable[[Match, Match], bool] | None,
                confirmed: Callable[[Entry], bool] | None,
                related: Callable[[Entry], bool] | None = None) -> Match | None:
    # Two entries of few alternates tied at the top (a lead under few_lead) with only one whose answer says a word
    # of the question (confirm.py: 默认 of 你们默认哪个快递, between 快递到哪了 and 发什么快递, whose answer is
    # 默认发中通): that one was asked about, when it stands clear of the rest as _few_answered asks of a best.
    real = [m for m in ranked[:4] if not m.entry.smalltalk]
    if (confirmed is None or len(real) < 3 or real[0] is not ranked[0]
            or real[0].score - real[1].score >= limits.few_lead
            or any(len(m.entry.alternates) > FEW_ALTERNATES for m in real[:2])):
        return None
    first, second = confirmed(real[0].entry), confirmed(real[1].entry)
    if first == second:
        return None
    return _few_answered([real[0] if first else real[1], *real[2:]], limits, corroborated, confirmed, related)


def answer_reply(query: str, match: Match, knowledge: Knowledge, lead: float) -> Reply:
    """Return the reply answering ``query`` with ``match``'s entry, led by ``lead`` points, its confidence read
    from them (``confidence``) and the entry's follow-ups found in ``knowledge``."""
    follow_ups = tuple(entry for entry in (knowledge.get(i) for i in match.entry.follow_ups) if entry is not None)
    return Reply(query, "answer", match.entry.answer, match, follow_ups=follow_ups, lead=lead,
                 confidence=confidence(match.score, lead))


def _bare(match: Match) -> bool:
    return not match.entry.alternates and not match.entry.smalltalk


def decision_floor(thresholds: Thresholds) -> float:
    """The lowest score ``decide`` tells apart from nothing: below the 0.75·suggest that a second suggestion
    needs and the answer − margin (and wide_answer − wide_margin) that a runner-up must reach to hold an answer
    back, once rounded as a Match is."""
    return min(0.75 * thresholds.suggest, thresholds.answer - thresholds.margin,
               thresholds.wide_answer - thresholds.wide_margin) - ROUNDING


def reading_floor(thresholds: Thresholds) -> float:
    """The lowest score ``decide`` reads of any entry: ``decision_floor``, or lower where an entry of a bare list
    or of few alternates is offered or answered from a lower score (``bare_suggest``, ``few_suggest``,
    ``few_answer``), once rounded as a Match is. A reply scores every entry reaching it (``Matcher.score``), so
    that which entries are offered does not depend on the candidate strategy."""
    return min(decision_floor(thresholds), min(thresholds.bare_suggest, thresholds.few_suggest,
                                               thresholds.few_answer) - ROUNDING)
