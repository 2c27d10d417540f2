"""Code quality gates: ruff lint and ruff format (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_ruff_check_passes():
    result = ruff("check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, "ruff check found problems:\n" + result.stdout + result.stderr


def test_ruff_format_check_passes():
    result = ruff("format", "--no-cache", "--check", ".")
    would = [
        line.removeprefix("Would reformat: ")
        for line in result.stdout.splitlines()
        if line.startswith("Would reformat: ")
    ]
    assert result.returncode == 0, (
        "these files are not formatted; run `make format` (ruff format):\n"
        + "\n".join(would)
        + result.stderr
    )
