"""Shared fixtures: the user's real files are never touched, and small knowledge bases are easy to make."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant import Matcher

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME and the XDG folders at a temporary directory, so history and logs stay in it."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(scope="session")
def bundled() -> Matcher:
    """A matcher on the bundled knowledge base, built once for the whole run."""
    return Matcher()


HEADER = """\
knowledge_base:
  title: 测试知识库
  language: zh-CN
  version: "1"
  sources:
    - file: doc.txt
      title: 测试文档
fallback: 不知道，请拨打 400-000-0000。
"""

ENTRY = """\
  - id: {id}
    question: {question}
    alternates: [{alternates}]
    answer: {answer}
    source: {{document: doc.txt, section: 第一节}}
"""


@pytest.fixture
def write_kb(tmp_path: Path) -> Callable[..., Path]:
    """Write a small knowledge base file: ``write_kb(body)`` appends ``body`` (YAML) after a valid header,
    ``write_kb(body, header=False)`` writes ``body`` alone. Returns the file's path."""
    counter = iter(range(1000))

    def write(body: str = "", *, header: bool = True, name: str | None = None) -> Path:
        path = tmp_path / (name or f"kb{next(counter)}.yaml")
        text = (HEADER if header else "") + textwrap.dedent(body)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def entry_yaml(id: str, question: str, answer: str = "答案。", alternates: str = "") -> str:
    """One entry in YAML, as written under ``entries:``."""
    return ENTRY.format(id=id, question=question, answer=answer, alternates=alternates)
