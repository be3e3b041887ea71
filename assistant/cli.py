"""The ``assistant`` command: chat (the default), ask, check, eval, misses and learn.

Errors the user can act on are printed as one line on stderr with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .errors import AssistantError
from .knowledge import inspect_knowledge
from .matcher import Matcher, Thresholds
from .models import Reply
from .normalize import MAX_QUERY_CHARS

if TYPE_CHECKING:
    from .learn import Decision, Outcome, Review

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like every other error of the command."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 0 to 100") from None
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 0 to 100")
    return number


def _add_common_options(parser: argparse.ArgumentParser, *, command: bool) -> None:
    """Add --kb and --threshold to the main parser or (``command=True``) to a command.

    A command's copies default to "not given" (``SUPPRESS``), so that they do not overwrite what was
    given before the command name: ``assistant --kb my.yaml ask …`` uses my.yaml.
    """
    unset: dict[str, Any] = {"default": argparse.SUPPRESS} if command else {}
    parser.add_argument("--kb", metavar="PATH", help="knowledge base: a YAML file or a folder of them "
                        "(default: the bundled one)", **unset)
    parser.add_argument("--threshold", type=_threshold, metavar="SCORE",
                        help=f"minimum score (0-100) to answer (default {Thresholds().answer:g})", **unset)


def _add_chat_options(parser: argparse.ArgumentParser, *, command: bool) -> None:
    """Add --no-color and --no-log, as ``_add_common_options`` adds its options."""
    unset: dict[str, Any] = {"default": argparse.SUPPRESS} if command else {}
    parser.add_argument("--no-color", action="store_true", help="no colours (also when NO_COLOR is set)", **unset)
    parser.add_argument("--no-log", action="store_true",
                        help="do not log unanswered questions to the local misses log", **unset)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="assistant", description="An offline FAQ assistant for an overdue 微粒贷 repayment. "
                                                   "With no command, starts the chat.")
    _add_common_options(parser, command=False)
    _add_chat_options(parser, command=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chat = commands.add_parser("chat", help="start the terminal chat (the default)",
                               description="Start the terminal chat. When standard input is not a terminal, read "
                                           "questions line by line and print plain answers.")
    _add_common_options(chat, command=True)
    _add_chat_options(chat, command=True)
    ask = commands.add_parser("ask", help="answer one question and exit",
                              description="Answer one question. With '-', read one question per line "
                                          "from standard input.")
    _add_common_options(ask, command=True)
    ask.add_argument("question", help="the question, or '-' to read questions from standard input")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    check = commands.add_parser("check", help="validate a knowledge base and find confusable entries",
                                description="Validate a knowledge base: exit 0 with a summary when sound, "
                                            "otherwise print every problem and exit 2.")
    check.add_argument("path", nargs="?", help="a YAML file or folder (default: the bundled knowledge base)")
    check.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    evaluate = commands.add_parser("eval", help="measure accuracy on a labelled question set",
                                   description="Measure accuracy on labelled questions, next to two "
                                               "baselines.")
    _add_common_options(evaluate, command=True)
    evaluate.add_argument("file", nargs="?", default=os.path.join("tests", "eval", "questions.yaml"),
                          help="the evaluation file (default: tests/eval/questions.yaml)")
    commands.add_parser("misses", help="list the questions the chat could not answer, most asked first",
                        description="List the logged questions the chat could not answer, most asked first.")
    learn = commands.add_parser("learn", help="add a question as an alternate of an entry, or review the misses",
                                description="Add QUESTION as an alternate of entry ID in the YAML file that "
                                            "defines it, changing nothing else in the file; refused (exit 2, "
                                            "the file unchanged) when the result would not pass 'assistant "
                                            "check'. With no QUESTION, go through the misses log: for each "
                                            "question, pick the entry it belongs to, skip it, or mark it out "
                                            "of scope.")
    learn.add_argument("--kb", metavar="PATH", default=argparse.SUPPRESS,
                       help="knowledge base to edit: a YAML file or a folder of them (default: the bundled one)")
    learn.add_argument("question", nargs="?", help="the question to add (default: review the misses log)")
    learn.add_argument("--entry", metavar="ID", help="the id of the entry that answers QUESTION")
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def _fail(message: str) -> int:
    print(f"assistant: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _matcher(args: argparse.Namespace) -> Matcher:
    thresholds = Thresholds()
    if getattr(args, "threshold", None) is not None:
        suggest = min(thresholds.suggest, args.threshold)
        thresholds = Thresholds(answer=args.threshold, margin=thresholds.margin,
                                confident=max(thresholds.confident, args.threshold), suggest=suggest)
    from .cache import load_matcher  # the built matcher, read back from the cache after the first load

    return load_matcher(args.kb, thresholds=thresholds)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 on success, 2 on a usage or input error)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "ask":
            return _ask(args)
        if args.command == "check":
            return _check(args.path, strict=args.strict)
        if args.command == "eval":
            return _eval(args)
        if args.command == "misses":
            return _misses()
        if args.command == "learn":
            return _learn(args)
        return _chat(args)
    except AssistantError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``assistant ask - | head``): nothing more to say to it.
        sys.stderr.close()
        return 0


# -- ask ---------------------------------------------------------------------------------------------------


def format_reply(reply: Reply) -> str:
    """Return a reply as plain text: the answer with its source and related questions, the numbered
    suggestions, or the fallback."""
    if reply.status == "answer" and reply.match is not None:
        lines = [reply.answer or ""]
        if reply.match.entry.source:
            lines.append(f"（来源：{reply.match.entry.source}）")
        if reply.follow_ups:
            lines.append("相关问题：")
            lines += [f"  {i}. {entry.question}" for i, entry in enumerate(reply.follow_ups, 1)]
        return "\n".join(lines)
    return reply.text


def _ask(args: argparse.Namespace) -> int:
    matcher = _matcher(args)
    if args.json and isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # JSON is UTF-8 whatever the locale says
    if args.question != "-":
        reply = matcher.reply(args.question)
        _write_reply(reply, args.json, sys.stdout)
        return 0
    for number, raw in enumerate(sys.stdin.buffer, 1):
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as error:
            problem = {"error": f"line {number} is not valid UTF-8 (byte 0x{raw[error.start]:02x}); skipped",
                       "line": number}
            if args.json:
                import json

                print(json.dumps(problem, ensure_ascii=False), flush=True)
            else:
                print(f"assistant: error: {problem['error']}", file=sys.stderr, flush=True)
            continue
        _write_reply(matcher.reply(line[: MAX_QUERY_CHARS * 4]), args.json, sys.stdout)
    return 0


# Characters JSON may carry raw but a terminal would act on (DEL, C1 controls such as the one-byte CSI,
# line separators, bidirectional overrides): written as \u escapes, the JSON stays valid and inert. (A pattern
# compiled on first use, as plain-text replies do without it.)
_UNSAFE_IN_JSON = "[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def _write_reply(reply: Reply, as_json: bool, out: TextIO) -> None:
    if as_json:
        import json  # here: plain-text replies, the usual case, do without it

        text = json.dumps(reply.to_dict(), ensure_ascii=False)
        out.write(re.sub(_UNSAFE_IN_JSON, lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n")
    else:
        out.write(format_reply(reply) + "\n")
        if not out.isatty():
            out.write("\n")
    out.flush()


# -- check -------------------------------------------------------------------------------------------------


def _check(path: str | None, *, strict: bool = False) -> int:
    knowledge, problems = inspect_knowledge(path)
    errors = [p for p in problems if not p.warning]
    for problem in problems:
        print(problem, file=sys.stderr if not problem.warning else sys.stdout)
    if knowledge is None or errors:
        if len(errors) > 1:  # one problem is its own summary: the refusal stays one line
            print(f"assistant: {len(errors)} problems found", file=sys.stderr)
        return EXIT_USAGE
    warnings = len(problems)
    for entry, alternate, match in Matcher(knowledge).confusables():
        warnings += 1
        print(f"{entry.file}:{entry.line}: [{entry.id}] warning: alternate {alternate!r} is answered by "
              f"{match.id!r} (score {match.score:.0f}, via {match.matched!r}) once left out: "
              "reword one of the two entries")
    alternates = sum(len(entry.alternates) for entry in knowledge.entries)
    print(f"ok: {knowledge.title}: {len(knowledge.questions)} entries, "
          f"{len(knowledge.entries) - len(knowledge.questions)} small talk, {alternates} alternates, "
          f"{len(knowledge.sources)} sources, {warnings} warning{'s' if warnings != 1 else ''}")
    return 1 if strict and warnings else 0


# -- eval --------------------------------------------------------------------------------------------------


def _eval(args: argparse.Namespace) -> int:
    from .evaluation import evaluate, load_questions, render_report

    questions = load_questions(args.file)
    report = evaluate(_matcher(args), questions)
    print(render_report(report))
    return 0


# -- misses ------------------------------------------------------------------------------------------------


def _misses() -> int:
    from .misses import misses_path, read_misses

    misses = read_misses()
    if not misses:
        print(f"no unanswered questions logged (log: {misses_path()})")
        return 0
    print(f"{'times':>5}  {'status':<8} {'closest entry':<26} question")
    for miss in misses:
        print(f"{miss.count:>5}  {miss.status:<8} {miss.best or '-':<26} {miss.query}")
    return 0


# -- learn -------------------------------------------------------------------------------------------------


def _learn(args: argparse.Namespace) -> int:
    from .errors import one_line
    from .learn import add_alternate, review_misses

    kb = getattr(args, "kb", None)
    if args.question is not None:
        if not args.entry:
            return _fail("give the entry the question belongs to: assistant learn QUESTION --entry ID")
        learned = add_alternate(args.question, args.entry, kb)
        print(one_line(f"{learned.file}:{learned.line}: [{learned.entry_id}] added {learned.text!r}"))
        for warning in learned.warnings:
            print(warning)
        return 0
    if args.entry:
        return _fail("give the QUESTION to add to that entry, or leave out --entry to review the misses log")
    from .misses import read_misses

    misses = read_misses()
    if not misses:
        from .misses import misses_path

        print(f"no unanswered questions logged (log: {misses_path()})")
        return 0
    outcomes = review_misses(misses, _MissPrompt(), kb, report=_report_outcome)
    changes = sum(1 for outcome in outcomes if outcome.learned is not None)
    print(f"{changes} change{'s' if changes != 1 else ''} made")
    return 0


class _MissPrompt:
    """Asks the maintainer what to do with one miss: with prompt_toolkit on a terminal, else line by line
    from standard input (end of input stops the review)."""

    def __call__(self, review: Review) -> Decision:
        from .errors import one_line
        from .learn import Decision

        print(f"\n{review.count}× {one_line(review.query)}")
        for number, match in enumerate(review.candidates, 1):
            print(f"  {number}. {match.id:<26} {match.score:5.1f}  {one_line(match.question)}")
        while True:
            answer = self._ask(f"1-{len(review.candidates)} add to that entry, s skip, o out of scope, q quit: "
                               if review.candidates else "s skip, o out of scope, q quit: ")
            if answer is None or answer in ("q", "quit"):
                return Decision("stop")
            if answer in ("", "s", "skip"):
                return Decision("skip")
            if answer in ("o", "out"):
                return Decision("out_of_scope")
            if answer.isdigit() and 1 <= int(answer) <= len(review.candidates):
                return Decision("learn", review.candidates[int(answer) - 1].id)
            print("  ?", file=sys.stderr)

    @staticmethod
    def _ask(message: str) -> str | None:
        if sys.stdin.isatty():
            from prompt_toolkit import prompt

            try:
                return prompt(message).strip().lower()
            except EOFError:
                return None
        print(message, end="", flush=True)
        line = sys.stdin.readline()
        if not line:
            print()
            return None
        print(line.strip())
        return line.strip().lower()


def _report_outcome(outcome: Outcome) -> None:
    from .errors import one_line

    if outcome.answered_by is not None:
        print(f"\n{one_line(outcome.review.query)}: answered by {outcome.answered_by} now, passed over")
    elif outcome.listed:
        print(f"\n{one_line(outcome.review.query)}: listed as out of scope already, passed over")
    elif outcome.error is not None:
        print(f"assistant: error: {outcome.error}", file=sys.stderr)
    elif outcome.learned is not None:
        learned = outcome.learned
        where = f"[{learned.entry_id}]" if learned.entry_id else "out_of_scope"
        print(one_line(f"{learned.file}:{learned.line}: {where} added {learned.text!r}"))
        for warning in learned.warnings:
            print(warning)


# -- chat --------------------------------------------------------------------------------------------------


def _chat(args: argparse.Namespace) -> int:
    matcher = _matcher(args)
    log_misses = not args.no_log
    if not sys.stdin.isatty():
        return _plain_chat(matcher, log_misses)
    from .chat import run_chat

    color = not args.no_color and not os.environ.get("NO_COLOR")
    return run_chat(matcher, kb_path=args.kb, color=color, log_misses=log_misses)


def _plain_chat(matcher: Matcher, log_misses: bool) -> int:
    """Answer questions read line by line from a pipe, in plain text with no prompt or escape codes."""
    from .misses import record_miss

    warned = False
    previous: str | None = None
    for number, raw in enumerate(sys.stdin.buffer, 1):
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError as error:
            print(f"assistant: error: line {number} is not valid UTF-8 (byte 0x{raw[error.start]:02x}); skipped",
                  file=sys.stderr, flush=True)
            continue
        if not line:
            continue
        reply = matcher.reply(line[: MAX_QUERY_CHARS * 4], previous=previous)
        previous = reply.entry.id if reply.status == "answer" and reply.entry else None
        print(format_reply(reply) + "\n", flush=True)
        if log_misses:
            try:
                record_miss(reply)
            except OSError as error:
                if not warned:
                    print(f"assistant: warning: cannot write the misses log: {error.strerror or error}",
                          file=sys.stderr)
                    warned = True
    return 0
