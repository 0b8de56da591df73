"""The ``playbook`` command as documented: README's help text is the real one; every command is in it."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import BUILD_ENV, REPO


def _help(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args, "--help"],
        capture_output=True,
        text=True,
        env={**BUILD_ENV, "COLUMNS": "100"},
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_readme_shows_the_real_help_text() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("## The `playbook` command", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert shown.strip() == _help().strip()


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^    (\w+)  ", _help(), flags=re.MULTILINE)
    assert commands == ["validate", "build", "serve", "schema", "diff"]
    for command in commands:
        assert f"playbook {command}" in readme or f"make {command}" in readme, command


@pytest.mark.parametrize("command", [(), ("validate",), ("build",), ("serve",), ("schema",), ("diff",)])
def test_help_is_in_chinese(command: tuple[str, ...]) -> None:
    text = _help(*command)
    assert text.startswith("用法：playbook")
    words = re.sub(r"--?[\w-]+|\{[\w,]+\}", "", text)  # option names and choices are what they are
    english = re.findall(r"\b(usage|options|positional arguments|show|help message|exit|default)\b", words)
    assert english == [], text


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        env={**BUILD_ENV, "COLUMNS": "100"},
        cwd=REPO,
        timeout=120,
    )


def test_version() -> None:
    from generator import __version__

    result = _run("--version")
    assert (result.returncode, result.stdout) == (0, f"playbook {__version__}\n")


def test_argument_mistakes_are_told_in_chinese() -> None:
    result = _run("bild")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "playbook：错误：参数 命令：无效的选择 'bild'（可选：'validate', 'build', 'serve', 'schema', 'diff'）"
    )
    assert _run("diff").stderr.splitlines()[-1] == "playbook diff：错误：缺少参数：OLD, NEW"


def test_diff_exit_code_says_whether_there_is_a_difference() -> None:
    v1, v2 = "tests/fixtures/diff/v1", "tests/fixtures/diff/v2"
    assert _run("diff", v1, v2).returncode == 0  # without the flag: always 0
    assert _run("diff", "--exit-code", v1, v1).returncode == 0
    assert _run("diff", "--exit-code", v1, v2).returncode == 1
    missing = _run("diff", "--exit-code", v1, "nope")
    assert missing.returncode == 2 and missing.stderr.startswith("无法比较：")
