"""What ``assistant check`` tells a knowledge-base maintainer beyond one entry at a time: an out-of-scope
question that is also an entry's phrasing (an error) or holds nothing to match (a warning), each with its file
and line; a file of entries without a header (defaults, as for a bare list); and a folder holding an unreadable
file, whose other files are still checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HEADER, entry_yaml

from assistant import cli

ENTRIES = ("entries:\n" + entry_yaml("a", "怎么还款", alternates="如何还钱")
           + entry_yaml("b", "客服电话", alternates="热线"))
"""Two entries after ``conftest.HEADER``: a's question on line 11, its alternates
on line 12, b's on 16-17; ``out_of_scope:`` after them on line 20."""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], list[str]]:
    """Run ``assistant ARGS…`` in this process: its exit status, standard output and error lines."""
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err.splitlines()


# (out_of_scope lines, exit status, the line check prints about them; {kb} is the file)
OUT_OF_SCOPE = [
    (["如何 还钱？"], 2, "{kb}:21: out_of_scope question '如何 还钱？' is also a phrasing of entry 'a' ({kb}:12): "
                          "remove it from out_of_scope, or from the entry if the base does not answer it"),
    (["车贷逾期怎么办", "客服电话"], 2, "{kb}:22: out_of_scope question '客服电话' is also a phrasing of entry 'b' "
                                  "({kb}:16): remove it from out_of_scope, or from the entry if the base does "
                                  "not answer it"),
    (["？！😀"], 0, "{kb}:21: warning: out_of_scope question '？！😀' has no letters or digits to match on: "
                   "reword it or remove it"),
]


@pytest.mark.parametrize(("declared", "status", "expected"), OUT_OF_SCOPE)
def test_an_out_of_scope_question_that_is_answered_or_empty_is_reported_with_its_line(
        declared: list[str], status: int, expected: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(HEADER + ENTRIES + "out_of_scope:\n" + "".join(f"  - {line}\n" for line in declared),
                  encoding="utf-8")
    done, out, err = run(capsys, "check", str(kb))
    line = expected.format(kb=kb)
    assert done == status
    assert line in (err if status else out)
