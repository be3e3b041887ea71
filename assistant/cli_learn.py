"""``assistant learn``: add a question to an entry, or go through the misses log with the maintainer."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from .cli_commands import fail
from .errors import one_line

if TYPE_CHECKING:
    from .learn import Learned
    from .miss_review import Decision, Outcome, Review


def learn(args: argparse.Namespace) -> int:
    """``assistant learn``: add QUESTION to entry --entry of --kb, or review the misses log interactively."""
    from .learn import add_alternate
    from .miss_review import review_misses

    kb = getattr(args, "kb", None)
    if args.question is not None:
        if not args.entry:
            return fail("give the entry the question belongs to: assistant learn QUESTION --entry ID")
        learned = add_alternate(args.question, args.entry, kb)
        print(_added(learned))
        for warning in learned.warnings:
            print(warning)
        return 0
    if args.entry:
        return fail("give the QUESTION to add to that entry, or leave out --entry to review the misses log")
    if kb is not None and not os.path.exists(kb):  # said before the log is read: not "no unanswered questions"
        return fail(one_line(f"{kb}: no such file or folder: check the path"))
    from .misses import base_label, read_misses

    misses = read_misses(base=base_label(kb))
    if not misses:
        from .misses import misses_path

        print(f"no unanswered questions logged (log: {misses_path()})")
        return 0
    changes = 0

    def report(outcome: Outcome) -> None:
        nonlocal changes
        changes += outcome.learned is not None
        _report_outcome(outcome)

    try:
        review_misses(misses, _MissPrompt(), kb, report=report)
    except KeyboardInterrupt:  # each change is written when it is chosen: say how many are kept
        print(f"\nstopped: {_changes(changes)} (saved)" if changes else "\nstopped: nothing changed")
        return 130
    print(_changes(changes))
    return 0


def _changes(count: int) -> str:
    return f"{count} change{'s' if count != 1 else ''} made"


class _MissPrompt:
    """Asks the maintainer what to do with one miss: with prompt_toolkit on a terminal, else line by line
    from standard input (end of input stops the review)."""

    def __call__(self, review: Review) -> Decision:
        from .errors import did_you_mean
        from .miss_review import Decision

        print(f"\n{review.count}× {one_line(review.query)}")
        column = max([26, *(len(match.id) for match in review.candidates)])  # a bare list's ids run longer
        for number, match in enumerate(review.candidates, 1):
            print(f"  {number}. {match.id:<{column}} {match.score:5.1f}  {one_line(match.question)}")
        count = len(review.candidates)
        numbers = ("1" if count == 1 else f"1-{count}") + " or an entry's id" if count else "an entry's id"
        while True:
            answer = self._ask(f"{numbers}: add it there, s/Enter skip, o out of scope, q quit: ")
            if answer is None or answer in ("q", "quit"):
                return Decision("stop")
            if answer in ("", "s", "skip"):
                return Decision("skip")
            if answer in ("o", "out"):
                return Decision("out_of_scope")
            if answer.isdigit() and 1 <= int(answer) <= len(review.candidates):
                return Decision("learn", review.candidates[int(answer) - 1].id)
            if answer in review.entries:  # the right entry need not be among those listed
                return Decision("learn", answer)
            hint = did_you_mean(answer, review.entries)
            print(f"  {answer!r} is no entry's id{hint}" if hint else
                  f"  {answer!r} is none of these: type {numbers.replace(' or ', ', ')}, s, o or q", file=sys.stderr)

    @staticmethod
    def _ask(message: str) -> str | None:
        if sys.stdin is not None and sys.stdin.isatty():
            from prompt_toolkit import PromptSession

            from .chat.fit import fit_entered_line

            try:
                return fit_entered_line(PromptSession(message)).prompt().strip().lower()
            except EOFError:
                return None
        print(message, end="", flush=True)
        line = sys.stdin.readline() if sys.stdin is not None else ""  # closed (``<&-``): the end of the input
        if not line:
            print()
            return None
        print(line.strip())
        return line.strip().lower()


def _report_outcome(outcome: Outcome) -> None:

    if outcome.answered_by is not None:
        print(f"\n{one_line(outcome.review.query)}: answered by {outcome.answered_by} now, passed over")
    elif outcome.listed:
        print(f"\n{one_line(outcome.review.query)}: listed as out of scope already, passed over")
    elif outcome.phrasing_of is not None:
        print(f"\n{one_line(outcome.review.query)}: a phrasing of {outcome.phrasing_of} already, but the matcher "
              "holds its answer back (see 'assistant ask --json': held_back); passed over")
    elif outcome.empty:
        print(f"\n{one_line(outcome.review.query)}: nothing to match (only punctuation or emoji), passed over")
    elif outcome.error is not None:
        print(f"assistant: error: {outcome.error}", file=sys.stderr)
    elif outcome.decision is not None and outcome.decision.action == "skip":
        print("  skipped: nothing changed, asked again at the next review")
    elif outcome.learned is not None:
        learned = outcome.learned
        print(_added(learned))
        for warning in learned.warnings:
            print(warning)


def _added(learned: Learned) -> str:
    """The line saying what was added where, naming the entry's question: a wrong id shows at once."""

    where = f"[{learned.entry_id}]" if learned.entry_id else "out_of_scope"
    to = f" to {learned.question!r}" if learned.question else ""
    return one_line(f"{learned.file}:{learned.line}: {where} added {learned.text!r}{to}")
