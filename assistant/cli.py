"""The ``assistant`` command: chat (the default), ask, check, eval and misses.

Errors the user can act on are printed as one line on stderr with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from .errors import AssistantError
from .knowledge import inspect_knowledge
from .matcher import Matcher, Thresholds
from .models import Reply
from .normalize import MAX_QUERY_CHARS

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
    evaluate = commands.add_parser("eval", help="measure accuracy on a labelled question set",
                                   description="Measure accuracy on labelled questions, next to two "
                                               "baselines.")
    _add_common_options(evaluate, command=True)
    evaluate.add_argument("file", nargs="?", default=os.path.join("tests", "eval", "questions.yaml"),
                          help="the evaluation file (default: tests/eval/questions.yaml)")
    evaluate.add_argument("--min-right", type=_percentage, metavar="P",
                          help="exit 1 when under P%% of in-scope questions are answered right")
    evaluate.add_argument("--min-oos", type=_percentage, metavar="P",
                          help="exit 1 when under P%% of out-of-scope questions are left unanswered")
    commands.add_parser("misses", help="list the questions the chat could not answer, most asked first",
                        description="List the logged questions the chat could not answer, most asked first.")
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
            return _check(args.path)
        if args.command == "eval":
            return _eval(args)
        if args.command == "misses":
            return _misses()
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


def _check(path: str | None) -> int:
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
    return 0


# -- eval --------------------------------------------------------------------------------------------------


def _percentage(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage from 0 to 100")
    return value


def _eval(args: argparse.Namespace) -> int:
    from .evaluation import below_targets, evaluate, load_questions, render_report

    questions = load_questions(args.file)
    report = evaluate(_matcher(args), questions)
    print(render_report(report))
    short = below_targets(report, min_right=args.min_right, min_oos=args.min_oos)
    for line in short:
        print(f"assistant eval: {line}", file=sys.stderr)
    return 1 if short else 0


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
