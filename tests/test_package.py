"""The package as a user installs it: a wheel, into a fresh virtual environment, run from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_installed_wheel_answers_from_the_bundled_knowledge_base(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(REPO)],
                   check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("assistant-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(env_dir / "bin" / "assistant"), "ask", "微粒贷客服电话是多少"],
                            capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "400-999-8866" in result.stdout
    module = subprocess.run([str(python), "-m", "assistant", "ask", "--json", "客服电话"],
                            capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert module.returncode == 0, module.stderr
    assert '"status": "answer"' in module.stdout
    learn = subprocess.run([str(env_dir / "bin" / "assistant"), "learn", "能不能再说一遍客服号码", "--entry",
                            "hotline-number"], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert learn.returncode == 2 and learn.stderr.count("\n") == 1
    assert "inside the installed package" in learn.stderr and "--kb" in learn.stderr
