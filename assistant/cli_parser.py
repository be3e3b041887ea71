"""The ``assistant`` command's arguments: the parser, and the help's examples, exit statuses, environment and
files.

The global options (``--kb``, ``--threshold``, ``--no-color``, ``--no-log``) are accepted before or after the
command's name with one meaning: ``assistant --kb X check`` and ``assistant check --kb X`` both check X.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from . import cli_values
from .errors import one_line
from .matcher import Thresholds
from .paths import cache_folder, state_folder

EXIT_USAGE = 2

_Add = Callable[[str, str, str], argparse.ArgumentParser]
"""Adds a command (name, summary, description) with the global options, and returns its parser."""


def _terminal_columns() -> int:
    """The terminal's width, as ``shutil.get_terminal_size`` tells it (``COLUMNS``, else the terminal of standard
    output, else 80): argparse asks shutil, whose import (with zlib, bz2 and lzma) every command would pay for."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, its width found without importing shutil (``_terminal_columns``)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width)


class _RawDescription(_Formatter, argparse.RawDescriptionHelpFormatter):
    """argparse's help layout keeping the description's lines, its width found as ``_Formatter`` finds it."""


_UNRECOGNIZED = "unrecognized arguments: "
"""How argparse opens its error for words no option or command takes."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like every other error of the command, an unknown option
    told the known one it is close to (``--jsn``: did you mean '--json'?)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.option_names: set[str] = set()  # before argparse's own, which adds -h/--help
        """The option strings of this parser's arguments (``--json``, ``-h``), each as typed."""
        self.commands: dict[str, Parser] = {}
        """The commands' parsers, by name, in the order ``build_parser`` adds them (none for a command's own
        parser)."""
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """Add the argument as argparse does, its option strings kept in ``option_names``; return its action."""
        action = super().add_argument(*args, **kwargs)
        self.option_names.update(action.option_strings)
        return action

    def close_option(self, words: Sequence[str], command: str | None = None) -> str | None:
        """The known option closest to the first of ``words`` that is a long option (``--jsn``, ``--thresold=60``):
        one of this parser's or, of its commands, ``command``'s (every one's when None); None when none is close,
        or when that word is a known option already (placed where it does not belong)."""
        import difflib  # (only here: a mistyped option is rare)

        commands = [self.commands[command]] if command in self.commands else list(self.commands.values())
        known = set(self.option_names).union(*(parser.option_names for parser in commands))
        for word in words:
            if word.startswith("--") and word != "--":  # ("--" alone is no option: not '--kb' mistyped)
                name = word.partition("=")[0]
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
                return close[0] if close and close[0] != name else None
        return None

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        """Parse ``args`` as argparse does and return the namespace; words nothing takes exit (``error``) with one
        line naming the option meant: the one close to a mistyped option, or the command an option of another
        command belongs to (``misses --json``)."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command", None) or "chat"  # (no command is the chat)
            self.error(_UNRECOGNIZED + " ".join(extras) + self.option_hint(extras, command))
        seen: dict[str, Any] = {}
        for name in [name for name in vars(parsed) if name.startswith(_GIVEN)]:
            for dest, value in vars(parsed).pop(name).items():
                if dest in seen and seen[dest] != value:  # (assistant --kb a ask --kb b)
                    self.error(f"argument --{dest}: {_twice(dest, seen[dest], value)}")
                seen[dest] = value
        return parsed

    def option_hint(self, words: Sequence[str], command: str) -> str:
        """What to say after the words nothing takes: ``": did you mean '--json'?"`` (and whose it is when not
        ``command``'s), or that the first long option among them belongs to other commands than ``command`` (``":
        --json is an option of ask, not of misses"``), or to ``command`` but was given before it; "" when none."""
        option = next((word.partition("=")[0] for word in words if word.startswith("--")), None)
        if option is None and command == "chat" and not any(map(_is_option, words)):  # (assistant chat 客服电话)
            import shlex

            asked = " ".join(word if _SHELL_PLAIN.fullmatch(word) else shlex.quote(word) for word in words)
            return (": the chat takes no question: to ask it, run: assistant ask " + asked
                    if all(word.isprintable() for word in words) else ": the chat takes no question: ask it with ask")
        whole = build_parser()  # (self may hold ``command`` alone)
        owners = [name for name, parser in whole.commands.items() if option in parser.option_names]
        if command in owners:  # (assistant --json ask …)
            return f": {option} is an option of {command}: put it after {command!r}"
        if owners:
            return f": {option} is an option of {' and '.join(owners)}, not of {command}"
        close = self.close_option(words, command) or whole.close_option(words)  # (chat --jsn: another command's)
        owners = [name for name, parser in whole.commands.items() if close in parser.option_names]
        if close and owners and command not in owners:
            return f": did you mean {close!r}? {close} is an option of {' and '.join(owners)}, not of {command}"
        return f": did you mean {close!r}?" if close else ""

    def error(self, message: str) -> NoReturn:
        """Exit with the usage status and ``message`` on one line, pointing to ``--help``: a word quoted in it
        holding a line break or an escape sequence (an unrecognized argument) is written as escapes."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)} (see '{self.prog} --help')\n")


_GIVEN = "_given_by "
"""Opens the name of the namespace attribute in which ``_Once`` keeps the values a parser was given (its ``prog``
after it): the main parser's and the command's are kept apart, argparse copying the command's over the main's."""


class _Once(argparse.Action):
    """Store an option's value, refusing a second, different one (``learn --entry a --entry b``): argparse would
    keep the last one silently, and which entry, base or threshold was meant is the user's to say. A global option
    given before and after the command (``--kb a ask --kb b``) is refused by ``Parser.parse_args``."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        given: dict[str, Any] = namespace.__dict__.setdefault(_GIVEN + parser.prog, {})
        if self.dest in given and given[self.dest] != values:
            raise argparse.ArgumentError(self, _twice(self.dest, given[self.dest], values))
        given[self.dest] = values
        setattr(namespace, self.dest, values)


def _twice(dest: str, first: Any, then: Any) -> str:
    """What to say of an option given twice with the values ``first`` and ``then``."""
    return (f"given twice ({first!r} and {then!r}): give it once"
            + (" (a question is added to one entry: learn it again for another)" if dest == "entry" else ""))


def _is_option(word: str) -> bool:
    """True when ``word`` is written as an option (``-x``, ``--jsn``): a dash and an ASCII letter or another dash,
    not a question opening with a dash (-逾期怎么办) nor "-" alone."""
    from .cli import question_dash

    return len(word) > 1 and word.startswith("-") and not question_dash(word)


def _add_global_options(parser: argparse.ArgumentParser, *, command: bool) -> None:
    """Add the global options to the main parser or (``command=True``) to a command.

    A command's copies default to "not given" (``SUPPRESS``), so that they do not overwrite what was given
    before the command's name: ``assistant --kb my.yaml ask …`` uses my.yaml, as ``ask --kb my.yaml`` does.
    """
    unset: dict[str, Any] = {"default": argparse.SUPPRESS} if command else {}
    parser.add_argument("--kb", type=cli_values.kb_path, action=_Once, metavar="PATH",
                        help="knowledge base: a YAML file or a folder of them (default: the bundled one)", **unset)
    parser.add_argument("--threshold", type=cli_values.threshold, action=_Once, metavar="SCORE",
                        help=f"score (0-100) to answer (default {Thresholds().answer:g}; an entry far ahead of the "
                        f"others needs {Thresholds().answer - Thresholds().wide_answer:g} less)", **unset)
    unset_flag: dict[str, Any] = {"default": argparse.SUPPRESS} if command else {"default": False}
    parser.add_argument("--no-color", action="store_true", help="no colours (also when NO_COLOR is set)",
                        **unset_flag)
    parser.add_argument("--no-log", action="store_true",
                        help="do not log unanswered questions to the local misses log", **unset_flag)


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; "
                        "0.0.0.0 for every interface)")
    parser.add_argument("--port", type=cli_values.port, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--workers", type=cli_values.positive, default=1, metavar="N",
                        help="processes answering requests (default 1)")
    parser.add_argument("--log-questions", action="store_true",
                        help="log each question asked (by default no question text is logged)")
    parser.add_argument("--cors", type=cli_values.origin, action="append", metavar="ORIGIN",
                        help="let web pages from ORIGIN (e.g. https://example.com; repeatable; * for any) call the "
                        "server from a browser (default: none)")


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _table(rows: list[tuple[str, str]]) -> str:
    """Two columns, the second aligned whatever the first holds (a Chinese character takes two columns)."""
    width = max(_columns(left) for left, _ in rows) + 2
    return "\n".join(f"  {left}{' ' * (width - _columns(left))}{right}" for left, right in rows)


def epilog() -> str:
    """The end of ``assistant --help``: examples, exit statuses, environment variables and file locations."""
    state = state_folder()
    examples = _table([
        ("assistant", "chat in the terminal (Tab completes, /help, exit or Ctrl-D quits)"),
        ("assistant ask 微粒贷 客服电话", "answer one question (the words are joined)"),
        ("assistant ask --json - < questions.txt", "one JSON reply per line of input"),
        ("echo 逾期会上征信吗 | assistant", "the chat in plain text, one reply per line read"),
        ("assistant | tee chat.log", "chat at the keyboard, plain text into the log"),
        ("assistant --kb my-faq.yaml", "chat over your own knowledge base"),
        ("assistant check --kb my-faq.yaml", "validate it (also: assistant check my-faq.yaml)"),
        ('assistant why "今天天气怎么样"', "how a question is matched and what decided its reply"),
        ("assistant misses", "what the chat could not answer, most asked first"),
        ('assistant learn "问题" --entry ID', "add that question to entry ID"),
    ])
    statuses = _table([("0", "done"), ("1", "eval under --min-right or --min-oos; check --strict with warnings"),
                       ("2", "a usage error, or a knowledge base or file that cannot be read or is not valid"),
                       ("130", "interrupted (Ctrl-C)"),
                       ("141", "the output's reader went away before it was all written (assistant check | head)")])
    environment = _table([
        ("NO_COLOR", "set and not empty: no colours, as --no-color"),
        ("PAGER", "the pager for chat output taller than the window (default: less -R; empty: none)"),
        ("XDG_STATE_HOME", "where the history and the misses log are kept (default ~/.local/state)"),
        ("XDG_CACHE_HOME", "where built matchers are cached (default ~/.cache)"),
    ])
    files = _table([(os.path.join(state, "history"), "the chat's history"),
                    (os.path.join(state, "misses.jsonl"), "questions the chat could not answer"),
                    (cache_folder(), "built matchers (safe to delete)")])
    return (f"examples:\n{examples}\n\nglobal options (--kb, --threshold, --no-color, --no-log) go before or after "
            f"the command, with one meaning.\n\nexit status:\n{statuses}\n\nenvironment:\n{environment}\n\n"
            f"files:\n{files}\n")


def _chat(add: _Add) -> None:
    add("chat", "start the terminal chat (the default)",
        "Start the terminal chat. When standard input or output is not a terminal, chat in plain text: "
        "read questions line by line and print plain answers.")


def _ask(add: _Add) -> None:
    ask = add("ask", "answer one question and exit",
              "Answer one question (several words are joined with spaces). With '-', read one question per "
              "line from standard input.")
    ask.add_argument("question", nargs="+", help="the question, or '-' to read questions from standard input")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")


def _why(add: _Add) -> None:
    why = add("why", "show how a question is matched (as the chat's /why)",
              "Show how QUESTION (several words are joined with spaces) is matched: the phrasing it matched, "
              "the score and its parts, the thresholds and the rule that decided the reply, as the chat's "
              "/why says it.")
    why.add_argument("question", nargs="+", help="the question")
    why.add_argument("--previous", action=_Once, metavar="ID", help="the id of the entry answered just before, "
                     "for a follow-up (as 'assistant ask --json' gives it)")


def _check(add: _Add) -> None:
    check = add("check", "validate a knowledge base and find confusable entries",
                "Validate a knowledge base (PATH, or --kb PATH): exit 0 with a summary when sound, otherwise "
                "print every problem and exit 2.")
    check.add_argument("path", nargs="?", help="a YAML file or folder (default: --kb, or the bundled knowledge "
                                               "base)")
    check.add_argument("--documents", metavar="FOLDER",
                       help="a folder holding the source documents: warn about a cited section that is not "
                            "one of its document's headings")
    check.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    check.add_argument("--ids", action="store_true",
                       help="list every entry as FILE:LINE: ID QUESTION (the ids to label an evaluation file with "
                            "or give learn --entry; a bare list's former id after it)")


def _eval(add: _Add) -> None:
    evaluate = add("eval", "measure accuracy on a labelled question set",
                   "Measure accuracy on labelled questions, next to two baselines.")
    evaluate.add_argument("file", nargs="?", default=None,
                          help="the evaluation file (default: tests/eval/questions.yaml, in a checkout of the project)")
    evaluate.add_argument("--min-right", type=cli_values.percentage, metavar="P",
                          help="exit 1 when under P%% of in-scope questions are answered right")
    evaluate.add_argument("--min-oos", type=cli_values.percentage, metavar="P",
                          help="exit 1 when under P%% of out-of-scope questions are left unanswered")


def _serve(add: _Add) -> None:
    serve = add("serve", "answer the JSON protocol over HTTP (needs the serve extra)",
                "Answer POST /ask, GET /entries/{id}, GET /health and GET /openapi.json until SIGTERM or "
                'Ctrl-C. Needs: pip install "assistant[serve]"')
    _add_serve_options(serve)


def _misses(add: _Add) -> None:
    misses = add("misses", "list the questions the chat could not answer, most asked first",
                 "List the logged questions the chat could not answer, most asked first (long numbers in them "
                 "are stored as *); with --kb, only those asked of that knowledge base.")
    misses.add_argument("--clear", action="store_true", help="delete the log of unanswered questions")


def _learn(add: _Add) -> None:
    learn = add("learn", "add a question as an alternate of an entry, or review the misses",
                "Add QUESTION as an alternate of entry ID in the YAML file (of --kb) that defines it, changing "
                "nothing else in the file; refused (exit 2, the file unchanged) when the result would not pass "
                "'assistant check'. With no QUESTION, go through the misses log: for each question, pick the "
                "entry it belongs to, skip it, or mark it out of scope.")
    learn.add_argument("question", nargs="?", help="the question to add (default: review the misses log)")
    learn.add_argument("--entry", action=_Once, metavar="ID", help="the id of the entry that answers QUESTION")


_COMMANDS: dict[str, Callable[[_Add], None]] = {
    "chat": _chat, "ask": _ask, "why": _why, "check": _check, "eval": _eval, "serve": _serve, "misses": _misses,
    "learn": _learn,
}
"""Each command's name and what adds it, in the order the help lists them."""


_GLOBAL_VALUED = ("--kb", "--threshold")
"""The global options that take the next argument as their value."""

VALUED_OPTIONS = (*_GLOBAL_VALUED, "--previous", "--entry")
"""The options of the commands taking a question (ask, why, learn) that take the next argument as their value."""

_SHELL_PLAIN = re.compile(r"[^\s'\"\\$`!*?&|;<>()\[\]{}#~]+")
"""A word a shell reads as it is written (Chinese included), which needs no quotes."""


def help_words(argv: Sequence[str]) -> list[str]:
    """Return ``argv`` with ``help`` in the command's place (after the global options) read as git and pip read it:
    ``assistant help`` is ``assistant --help``, ``assistant help ask`` is ``assistant ask --help``; ``argv`` as it
    is otherwise.

    >>> help_words(["help", "ask"])
    ['ask', '--help']
    >>> help_words(["--no-log", "help"])
    ['--no-log', '--help']
    """
    words = list(argv)
    place = _command_place(words)
    rest = words[place + 1:]
    if words[place:place + 1] == ["help"] and (not rest or (len(rest) == 1 and rest[0] in _COMMANDS)):
        return [*words[:place], *rest, "--help"]
    return words


def _command_place(words: Sequence[str]) -> int:
    # Where the command's name goes in ``words``: after the global options (and their values); a word opening with
    # a dash no option can be (-逾期怎么办) is a question typed there. ``len(words)`` when only options are given.
    from .cli import question_dash

    place = 0
    while (place < len(words) and words[place].startswith("-") and words[place] not in ("-", "--")
           and not question_dash(words[place])):
        place += 2 if words[place] in _GLOBAL_VALUED else 1
    return place


def not_a_command(argv: Sequence[str]) -> str | None:
    """Return the one-line error for arguments whose word in the command's place is not a command's name (a
    question typed straight after ``assistant``, or a misspelt command): how to ask it, or the command meant.
    None when that word is a command, or there is none (the chat), or help or the version is asked for.

    >>> not_a_command(["--kb", "my.yaml", "ask", "微粒贷逾期了怎么办"]) is None
    True
    >>> not_a_command(["--kb", "my.yaml", "chek"])
    "'chek' is not a command: did you mean 'check'?"
    """
    words = list(argv)
    if any(word in ("-h", "--help", "--version") for word in words):
        return None
    place = _command_place(words)
    if place >= len(words) or words[place] in _COMMANDS or words[place] in ("-", "--"):
        return None  # ("--" ends the options where no command may follow: argparse says so)
    import difflib  # (only here: a command's name, the usual case, needs neither)
    import shlex

    helped = words[place] == "help" and len(words) == place + 2  # assistant help chek: the help of no command
    word = words[place + 1] if helped else words[place]
    close = difflib.get_close_matches(word.lower(), list(_COMMANDS), n=1, cutoff=0.6)
    if close or helped:
        return (f"{word!r} is not a command: did you mean {close[0]!r}?" if close else
                f"{word!r} is not a command ({', '.join(_COMMANDS)}): 'assistant help' lists them")
    asked = [*words[:place], "ask", *words[place:]]  # the global options given before it still hold
    problem = f"{word!r} is not a command ({', '.join(_COMMANDS)}): to ask it, "
    if not all(part.isprintable() for part in asked):  # a line break or escape quoted would break the one line
        return problem + "put 'ask' before it"
    return problem + "run: assistant " + " ".join(part if _SHELL_PLAIN.fullmatch(part) else shlex.quote(part)
                                                  for part in asked)


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """Return the parser of the ``assistant`` command and its commands.

    With ``argv`` (the arguments it will parse) starting with a command's name, only that command is added:
    argparse can then choose no other, nor show the main help, and a one-shot ``assistant ask`` builds no other
    command's parser. Any other ``argv``, or none, gets every command.
    """
    from . import __version__

    only = argv[0] if argv and argv[0] in _COMMANDS else None
    parser = Parser(prog="assistant", description="An offline FAQ assistant for an overdue 微粒贷 repayment. "
                                                  "With no command, starts the chat.",
                    epilog=epilog() if only is None else None, formatter_class=_RawDescription)
    _add_global_options(parser, command=False)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    parser.commands = commands.choices

    def add(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=summary, description=description, formatter_class=_Formatter)
        _add_global_options(command, command=True)
        return command

    for name, add_command in _COMMANDS.items():
        if only is None or name == only:
            add_command(add)
    return parser
