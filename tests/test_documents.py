"""Checking a knowledge base against its source documents: cited sections must be the documents' own
headings, and an out-of-scope term must not be one an entry itself uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, SMALL_KB

from assistant.cli import main
from assistant.documents import is_heading, missing_heading
from assistant.knowledge import inspect_knowledge

GUIDE = "还款指南\n联系我们\n- 电话:400-000-1234\n- 时间:全天\n分期\n申请\n正文\n延期\n申请\n"
"""``guide.txt`` of ``SMALL_KB``: every section its entries cite is a heading here."""


@pytest.mark.parametrize(("line", "heading", "expected"), [
    ("1. 逾期还款记录", "1. 逾期还款记录", True),          # the whole line
    ("  1. 逾期还款记录  ", "1. 逾期还款记录", True),      # spaces around are ignored
    ("- 联系客服:发现无法按时还款时", "联系客服", True),    # a label opening a list item
    ("- 联系客服：发现无法按时还款时", "联系客服", True),    # full-width colon
    ("具体操作方法:", "具体操作方法", True),
    ("1. 逾期还款记录", "1 逾期还款记录", False),          # a normalized label is not the document's
    ("一、微粒贷逾期还款的作用", "一、微粒贷逾期还款的影响", False),
    ("联系客服沟通", "联系客服", False),                   # a longer heading is another heading
    ("正文里提到联系客服:", "联系客服", False),             # words inside a line are not a heading
    ("联系客服", "", False),
])
def test_a_heading_is_a_whole_line_or_a_label(line: str, heading: str, expected: bool) -> None:
    assert is_heading(line, heading) is expected


@pytest.mark.parametrize(("section", "missing"), [
    ("分期 > 申请", None),
    ("延期 > 申请", None),                # the second 申请, after 延期
    ("联系我们 > 电话", None),
    ("还款指南", None),
    ("分期 > 联系我们", "联系我们"),       # 联系我们 comes before 分期: the order is the document's
    ("分期 > 1. 申请", "1. 申请"),
    ("结语", "结语"),
])
def test_a_section_is_found_heading_by_heading_in_order(section: str, missing: str | None) -> None:
    assert missing_heading(GUIDE, section) == missing


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(kb: Path, documents: Path | None = None) -> list[str]:
    knowledge, problems = inspect_knowledge(kb, documents_folder=documents)
    assert knowledge is not None
    # SMALL_KB's entries have few alternates: those warnings are another rule's
    return [f"[{p.entry_id}] {p.message}" for p in problems if p.warning and "alternates" not in p.message]


def test_cited_sections_are_checked_against_the_documents_at_hand(tmp_path: Path) -> None:
    kb = write(tmp_path, "kb.yaml", SMALL_KB)
    docs = tmp_path / "docs"
    docs.mkdir()
    assert messages(kb) == []
    # no document at hand: nothing is checked, which is said (the folder given is most likely not theirs)
    assert messages(kb, docs) == ["[None] holds none of the 2 documents the entries cite (guide.txt, notes.txt), so "
                                  "no section was checked: give the folder holding them to --documents"]
    write(docs, "guide.txt", GUIDE)
    assert messages(kb, docs) == []
    write(docs, "notes.txt", "延期说明\n延期\n签订协议\n")
    assert messages(kb, docs) == [
        "[extension-how] section '延期 > 协议' cites '协议', which is not a heading of notes.txt there: "
        "cite the document's own headings, outermost first, joined by ' > '"]


@pytest.mark.parametrize(("terms", "warned"), [
    ("[借呗]", []),
    ("[延期协议]", [("extension-how", "answer")]),                       # in the answer
    ("[分期还款]", [("instalment-how", "'怎么申请分期还款？'")]),           # in the question
    ("[客服热线, 延期协议]", [("hotline", "'客服热线'"), ("extension-how", "answer")]),
])
def test_an_out_of_scope_term_an_entry_uses_is_reported(tmp_path: Path, terms: str,
                                                          warned: list[tuple[str, str]]) -> None:
    kb = write(tmp_path, "kb.yaml", SMALL_KB + f"\nout_of_scope_terms: {terms}\n")
    found = messages(kb)
    assert len(found) == len(warned)
    for message, (entry_id, part) in zip(found, warned, strict=True):
        assert message.startswith(f"[{entry_id}] out_of_scope_terms lists ")
        assert f"which this entry's {part} uses" in message


def test_check_with_documents_warns_and_still_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = write(tmp_path, "kb.yaml", SMALL_KB)
    write(tmp_path, "guide.txt", GUIDE.replace("分期\n", "分期还款\n"))
    assert main(["check", str(kb), "--documents", str(tmp_path)]) == 0
    out = [line for line in capsys.readouterr().out.splitlines() if "section" in line or line.startswith("ok: ")]
    assert len(out) == 2, out
    assert out[0].startswith(f"{kb}:") and "[instalment-how] warning: section '分期 > 申请' cites '分期'" in out[0]
    assert out[1].startswith("ok: ")


@pytest.mark.parametrize(("name", "said"), [("nowhere", "no such folder"),
                                           ("doc.txt", "is a file, not a folder")])  # one document, not its folder
def test_check_refuses_a_documents_folder_that_is_not_there(tmp_path: Path, name: str, said: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "doc.txt").write_text("# 一\n正文\n", encoding="utf-8")
    assert main(["check", "--documents", str(tmp_path / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == (f"assistant: error: --documents {tmp_path / name}: {said}: give the "
                                                   "folder holding the source documents\n")


def test_the_bundled_knowledge_base_cites_the_seed_documents_own_headings(
        capsys: pytest.CaptureFixture[str]) -> None:
    folders = (REPO.parent / "shared" / "seeds", REPO.parent.parent / "shared" / "seeds")
    seeds = next((folder for folder in folders if (folder / "000_250e6e29910cb7f3.txt").is_file()), None)
    if seeds is None:
        pytest.skip("the seed documents are not at hand")
    assert main(["check", "--documents", str(seeds)]) == 0
    assert capsys.readouterr().out.endswith(", 0 warnings\n")
