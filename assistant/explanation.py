"""How a question was matched, in words: what the chat's ``/why`` and ``assistant why`` say.

``explanation`` returns paragraphs the chat styles and wraps to its window and ``explanation_text`` joins as
plain text; ``outcome`` is the last line alone, naming the rule that decided the reply (an answer, a list,
the fallback), read from the reply's status, what it held back and the thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

from .matcher import Matcher, Thresholds
from .matching.decision import FEW_ALTERNATES
from .matching.more import asks_for_more
from .messages import messages_for
from .models import Entry
from .normalize import clean
from .replies import Match, Reply
from .safety import single_line

__all__ = ["Paragraph", "explain_question", "explanation", "explanation_text", "outcome"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an explanation: its text in parts, each with a style (``""`` plain, ``"dim"`` a detail,
    ``"score"`` the score itself), or a numbered list of ``items`` (the candidates offered)."""

    parts: tuple[tuple[str, str], ...] = ()
    items: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The paragraph as plain text, a list numbered from 1 and indented by two spaces."""
        if self.items:
            digits = len(str(len(self.items)))
            return "\n".join(f"  {number:>{digits}}. {item}" for number, item in enumerate(self.items, 1))
        return "".join(text for _, text in self.parts)


def _plain(text: str, style: str = "") -> Paragraph:
    return Paragraph(((style, text),))


def explanation(asked: Reply, picked: Entry | None, thresholds: Thresholds, language: str | None = "zh", *,
                read_with: bool = False, picked_elsewhere: bool = False, after: Entry | None = None,
                alone: Reply | None = None) -> tuple[Paragraph, ...]:
    """Return how ``asked`` was matched, in ``language`` (the knowledge base's): the question, the question or
    alternate it matched, the score and its parts, the thresholds, the outcome, and ``picked`` (an entry then
    picked from its list, or with ``picked_elsewhere`` from a list it did not show) when not None.
    ``read_with``: the question was read with the previous one. ``after``: the entry answered before it (the
    context it was asked in), and ``alone``: the reply it gets asked on its own; when that is another reply, what
    it would be is said (the previous question changed it, whether or not the reply is marked as read with it)."""
    says = messages_for(language).explain
    paragraphs = [_plain(says.asked.format(query=single_line(asked.query)))]
    if asked.read_as is not None:
        paragraphs.append(_plain(says.read_as.format(question=single_line(asked.read_as))))
    changed = after is not None and alone is not None and _decided(alone) != _decided(asked)
    if asked.match is None:
        paragraphs.append(_plain(says.only_more if asks_for_more(clean(asked.query)) else says.nothing_in_common))
    else:  # (read with the previous question: also when that changed the reply without marking it, the fallback)
        paragraphs += _matched(asked, asked.match, thresholds, language, read_with or changed)
    if changed and alone is not None and after is not None:
        paragraphs.append(_plain(says.alone.format(previous=single_line(after.question),
                                                   outcome=_alone_outcome(alone, language))))
    if picked is not None:
        said = says.picked_elsewhere if picked_elsewhere else says.picked
        paragraphs.append(_plain(said.format(question=single_line(picked.question), id=picked.id)))
    return tuple(paragraphs)


def _decided(reply: Reply) -> tuple[str, str | None, tuple[str, ...]]:
    return reply.status, reply.id if reply.status == "answer" else None, tuple(m.id for m in reply.suggestions)


def _alone_outcome(alone: Reply, language: str | None) -> str:
    says = messages_for(language).explain
    if alone.status == "answer" and alone.match is not None:
        return says.alone_answer.format(question=single_line(alone.match.question), score=alone.match.score)
    if alone.status == "clarify":
        return says.alone_list.format(count=len(alone.suggestions))
    return says.alone_none


def explanation_text(asked: Reply, picked: Entry | None, thresholds: Thresholds, language: str | None = "zh", *,
                     read_with: bool = False, after: Entry | None = None, alone: Reply | None = None) -> str:
    """Return ``explanation`` as plain text, a paragraph a line (a list a line per item)."""
    return "\n".join(p.text for p in explanation(asked, picked, thresholds, language, read_with=read_with,
                                                  after=after, alone=alone))


def explain_question(matcher: Matcher, question: str, previous: str | None = None) -> str:
    """Return, as plain text, how ``matcher`` matches ``question`` asked after the answer of entry ``previous``
    (None: asked first), as the chat's ``/why`` says it right after the question (read the way the chat reads
    it, the previous question included). Raises ``KeyError`` when ``previous`` is no entry's id."""
    from .conversation import Conversation

    if previous is not None and matcher.knowledge.get(previous) is None:
        raise KeyError(previous)
    conversation = Conversation(matcher)
    conversation.previous = previous
    asked = conversation.ask(question)
    return explanation_text(asked, None, matcher.thresholds, matcher.knowledge.language,
                            read_with=conversation.last_read_with is not None,
                            after=None if previous is None else matcher.knowledge.get(previous),
                            alone=conversation.last_alone)


def outcome(asked: Reply, thresholds: Thresholds, language: str | None = "zh") -> str:
    """Return the line saying what was done with ``asked`` and by which rule: answered, a list (and why it was
    not answered when a topic check held it back), or the fallback: held back as out of scope or naming a
    thing the base never mentions, a score under ``suggest`` (unrelated), or a single candidate reaching
    ``suggest`` (too weak to ask about alone, or with no runner-up close enough to offer beside it)."""
    says = messages_for(language).explain
    if asked.status == "answer":
        return says.answered
    if asked.status == "clarify":
        reason = says.topic_reason if asked.held_back == "topic" else ""
        return says.clarified.format(reason=reason, count=len(asked.suggestions))
    if asked.held_back == "declared":
        return says.declared
    if asked.held_back == "foreign":
        return says.foreign
    if asked.held_back == "topic":
        return says.lone_topic.format(reason=says.topic_reason)
    if asked.match is None or asked.score < thresholds.suggest:
        return says.too_low.format(suggest=thresholds.suggest)
    # decision.decide: a single candidate from suggest is offered only from halfway to answer, and then
    # beside a runner-up from three quarters of suggest.
    fair = (thresholds.suggest + thresholds.answer) / 2
    if asked.score < fair:
        return says.lone_weak.format(suggest=thresholds.suggest, fair=fair, answer=thresholds.answer)
    return says.lone_fair.format(answer=thresholds.answer, second=thresholds.suggest * 0.75)


def _matched(asked: Reply, match: Match, thresholds: Thresholds, language: str | None,
             read_with: bool) -> list[Paragraph]:
    """What is said of a question that matched: the phrasing, the score and its parts, and the outcome."""
    says = messages_for(language).explain
    kind = says.phrasing_kinds[0 if match.matched == match.entry.question else 1]
    parts = match.parts
    paragraphs = [
        _plain(says.closest.format(question=single_line(match.question), id=match.id)),
        _plain(says.matched.format(phrasing=single_line(match.matched), kind=kind)),
        Paragraph((("", says.score), ("score", f"{match.score:.1f}"), ("", " / 100"))),
        _plain("  " + says.parts.format(characters=parts.characters, pinyin=parts.pinyin, terms=parts.terms,
                                        coverage=parts.coverage, answer=parts.answer), "dim"),
        _plain("  " + says.read_with.format(context=says.yes_no[0 if parts.context or read_with else 1]), "dim"),
        _plain(says.legend.format(
            answer=thresholds.answer, margin=thresholds.margin, wide_answer=thresholds.wide_answer,
            wide_margin=thresholds.wide_margin, confident=thresholds.confident, suggest=thresholds.suggest,
            few=FEW_ALTERNATES, few_answer=thresholds.few_answer), "dim"),
    ]
    if asked.confidence is not None:
        paragraphs.append(_plain(says.confidence.format(lead=asked.lead, confidence=asked.confidence)))
    paragraphs.append(_plain(outcome(asked, thresholds, language)))
    if asked.status == "clarify":
        paragraphs.append(Paragraph(items=tuple(
            says.suggestion.format(question=single_line(m.question), score=m.score) for m in asked.suggestions)))
    return paragraphs
