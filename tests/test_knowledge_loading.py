"""Loading and checking knowledge bases: every kind of broken file is refused with one line naming the file,
the line and the problem, exit status 2, no traceback, and the file is left exactly as it was.

Each case is a small file written by the test. Most run the command line in-process (``cli.main``) for speed;
a few run the real ``python -m assistant`` to see the process's exit status and that no traceback appears.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import HEADER, REPO, entry_yaml

from assistant import cli
from assistant.entry_ids import question_id
from assistant.errors import KnowledgeError, Problem
from assistant.knowledge import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    inspect_knowledge,
    knowledge_from_data,
    load_knowledge,
)

HEADER_LINES = HEADER.count("\n")
"""Lines taken by ``conftest.HEADER``: an entries list written after it starts on the next line."""
E = HEADER_LINES + 2
"""The line of the first entry's ``- id:`` when ``entries:`` follows the header."""


@dataclass
class Outcome:
    status: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """Run ``assistant ARGS…`` in this process; returns the exit status and what it printed."""

    def go(*args: str) -> Outcome:
        status = cli.main(list(args))
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return go


def snapshot(path: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``path`` (or ``path`` itself) with its SHA-256 and modification time."""
    if not path.exists() or path.is_char_device():
        return {}
    files = [path] if not path.is_dir() else sorted(p for p in path.rglob("*") if p.is_file())
    found = {}
    for file in files:
        digest = hashlib.sha256()
        size = file.stat().st_size
        with file.open("rb") as handle:
            if size <= 16 << 20:
                digest.update(handle.read())
            else:  # the sparse very large file: its size, its start and its end
                digest.update(handle.read(1 << 20) + str(size).encode())
                handle.seek(size - (1 << 20))
                digest.update(handle.read())
        found[str(file)] = (digest.hexdigest(), file.stat().st_mtime_ns)
    return found


# -- the cases: (how to make the broken knowledge base, the problem line expected) -------------------------

Maker = Callable[[Path], tuple[Path, str]]
CASES: dict[str, Maker] = {}


def case(name: str) -> Callable[[Maker], Maker]:
    def register(make: Maker) -> Maker:
        CASES[name] = make
        return make

    return register


def write(path: Path, text: str, header: bool = True) -> Path:
    path.write_text((HEADER if header else "") + text, encoding="utf-8")
    return path


@case("missing field")
def _missing_field(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    answer: 答案。\n"
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, f"{path}:{E}: [a] missing field 'question': add it"


@case("empty field")
def _empty_field(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: ''\n    answer: 答案。\n"
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, f"{path}:{E + 1}: [a] field 'question' is empty: write it"   # (not "remove it": it is needed)


@case("a field written with a text opening with '#', which YAML reads as a comment: no text")
def _text_read_as_comment(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: #几点开门#\n    answer: 答案。\n"
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 1}: [a] field 'question' has no text: write it after 'question: ' (a text opening "
                  "with '#' is a comment to YAML: put it in quotes)")


@case("a number where text belongs")
def _number(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 12\n    answer: 答案。\n"
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 1}: [a] field 'question' must be text, not a number or other non-text value: "
                  "quote it")


@case("text where a list belongs")
def _not_a_list(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    alternates: 问法\n"
                                  "    answer: 答案。\n    source: {document: doc.txt, section: 一}\n")
    return path, f"{path}:{E + 2}: [a] field 'alternates' must be a list (one '- item' per line)"


@case("a list where text belongs")
def _list_answer(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    answer: [答案]\n"
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 2}: [a] field 'answer' must be text, not a list: write one text, without '[ ]' or "
                  "'- ' items")


@case("entries not a list")
def _entries_mapping(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  id: a\n")
    return path, f"{path}:{E}: entries must be a list of entries ('- id: …')"


@case("unknown field")
def _unknown_field(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    alternate: [问法]\n"
                                  "    answer: 答案。\n    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 2}: [a] unknown field 'alternate' in an entry: did you mean 'alternates'? "
                  "(expected one of: alternates, "
                  "answer, follow_ups, id, question, source, topic)")


@case("the fallback indented under the header: where it belongs is said")
def _fallback_in_header(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "knowledge_base:\n  title: 店\n  language: zh\n  version: '1'\n  fallback: 不知道\n"
                                  "entries:\n  - id: a\n    question: 问题\n    answer: 答案。\n", header=False)
    return path, (f"{path}:5: 'fallback' is not a field of knowledge_base: it belongs at the top level: write it "
                  "with no indentation, as 'entries:'")


@case("the header's sources written unindented, at the top level: where they belong is said")
def _sources_at_top(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "knowledge_base:\n  title: 店\n  language: zh\n  version: '1'\nfallback: 不知道\n"
                                  "sources:\n  - file: doc.txt\n    title: 文档\n"
                                  "entries:\n  - id: a\n    question: 问题\n    answer: 答案。\n", header=False)
    return path, (f"{path}:6: 'sources' is not a field of the top level: it belongs under knowledge_base: indent it "
                  "as the header's other fields")


@case("id not a slug")
def _bad_id(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: Hotline Number\n    question: 问题\n    answer: 答案。\n"
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E}: [Hotline Number] id must be an ASCII slug: lowercase letters, digits and '-' "
                  "(e.g. hotline-number)")


@case("duplicate id")
def _duplicate_id(tmp: Path) -> tuple[Path, str]:
    body = ("entries:\n" + entry_yaml("a", "问题一", alternates="问法一")
            + entry_yaml("a", "问题二", alternates="问法二"))
    path = write(tmp / "kb.yaml", body)
    return path, f"{path}:{E + 5}: [a] duplicate id (first at {path}:{E}): give each entry its own id"


@case("the same question twice in a bare list")
def _same_bare_question(tmp: Path) -> tuple[Path, str]:
    # a bare list writes no ids: the ids made from the question collide, and the question is what to fix
    path = write(tmp / "faq.yaml", "- question: 几点开门？\n  answer: 九点。\n- question: 幾點開門\n  answer: 十点。\n",
                 header=False)
    made = question_id("几点开门？")
    return path, (f"{path}:3: [{made}] the same question as the entry at {path}:1 (once punctuation, case and "
                  "traditional characters are set aside): keep one entry for it")


@case("duplicate key")
def _duplicate_key(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    answer: 答案一。\n"
                                  "    answer: 答案二。\n    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 3}: duplicate key 'answer' (first on line {E + 2}): remove one, "
                  "YAML would silently keep only the last")


@case("duplicate key in the header")
def _duplicate_header_key(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", HEADER.replace("  version: \"1\"\n", "  version: \"1\"\n  title: 又一个\n")
                 + "entries: []\n", header=False)
    return path, (f"{path}:5: duplicate key 'title' (first on line 2): remove one, "
                  "YAML would silently keep only the last")


@case("follow_ups naming an unknown id")
def _unknown_follow_up(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="问法")
                 + "    follow_ups:\n      - no-such-entry\n")
    return path, f"{path}:{E + 6}: [a] follow_ups names unknown id 'no-such-entry': correct it or remove it"


@case("an alternate under two entries")
def _alternate_twice(tmp: Path) -> tuple[Path, str]:
    body = ("entries:\n" + entry_yaml("a", "问题一", alternates="共同的问法")
            + entry_yaml("b", "问题二", alternates="共同 的问法！"))  # the same once normalized
    path = write(tmp / "kb.yaml", body)
    return path, (f"{path}:{E + 7}: [b] '共同 的问法！' also belongs to entry 'a' ({path}:{E + 2}): "
                  "keep it under one entry only")


@case("an unknown source document")
def _unknown_source(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="问法")
                 .replace("doc.txt", "other.txt"))
    return path, (f"{path}:{E + 4}: [a] source document 'other.txt' is not listed under knowledge_base.sources "
                  "(listed: doc.txt): correct it or list it")


@case("an escape sequence in an answer")
def _escape_in_answer(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n"
                                  '    answer: "答案\\e[2J\\e]0;pwned\\a"\n'
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 2}: [a] field 'answer' contains control character U+001B "
                  "(ESC, which starts terminal escape sequences): remove it")


@case("a control character in a question")
def _nul_in_question(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", 'entries:\n  - id: a\n    question: "问\\0题"\n    answer: 答案。\n'
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, f"{path}:{E + 1}: [a] field 'question' contains control character U+0000 (NUL): remove it"


@case("a right-to-left override in an alternate")
def _bidi_in_alternate(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    alternates:\n"
                                  '      - "\\u202e题问"\n    answer: 答案。\n'
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 3}: [a] item 1 of 'alternates' contains control character U+202E "
                  "(right-to-left override): remove it")


@case("an escape sequence in the title")
def _escape_in_title(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", HEADER.replace("title: 测试知识库", 'title: "\\e]0;owned\\a测试"'),
                 header=False)
    return path, (f"{path}:2: field 'title' contains control character U+001B "
                  "(ESC, which starts terminal escape sequences): remove it")


@case("no header")
def _no_header(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "fallback: 不知道。\n", header=False)
    return path, f"{path}: no knowledge_base header: add title, language and version"


@case("no header and 'entries:' with none under it")
def _no_header_nor_entries(tmp: Path) -> tuple[Path, str]:
    # entries need no header (as a bare list): what is missing is the entries, not the header and fallback
    path = write(tmp / "kb.yaml", "entries: []\n", header=False)
    return path, f"{path}: no entries: add the questions and answers under 'entries:'"


@case("no header and 'entries:' left empty")
def _no_header_nor_entries_written(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "# 问答\nentries:\n", header=False)
    return path, f"{path}: no entries: add the questions and answers under 'entries:'"


@case("missing path")
def _missing(tmp: Path) -> tuple[Path, str]:
    path = tmp / "no-such.yaml"
    return path, f"{path}: no such file or folder: check the path"


@case("a folder with no YAML")
def _empty_folder(tmp: Path) -> tuple[Path, str]:
    folder = tmp / "kb"
    folder.mkdir()
    (folder / "notes.txt").write_text("not YAML", encoding="utf-8")
    return folder, f"{folder}: folder holds no .yaml or .yml files: check the path"


@case("a folder whose YAML is in a subfolder")
def _yaml_in_a_subfolder(tmp: Path) -> tuple[Path, str]:
    folder = tmp / "kb"
    (folder / "faq").mkdir(parents=True)
    write(folder / "faq" / "shop.yaml", "- question: 几点开门？\n  answer: 九点。\n", header=False)
    return folder, (f"{folder}: folder holds no .yaml or .yml files (its subfolder faq holds some, but only the "
                    f"folder's own files are read): give {folder / 'faq'}")


@case("a folder where a file is expected")
def _folder_as_file(tmp: Path) -> tuple[Path, str]:
    folder = tmp / "kb"
    (folder / "entries.yaml").mkdir(parents=True)
    return folder, f"{folder / 'entries.yaml'}: is a folder, but a .yaml name promises a file: rename or remove it"


@case("a device where a file is expected")
def _device(tmp: Path) -> tuple[Path, str]:
    return Path(os.devnull), f"{os.devnull}: is not a file or a folder: give a YAML file or a folder"


@case("not UTF-8")
def _gbk(tmp: Path) -> tuple[Path, str]:
    path = tmp / "kb.yaml"
    path.write_bytes(HEADER.encode("gbk"))  # a file saved in the legacy Chinese encoding
    return path, f"{path}:2: not UTF-8 text (byte 0xb2): save the file as UTF-8"


@case("UTF-16")
def _utf16(tmp: Path) -> tuple[Path, str]:
    path = tmp / "kb.yaml"
    path.write_bytes(HEADER.encode("utf-16"))  # Notepad's "Unicode": a byte-order mark, then two bytes a character
    return path, f"{path}: UTF-16 text (it opens with UTF-16's byte-order mark): save the file as UTF-8"


@case("invalid YAML")
def _invalid(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题: 还是问题\n")
    return path, (f"{path}:{E + 1}:17: invalid YAML: mapping values are not allowed in this context: "
                  "a value holding ': ' must be quoted, or the indentation is off")


@case("a follow-up id misspelt")
def _misspelt_follow_up(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n" + entry_yaml("hotline", "问题", alternates="问法")
                 + "    follow_ups: [hotlin]\n")
    return path, f"{path}:{E + 5}: [hotline] follow_ups names unknown id 'hotlin': did you mean 'hotline'?"


@case("an entry without a source in a base that lists its documents")
def _no_source(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    answer: 答案。\n")
    return path, (f"{path}:{E}: [a] missing field 'source': this knowledge base lists its documents, so cite "
                  "the document and section the answer comes from")


@case("a follow-up naming its own entry")
def _self_follow_up(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="问法")
                 + "    follow_ups: [a]\n")
    return path, f"{path}:{E + 5}: [a] follow_ups names the entry itself: name the entries people ask next"


@case("no entries")
def _no_entries(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries: []\n")
    return path, f"{path}: no entries: add the questions and answers under 'entries:'"


@case("small talk but no entries")
def _only_small_talk(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "smalltalk:\n  - id: hello\n    question: 你好\n    answer: 你好！\n")
    return path, f"{path}: no entries: add the questions and answers under 'entries:'"


@case("a list item indented deeper than the one above")
def _folded_item(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    alternates:\n      - 问法一\n"
                                  "        - 问法二\n    answer: 答案。\n"
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 4}: '- 问法二' is indented deeper than the line above it, so YAML reads it as "
                  f"more words of the text on line {E + 3} ('问法一 - 问法二'): put the '- ' items of a list in the "
                  "same column")


@case("a list item indented deeper than a long text above: the text quoted is cut")
def _folded_item_after_long_text(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    alternates: 问法\n"
                                  + "".join(f"      - 问法{n}号\n" for n in range(10))
                                  + "    answer: 答案。\n    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 3}: '- 问法0号' is indented deeper than the line above it, so YAML reads it as "
                  f"more words of the text on line {E + 2} ('问法 - 问法0号 - 问法1号 - 问法2号 - 问法3号 - "
                  "问法4号 - …'): put the '- ' items of a list in the same column")


@case("the last item of a list written without its '- ' (an alternate added by hand): the line named")
def _dashless_last_item(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    alternates:\n      - 问法一\n"
                                  "      问法二\n    answer: 答案。\n    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 4}:7: invalid YAML: line {E + 4} ('问法二') has no '- ' before it, among the '- ' "
                  "items of a list: write '- 问法二' to make it one more item")


@case("a line of text among the entries, which are mappings: the line named, and how its neighbours are written")
def _stray_text_among_entries(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    answer: 答案。\n"
                                  "    source: {document: doc.txt, section: 一}\n  还有一个问题\n")
    return path, (f"{path}:{E + 4}:3: invalid YAML: line {E + 4} ('还有一个问题') stands among the '- ' items of a "
                  "list but is none: write it as they are written ('- id: …'), or remove it")


@case("an item written without its '- ' before the other items of its list: that line named, not the next")
def _dashless_item_before_items(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    alternates:\n      问法一\n"
                                  "      - 问法二\n    answer: 答案。\n    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 3}: line {E + 3} ('问法一') has no '- ' before it, among the '- ' items of a list: "
                  "write '- 问法一' to make it one more item")


@case("a list of mappings indented under a field that holds a text: one problem, not a syntax error too")
def _folded_mapping_item(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    alternates: 问法\n"
                                  "      - 问法一: 备注\n    answer: 答案。\n"
                                  "    source: {document: doc.txt, section: 一}\n")
    return path, (f"{path}:{E + 3}: '- 问法一: 备注' is indented deeper than the line above it, so YAML reads it "
                  f"as more words of the text on line {E + 2} ('问法 - 问法一'): put the '- ' items of a list in "
                  "the same column")


@case("a field indented less than the one above")
def _field_indented_less(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n   answer: 答案。\n")
    return path, (f"{path}:{E + 2}:4: invalid YAML: while parsing a block collection did not find expected '-' "
                  f"indicator: check the indentation: line {E + 2} starts at column 4, line {E + 1} above it at "
                  "column 5; the fields of one mapping start in the same column")


@case("a list item indented less than the one above")
def _item_indented_less(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    alternates:\n      - 问法一\n     - 问法二\n")
    return path, (f"{path}:{E + 3}:6: invalid YAML: while parsing a block mapping did not find expected key: "
                  f"check the indentation: line {E + 3} starts at column 6, line {E + 2} above it at column 7; "
                  "the '- ' items of one list start in the same column")


@case("a list put among an entry's fields with no key of its own")
def _list_without_key(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "- question: 几点开门\n  answer: 六点\n  - 几点营业\n", header=False)
    return path, (f"{path}:3:3: invalid YAML: while parsing a block mapping did not find expected key: line 3 is a "
                  "'- ' item among the fields of a mapping (line 2: 'answer: …'): put the list under a key of its "
                  "own on the line above it, such as 'alternates:', its items indented under that key")


@case("a field name with no colon after it, in a list item: its line, not the next one the parser stopped on")
def _colonless_item(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "- question: 几点开门\n  answer: 六点\n- question 办卡\n  answer: 299元\n",
                 header=False)
    return path, (f"{path}:3:3: invalid YAML: mapping values are not allowed in this context: line 3 has no ':' "
                  "after 'question' (write 'question: …')")


@case("a field name with no colon after it, in a mapping")
def _colonless_field(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question 问题\n    answer: 答案。\n")
    return path, (f"{path}:{E + 1}:5: invalid YAML: while scanning a simple key could not find expected ':': "
                  f"line {E + 1} has no ':' after 'question' (write 'question: …')")


@case("the last field of the file with no colon after its name: the line it is on, not the end of the file")
def _colonless_last_field(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "- question: 几点开门\n  answer: 六点\n- question: 在哪\n  answer 北京\n\n",
                 header=False)
    return path, (f"{path}:4:3: invalid YAML: while scanning a simple key could not find expected ':': "
                  "line 4 has no ':' after 'answer' (write 'answer: …')")


@case("a field in braces with no comma before it")
def _commaless_flow_field(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "- {question: 几点开门 answer: 六点}\n", header=False)
    return path, (f"{path}:1:25: invalid YAML: while parsing a flow mapping did not find expected ',' or '}}': "
                  "line 1 has no ',' before 'answer:' (write ', answer: …')")


@case("a field in braces with no comma before it, after a quoted text")
def _commaless_after_quotes(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", '- {question: "几点开门" answer: 六点}\n', header=False)
    return path, (f"{path}:1:21: invalid YAML: while parsing a flow mapping did not find expected ',' or '}}': "
                  "line 1 has no ',' before 'answer:' (write ', answer: …')")


@case("more words of an answer, then a value holding ': ': no field name is blamed")
def _text_running_on(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "- question: hours\n  answer: we open\n    at nine: sharp\n", header=False)
    return path, (f"{path}:3:12: invalid YAML: mapping values are not allowed in this context: "
                  "a value holding ': ' must be quoted, or the indentation is off")


@case("one question and answer at the top level, without its '- '")
def _entry_as_the_top_level(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "question: 几点开门？\nanswer: 六点。\n", header=False)
    return path, (f"{path}:1: the top level is one question and answer, not a list: start each with '- ' "
                  "('- question: …' and '  answer: …' under it)")


@case("an unclosed bracket")
def _unclosed(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries: [\n")
    return path, (f"{path}:{E - 1}:10: invalid YAML: the '[' opened here is not closed before the end of the file: "
                  "close it with ']' (items are separated by ', ')")


@case("a brace left open at the end of the file, after a bracket inside a text")
def _unclosed_at_the_end(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题[一\n    follow_ups: [b, {c: d}\n")
    return path, (f"{path}:{E + 2}:17: invalid YAML: the '[' opened here is not closed before the end of the file: "
                  "close it with ']' (items are separated by ', ')")


@case("a follow-up list whose bracket is never closed")
def _unclosed_follow_ups(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    follow_ups: [b, c\n\n"
                                  "  - id: b\n    question: 问题二\n")
    return path, (f"{path}:{E + 2}:17: invalid YAML: the '[' opened here is not closed before line {E + 4}: "
                  "close it with ']' (items are separated by ', ')")


@case("a mapping whose brace is never closed")
def _unclosed_brace(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - {id: a, question: 问题\n  - id: b\n")
    return path, (f"{path}:{E}:5: invalid YAML: the '{{' opened here is not closed before line {E + 1}: "
                  "close it with '}' (items are separated by ', ')")


@case("a quote never closed")
def _unclosed_quote(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", 'entries:\n  - id: a\n    question: "问题\n    answer: 答案。\n')
    return path, (f'{path}:{E + 1}:15: invalid YAML: the quote " opened here is not closed before the end of '
                  'the file: close it with "')


@case("a tab in the indentation")
def _tab(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "knowledge_base:\n\ttitle: 测试\n", header=False)
    return path, f"{path}:2:1: invalid YAML: a tab in the indentation: indent with spaces only"


@case("a tab after a list item's dash")
def _tab_after_dash(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    alternates:\n      -\t问法\n")
    return path, f"{path}:{E + 3}:8: invalid YAML: a tab in the indentation: indent with spaces only"


@case("a full-width colon after a field name")
def _full_width_colon(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question: 问题\n    answer：答案\n")
    return path, (f"{path}:{E + 2}:5: invalid YAML: while scanning a simple key could not find expected ':': "
                  f"line {E + 2} has a full-width colon '：' where YAML needs ':' and a space (write 'answer: …')")


@case("a full-width colon after another field's name")
def _full_width_colon_question(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\n    question：问题\n    answer: 答案\n")
    return path, (f"{path}:{E + 2}:5: invalid YAML: while scanning a simple key could not find expected ':': "
                  f"line {E + 1} has a full-width colon '：' where YAML needs ':' and a space (write 'question: …')")


@case("a NUL byte")
def _nul_byte(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries:\n  - id: a\x00\n")
    return path, f"{path}:{E}: character U+0000 is not allowed in YAML (a control character): remove it"


@case("a list at the top level whose item lacks its answer")
def _list(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "- id: a\n  question: 问题\n", header=False)
    return path, f"{path}:1: [a] missing field 'answer': add it"


@case("a list at the top level of words, not questions")
def _list_of_words(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "- just words\n", header=False)
    return path, (f"{path}:1: each item of a list of questions must be a mapping with question and answer "
                  "('- question: …')")


@case("text at the top level")
def _text(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "微粒贷逾期了怎么办\n", header=False)
    return path, (f"{path}:1: the top level is text, but must be a mapping with keys such as knowledge_base "
                  "and entries, or a list of questions and answers (a YAML list, not tab- or comma-separated: "
                  "'- question: …' and '  answer: …' under it)")


@case("questions and answers separated by tabs (a TSV file)")
def _tsv(tmp: Path) -> tuple[Path, str]:
    path = tmp / "faq.tsv"
    path.write_text("几点开门？\t每天九点。\n有无线网吗？\t有。\n", encoding="utf-8")
    return path, (f"{path}:1: the top level is text, but must be a mapping with keys such as knowledge_base "
                  "and entries, or a list of questions and answers (a YAML list, not tab- or comma-separated: "
                  "'- question: …' and '  answer: …' under it)")


@case("an empty file")
def _empty(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "# nothing yet\n", header=False)
    return path, f"{path}:1: file is empty: add a knowledge_base header or entries"


@case("two documents in one file")
def _two_documents(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "---\nentries: []\n")
    return path, f"{path}:{E - 1}: a second YAML document ('---') in one file: keep one document per file"


@case("an alias bomb")
def _alias_bomb(tmp: Path) -> tuple[Path, str]:
    # Nine levels of nine aliases each: 9**9 (387 million) strings once expanded.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp / "kb.yaml", "\n".join(lines) + "\n", header=False)
    # a5's aliases each repeat a4 (66,430 values): the first of them takes the total past 100,000.
    return path, (f"{path}:6: YAML aliases repeat far more values than the file writes out "
                  "(an alias bomb?): write the data out")


@case("one long anchored string repeated by thousands of aliases")
def _long_string_aliases(tmp: Path) -> tuple[Path, str]:
    # 12,000 aliases of a 240,000-character answer: few values, but 2.9 billion characters once expanded.
    lines = ["entries:", f"  - {{id: a, question: 问题, answer: &long \"{'长' * 240_000}\"}}"]
    lines += [f"  - {{id: a{i}, question: 问题{i}, answer: *long}}" for i in range(12_000)]
    path = write(tmp / "kb.yaml", "\n".join(lines) + "\n")
    # The 240,000 characters count as 3,751 values: the 38th alias takes the total past the budget of
    # 100,000 plus ten times what the file writes out.
    return path, (f"{path}:{E + 38}: YAML aliases repeat far more values than the file writes out "
                  "(an alias bomb?): write the data out")


@case("an alias inside its own anchor")
def _alias_loop(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "synonyms: &s {逾期: *s}\n")
    return path, (f"{path}:{E - 1}: alias *s is used inside the anchor &s it refers to, which makes a loop: "
                  "write the data out")


@case("nesting a million levels deep")
def _deep(tmp: Path) -> tuple[Path, str]:
    path = write(tmp / "kb.yaml", "entries: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n")
    return path, (f"{path}:{E - 1}: nested more than {MAX_DEPTH} levels deep: a knowledge base needs only a few; "
                  "check the brackets and indentation")


@case("a very large file")
def _large(tmp: Path) -> tuple[Path, str]:
    path = tmp / "kb.yaml"
    with path.open("wb") as handle:  # sparse: takes no disk space and no time to write
        handle.write(HEADER.encode("utf-8"))
        handle.seek(MAX_FILE_BYTES + 1)
        handle.write(b"\n")
    return path, f"{path}: file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it into several files " \
                 "in a folder"


@case("a duplicate id across the files of a folder")
def _duplicate_across_files(tmp: Path) -> tuple[Path, str]:
    folder = tmp / "kb"
    folder.mkdir()
    first = write(folder / "10-a.yaml", "entries:\n" + entry_yaml("a", "问题一", alternates="问法一"))
    second = write(folder / "20-b.yaml", "entries:\n" + entry_yaml("a", "问题二", alternates="问法二"),
                   header=False)
    return folder, f"{second}:2: [a] duplicate id (first at {first}:{E}): give each entry its own id"


@case("two headers in a folder")
def _two_headers(tmp: Path) -> tuple[Path, str]:
    folder = tmp / "kb"
    folder.mkdir()
    first = write(folder / "a.yaml", "entries: []\n")
    second = write(folder / "b.yaml", HEADER.split("fallback:")[0], header=False)
    return folder, f"{second}:2: a second knowledge_base header (the first is in {first}): keep one"


@case("two fallbacks in a folder")
def _two_fallbacks(tmp: Path) -> tuple[Path, str]:
    folder = tmp / "kb"
    folder.mkdir()
    first = write(folder / "a.yaml", "entries: []\n")
    second = write(folder / "b.yaml", "entries: []\nfallback: 另一个。\n", header=False)
    return folder, f"{second}:2: a second fallback (the first is in {first}): keep one"


@pytest.mark.parametrize("name", list(CASES))
def test_check_refuses_with_one_line_and_exit_2(name: str, tmp_path: Path, run: Callable[..., Outcome]) -> None:
    path, expected = CASES[name](tmp_path)
    before = snapshot(path)
    result = run("check", str(path))
    assert (result.status, result.out, result.err.splitlines()) == (2, "", [expected])
    assert snapshot(path) == before


@pytest.mark.parametrize("name", list(CASES))
def test_ask_with_a_broken_knowledge_base_refuses_with_one_line(name: str, tmp_path: Path,
                                                               run: Callable[..., Outcome]) -> None:
    path, expected = CASES[name](tmp_path)
    before = snapshot(path)
    result = run("ask", "--kb", str(path), "客服电话")
    assert (result.status, result.out, result.err) == (2, "", f"assistant: error: {expected}\n")
    assert snapshot(path) == before


@pytest.mark.parametrize("name", list(CASES))
def test_load_knowledge_raises_knowledge_error_with_the_same_problem(name: str, tmp_path: Path) -> None:
    path, expected = CASES[name](tmp_path)
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(path)
    assert [str(problem) for problem in raised.value.problems] == [expected]
    assert str(raised.value) == expected
    knowledge, problems = inspect_knowledge(path)  # never raises
    assert knowledge is None and [str(problem) for problem in problems] == [expected]


@pytest.mark.parametrize("name", ["invalid YAML", "an alias bomb", "nesting a million levels deep", "not UTF-8"])
def test_the_real_command_exits_2_without_a_traceback(name: str, tmp_path: Path) -> None:
    path, expected = CASES[name](tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for args in (["check", str(path)], ["ask", "--kb", str(path), "客服电话"]):
        done = subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                              env=env, timeout=30)
        prefix = "assistant: error: " if args[0] == "ask" else ""
        assert (done.returncode, done.stdout, done.stderr) == (2, "", f"{prefix}{expected}\n")


# -- more than one problem ---------------------------------------------------------------------------------


def test_check_lists_every_problem_then_a_count(tmp_path: Path, run: Callable[..., Outcome]) -> None:
    path = write(tmp_path / "kb.yaml", "entries:\n  - id: a\n    answer: 答案。\n"
                                       "    source: {document: doc.txt, section: 一}\n"
                                       "  - id: b\n    question: 问题\n    answer: 12\n"
                                       "    source: {document: doc.txt, section: 一}\n")
    result = run("check", str(path))
    assert result.status == 2 and result.out == ""
    assert result.err.splitlines() == [
        f"{path}:{E}: [a] missing field 'question': add it",
        f"{path}:{E + 5}: [b] field 'answer' must be text, not a number or other non-text value: quote it",
        "assistant: 2 problems found",
    ]
    result = run("ask", "--kb", str(path), "问题")
    assert result.err == (f"assistant: error: {path}:{E}: [a] missing field 'question': add it "
                          f"(and 1 more problem: run 'assistant check --kb {path}')\n")


def test_a_file_that_cannot_be_read_is_reported_with_the_other_files_own_errors(tmp_path: Path) -> None:
    # Files are read one at a time, each built before the next is read; a file that cannot be read comes
    # first, then each other file's own errors (a.yaml's missing answer), not those between files (the
    # phrasing c.yaml repeats), which the unread file might settle.
    write(tmp_path / "a.yaml", "entries:\n  - id: a\n    question: 问题\n"
                               "    source: {document: doc.txt, section: 一}\n")
    write(tmp_path / "b.yaml", "entries: [\n", header=False)
    write(tmp_path / "c.yaml", "entries:\n" + entry_yaml("c", "问题", alternates="问法"),
          header=False)
    knowledge, problems = inspect_knowledge(tmp_path)
    assert knowledge is None
    # b.yaml's problem is named where its bracket opens
    assert [(problem.file, problem.line) for problem in problems] == [(str(tmp_path / "b.yaml"), 1),
                                                                      (str(tmp_path / "a.yaml"), E)]
    assert problems[0].message.startswith("invalid YAML")
    assert problems[1].message == "missing field 'answer': add it"


def test_lines_of_entries_in_several_files_survive_reading_file_by_file(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="共同的问法"))
    write(tmp_path / "b.yaml", "entries:\n" + entry_yaml("b", "另一个", alternates="共同的问法")
          + "    follow_ups: [zz]\n", header=False)
    knowledge, problems = inspect_knowledge(tmp_path)
    assert knowledge is None
    assert [str(problem) for problem in problems] == [  # (each file's from its top down)
        f"{tmp_path / 'b.yaml'}:4: [b] '共同的问法' also belongs to entry 'a' ({tmp_path / 'a.yaml'}:{E + 2}): "
        "keep it under one entry only",
        f"{tmp_path / 'b.yaml'}:7: [b] follow_ups names unknown id 'zz': correct it or remove it",
    ]


def test_warnings_are_left_out_when_there_are_errors(tmp_path: Path, run: Callable[..., Outcome]) -> None:
    # The entry has too few alternates (a warning) and an unknown follow-up (an error): only the error shows.
    path = write(tmp_path / "kb.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="问法")
                 + "    follow_ups: [b]\n")
    result = run("check", str(path))
    assert result.err.splitlines() == [f"{path}:{E + 5}: [a] follow_ups names unknown id 'b': correct it or "
                                       "remove it"]
    assert result.out == ""


BARE_LIST = """\
knowledge_base:
  title: 小店问答
  language: zh-CN
  version: "1"
fallback: 抱歉，这个我不知道。
entries:
  - id: hours
    question: 几点开门？
    answer: 每天早上九点开门，晚上九点关门。
  - id: wifi
    question: 店里有无线网吗？
    answer: 有，密码写在收银台。
"""


def test_a_bare_list_of_questions_and_answers_loads_with_a_warning_per_entry(
        tmp_path: Path, run: Callable[..., Outcome]) -> None:
    path = write(tmp_path / "faq.yaml", BARE_LIST, header=False)
    result = run("check", str(path))
    assert (result.status, result.err) == (0, "")
    assert result.out.splitlines() == [
        f"{path}:7: [hours] warning: no alternates: the question alone is matched; add 6 or more other ways "
        "people ask it to match better",
        f"{path}:10: [wifi] warning: no alternates: the question alone is matched; add 6 or more other ways "
        "people ask it to match better",
        "ok: 小店问答: 2 entries, 4 small talk built in ('smalltalk: false' in the header: none), "
        "0 alternates, 0 sources, 2 warnings",
    ]
    assert run("ask", "--kb", str(path), "店里有无线网吗").out.startswith("有，密码写在收银台。")


SHOP_LIST = [{"question": "几点开门？", "answer": "每天早上九点开门。"},
             {"question": "店里有无线网吗？", "answer": "有，密码写在收银台。", "id": "wifi"}]


@pytest.mark.parametrize(("question", "sign", "reading", "quoted"), [
    # a question opening with a sign YAML reads as syntax (as FAQ writers write them) → what it is read as, and the
    # line to write instead
    ("*重要* 几点开门", "'*'", "an alias", "question: '*重要* 几点开门'"),
    ("&几点开门", "'&'", "an anchor", "question: '&几点开门'"),
    ("!几点开门", "'!'", "a tag", "question: '!几点开门'"),
    ("@客服 几点开门", "'@'", "a reserved sign", "question: '@客服 几点开门'"),
    ("| 几点开门", "'|'", "a block of text on the lines below", "question: '| 几点开门'"),
    ("- 几点开门", "'-'", "a list item", "question: '- 几点开门'"),
    ("[注意] 几点开门", "'['", "a list that ends at its ']'", "question: '[注意] 几点开门'"),
    ("{几点}开门", "'{'", "a mapping that ends at its '}'", "question: '{几点}开门'"),
    ('"双十一"有优惠吗', "'\"'", "a quoted text that ends at its closing quote", "question: '\"双十一\"有优惠吗'"),
    ("'双十一'有优惠吗", '"\'"', "a quoted text that ends at its closing quote", 'question: "\'双十一\'有优惠吗"'),
])
def test_a_text_opening_with_a_sign_yaml_reads_as_syntax_is_told_to_be_quoted(
        tmp_path: Path, run: Callable[..., Outcome], question: str, sign: str, reading: str, quoted: str) -> None:
    text = f"- question: 可以退吗\n  answer: 可以\n- question: {question}\n  answer: 九点\n"
    path = write(tmp_path / "faq.yaml", text, header=False)
    result = run("check", str(path))
    assert result.status == 2 and result.err.startswith(f"{path}:3:") and result.err.count("\n") == 1, result.err
    assert result.err.endswith(f": line 3's text starts with {sign}, which YAML reads as {reading}: put the whole "
                               f"text in quotes ({quoted})\n")


@pytest.mark.parametrize("text", [
    "- question: 几点开门\n   answer: \"九点\"\n",     # the line is indented wrongly, its text quoted whole
    "- question: 几点开门\n  answer: 九点\n   source: *doc\n",     # an alias, well formed, on a line indented wrongly
])
def test_a_whole_quoted_text_or_an_alias_on_a_line_indented_wrongly_is_not_told_to_be_quoted(
        tmp_path: Path, run: Callable[..., Outcome], text: str) -> None:
    result = run("check", str(write(tmp_path / "faq.yaml", text, header=False)))
    assert result.status == 2 and "put the whole text in quotes" not in result.err


def test_knowledge_from_data_reads_a_bare_list_as_a_file_that_is_only_the_list(tmp_path: Path) -> None:
    # The format's smallest base, given as Python data, is the same base as that list written to shop.yaml.
    path = tmp_path / "shop.yaml"
    path.write_text("- question: 几点开门？\n  answer: 每天早上九点开门。\n"
                    "- question: 店里有无线网吗？\n  answer: 有，密码写在收银台。\n  id: wifi\n", encoding="utf-8")
    from_data, from_file = knowledge_from_data(SHOP_LIST, name="shop"), load_knowledge(path)
    assert [(e.id, e.question, e.answer) for e in from_data.questions] == [
        ("ji-dian-kai-men-3f2596", "几点开门？", "每天早上九点开门。"),
        ("wifi", "店里有无线网吗？", "有，密码写在收银台。")]
    assert [(e.id, e.question, e.answer) for e in from_data.entries] == [
        (e.id, e.question, e.answer) for e in from_file.entries]
    assert (from_data.title, from_data.language, from_data.fallback) == (
        from_file.title, from_file.language, from_file.fallback)


@pytest.mark.parametrize(("data", "message"), [
    ([{"question": "几点开门？"}], "shop: [ji-dian-kai-men-3f2596] missing field 'answer': add it"),
    ([{"question": "几点开门？", "answer": "九点。"}, {"answer": "有。"}],
     "shop: [shop-2] missing field 'question': add it"),  # no question to make an id from: its place names it
    ([{"question": "几点开门？", "answer": "九点。"}, {"entries": []}],
     "shop: unknown field 'question' in the top level (expected one of: entries, fallback, knowledge_base, "
     "out_of_scope, out_of_scope_terms, smalltalk, synonyms)"),
    # data has no lines: the other entry is named by its source alone, never as 'shop:None'
    ([{"question": "几点开门？", "answer": "九点。"}, {"question": "幾點開門", "answer": "十点。"}],
     "shop: [ji-dian-kai-men-3f2596] the same question as the entry at shop (once punctuation, case and "
     "traditional characters are set aside): keep one entry for it"),
    ([{"question": "几点开门？", "answer": "九点。", "id": "a"}, {"question": "在哪？", "answer": "东门。", "id": "a"}],
     "shop: [a] duplicate id (first at shop): give each entry its own id"),
    ([{"question": "几点开门？", "answer": "九点。", "alternates": ["营业时间"]},
      {"question": "几点关门？", "answer": "八点。", "alternates": ["营业时间"]}],
     "shop: [ji-dian-guan-men-ed588e] '营业时间' also belongs to entry 'ji-dian-kai-men-3f2596' (shop): keep it "
     "under one entry only"),
])
def test_knowledge_from_data_reports_a_broken_bare_list(data: list[dict[str, str]], message: str) -> None:
    with pytest.raises(KnowledgeError) as raised:
        knowledge_from_data(data, name="shop")
    assert str(raised.value.problems[0]) == message


def test_knowledge_from_data_says_its_other_problems_are_in_the_error_not_in_a_check_of_a_file() -> None:
    with pytest.raises(KnowledgeError) as raised:
        knowledge_from_data([{"question": "几点开门？"}, {"answer": "有。"}], name="shop")
    assert len(raised.value.problems) == 2
    assert str(raised.value) == ("shop: [ji-dian-kai-men-3f2596] missing field 'answer': add it (and 1 more problem: "
                                 "listed in the error's problems)")  # no file to run 'assistant check' on


@pytest.mark.parametrize("data", ["几点开门？九点。", b"- question: x"])
def test_knowledge_from_data_reports_text_given_for_data_once(data: str | bytes) -> None:
    with pytest.raises(KnowledgeError) as raised:
        knowledge_from_data(data, name="shop")  # type: ignore[arg-type]
    assert len(raised.value.problems) == 1  # not once per character
    assert str(raised.value.problems[0]).startswith("shop: the top level is text")


@pytest.mark.parametrize(("data", "message"), [
    (None, "shop: is empty: add a knowledge_base header or entries"),       # as an empty file is
    ([], "shop: no entries: add the questions"),                           # as a YAML file of [] is
    (5, "shop: the top level is text"),                                      # as a YAML file of a bare number is
    (3.5, "shop: the top level is text"),
    # a list whose items are no questions and answers is a list of questions gone wrong, as a YAML file of '- 1'
    # is, not a folder of files that are each a number
    ([1], "shop: each item of a list of questions must be a mapping with question and answer"),
    (["几点开门？九点。"], "shop: each item of a list of questions must be a mapping with question and answer"),
    ([None], "shop: each item of a list of questions must be a mapping with question and answer"),
])
def test_knowledge_from_data_refuses_a_value_that_is_no_data_with_a_knowledge_error(data: object,
                                                                                     message: str) -> None:
    with pytest.raises(KnowledgeError) as raised:  # not "TypeError: 'NoneType' object is not iterable"
        knowledge_from_data(data, name="shop")  # type: ignore[arg-type]
    assert len(raised.value.problems) == 1 and str(raised.value.problems[0]).startswith(message)


def test_an_entry_that_fails_is_reported_once_not_again_by_the_follow_ups_naming_it(
        tmp_path: Path, run: Callable[..., Outcome]) -> None:
    path = write(tmp_path / "kb.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="问法")
                 + "    follow_ups: [b]\n  - id: b\n    question: 另一个问题\n"
                 "    source: {document: doc.txt, section: 一}\n")
    result = run("check", str(path))
    assert result.status == 2
    assert result.err.splitlines() == [f"{path}:{E + 6}: [b] missing field 'answer': add it"]


def test_a_sound_base_with_few_alternates_passes_with_a_warning(tmp_path: Path,
                                                                run: Callable[..., Outcome]) -> None:
    path = write(tmp_path / "kb.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="问法"))
    result = run("check", str(path))
    assert result.status == 0 and result.err == ""
    assert result.out.splitlines() == [
        f"{path}:{E}: [a] warning: only 1 alternate: add at least 6 ways people ask",
        "ok: 测试知识库: 1 entry, 4 small talk built in ('smalltalk: false' in the header: none), "
        "1 alternate, 1 source, 1 warning",
    ]


def test_a_file_name_with_escape_sequences_is_printed_inert(tmp_path: Path, run: Callable[..., Outcome]) -> None:
    path = tmp_path / "evil\x1b]0;owned\x07\n.yaml"
    result = run("check", str(path))
    assert result.status == 2
    assert result.err == f"{tmp_path}/evil\\x1b]0;owned\\x07\\n.yaml: no such file or folder: check the path\n"


def test_a_large_base_sharing_a_source_through_an_anchor_is_not_an_alias_bomb() -> None:
    from assistant.yaml_reader import compose

    # 30,000 aliases of a 5-value mapping repeat 150,000 values: more than MAX_ALIAS_NODES, but the file writes
    # out far more than that itself.
    body = ["entries:"]
    for number in range(30_000):
        source = "&s {document: doc.txt, section: 一}" if number == 0 else "*s"
        body += [f"  - id: e{number}", f"    question: 问题{number}", f"    source: {source}"]
    problems: list[Problem] = []
    data = compose("\n".join(body) + "\n", "kb.yaml", problems)
    assert problems == []
    assert len(data["entries"]) == 30_000
    assert data["entries"][-1]["source"] is data["entries"][0]["source"]


def test_a_path_with_a_nul_in_it_is_a_missing_file() -> None:
    knowledge, problems = inspect_knowledge("kb\x00.yaml")
    assert knowledge is None
    assert [str(p) for p in problems] == ["kb\\x00.yaml: no such file or folder: check the path"]


def test_a_named_pipe_is_read_like_a_file(tmp_path: Path, run: Callable[..., Outcome]) -> None:
    source = write(tmp_path / "kb.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="问法"))
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as handle:
            handle.write(source.read_bytes())

    writer = threading.Thread(target=feed)
    writer.start()
    knowledge = load_knowledge(fifo)
    writer.join(timeout=5)
    assert knowledge.get("a") is not None


def test_a_named_pipe_inside_a_folder_is_refused_without_waiting_for_a_writer(tmp_path: Path,
                                                                              run: Callable[..., Outcome]) -> None:
    write(tmp_path / "kb.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="问法"))
    os.mkfifo(tmp_path / "pipe.yaml")  # nobody will ever write to it: opening it would block forever
    expected = f"{tmp_path / 'pipe.yaml'}: is not a regular file (a pipe or a device?): remove it from the folder"
    knowledge, problems = inspect_knowledge(tmp_path)
    assert knowledge is None and [str(problem) for problem in problems] == [expected]
    result = run("ask", "--kb", str(tmp_path), "问题")
    assert (result.status, result.out, result.err) == (2, "", f"assistant: error: {expected}\n")


@pytest.mark.parametrize(("target", "why"), [("gone.yaml", "No such file or directory"),      # a file removed
                                             ("link.yaml", "Too many levels of symbolic links")])  # itself
def test_a_link_to_no_file_inside_a_folder_is_said_to_be_one(tmp_path: Path, target: str, why: str) -> None:
    write(tmp_path / "kb.yaml", "entries:\n" + entry_yaml("a", "问题", alternates="问法"))
    (tmp_path / "link.yaml").symlink_to(target)
    knowledge, problems = inspect_knowledge(tmp_path)
    assert knowledge is None
    assert [str(problem) for problem in problems] == [
        f"{tmp_path / 'link.yaml'}: is a symbolic link that leads to no file ({why}): fix or remove it"]


# -- the library: plain data and Python strings ------------------------------------------------------------


BASE = {"knowledge_base": {"title": "T", "language": "zh-CN", "version": "1",
                           "sources": [{"file": "doc.txt", "title": "D"}]},
        "fallback": "不知道。"}


def entry(**fields: object) -> dict[str, object]:
    return {"id": "a", "question": "问题", "alternates": ["问法"], "answer": "答案。",
            "source": {"document": "doc.txt", "section": "一"}, **fields}


@pytest.mark.parametrize(("fields", "message"), [
    ({"answer": "答案\x1b[2J"}, "<data>: [a] field 'answer' contains control character U+001B (ESC, which starts "
                                "terminal escape sequences): remove it"),
    ({"question": "问\ud800题"}, "<data>: [a] field 'question' contains control character U+D800: remove it"),
    ({"question": "问\ue000题"}, "<data>: [a] field 'question' contains control character U+E000: remove it"),
    ({"alternates": ["\u200b问法"]}, "<data>: [a] item 1 of 'alternates' contains control character U+200B "
                                    "(zero-width space): remove it"),
    ({"alternates": ["客服\t电话"]}, "<data>: [a] item 1 of 'alternates' contains control character U+0009 (tab): "
                                   "remove it"),
    ({"question": "第一行\n第二行"}, "<data>: [a] field 'question' contains control character U+000A (line "
                                   "break): remove it"),
    ({"question": None}, "<data>: [a] missing field 'question': add it"),
    ({"question": 3}, "<data>: [a] field 'question' must be text, not int: quote it"),
    ({"alternates": "问法"}, "<data>: [a] field 'alternates' must be a list (one '- item' per line)"),
    ({"follow_ups": ["zzz"]}, "<data>: [a] follow_ups names unknown id 'zzz': correct it or remove it"),
    ({"colour": "red"}, "<data>: [a] unknown field 'colour' in an entry (expected one of: alternates, answer, "
                        "follow_ups, id, question, source, topic)"),
])
def test_knowledge_from_data_reports_the_same_problems(fields: dict[str, object], message: str) -> None:
    with pytest.raises(KnowledgeError) as raised:
        knowledge_from_data({**BASE, "entries": [entry(**fields)]})
    assert [str(problem) for problem in raised.value.problems] == [message]


def test_emoji_sequences_with_joiners_are_allowed_in_text() -> None:
    knowledge = knowledge_from_data({**BASE, "entries": [entry(answer="好的 👨‍👩‍👧 ❤️\n第二行\t缩进")]})
    assert knowledge.entries[0].answer == "好的 👨‍👩‍👧 ❤️\n第二行\t缩进"


def test_a_problem_is_always_one_printable_line() -> None:
    problem = Problem("a\nb.yaml", 3, None, "bad \x1b[2J value\u2028more")
    assert str(problem) == "a\\nb.yaml:3: bad \\x1b[2J value\\u2028more"


# -- the bundled knowledge base ----------------------------------------------------------------------------


def test_the_bundled_knowledge_base_passes_check_with_no_warnings(run: Callable[..., Outcome]) -> None:
    result = run("check")
    assert result.status == 0 and result.err == ""
    lines = result.out.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("ok: ") and lines[0].endswith(", 0 warnings")


def test_loading_the_bundled_knowledge_base_modifies_nothing() -> None:
    folder = REPO / "assistant" / "data" / "knowledge"
    before = snapshot(folder)
    load_knowledge()
    load_knowledge(folder)
    assert snapshot(folder) == before


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_hidden_files_in_a_folder_are_no_part_of_the_base(tmp_path: Path) -> None:
    # Emacs's lock while faq.yaml has unsaved changes (a link to nothing), and macOS's metadata beside it
    from assistant.cache import load_matcher
    from assistant.learn import add_alternate

    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "faq.yaml").write_text("- question: 几点开门？\n  answer: 九点。\n", encoding="utf-8")
    os.symlink("user@host.1234:1700000000", folder / ".#faq.yaml")
    (folder / "._faq.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \xff\xfe")
    knowledge, problems = inspect_knowledge(folder)
    assert knowledge is not None and [p for p in problems if not p.warning] == []
    assert [entry.question for entry in knowledge.entries if not entry.builtin] == ["几点开门？"]
    assert load_matcher(folder).reply("几点开门").status == "answer"
    learned = add_alternate("营业时间", question_id("几点开门？"), folder)
    assert learned.file == str(folder / "faq.yaml")
    assert (folder / "._faq.yaml").read_bytes().startswith(b"\x00\x05\x16\x07")


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.parametrize(("names", "read"), [
    # (the folder's files: a name, or a name -> the file it links to; the files read)
    (["faq.yaml", "link.yaml -> faq.yaml"], ["faq.yaml"]),
    (["faq.yaml", "a-link.yaml -> faq.yaml"], ["faq.yaml"]),           # the file itself, whatever the order
    (["faq.yaml", "copy.yaml => faq.yaml"], ["copy.yaml"]),            # a hard link: the first name
    (["b.yaml -> ../elsewhere.yaml", "a.yaml -> ../elsewhere.yaml"], ["a.yaml"]),  # two links: the first
])
def test_a_file_the_folder_names_twice_is_read_once(tmp_path: Path, names: list[str], read: list[str]) -> None:
    from assistant.cache import load_matcher

    folder = tmp_path / "kb"
    folder.mkdir()
    (tmp_path / "elsewhere.yaml").write_text("- question: 几点开门？\n  answer: 九点。\n", encoding="utf-8")
    for name in names:
        if " -> " in name:
            link, target = name.split(" -> ")
            (folder / link).symlink_to(target)
        elif " => " in name:
            link, target = name.split(" => ")
            os.link(folder / target, folder / link)
        else:
            (folder / name).write_text("- question: 几点开门？\n  answer: 九点。\n", encoding="utf-8")
    knowledge, problems = inspect_knowledge(folder)
    assert knowledge is not None and [str(p) for p in problems if not p.warning] == []
    assert [entry.question for entry in knowledge.entries if not entry.builtin] == ["几点开门？"]
    assert {entry.file for entry in knowledge.entries if not entry.builtin} == {str(folder / name) for name in read}
    assert load_matcher(folder).reply("几点开门").status == "answer"


def test_a_folder_reads_yaml_files_whatever_the_case_of_their_suffix(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "FAQ.YAML").write_text("- question: 几点开门？\n  answer: 九点。\n", encoding="utf-8")
    (folder / "more.Yml").write_text("- question: 可以刷卡吗？\n  answer: 可以。\n", encoding="utf-8")
    (folder / "notes.txt").write_text("不是知识库", encoding="utf-8")
    knowledge = load_knowledge(folder)
    assert [entry.question for entry in knowledge.entries if not entry.builtin] == ["几点开门？", "可以刷卡吗？"]


@pytest.mark.parametrize("path", [5, 2.5, b"kb.yaml", ["kb.yaml"]])
def test_a_path_that_is_no_path_is_a_type_error_naming_its_type(path: object) -> None:
    # (not an AttributeError of the number: a str, a path, a Traversable, or None for the bundled base)
    for load in (load_knowledge, inspect_knowledge):
        with pytest.raises(TypeError, match=f"path must be a str or a path .*, not {type(path).__name__}$"):
            load(path)  # type: ignore[arg-type]
