"""The terminal chat: a prompt_toolkit REPL over a ``Matcher``. The only part of the package that imports
prompt_toolkit.

>>> from assistant import Matcher
>>> from assistant.chat import run_chat
>>> run_chat(Matcher())          # doctest: +SKIP
0
"""

from __future__ import annotations

from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from ..matcher import Matcher
from .session import ChatSession, history_path

__all__ = ["ChatSession", "history_path", "run_chat"]


def run_chat(matcher: Matcher, *, kb_path: str | None = None, color: bool = True, log_misses: bool = True,
             input: Input | None = None, output: Output | None = None) -> int:
    """Chat in the terminal until Ctrl-D, /quit or exit; returns the exit status (0).

    ``kb_path`` is the knowledge base ``/reload`` reads again (None: the bundled one); ``color=False`` prints
    no colours; ``log_misses=False`` keeps unanswered questions out of the local log. ``input`` and
    ``output`` default to the terminal.
    """
    return ChatSession(matcher, kb_path=kb_path, color=color, log_misses=log_misses, input=input,
                       output=output).run()
