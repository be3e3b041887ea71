"""The decision's cut-offs (``Thresholds``): the scores and leads an answer, a "您是不是想问…" list and the
checks that hold an answer back need, on the 0–100 score scale (``decision.decide`` applies them)."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Thresholds:
    """The decision's cut-offs, on the 0–100 score scale. Defaults are tuned on the dev sets of ``tests/eval``.

    * ``answer``: the best match must score at least this to be given as the answer …
    * ``margin``: … and lead the runner-up entry by at least this many points;
    * ``wide_answer``, ``wide_margin``: a best match leading the runner-up by ``wide_margin`` needs only
      ``wide_answer``: one entry standing clear of all others is what was asked, even put in other words
      (not so for small talk, nor for an entry found only by reading a follow-up with the previous question);
      a narrower lead answers wrongly;
    * ``close_margin``: a best match scoring ``answer`` may lead a real runner-up by only this much when the
      lead holds on both kinds of evidence, its closest phrasing and its phrasings taken together
      (``signals.corroborates``): two sibling entries then differ by more than the score's noise (not under
      ``answer``, where it answers out-of-scope questions too);
    * ``confident``: a score this high is answered even with a close runner-up, unless the runner-up
      is as high;
    * ``suggest``: below this nothing is relevant (status ``none``); between ``suggest`` and a confident
      answer, the reply asks "您是不是想问…" with the candidates scoring at least ``suggest``;
    * ``few_suggest``, ``few_lead``: an entry of few alternates (at most ``FEW_ALTERNATES``: what a bot author
      adds to a bare list, or a bare question among them) leading the next real entry by ``few_lead`` is offered
      first in a "您是不是想问…" list from ``few_suggest``, with the next one (and the third, if it reaches
      ``few_suggest``), also from ``suggest`` up where one fair candidate alone would get the fallback: its right
      matches score lower than an entry of ~15 alternates' (lower, the lists go to out-of-scope questions as
      often as to the right entry); ``few_lead`` is smaller than ``wide_margin`` because an entry that far ahead
      is answered (``few_answer``): the list is for one only a little ahead;
    * ``few_answer``: an entry of few alternates (``FEW_ALTERNATES``) is answered from this score (up to
      ``wide_answer``, where the wide rule takes over) when it leads the next real entry by ``wide_margin`` on
      both kinds of evidence (``corroborated``, as a ``close_margin`` lead above ``answer``), or the question
      holds a word only its answer says (``confirmed``: 春节 of 春节休息吗 for 节假日营业吗, whose answer names
      春节; an entry's phrasing closest to the question is often no closer than another's, one short phrasing to
      another), and the question names nothing the base never mentions, of any weight (``foreign`` 0, not under
      ``salience``): in a small base its right matches score low, but the entry stands clear of every other, and
      a weak match naming a thing the base never mentions (电梯 of 酒店有电梯吗, 乐园 of 有没有儿童乐园) is about
      that thing. It equals ``few_suggest``: an entry offered in a list is answered when it stands that clear. A
      bare entry over a bare runner-up only when the question shares a content word with its phrasing (or one
      only its answer says) and none with the runner-up's (``decision``'s siblings). (The bundled base, whose
      entries have ~17 alternates, is untouched.)
    * ``bare_suggest``: an entry without alternates (a bare list's, what a bot author starts with) is offered
      in a "您是不是想问…" list from this score, with the next one or two that reach it: a bare question is
      asked in other words more often than not, and the right entry is among the best three (lower, the lists
      go to out-of-scope questions as often as to the right entry); it does not lower ``decision_floor`` (the
      lead over a runner-up under it is the same), but a reply scores every entry reaching it
      (``reading_floor``);
    * ``bare_margin``: the lead the best match needs when it and the runner-up are both entries of a bare list
      (no alternates): a long bare list holds sibling questions that differ in one word or in how they are put
      (柚借怎么还款 / 柚借如何还款 / 柚借在哪里还款), which a question in other words scores close together; a
      "您是不是想问…" list is then the better reply;
    * ``salience``: an answer is held back when the question names a thing the base never mentions, weighing
      this much (a surprisal in the general corpus, see ``salience``; about 10 for a company's name, 18 for
      a word never seen; 100 turns the check off). ``tools/crossval.py --fit`` chooses a little less (its
      objective counts an out-of-scope question held back like a right answer); 10 holds back fewer of the
      questions the base answers.

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
