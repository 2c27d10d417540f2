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
    result = ruff("format", "--no-cache", "--check", "--output-format", "concise", ".")
    files = sorted(
        {
            line.split(":", 1)[0]
            for line in result.stdout.splitlines()
            if line.endswith("File would be reformatted")
        }
    )
    assert result.returncode == 0, (
        f"{len(files)} files are not formatted; run `make format` (ruff format):\n"
        + "\n".join(files)
        + result.stderr
    )


def test_pre_commit_runs_the_validator_and_ruff():
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["playbook-validate"]["entry"] == ".venv/bin/python -m macros validate"
    assert hooks["playbook-validate"]["pass_filenames"] is False
    assert hooks["ruff-check"]["entry"].startswith(".venv/bin/python -m ruff check")
    assert hooks["ruff-format"]["entry"].startswith(".venv/bin/python -m ruff format")
    for hook in hooks.values():  # the commands exist where the hooks run them
        assert (ROOT / hook["entry"].split()[0]).exists()
