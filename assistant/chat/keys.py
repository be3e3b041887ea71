"""The chat's key bindings, all made in one factory. They take precedence over prompt_toolkit's defaults."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.key_binding.bindings.mouse import load_mouse_bindings
from prompt_toolkit.keys import Keys

_MOUSE = load_mouse_bindings()


def create_key_bindings(on_idle_interrupt: Callable[[], None] | None = None) -> KeyBindings:
    """Return the chat's key bindings.

    ``on_idle_interrupt`` is called when Ctrl-C is pressed on an empty line (the session uses it to
    remind how to quit).
    """
    bindings = KeyBindings()

    @Condition
    def line_is_empty() -> bool:
        return not get_app().current_buffer.text

    @bindings.add("c-c")
    def _clear_line(event: KeyPressEvent) -> None:
        """Ctrl-C: clear the current line (and close the completion menu) instead of quitting."""
        buffer = event.current_buffer
        if not buffer.text and on_idle_interrupt is not None:
            on_idle_interrupt()
        buffer.reset()

    @bindings.add(Keys.Vt100MouseEvent)
    def _mouse(event: KeyPressEvent) -> None:
        """A mouse report: handled as prompt_toolkit does, but typed look-alikes (ESC [ 3 1 m) are ignored."""
        for binding in _MOUSE.get_bindings_for_keys((Keys.Vt100MouseEvent,)):
            with contextlib.suppress(ValueError, KeyError, IndexError):
                binding.handler(event)

    @bindings.add("c-d", filter=line_is_empty)
    def _end_chat(event: KeyPressEvent) -> None:
        """Ctrl-D on an empty line: end the chat; the session says goodbye."""
        event.app.exit(exception=EOFError(), style="class:exiting")

    return bindings
