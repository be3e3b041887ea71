"""What each command of ``assistant`` does once its arguments are read: one call into the library each, and
the printing of its result. ``cli.main`` reads the arguments and turns errors into one line and exit 2.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from .errors import KnowledgeError, RequestError
from .knowledge import inspect_knowledge
from .matcher import Matcher, Thresholds
from .messages import NOT_COVERED, messages_for
from .models import Knowledge
from .normalize import cut_query, is_blank
from .replies import Reply
from .safety import one_line, single_line

if TYPE_CHECKING:
    import argparse

    from .misses import MissSummary
    from .protocol import Answerer

EXIT_USAGE = 2

LISTED_CHARS = 80
"""``assistant misses`` shows a question's first this many characters (a pasted story, '…' after them): one line
per question; a question that long is no phrasing to learn."""


def fail(message: str) -> int:
    """Print ``message`` as the command's one-line error on standard error; returns the exit status 2."""
    print(f"assistant: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def load(args: argparse.Namespace) -> Matcher:
    """Return the matcher for ``--kb`` and ``--threshold`` (through the cache)."""
    thresholds = Thresholds()
    if getattr(args, "threshold", None) is not None:
        from .protocol import thresholds_for

        thresholds = thresholds_for(args.threshold)
    from .cache import load_matcher  # the built matcher, read back from the cache after the first load

    return load_matcher(args.kb, thresholds=thresholds)


# -- why ---------------------------------------------------------------------------------------------------


def why(args: argparse.Namespace) -> int:
    """``assistant why``: print how the question (its words joined) is matched, as the chat's /why says it;
    after the answer of ``--previous`` when given. Exit 2 for an empty question or an unknown entry id."""
    from .explanation import explain_question

    question = " ".join(args.question).strip()
    if is_blank(question):
        return fail("the question is empty: assistant why QUESTION")
    matcher = load(args)
    try:
        print(explain_question(matcher, cut_query(question), args.previous))
    except KeyError:
        return fail(f"no entry has the id {single_line(args.previous)!r} (--previous takes an entry id, as "
                    "'assistant ask --json' shows it)")
    return 0


# -- ask ---------------------------------------------------------------------------------------------------


def format_reply(reply: Reply, knowledge: Knowledge | None = None) -> str:
    """Return a reply as plain text: the answer with its source and related questions, the numbered
    suggestions, or the fallback; in the language of ``knowledge`` (default: Chinese)."""
    says = messages_for(knowledge.language if knowledge is not None else "zh")
    if reply.status == "answer" and reply.match is not None:
        lines = [reply.answer or ""]
        citation = reply.match.entry.source
        if citation is not None:
            source = f"{says.source}{knowledge.cite(citation) if knowledge is not None else citation}"
            lines.append(f"（{source}）" if says.language == "zh" else f"({source})")
        if reply.follow_ups:
            lines.append(says.related)
            lines += [f"  {i}. {entry.question}" for i, entry in enumerate(reply.follow_ups, 1)]
        return "\n".join(lines)
    if reply.status == "clarify":
        return "\n".join([says.did_you_mean] + [f"{i}. {m.question}" for i, m in enumerate(reply.suggestions, 1)])
    if reply.held_back in NOT_COVERED and knowledge is not None:  # as the chats say it too
        return says.not_covered.format(title=single_line(knowledge.title)) + "\n" + reply.text
    return reply.text


def ask(args: argparse.Namespace) -> int:
    """``assistant ask``: answer the question (its words joined), or each line of standard input for '-'.
    Exit 2 for an empty question, or with ``--json`` a request that is not valid."""
    if args.question != ["-"] and is_blank(" ".join(args.question)):
        return fail("the question is empty: assistant ask QUESTION")
    matcher = load(args)
    if args.json and isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # JSON is UTF-8 whatever the locale says
    if args.question != ["-"]:
        question = " ".join(args.question)
        if args.json:  # read as a line of `ask --json -` would be: a JSON request, or a plain question
            from .protocol import line_request

            try:
                _write_json_line(_answerer(matcher).answer(line_request(question)), sys.stdout)
            except RequestError as error:
                return fail(str(error))
            return 0
        _write_reply(matcher.reply(cut_query(question)), False, sys.stdout, matcher)
        return 0
    # One question per line, each on its own unless a JSON request names its `previous` (a batch, not a chat).
    from .lines import bounded_lines  # (only here: a question asked on the command line needs no lines)

    answerer = _answerer(matcher) if args.json else None
    for line in bounded_lines(sys.stdin.buffer):
        if line.text is not None and line.problem is not None:  # cut: answered, and said so
            print(f"assistant: warning: {line.problem}", file=sys.stderr, flush=True)
        problem = line.problem if line.text is None else None
        if line.text is not None and answerer is None and is_blank(line.text):
            problem = f"line {line.number} is empty: no question to answer; skipped"
        if problem is not None:
            if args.json:
                _write_json_line({"error": problem, "line": line.number}, sys.stdout)
            else:
                print(f"assistant: error: {problem}", file=sys.stderr, flush=True)
            continue
        assert line.text is not None
        if answerer is not None:
            _write_json_line(_answer_json_line(answerer, line.text, line.number), sys.stdout)
            continue
        _write_reply(matcher.reply(cut_query(line.text)), False, sys.stdout, matcher)
    return 0


def _answerer(matcher: Matcher) -> Answerer:
    from .protocol import Answerer

    return Answerer(matcher)


def _answer_json_line(answerer: Answerer, line: str, number: int) -> dict[str, Any]:
    """Return the reply to a line (a JSON request or a plain question), or ``{"error", "line"}`` when it is an
    invalid request or empty."""
    from .protocol import line_request

    try:
        return answerer.answer(line_request(line))
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
    out.write(format_reply(reply, matcher.knowledge) + "\n")
    if not out.isatty():
        out.write("\n")
    out.flush()


# -- check -------------------------------------------------------------------------------------------------


def check(args: argparse.Namespace) -> int:
    """``assistant check``: validate the knowledge base at PATH or --kb (the same), else the bundled one."""
    path, kb = args.path, getattr(args, "kb", None)
    if path is not None and kb is not None and os.path.abspath(path) != os.path.abspath(kb):
        return fail(f"two knowledge bases to check ({path} and --kb {kb}): give one")
    return _check(path if path is not None else kb, args.documents, strict=args.strict, ids=args.ids)


def _check(path: str | None, documents: str | None = None, *, strict: bool = False, ids: bool = False) -> int:
    if documents is not None and not os.path.isdir(documents):
        what = "is a file, not a folder" if os.path.exists(documents) else "no such folder"
        return fail(one_line(f"--documents {documents}: {what}: give the folder holding the source documents"))
    knowledge, problems = inspect_knowledge(path, documents_folder=documents)
    errors = [p for p in problems if not p.warning]
    # With --ids the list is the output (check --ids > ids.txt): the warnings and the summary go to stderr.
    report = sys.stderr if ids else sys.stdout
    for problem in problems:
        print(problem, file=sys.stderr if not problem.warning else report)
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
              "reword one of the two entries", file=report)
    if ids:
        _list_ids(knowledge)
    alternates = sum(len(entry.alternates) for entry in knowledge.entries if not entry.builtin)
    builtin = sum(entry.builtin for entry in knowledge.entries)
    smalltalk = (f"{builtin} small talk built in ('smalltalk: false' in the header: none)" if builtin else
                 f"{len(knowledge.entries) - len(knowledge.questions)} small talk")
    print(f"ok: {knowledge.title}: {_counted(len(knowledge.questions), 'entry')}, {smalltalk}, "
          f"{_counted(alternates, 'alternate')}, {_counted(len(knowledge.sources), 'source')}, "
          f"{_counted(warnings, 'warning')}", file=report)
    return 1 if strict and warnings else 0


def _counted(count: int, name: str) -> str:
    """``1 entry``, ``2 entries``, ``0 warnings``: ``count`` of ``name`` in words."""
    plural = name[:-1] + "ies" if name.endswith("y") else name + "s"
    return f"{count} {name if count == 1 else plural}"


def _list_ids(knowledge: Knowledge) -> None:
    """Print each entry of the base's files (small talk too, the built-in left out) as ``FILE:LINE: ID  QUESTION``,
    with ``(was FORMER)`` after an entry of a bare list that had another id before (``Knowledge.former_ids``)."""
    former = {now: was for was, now in knowledge.former_ids.items()}
    for entry in knowledge.entries:
        if not entry.builtin:
            was = f"  (was {former[entry.id]})" if entry.id in former else ""
            print(one_line(f"{entry.file or ''}:{entry.line}: {entry.id}  {entry.question}{was}"))


# -- eval --------------------------------------------------------------------------------------------------


def evaluate(args: argparse.Namespace) -> int:
    """``assistant eval``: the accuracy report on FILE; exit 1 below --min-right or --min-oos."""
    from .evaluation import below_targets, load_questions, render_report
    from .evaluation import evaluate as measure

    file = args.file
    if file is None:
        file = os.path.join("tests", "eval", "questions.yaml")
        if not os.path.isfile(file):
            return fail("give the evaluation file: assistant eval FILE (tests/eval/questions.yaml is the default "
                        "only in a checkout of the project; the README's 'Maintaining a knowledge base' shows "
                        "the format)")
    questions = load_questions(file)
    report = measure(load(args), questions)
    print(render_report(report))
    short = below_targets(report, min_right=args.min_right, min_oos=args.min_oos)
    for line in short:
        print(f"assistant eval: {line}", file=sys.stderr)
    return 1 if short else 0


# -- serve -------------------------------------------------------------------------------------------------


def serve(args: argparse.Namespace) -> int:
    """``assistant serve``: the JSON protocol over HTTP until SIGTERM or Ctrl-C."""
    from importlib.util import find_spec

    if find_spec("starlette") is None or find_spec("uvicorn") is None:
        return fail('the server needs Starlette and uvicorn: pip install "assistant[serve]"')
    matcher = load(args)  # here: a knowledge-base error is one line before any worker starts
    problem = _cannot_listen(args.host, args.port)
    if problem:
        return fail(f"cannot listen on {args.host}:{args.port}: {problem}")
    from .server import serve as run_server

    return run_server(matcher, kb=args.kb, threshold=getattr(args, "threshold", None), host=args.host, port=args.port,
                 workers=args.workers, log_questions=args.log_questions, cors=tuple(args.cors or ()))


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


def misses(clear: bool, kb: str | None = None) -> int:
    """``assistant misses``: the logged unanswered questions, most asked first (with ``kb``, only those asked
    of that knowledge base); ``clear`` deletes the log."""
    from .misses import base_label, clear_misses, misses_path, read_misses

    if clear and kb is not None:
        return fail("misses --clear deletes the whole log, for every knowledge base: leave out --kb")
    if clear:
        try:
            cleared = clear_misses()
        except OSError as error:
            return fail(one_line(f"cannot delete the misses log {misses_path()}: {error.strerror or error}"))
        where = one_line(str(misses_path()))
        print(f"{'deleted the' if cleared else 'there was no'} log of unanswered questions ({where})")
        return 0
    logged = read_misses(base=base_label(kb) if kb is not None else None)
    if not logged and kb is not None and not os.path.exists(kb):  # a mistyped path, not a base with no misses
        return fail(one_line(f"{kb}: no such file or folder: check the path"))
    if not logged:
        others = len(read_misses()) if kb is not None else 0
        elsewhere = (f"; {others} question{'s' if others > 1 else ''} asked of other knowledge bases: "
                     "'assistant misses' lists them all") if others else ""
        print(f"no unanswered questions logged for this knowledge base (log: {one_line(str(misses_path()))})"
              f"{elsewhere}" if kb is not None else
              f"no unanswered questions logged (log: {one_line(str(misses_path()))})")
        return 0
    settled = _settled(logged, base_label(kb) if kb is not None else None)
    listed = [miss for miss in logged if miss.query not in settled]
    them = "them" if len(settled) > 1 else "it"
    left_out = (f"({len(settled)} logged question{'s' if len(settled) > 1 else ''} left out: the knowledge base "
                f"answers {them} by now, or lists {them} as out of scope)") if settled else ""
    if not listed:
        print(f"no unanswered questions left to look at {left_out}")
        return 0
    column = max([26, *(len(miss.best or "-") for miss in listed)])  # a bare list's ids run longer
    print(f"{'times':>5}  {'status':<8} {'closest entry':<{column}} question")
    for miss in listed:
        query = miss.query if len(miss.query) <= LISTED_CHARS else f"{miss.query[:LISTED_CHARS]}…"
        print(f"{miss.count:>5}  {miss.status:<8} {miss.best or '-':<{column}} {query}")
    if left_out:
        print(left_out)
    return 0


REASKED = 1000
"""``assistant misses`` asks the knowledge base again at most this many logged questions, the most asked first
(about a millisecond each): the rest of a long log is listed as logged."""


def _settled(logged: list[MissSummary], kb_label: str | None) -> set[str]:
    """Return the logged questions that their knowledge base as it is now answers or lists as out of scope
    (``learn`` passes these over too), asked as it was logged (``misses.reask``: a follow-up after its previous
    answer). A question whose base is unknown (``kb_label`` None and a record from
    before the log named bases), gone or no longer sound is kept: nothing says it is settled."""
    from .cache import load_matcher
    from .misses import BUNDLED, reask

    by_base: dict[str, list[MissSummary]] = {}
    for miss in logged[:REASKED]:
        label = kb_label or miss.base
        if label is not None:
            by_base.setdefault(label, []).append(miss)
    settled: set[str] = set()
    for label, queries in by_base.items():
        path = None if label == BUNDLED else label
        if path is not None and not os.path.exists(path):
            continue
        try:
            matcher = load_matcher(path)
        except (KnowledgeError, OSError):
            continue
        declared = set(matcher.knowledge.out_of_scope)
        settled.update(miss.query for miss in queries
                       if miss.query in declared or reask(matcher, miss).status == "answer")
    return settled
