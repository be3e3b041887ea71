"""Long output through a pager, as pgcli does: ``$PAGER`` when set, else ``less -R``, only when it would not
fit on the screen."""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import subprocess

from prompt_toolkit.data_structures import Size
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples, fragment_list_to_text
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.output.vt100 import Vt100_Output
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import BaseStyle

from .wrap import width_of


def rows_needed(fragments: StyleAndTextTuples, columns: int) -> int:
    """Return how many screen rows the text of ``fragments`` takes in a terminal ``columns`` wide."""
    text = fragment_list_to_text(fragments)
    columns = max(columns, 1)
    return sum(max(1, -(-width_of(line) // columns)) for line in text.split("\n"))


def pager_command() -> list[str] | None:
    """Return the pager to run: ``$PAGER`` split like a shell would, else ``less -R`` when installed, else
    None (no pager: print as usual). An empty ``$PAGER`` means no pager."""
    chosen = os.environ.get("PAGER")
    if chosen is not None:
        try:
            words = shlex.split(chosen)
        except ValueError:
            return None
        return words or None
    less = shutil.which("less")
    return [less, "-R"] if less else None


def to_ansi(fragments: StyleAndTextTuples, style: BaseStyle, *, color: bool, columns: int) -> str:
    """Return ``fragments`` as the characters a terminal would get (colour escapes only with ``color``)."""
    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=24, columns=columns), term="xterm")
    print_formatted_text(FormattedText(fragments), output=output, style=style,
                         color_depth=ColorDepth.DEPTH_8_BIT if color else ColorDepth.DEPTH_1_BIT,
                         include_default_pygments_style=False)
    text = buffer.getvalue()
    # Vt100_Output hides and shows the cursor around what it prints; a pager should get the text alone.
    return text.replace("\x1b[?25l", "").replace("\x1b[?25h", "")


def run_pager(command: list[str], text: str) -> bool:
    """Show ``text`` in the pager ``command`` until it ends; returns False when the pager could not be started or
    ended with a failure status (``PAGER=false``, an option ``less`` does not know): it showed nothing to count on,
    so the text is for the caller to print.

    Ctrl-C reaches the pager and the chat alike (one process group): it is the pager's to act on (less stops a
    search and stays, as under git), and the chat goes on waiting for it. Killed at once, as ``subprocess.run``
    does on an interrupt, less would leave the terminal in its own modes, and the next prompt would read the
    terminal's replies to its queries (``^[[20;1R``) as typed text.
    """
    environment = dict(os.environ)
    environment.setdefault("LESSCHARSET", "utf-8")
    # PAGER=less (no -R) would show the colours as ESC[0;1m: as git does, less gets R unless LESS says otherwise.
    environment.setdefault("LESS", "R")
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    with process:
        try:
            _send(process, text.encode("utf-8", "replace"))
            while True:
                try:
                    process.wait()
                    break
                except KeyboardInterrupt:
                    continue
        except BaseException:  # anything but Ctrl-C ends the chat: the pager is not left behind
            process.kill()
            raise
    return process.returncode == 0


def _send(process: subprocess.Popen[bytes], data: bytes) -> None:
    """Write ``data`` to the pager's standard input and close it; a pager that ended first reads no more."""
    assert process.stdin is not None
    try:
        process.stdin.write(data)
        process.stdin.close()
    except (BrokenPipeError, KeyboardInterrupt):
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
