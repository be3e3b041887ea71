"""A prompt that leaves no blank line behind when the prompt and what was typed fill the last line exactly.

While a line is typed, prompt_toolkit gives every input line one column more than its text, a place for the
cursor after the last character; when prompt and text fill the line exactly, that column is a row of its
own. Once the line is entered the cursor is gone, but the row was still left on the screen, blank, between
the question and the answer. Here the entered line is drawn without that column.
"""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.layout.controls import BufferControl, UIContent

__all__ = ["fit_entered_line"]


def fit_entered_line(session: PromptSession[str]) -> PromptSession[str]:
    """Make ``session`` draw an entered line without the cursor's column after it; returns the session."""
    for window in session.layout.find_all_windows():
        control = window.content
        if isinstance(control, BufferControl) and control.buffer is session.default_buffer:
            control.create_content = _fitted(control.create_content)  # type: ignore[method-assign,assignment]
    return session


def _fitted(create_content: Callable[[int, int, bool], UIContent]) -> Callable[[int, int, bool], UIContent]:
    def create(width: int, height: int, preview_search: bool = False) -> UIContent:
        content: UIContent = create_content(width, height, preview_search)
        if get_app().is_done:
            get_line = content.get_line

            def without_cursor_column(row: int) -> StyleAndTextTuples:
                fragments = get_line(row)
                return fragments[:-1] if fragments and tuple(fragments[-1]) == ("", " ") else fragments

            content.get_line = without_cursor_column
        return content

    return create
