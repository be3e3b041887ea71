"""The ``assistant`` command: chat (the default), ask, why, check, eval, serve, misses and learn.

``main`` reads the arguments (``cli_parser``), runs the command (``cli_commands``, ``cli_learn``, the chats in
``chat/``) and turns errors the user can act on into one line on stderr with exit status 2; never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO, cast

from . import cli_commands
from .cli_commands import EXIT_USAGE, fail, format_reply, load
from .errors import AssistantError

if TYPE_CHECKING:
    import argparse

    from .cli_parser import Parser

EXIT_PIPE = 128 + 13
"""The exit status when the output's reader went away (a closed pipe): what a shell reports for a command that
SIGPIPE ends (``yes | head``), so that ``set -o pipefail`` sees the command did not finish."""

__all__ = ["EXIT_PIPE", "EXIT_USAGE", "build_parser", "command", "format_reply", "main", "plain_ask"]


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """Return the parser of the ``assistant`` command: ``cli_parser.build_parser`` (with ``argv`` starting with a
    command's name, of that command alone). Its ``commands`` are the commands' parsers by name, and each parser's
    ``option_names`` its options."""
    from .cli_parser import build_parser as build

    return build(argv)


def command() -> int:
    """The installed ``assistant`` command (and ``python -m assistant``): ``main`` on ``sys.argv``; returns its
    exit status. What the command made is then left to the end of the process (``gc.freeze``): the collection
    at exit would walk every table of the matcher, a measurable part of a short ``assistant ask``, for no
    garbage worth it. A question asked on the command line (``plain_ask``) is answered with the collector off:
    the process ends after one reply, and the collections reading the matcher would set off (the young tables
    of the cache walked once the read is done) find nothing to free."""
    if plain_ask(sys.argv[1:]) is not None:
        gc.disable()
    status = main()
    gc.freeze()
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 on success, 2 on a usage or input error, ``EXIT_PIPE``
    when the reader of the output went away before it was all written)."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (``assistant check | head``): nothing more can be said to it, and the command did
        # not finish, so it must not report success (a CI job's ``set -o pipefail`` would pass a broken base).
        for stream in (sys.stdout, sys.stderr):
            _silence(stream)
        return EXIT_PIPE


def _main(argv: Sequence[str] | None) -> int:
    from .cli_encoding import set_up_streams

    set_up_streams()
    words = dashed_question(sys.argv[1:] if argv is None else list(argv))
    if "help" in words:  # assistant [OPTIONS] help [COMMAND]
        from .cli_parser import help_words

        words = help_words(words)
    args = plain_ask(words)
    if args is None:
        from .cli_parser import not_a_command

        problem = not_a_command(words)
        if problem is not None:  # a question typed where a command goes (assistant 逾期了怎么办): how to ask it
            return fail(problem)
        args = build_parser(words).parse_args(words)
    if sys.stdout is None:  # started with standard output closed (``assistant ask … >&-``)
        return fail("standard output is closed: nothing can be printed")
    if sys.stdin is None and _reads_input(args):  # started with standard input closed (``assistant ask - <&-``)
        return fail("standard input is closed: nothing can be read (ask on the command line: assistant ask QUESTION)")
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return _run(args)
    except AssistantError as error:
        message = str(error)
        kb = getattr(args, "kb", None)
        if kb and "run 'assistant check'" in message:  # the check that finds them is of the same base
            import shlex

            message = message.replace("run 'assistant check'", f"run 'assistant check --kb {shlex.quote(kb)}'")
        return fail(message)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # the reader went away: ``main`` ends quietly, nothing is said to a pipe no one reads
    except OSError as error:
        if not _is_stdout_error(error):
            raise
        # Standard output cannot be written (/dev/full, a closed descriptor): say so once, where it can be.
        _silence(sys.stdout)
        return fail(f"cannot write the output: {error.strerror or error}")


QUESTION_COMMANDS = ("ask", "why", "learn")
"""The commands whose words after the name are a question (``dashed_question``)."""


def question_dash(word: str) -> bool:
    """True when ``word`` opens with a dash that no option can be: the dash is followed by something other than
    an ASCII letter or another dash (-逾期怎么办, -？, -3天); not "-" alone, which asks to read standard input."""
    return len(word) > 1 and word[0] == "-" and not (word[1].isascii() and (word[1].isalpha() or word[1] == "-"))


def dashed_question(argv: Sequence[str]) -> list[str]:
    """Return ``argv`` with the question of ask, why or learn put after ``--`` when one of its words opens with a
    dash no option can be followed by (``assistant ask -逾期怎么办``: argparse would read it as an unknown option),
    its words in their order, the options before them; ``argv`` as it is otherwise, and when ``--`` is given."""
    words = list(argv)
    if "--" in words or not any(map(question_dash, words)):
        return words
    from .cli_parser import VALUED_OPTIONS

    def valued(word: str) -> bool:  # an option taking the next word as its value, as written or abbreviated
        return word.startswith("--") and "=" not in word and any(name.startswith(word) for name in VALUED_OPTIONS)

    place = 0
    while place < len(words) and words[place].startswith("-") and not question_dash(words[place]):
        place += 2 if valued(words[place]) else 1
    if place >= len(words) or words[place] not in QUESTION_COMMANDS:
        return words
    options: list[str] = []
    question: list[str] = []
    rest = iter(words[place + 1:])
    for word in rest:
        if word.startswith("-") and word != "-" and not question_dash(word):
            options.append(word)
            value = next(rest, None) if valued(word) else None
            if value is not None:
                options.append(value)
        else:
            question.append(word)
    return [*words[:place + 1], *options, "--", *question]


def plain_ask(argv: Sequence[str]) -> argparse.Namespace | None:
    """Return the arguments of ``assistant ask WORDS…`` with no option, the same names and values as argparse
    reads them, read without it (importing argparse and building the parser is much of such a short command);
    None for any other command line, which argparse reads."""
    if len(argv) < 2 or argv[0] != "ask" or any(word.startswith("-") for word in argv[1:]):
        return None
    from types import SimpleNamespace

    return cast("argparse.Namespace", SimpleNamespace(kb=None, threshold=None, no_color=False, no_log=False,
                                                      command="ask", question=list(argv[1:]), json=False))


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    """Show a warning the library issues (an unusable cache folder) as the command's other messages: one line,
    ``assistant: warning: …``, not Python's file, line and source."""
    from .errors import one_line

    print(f"assistant: warning: {one_line(str(message))}", file=file or sys.stderr)


def _reads_input(args: argparse.Namespace) -> bool:
    """True when the command reads its questions from standard input: the chat and ``ask -``."""
    command = getattr(args, "command", None)
    return command in (None, "chat") or (command == "ask" and args.question == ["-"])


def _is_stdout_error(error: OSError) -> bool:
    """True when ``error`` came from writing standard output (not from a file the command opened)."""
    return error.filename is None and error.errno is not None


def _silence(stream: TextIO | None) -> None:
    """Point ``stream`` (standard output or error) at /dev/null, so the interpreter's last flush at exit cannot
    fail again."""
    if stream is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _run(args: argparse.Namespace) -> int:
    """Run the command ``args`` names: each one call into the library."""
    if args.command == "ask":
        return cli_commands.ask(args)
    if args.command == "why":
        return cli_commands.why(args)
    if args.command == "check":
        return cli_commands.check(args)
    if args.command == "eval":
        return cli_commands.evaluate(args)
    if args.command == "misses":
        return cli_commands.misses(args.clear, args.kb)
    if args.command == "serve":
        return cli_commands.serve(args)
    if args.command == "learn":
        from .cli_learn import learn

        return learn(args)
    return _chat(args)


def _chat(args: argparse.Namespace) -> int:
    """The chat: prompt_toolkit's when standard input and output are terminals, else the plain-text one."""
    matcher = load(args)
    log_misses = not args.no_log
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        from .chat.plain import PlainChat

        # A person at the keyboard with the output going to a pipe (assistant | tee log) gets a plain prompt.
        return PlainChat(matcher, kb_path=args.kb, log_misses=log_misses, prompt=sys.stdin.isatty()).run()
    from .chat import run_chat
    from .cli_encoding import terminal_in_utf8

    terminal_in_utf8(matcher.knowledge.title + "".join(entry.question for entry in matcher.knowledge.questions[:8]))
    color = not args.no_color and not os.environ.get("NO_COLOR")
    return run_chat(matcher, kb_path=args.kb, color=color, log_misses=log_misses)
