"""The decision's cut-offs (``Thresholds``): the scores and leads an answer, a "您是不是想问…" list and the
checks that hold an answer back need, on the 0–100 score scale (``decision.decide`` applies them)."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Thresholds:
    """The decision's cut-offs, on the 0–100 score scale. Defaults are tuned on ``tests/eval``.

    * ``answer``: the best match must score at least this to be given as the answer …
    * ``margin``: … and lead the runner-up entry by at least this many points;
    * ``wide_answer``, ``wide_margin``: a best match leading the runner-up by ``wide_margin`` needs only
      ``wide_answer``: one entry standing clear of all others is what was asked, even put in other words
      (not so for small talk, nor for an entry found only by reading a follow-up with the previous question)
      (chosen on the pooled held-out folds of ``tools/crossval.py``: 46 and 8 answered 30 more questions right
      and none wrong, with one out-of-scope question more answered; 45 did as well there but answered an
      out-of-scope question of tests/eval; narrower leads answered wrong ones);
    * ``close_margin``: a best match scoring ``answer`` may lead a real runner-up by only this much when the
      lead holds on both kinds of evidence, its closest phrasing and its phrasings taken together
      (``signals.corroborates``): two sibling entries then differ by more than the score's noise (on the pooled
      held-out folds of ``tools/crossval.py``, 2 answered 4 more questions right, none wrong and no
      out-of-scope question, and questions-b one more right; 1 and 0.1 answered wrong ones; allowed under
      ``answer`` too, it answered more right but out-of-scope questions as well, there and in
      ``tests/eval/fresh.yaml``);
    * ``confident``: a score this high is answered even with a close runner-up, unless the runner-up
      is as high;
    * ``suggest``: below this nothing is relevant (status ``none``); between ``suggest`` and a confident
      answer, the reply asks "您是不是想问…" with the candidates scoring at least ``suggest``;
    * ``few_suggest``, ``few_lead``: an entry of few alternates (at most ``FEW_ALTERNATES``: what a bot author
      adds to a bare list, or a bare question among them) leading the next real entry by ``few_lead`` is offered
      first in a "您是不是想问…" list from ``few_suggest``, with the next one (and the third, if it reaches
      ``few_suggest``), also from ``suggest`` up where one fair candidate alone would get the fallback: its right
      matches score lower than an entry of ~15 alternates' (chosen on the DEV bases of ``tests/eval/small-bases``: 33
      and 8 offered the right entry to 15 of 84 questions that got nothing, 3 of 20 out-of-scope ones a list,
      no list without the right entry; 28-30 offered it to as many and lists to 5-7 out-of-scope ones; answering
      such an entry from 40 with a lead of 8 answered 6 more right and 2 wrong; counting its answer's words as a
      bare entry's answered 4 more right, but also 怎么申请还款, equally close to two entries, with the one whose
      answer repeats its words: neither kept; offering a bare entry among entries with alternates too, and one
      from ``suggest`` to the fair score, offered the right entry to 3 more questions of
      tests/eval/small-bases/hotel.yaml and to 45 of ``benchmarks/plainfaq.py``, for 6 more out-of-scope
      questions given a list of 95); ``few_lead`` is smaller than ``wide_margin`` because an entry that far ahead
      is answered (``few_answer``): the list is for one only a little ahead;
    * ``few_answer``: an entry of few alternates (``FEW_ALTERNATES``) is answered from this score (up to
      ``wide_answer``, where the wide rule takes over) when it leads the next real entry by ``wide_margin`` on
      both kinds of evidence (``corroborated``, as a ``close_margin`` lead above ``answer``), or the question
      holds a word only its answer says (``confirmed``: 春节 of 春节休息吗 for 节假日营业吗, whose answer names
      春节: on the DEV bases 2 more right, no list or fallback turned into a wrong answer; an entry's phrasing
      closest to the question is often no closer than another's, one short phrasing to another), and the question
      names nothing the base never mentions, of any weight (``foreign`` 0, not under ``salience``): in a small
      base its right matches score low, but the entry stands clear of every other, and a weak match naming a
      thing the base never mentions (电梯 of 酒店有电梯吗, 乐园 of 有没有儿童乐园) is about that thing. It equals
      ``few_suggest``: an entry offered in a list is answered when it stands that clear. A bare entry over a bare
      runner-up only when the question shares a content word with its phrasing (or one only its answer says) and
      none with the runner-up's (``decision``'s siblings). (The bundled base, whose entries have ~17 alternates,
      is untouched.)
    * ``bare_suggest``: an entry without alternates (a bare list's, what a bot author starts with) is offered
      in a "您是不是想问…" list from this score, with the next one or two that reach it: a bare question is
      asked in other words more often than not, and the right entry is among the best three (on
      ``benchmarks/plainfaq.py``, 30 offered the right entry to 12% of the questions, against 5% at
      ``suggest``, and a list to 22% of the out-of-scope questions, answered none more; 27 then offered it to
      19.5%, for a list to 37% of them, and on the dev half of ``benchmarks/data/wallet-queries.yaml`` to 40.6%
      of the questions against 36.8%, for 2 out-of-scope lists more of 34; 25 and 22 gave an out-of-scope
      question a list for every 1 to 3 right entries offered more); it does not lower ``decision_floor`` (the
      lead over a runner-up under it is the same), but a reply scores every entry reaching it
      (``reading_floor``);
    * ``bare_margin``: the lead the best match needs when it and the runner-up are both entries of a bare list
      (no alternates): a long bare list holds sibling questions that differ in one word or in how they are put
      (柚借怎么还款 / 柚借如何还款 / 柚借在哪里还款), which a question in other words scores close together; a
      "您是不是想问…" list is then the better reply (chosen on the dev half of
      ``benchmarks/data/wallet-queries.yaml``: 8 turned 18 of 34 wrong answers into lists for 7 of 87 right ones;
      on the bundled base reduced to bare questions, 8 of 41 wrong answers for 10 of 599 right ones; 6 did less
      there, 10 the same as 8, for ``wide_margin`` then answers);
    * ``salience``: an answer is held back when the question names a thing the base never mentions, weighing
      this much (a surprisal in the general corpus, see ``salience``; about 10 for a company's name, 18 for
      a word never seen; 100 turns the check off). ``tools/crossval.py --fit`` chooses 9 in every fold (its
      objective counts an out-of-scope question held back like a right answer); 10 keeps the loss of right
      answers on the held-out folds within half a point (87.5% → 87.1%, out of scope held back 80.6% → 86.1%).

    >>> from assistant import Matcher
    >>> strict = Matcher(thresholds=Thresholds(answer=100, wide_answer=100))   # only questions asked word for word
    >>> strict.reply("微粒贷客服电话是多少号").status
    'clarify'
    """

    answer: float = 53.0
    margin: float = 4.0
    confident: float = 90.0
    suggest: float = 45.0
    few_suggest: float = 33.0
    few_lead: float = 4.0
    salience: float = 10.0
    wide_answer: float = 46.0
    wide_margin: float = 8.0
    bare_suggest: float = 27.0
    close_margin: float = 2.0
    bare_margin: float = 8.0
    few_answer: float = 33.0

    def __post_init__(self) -> None:
        for field in fields(self):  # every one a score or a lead on the 0-100 scale
            name, value = field.name, getattr(self, field.name)
            if not isinstance(value, (int, float)) or math.isnan(value) or not 0 <= value <= 100:
                raise ValueError(f"threshold {name} must be a number from 0 to 100, not {value!r}")
