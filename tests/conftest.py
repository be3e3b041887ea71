"""Shared fixtures: the user's real files are never touched, and small knowledge bases are easy to make.

Every test runs with HOME and the XDG folders in a temporary directory (``isolated_home``, autouse); ``state``
names the chat's folder for history and the misses log inside it. ``small`` is a matcher on ``SMALL_KB``, a
ready-made base of four questions, written to ``kb_path``; ``write_kb`` and ``entry_yaml`` build others;
``printed_at_hash_seeds`` runs a script at several hash seeds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from assistant import Matcher, load_knowledge

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


@pytest.fixture
def state(isolated_home: Path) -> Path:
    """The chat's state directory (``$XDG_STATE_HOME/assistant``): history and the misses log go there."""
    return isolated_home / "xdg_state_home" / "assistant"


@pytest.fixture
def run_together() -> Callable[[Callable[[int], object], int, float], None]:
    """A function running ``work(i)`` in ``count`` threads at once (``i`` from 0), switching threads often so that
    they really interleave, and returning once each has ended or ``timeout`` seconds have passed waiting for it."""

    def run(work: Callable[[int], object], count: int, timeout: float) -> None:
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-5)
        try:
            threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=timeout)
        finally:
            sys.setswitchinterval(interval)

    return run


@pytest.fixture(scope="session")
def bundled() -> Matcher:
    """A matcher on the bundled knowledge base, built once for the whole run."""
    return Matcher()


ENGLISH_KB = Path(__file__).resolve().parent / "english_kb.yaml"
"""A small English knowledge base: the interface speaks English with it."""


@pytest.fixture(scope="session")
def english() -> Matcher:
    """A matcher on ``ENGLISH_KB``, built once for the whole run."""
    return Matcher(load_knowledge(ENGLISH_KB))


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


def printed_at_hash_seeds(script: str, *args: str, seeds: Sequence[str] = ("0", "4")) -> list[str]:
    """What ``python -c script args`` prints in a process of each hash seed of ``seeds`` (this checkout on its path),
    in their order: the same for each when what it prints does not depend on the order of a set or a dict of
    strings."""
    printed = []
    for seed in seeds:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        printed.append(subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                                      timeout=120, cwd=REPO, env=env, check=True).stdout)
    return printed


def entry_yaml(id: str, question: str, answer: str = "答案。", alternates: str = "") -> str:
    """One entry in YAML, as written under ``entries:``."""
    return ENTRY.format(id=id, question=question, answer=answer, alternates=alternates)


SMALL_KB = """\
knowledge_base:
  title: 测试还款问答
  language: zh-CN
  version: "1"
  sources:
    - file: guide.txt
      title: 还款指南
      publisher: 测试银行
      url: https://example.org/guide
      date: "2024-05-06"
    - file: notes.txt
      title: 延期说明

fallback: 抱歉，这个问题我还答不上来，请拨打客服电话 400-000-1234。

entries:
  - id: hotline
    question: 客服电话是多少？
    alternates: [客服热线, 怎么联系客服]
    answer: 客服电话是 400-000-1234，全天都能打通。
    source: {document: guide.txt, section: 联系我们 > 电话}
    topic: 客服
    follow_ups: [hotline-hours]
  - id: hotline-hours
    question: 客服几点上班？
    alternates: [客服工作时间]
    answer: 客服全天二十四小时在线。
    source: {document: guide.txt, section: 联系我们 > 时间}
    topic: 客服
  - id: instalment-how
    question: 怎么申请分期还款？
    alternates: [分期还款怎么办理]
    answer: 在借款页面选择分期还款，按提示提交申请。
    source: {document: guide.txt, section: 分期 > 申请}
    topic: 还款方式
  - id: extension-how
    question: 怎么申请延期还款？
    alternates: [延期还款怎么办理]
    answer: 联系客服说明原因，审核通过后签订延期协议。
    source:
      - {document: guide.txt, section: 延期 > 申请}
      - {document: notes.txt, section: 延期 > 协议}
    topic: 还款方式

smalltalk:
  - id: greeting
    question: 你好
    alternates: [您好]
    answer: 你好！有什么可以帮你？
"""
"""A knowledge base of four questions in two topics, plus one greeting."""

EXTRA_ENTRY = """\
  - id: credit-report
    question: 怎么查征信报告？
    alternates: [征信报告在哪查]
    answer: 登录人民银行征信中心网站查询。
    source: {document: guide.txt, section: 征信}
    topic: 征信
"""
"""One more entry, to add to ``SMALL_KB`` (before its small talk) to see a reload take effect."""


def with_extra_entry(text: str = SMALL_KB) -> str:
    """Return ``SMALL_KB`` with ``EXTRA_ENTRY`` added to its entries."""
    return text.replace("\nsmalltalk:", EXTRA_ENTRY + "\nsmalltalk:")


@pytest.fixture
def kb_path(write_kb: Callable[..., Path]) -> Path:
    """``SMALL_KB`` written to ``kb.yaml`` in the test's temporary directory."""
    return write_kb(SMALL_KB, header=False, name="kb.yaml")


@pytest.fixture
def small(kb_path: Path) -> Matcher:
    """A matcher on ``SMALL_KB``, loaded from ``kb_path``."""
    return Matcher(load_knowledge(kb_path))
