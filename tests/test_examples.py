"""The examples in ``examples/`` run as a bot author would run them, and do what their docstrings say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from conftest import REPO, entry_yaml

from assistant import Matcher

EXAMPLES = REPO / "examples"
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def run_bot(messages: list[str], *argv: str | Path) -> list[str]:
    """Run ``examples/bot.py`` on ``messages``; return what it printed for each."""
    result = subprocess.run([sys.executable, str(EXAMPLES / "bot.py"), *map(str, argv)],
                            input="\n".join(messages) + "\n", capture_output=True, text=True, env=ENV,
                            timeout=60, cwd=REPO)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout.rstrip("\n").split("\n\n")


def test_the_bot_loop_prints_each_reply() -> None:
    answer, fallback, again = run_bot(["微粒贷客服电话是多少", "asdfgh", "微粒贷客服电话是多少"])
    assert "400-999-8866" in answer and "相关问题：打客服电话要怎么操作？" in answer
    assert fallback.startswith("抱歉")
    assert again == answer


def test_the_bot_loop_prints_the_suggestions_when_unsure(write_kb: Callable[..., Path]) -> None:
    kb = write_kb("entries:\n"
                  + entry_yaml("login-password", "怎么修改登录密码", "在设置里改。", "登录密码忘了怎么改")
                  + entry_yaml("payment-password", "怎么修改支付密码", "在钱包里改。", "支付密码忘了怎么改"))
    (unsure,) = run_bot(["怎么修改密码"], kb)
    prompt, *choices = unsure.splitlines()
    assert prompt == "您是不是想问："
    assert [choice[:3] for choice in choices] == ["1. ", "2. "]
    assert {choice[3:] for choice in choices} == {"怎么修改登录密码", "怎么修改支付密码"}


def test_the_bot_loop_is_about_a_dozen_lines() -> None:
    code = [line for line in (EXAMPLES / "bot.py").read_text("utf-8").split('"""')[-1].splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    assert len(code) <= 14


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``examples/web.py`` listening on an ephemeral port of 127.0.0.1; yields its base URL."""
    process = subprocess.Popen([sys.executable, str(EXAMPLES / "web.py")], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=ENV, cwd=REPO)
    try:
        assert process.stdout is not None
        with ThreadPoolExecutor(1) as reader:
            url = reader.submit(process.stdout.readline).result(timeout=60).strip()
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(url: str) -> tuple[int, str, Any]:
    try:
        with urlopen(url, timeout=30) as response:
            body = response.read().decode("utf-8")
            return response.status, response.headers["Content-Type"], json.loads(body)
    except HTTPError as error:
        return error.code, error.headers["Content-Type"], json.loads(error.read().decode("utf-8"))


@pytest.mark.parametrize(("path", "status", "reply_status", "entry_id"), [
    ("/ask?q=" + quote("微粒贷客服电话是多少"), 200, "answer", "hotline-number"),
    ("/ask?q=asdfgh", 200, "none", None),
])
def test_the_web_handler_answers_with_the_reply_json(server: str, bundled: Matcher, path: str, status: int,
                                                     reply_status: str, entry_id: str | None) -> None:
    code, content_type, data = get(server + path)
    assert (code, content_type) == (status, "application/json; charset=utf-8")
    assert (data["status"], data["id"]) == (reply_status, entry_id)
    assert data == bundled.reply(data["query"]).to_dict()


@pytest.mark.parametrize(("path", "status"), [("/ask", 400), ("/ask?q=", 400), ("/other", 404)])
def test_the_web_handler_refuses_a_request_without_a_question(server: str, path: str, status: int) -> None:
    code, _, data = get(server + path)
    assert code == status and data["error"]


def test_the_web_handler_answers_concurrent_requests(server: str) -> None:
    url = server + "/ask?q=" + quote("微粒贷客服电话是多少")
    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(get, [url] * 16))
    assert {(code, data["id"]) for code, _, data in replies} == {(200, "hotline-number")}
