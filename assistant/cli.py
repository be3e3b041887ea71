"""The ``assistant`` command: chat (the default), ask, check, eval, misses and learn.

Errors the user can act on are printed as one line on stderr with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .conversation import Conversation, cut_query
from .errors import AssistantError, RequestError
from .knowledge import inspect_knowledge
from .lines import bounded_lines
from .matcher import Matcher, Thresholds
from .models import Reply
from .safety import one_line

if TYPE_CHECKING:
    from .protocol import Answerer

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


def _positive(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to 64")
    return int(value)


def _port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number from 0 to 65535")
    return int(value)


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; "
                        "0.0.0.0 for every interface)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--workers", type=_positive, default=1, metavar="N",
                        help="processes answering requests (default 1)")
    parser.add_argument("--log-questions", action="store_true",
                        help="log each question asked (by default no question text is logged)")


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
    check.add_argument("--documents", metavar="FOLDER",
                       help="a folder holding the source documents: warn about a cited section that is not "
                            "one of its document's headings")
    check.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
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
    serve = commands.add_parser("serve", help="answer the JSON protocol over HTTP (needs the serve extra)",
                                description="Answer POST /ask, GET /entries/{id}, GET /health and GET "
                                            "/openapi.json until SIGTERM or Ctrl-C. Needs: pip install "
                                            '"assistant[serve]"')
    _add_common_options(serve, command=True)
    _add_serve_options(serve)
    misses = commands.add_parser("misses", help="list the questions the chat could not answer, most asked first",
                                 description="List the logged questions the chat could not answer, most asked "
                                             "first (long numbers in them are stored as *).")
    misses.add_argument("--clear", action="store_true", help="delete the log of unanswered questions")
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
        from .protocol import thresholds_for

        thresholds = thresholds_for(args.threshold)
    from .cache import load_matcher  # the built matcher, read back from the cache after the first load

    return load_matcher(args.kb, thresholds=thresholds)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 on success, 2 on a usage or input error)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    args = _build_parser().parse_args(argv)
    if sys.stdout is None:  # started with standard output closed (``assistant ask … >&-``)
        return _fail("standard output is closed: nothing can be printed")
    try:
        if args.command == "ask":
            return _ask(args)
        if args.command == "check":
            return _check(args.path, args.documents, strict=args.strict)
        if args.command == "eval":
            return _eval(args)
        if args.command == "misses":
            return _misses(args.clear)
        if args.command == "serve":
            return _serve(args)
        if args.command == "learn":
            return _learn(args)
        return _chat(args)
    except AssistantError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``assistant ask - | head``): nothing more to say to it.
        _silence_stdout()
        sys.stderr.close()
        return 0
    except OSError as error:
        if not _is_stdout_error(error):
            raise
        # Standard output cannot be written (/dev/full, a closed descriptor): say so once, where it can be.
        _silence_stdout()
        return _fail(f"cannot write the output: {error.strerror or error}")


def _is_stdout_error(error: OSError) -> bool:
    """True when ``error`` came from writing standard output (not from a file the command opened)."""
    return error.filename is None and error.errno is not None


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


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
        reply = matcher.reply(cut_query(args.question))
        _write_reply(reply, args.json, sys.stdout, matcher)
        return 0
    # One question per line, each on its own unless a JSON request names its `previous` (a batch, not a chat).
    answerer = _answerer(matcher) if args.json else None
    for line in bounded_lines(sys.stdin.buffer):
        if line.text is not None and line.problem is not None:  # cut: answered, and said so
            print(f"assistant: warning: {line.problem}", file=sys.stderr, flush=True)
        if line.text is None:
            if args.json:
                _write_json_line({"error": line.problem, "line": line.number}, sys.stdout)
            else:
                print(f"assistant: error: {line.problem}", file=sys.stderr, flush=True)
            continue
        if answerer is not None and line.text.lstrip().startswith("{"):
            _write_json_line(_answer_json_line(answerer, line.text, line.number), sys.stdout)
            continue
        _write_reply(matcher.reply(cut_query(line.text)), args.json, sys.stdout, matcher)
    return 0


def _answerer(matcher: Matcher) -> Answerer:
    from .protocol import Answerer

    return Answerer(matcher)


def _answer_json_line(answerer: Answerer, line: str, number: int) -> dict[str, Any]:
    """Return the reply to a line that is a JSON request, or ``{"error", "line"}`` when it is not a valid one."""
    from .protocol import read_request

    try:
        return answerer.answer(read_request(line))
    except RequestError as error:
        return {"error": f"line {number}: {error}", "line": number}


def _write_json_line(data: dict[str, Any], out: TextIO) -> None:
    from .protocol import encode

    out.write(encode(data) + "\n")
    out.flush()


def _write_reply(reply: Reply, as_json: bool, out: TextIO, matcher: Matcher) -> None:
    if as_json:
        from .protocol import reply_data  # here: plain-text replies, the usual case, do without it

        _write_json_line(reply_data(reply, matcher.knowledge), out)
        return
    out.write(format_reply(reply) + "\n")
    if not out.isatty():
        out.write("\n")
    out.flush()


# -- check -------------------------------------------------------------------------------------------------


def _check(path: str | None, documents: str | None = None, *, strict: bool = False) -> int:
    if documents is not None and not os.path.isdir(documents):
        return _fail(f"--documents {documents}: no such folder: give the folder holding the source documents")
    knowledge, problems = inspect_knowledge(path, documents_folder=documents)
    errors = [p for p in problems if not p.warning]
    for problem in problems:
        print(problem, file=sys.stderr if not problem.warning else sys.stdout)
    if knowledge is None or errors:
        if len(errors) > 1:  # one problem is its own summary: the refusal stays one line
            print(f"assistant: {len(errors)} problems found", file=sys.stderr)
        return EXIT_USAGE
    warnings = len(problems)
    shown = []

    def progress(done: int, total: int) -> None:  # on a terminal only: a pipe or a log gets the results alone
        shown.append(done)
        print(f"\rassistant check: {done:,} of {total:,} alternates asked", end="", file=sys.stderr, flush=True)

    confusables = Matcher(knowledge).confusables(progress=progress if sys.stderr.isatty() else None)
    if shown:
        print("\r\033[K", end="", file=sys.stderr, flush=True)  # the progress line erased
    for entry, alternate, match in confusables:
        warnings += 1
        where = one_line(entry.file or "")  # a file name may hold escape sequences: shown, never acted on
        print(f"{where}:{entry.line}: [{entry.id}] warning: alternate {alternate!r} is answered by "
              f"{match.id!r} (score {match.score:.0f}, via {match.matched!r}) once left out: "
              "reword one of the two entries")
    alternates = sum(len(entry.alternates) for entry in knowledge.entries)
    print(f"ok: {knowledge.title}: {len(knowledge.questions)} entries, "
          f"{len(knowledge.entries) - len(knowledge.questions)} small talk, {alternates} alternates, "
          f"{len(knowledge.sources)} sources, {warnings} warning{'s' if warnings != 1 else ''}")
    return 1 if strict and warnings else 0


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


# -- serve -------------------------------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    from importlib.util import find_spec

    if find_spec("starlette") is None or find_spec("uvicorn") is None:
        return _fail('the server needs Starlette and uvicorn: pip install "assistant[serve]"')
    matcher = _matcher(args)  # here: a knowledge-base error is one line before any worker starts
    problem = _cannot_listen(args.host, args.port)
    if problem:
        return _fail(f"cannot listen on {args.host}:{args.port}: {problem}")
    from .server import serve

    return serve(matcher, kb=args.kb, threshold=getattr(args, "threshold", None), host=args.host, port=args.port,
                 workers=args.workers, log_questions=args.log_questions)


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host:port`` (in use, no such address), or None when it can."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as error:
        return error.strerror or str(error)
    return None


# -- misses ------------------------------------------------------------------------------------------------


def _misses(clear: bool) -> int:
    from .misses import clear_misses, misses_path, read_misses

    if clear:
        try:
            cleared = clear_misses()
        except OSError as error:
            return _fail(one_line(f"cannot delete the misses log {misses_path()}: {error.strerror or error}"))
        where = one_line(str(misses_path()))
        print(f"{'deleted the' if cleared else 'there was no'} log of unanswered questions ({where})")
        return 0
    misses = read_misses()
    if not misses:
        print(f"no unanswered questions logged (log: {one_line(str(misses_path()))})")
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
    """Answer questions read line by line from a pipe, in plain text with no prompt or escape codes.

    The same conversation as the terminal chat (``Conversation``): follow-ups, and a bare number picking
    from the list just printed."""
    from .misses import record_miss

    def log(reply: Reply) -> None:
        nonlocal log_misses
        if not log_misses:
            return
        try:
            record_miss(reply)
        except OSError as error:
            log_misses = False
            print(f"assistant: warning: cannot write the misses log: {one_line(str(error.strerror or error))}",
                  file=sys.stderr)

    conversation = Conversation(matcher, on_miss=log)
    for line in bounded_lines(sys.stdin.buffer):
        if line.problem is not None:
            kind = "warning" if line.text is not None else "error"
            print(f"assistant: {kind}: {line.problem}", file=sys.stderr, flush=True)
        if line.text is None:
            continue
        turn = conversation.say(line.text)
        if turn.notice is not None:
            print(turn.notice + "\n", flush=True)
        elif turn.reply is not None:
            print(format_reply(turn.reply) + "\n", flush=True)
    return 0

