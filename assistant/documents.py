"""Source documents: whether the section an entry cites is one of the document's own headings.

``assistant check --documents FOLDER`` reads each listed source from FOLDER (by its ``file`` name) and
reports a citation whose section the document does not have. A section is written as the document's
headings from the outermost in, joined by ``SECTION_SEPARATOR``; each must be a heading of the document
(see ``is_heading``) found after the one before it, so that ``二、… > 1. 及时结清欠款`` names the
``1. 及时结清欠款`` under ``二、…``, not an earlier one with the same words.
"""

from __future__ import annotations

import os
from pathlib import Path

SECTION_SEPARATOR = " > "
"""Joins the headings of a cited section, outermost first."""

_LIST_MARKERS = "-•*·"
_LABEL_ENDS = (":", "：")


def _heading_text(line: str) -> str:
    return line.strip().lstrip(_LIST_MARKERS).strip()


def is_heading(line: str, heading: str) -> bool:
    """Return whether ``line`` of a document is ``heading``: the whole line, or a label opening the line.

    A list marker (``-``) and surrounding spaces are ignored; a label is the heading followed at once by a
    colon, as in ``- 联系客服:发现无法按时还款时…``.

    >>> is_heading("1. 逾期还款记录", "1. 逾期还款记录"), is_heading("1. 逾期还款记录", "1 逾期还款记录")
    (True, False)
    >>> is_heading("- 联系客服:发现无法按时还款时", "联系客服"), is_heading("联系客服沟通", "联系客服")
    (True, False)
    """
    text = _heading_text(line)
    heading = heading.strip()
    if not heading or not text.startswith(heading):
        return False
    rest = text[len(heading):]
    return not rest or rest.startswith(_LABEL_ENDS)


def missing_heading(text: str, section: str) -> str | None:
    """Return the first heading of ``section`` that ``text`` does not have after the heading before it.

    Returns None when every heading is found, in order.

    >>> article = "一、影响\\n1. 记录\\n正文\\n二、办法\\n1. 还清\\n"
    >>> missing_heading(article, "二、办法 > 1. 还清") is None
    True
    >>> missing_heading(article, "二、办法 > 1. 记录"), missing_heading(article, "一、作用")
    ('1. 记录', '一、作用')
    """
    lines = text.splitlines()
    start = 0
    for heading in section.split(SECTION_SEPARATOR):
        found = next((index for index in range(start, len(lines)) if is_heading(lines[index], heading)), None)
        if found is None:
            return heading.strip()
        start = found + 1
    return None


def read_document(folder: str | os.PathLike[str], file: str) -> str | None:
    """Return the text of the source document ``file`` in ``folder``, or None when it is not there.

    Undecodable bytes are replaced rather than refused: the text is only searched for headings.
    """
    path = Path(folder) / file
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
