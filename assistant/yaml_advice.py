"""What to tell the maintainer about a YAML syntax error: where a quote or bracket opens that is never closed
(``unclosed_opening``), a list item written without its '- ' (``dashless_item``), and the usual causes of the
parser's complaint put as what to do (``syntax_advice``): a tab or a full-width colon '：' in the wrong place, a
value holding ': ' unquoted, a line indented unlike its level.

Importing this module does not import PyYAML: the reader (``yaml_reader``) imports it on the first file it reads,
and calls these once the parser has raised an error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml


def syntax_advice(error: yaml.MarkedYAMLError, text: str) -> str:
    """Return the YAML parser's complaint, with what to do about the usual causes."""
    what = " ".join(part for part in (error.context, error.problem) if part)
    mark = error.problem_mark
    if mark is not None:
        lines = text.split("\n")
        row = lines[mark.line] if 0 <= mark.line < len(lines) else ""
        if "\t" in row[: mark.column + 1] and not row[: row.index("\t")].strip(" -"):
            return "a tab in the indentation: indent with spaces only"
        for number in range(mark.line, max(mark.line - 2, -1), -1):  # the scanner stops a line late
            line = lines[number] if number < len(lines) else ""
            field = re.match(r"\s*(?:- +)?([A-Za-z_]+)\s*：", line)  # a field name then a full-width colon
            if field:
                return (f"{what}: line {number + 1} has a full-width colon '：' where YAML needs ':' and a space "
                        f"(write '{field.group(1)}: …')")
    if mark is not None:
        opening = _indicator_opening(text, mark.line, what)
        if opening is not None:
            return f"{what}: {opening}"
        commaless = _commaless_key(text, mark, error.context or "")
        if commaless is not None:
            return f"{what}: line {mark.line + 1} has no ',' before '{commaless}:' (write ', {commaless}: …')"
    if error.problem == "mapping values are not allowed in this context":
        return f"{what}: a value holding ': ' must be quoted, or the indentation is off"
    if mark is not None and any(sign in (error.problem or "") for sign in _INDENTATION_SIGNS):
        return f"{what}: {_indentation_hint(text, mark.line)}"
    return what


# What YAML reads a plain text's first character as, and what the parser says when the rest of the text does not
# fit that reading (for a quote or a bracket: that it closes before the text ends).
_INDICATORS = {"*": ("an alias", "while scanning an alias"), "&": ("an anchor", "while scanning an anchor"),
               "!": ("a tag", "while scanning a tag"), "%": ("a directive", "cannot start any token"),
               "@": ("a reserved sign", "cannot start any token"), "`": ("a reserved sign", "cannot start any token"),
               "|": ("a block of text on the lines below", "while scanning a block scalar"),
               ">": ("a block of text on the lines below", "while scanning a block scalar"),
               "-": ("a list item", "block sequence entries are not allowed"),
               "[": ("a list that ends at its ']'", None), "{": ("a mapping that ends at its '}'", None),
               '"': ("a quoted text that ends at its closing quote", None),
               "'": ("a quoted text that ends at its closing quote", None)}
_CLOSING = {"[": "]", "{": "}", '"': '"', "'": "'"}


def _indicator_opening(text: str, row: int, complaint: str) -> str | None:
    """Return what to do when line ``row`` (from 0) holds a field's text (or a list item's) opening with a sign YAML
    reads as syntax, ``question: *重要* 几点开门`` or ``question: "双十一"有优惠吗``, and the parser's ``complaint`` is
    the one that sign brings; None otherwise."""
    lines = text.split("\n")
    line = lines[row] if 0 <= row < len(lines) else ""
    found = re.fullmatch(r"\s*(?:- +)?(?:(?P<key>[A-Za-z_]+): +)?(?P<value>\S.*?)\s*", line)
    if found is None or not (found.group("key") or line.lstrip().startswith("- ")):
        return None
    value = found.group("value")
    sign = value[0]
    if sign not in _INDICATORS:
        return None
    meaning, said = _INDICATORS[sign]
    if said is not None and said not in complaint:
        return None
    if sign in _CLOSING:  # a quote or bracket closing before the text ends: more words after it
        closing = value.find(_CLOSING[sign], 1)
        if closing < 0 or closing == len(value) - 1 or (value.count(sign) > 1 and sign in "[{"):
            return None
    quoted = f"'{value}'" if "'" not in value else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    field = f"{found.group('key')}: " if found.group("key") else "- "
    return (f"line {row + 1}'s text starts with {sign!r}, which YAML reads as {meaning}: put the whole text in quotes "
            f"({field}{quoted})")


def _commaless_key(text: str, mark: yaml.Mark, context: str) -> str | None:
    """Return the key the parser met inside braces or brackets where a ',' should have come before it
    (``{q: 几点开门 expect: hours}``: it reads 几点开门 expect as one text, then meets ':'); None otherwise."""
    if not context.startswith("while parsing a flow"):
        return None
    lines = text.split("\n")
    row = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    before, after = row[: mark.column], row[mark.column:]
    if after.startswith(":"):  # the key was read as more words of the value before it
        found = re.search(r"\S\s+([A-Za-z_]+)$", before)
    else:  # the key comes right after a quoted value
        found = re.match(r"([A-Za-z_]+):(?:\s|$)", after)
    return found.group(1) if found else None


def colonless_field(error: yaml.MarkedYAMLError, text: str) -> tuple[yaml.Mark, str] | None:
    """Return where a field name written with no ':' after it is (its line and the name's column) and what to do,
    when that is what the parser met (``- question 几点开门``: YAML reads it as a text running on into the next line,
    where the next field's ': ' is refused, or into the end of the file); None for other errors.

    The parser's own mark is on the line after the field: the field is what to look at."""
    mark = error.problem_mark
    if mark is None or error.problem not in ("mapping values are not allowed in this context",
                                             "could not find expected ':'"):
        return None
    found = _colonless_field(text, mark.line)
    if found is None:
        return None
    number, column, name = found
    from yaml import Mark  # loaded already: the parser raised the error

    what = " ".join(part for part in (error.context, error.problem) if part)
    return (Mark(mark.name, mark.index, number, column, None, 0),
            f"invalid YAML: {what}: line {number + 1} has no ':' after '{name}' (write '{name}: …')")


def _colonless_field(text: str, row: int) -> tuple[int, int, str] | None:
    """Return the line (from 0) above ``row``, the column its field name starts in and the name, when that line is a
    field name, a space and its value with no ':' between them (``- question 几点开门``: YAML reads it as a text
    running on into line ``row``, where the next field's ': ' is then refused); None otherwise."""
    lines = text.split("\n")
    above = next((number for number in range(min(row, len(lines)) - 1, -1, -1)
                  if lines[number].strip() and not lines[number].lstrip().startswith("#")), None)
    if above is None:
        return None
    field = re.fullmatch(r"[ -]*?([a-z_]+) +[^:：#]+", lines[above].rstrip())
    here = lines[row] if row < len(lines) else ""
    # a field of the same mapping as the line refused starts in its column (more words of a text run deeper); at
    # the end of the file (the last field's ':' forgotten) nothing is refused but the end
    if field is None or (here.strip() and field.start(1) != len(here) - len(here.lstrip(" -"))):
        return None
    return above, field.start(1), field.group(1)


def dashless_item(error: yaml.MarkedYAMLError, text: str) -> tuple[yaml.Mark, str] | None:
    """Return where a list item without its '- ' starts and what to do, when that is what the parser met: a line of
    plain text in the column of the dashes of the '- ' items above it (an alternate added by hand, its '- '
    forgotten), which YAML reads as a key whose ':' never comes; None for other errors."""
    mark = error.context_mark
    if error.context != "while scanning a simple key" or mark is None:
        return None
    lines = text.split("\n")
    row = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    if row[: mark.column].strip():
        return None
    # the item above in its column (lines indented deeper are that item's own: an entry's fields)
    above = next((lines[number] for number in range(mark.line - 1, -1, -1)
                  if lines[number].strip() and not lines[number].lstrip().startswith("#")
                  and len(lines[number]) - len(lines[number].lstrip()) <= mark.column), "")
    if not above.lstrip().startswith("- ") or len(above) - len(above.lstrip()) != mark.column:
        return None
    field = re.match(r"- +([A-Za-z_]+): ", above.lstrip())
    if field is not None:  # the items are mappings (entries): a bare text is none of their fields
        return mark, (f"invalid YAML: line {mark.line + 1} ({row.strip()!r}) stands among the '- ' items of a list "
                      f"but is none: write it as they are written ('- {field.group(1)}: …'), or remove it")
    return mark, "invalid YAML: " + dashless_advice(mark.line + 1, row.strip())


def dashless_advice(line: int, words: str) -> str:
    """Return what to do about line ``line`` holding ``words`` among the '- ' items of a list without a '- ' of its
    own."""
    return (f"line {line} ({words!r}) has no '- ' before it, among the '- ' items of a list: write '- {words}' to make "
            "it one more item")


def unclosed_opening(error: yaml.MarkedYAMLError, text: str) -> tuple[yaml.Mark, str] | None:
    """Return where a quote or bracket opens that is never closed, and what to do; None for other errors.

    The parser notices only lines later (often at the end of the file): the opening is what to look at.
    """
    import yaml  # already imported by the reader that met the error

    opened, found = error.context_mark, error.problem_mark
    lines = text.split("\n")
    if error.context == "while parsing a flow node" and found is not None and not "\n".join(
            lines[found.line:])[found.column:].strip():
        # the file ends inside a '[' or '{': the parser marks the end, the opening is found by reading back
        opening = _last_open_flow(text)
        if opening is not None:
            opened = yaml.Mark(found.name, 0, opening[0], opening[1], None, None)  # type: ignore[arg-type]
    if opened is None or found is None or found.line <= opened.line:
        return None
    opening_line = lines[opened.line] if opened.line < len(lines) else ""
    sign = opening_line[opened.column: opened.column + 1]
    where = "the end of the file" if found.line >= len(lines) - 1 and not "".join(lines[found.line:]).strip() \
        else f"line {found.line + 1}"
    if error.context == "while scanning a quoted scalar" and sign in "'\"":
        return opened, f"invalid YAML: the quote {sign} opened here is not closed before {where}: close it with {sign}"
    closing = {"[": "]", "{": "}"}.get(sign)
    if error.context in ("while parsing a flow sequence", "while parsing a flow mapping",
                         "while parsing a flow node") and closing:
        return opened, (f"invalid YAML: the '{sign}' opened here is not closed before {where}: close it with "
                        f"'{closing}' (items are separated by ', ')")
    return None


def _last_open_flow(text: str) -> tuple[int, int] | None:
    """Return the line and column (from 0) of the innermost '[' or '{' still open at the end of ``text``;
    None when every one that opens a flow collection is closed.

    A bracket opens a collection only where a value starts (after ': ', '- ', a line's indentation, or
    inside a collection after ',', '[' or '{'); elsewhere it is part of a plain text. Quoted texts and
    comments are skipped.
    """
    stack: list[tuple[int, int]] = []
    for row, line in enumerate(text.split("\n")):
        starts_value = True
        column = 0
        while column < len(line):
            char = line[column]
            if char == "#" and (column == 0 or line[column - 1] in " \t"):
                break
            if char in "'\"" and starts_value:
                end = line.find(char, column + 1)
                if end < 0:
                    return None   # a quote running on: the quote's own advice is the better one
                column, starts_value = end + 1, False
                continue
            if char in "[{" and starts_value:
                stack.append((row, column))
            elif char in "]}" and stack:
                stack.pop()
                starts_value = False
                column += 1
                continue
            if char in "[{,":
                starts_value = bool(stack) or char != ","
            elif char in ":-" and line[column + 1: column + 2] in ("", " ") and (
                    char == ":" or not line[:column].strip()):   # 'key: ' or a line's '- '
                starts_value = True
            elif not char.isspace():
                starts_value = False
            column += 1
    return stack[-1] if stack else None


# What PyYAML (either parser) says when a line is indented unlike the lines of its level.
_INDENTATION_SIGNS = ("expected <block end>", "did not find expected key", "did not find expected '-' indicator")


def _indentation_hint(text: str, row: int) -> str:
    """Return what to do about line ``row`` (from 0) being indented unlike the lines above it."""
    lines = text.split("\n")

    def indent(line: str, items: bool) -> int:
        # a '- ' item's fields start after its dash; the dashes of a list line up with each other
        match = re.match(r" *" if items else r" *(?:- +)*", line)
        return match.end() if match else 0

    here = lines[row] if 0 <= row < len(lines) else ""
    items = here.lstrip(" ").startswith("-")
    above = next((number for number in range(min(row, len(lines)) - 1, -1, -1)
                  if lines[number].strip() and not lines[number].lstrip().startswith("#")), None)
    what = "the '- ' items of one list" if items else "the fields of one mapping"
    if above is None:
        return f"check the indentation: {what} start in the same column"
    field = re.fullmatch(r"( *)(?:- +)?([^\s:#'\"-][^:#]*): +\S.*", lines[above])
    if items and field is not None and len(field.group(1)) == indent(here, True) and not lines[above].lstrip(
            ).startswith("-"):
        # a list put among a mapping's fields with no key of its own (its key line forgotten, 'alternates:')
        return (f"line {row + 1} is a '- ' item among the fields of a mapping (line {above + 1}: "
                f"'{field.group(2)}: …'): put the list under a key of its own on the line above it, such as "
                "'alternates:', its items indented under that key")
    return (f"check the indentation: line {row + 1} starts at column {indent(here, items) + 1}, line {above + 1} "
            f"above it at column {indent(lines[above], items) + 1}; {what} start in the same column")
