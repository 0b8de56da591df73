"""The ``playbook`` command as documented: README's help text is the real one; every command is in it."""

from __future__ import annotations

import re
import subprocess
import sys

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
    head = _help().split("options:")[0].strip()
    assert shown.strip() == head


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^    (\w+)  ", _help(), flags=re.MULTILINE)
    assert commands == ["validate", "build", "serve", "schema", "diff"]
    for command in commands:
        assert f"playbook {command}" in readme or f"make {command}" in readme, command
