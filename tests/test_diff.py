"""``playbook diff``: two versions of the fixture playbook, as folders and as git revisions.

``tests/fixtures/diff/v1/data`` is a copy of the mini playbook; ``v2/data`` renames the role
``supervisor`` to ``team-supervisor`` (file and every reference), moves step 1 of 计划目标制定 to
position 3, gives 分析现状 another owner, adds a KPI, removes a warning, changes two meetings and a
schedule's time, bumps the version, and rewrites ``forms.yaml`` with other key order, quoting,
comments and flow lists but the same content (which must not show).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import BUILD_ENV, REPO, MiniPlaybook

from generator.diff.compare import changed_ids, diff_playbooks
from generator.diff.text import render_diff_text
from generator.render.links import Linker
from generator.render.releases import render_release_notes
from generator.site import load_playbook

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"
V1 = load_playbook(FIXTURES / "v1" / "data")
V2 = load_playbook(FIXTURES / "v2" / "data")
DIFF = diff_playbooks(V1, V2)
TEXT = render_diff_text(DIFF)


def _cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "diff", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=BUILD_ENV,
        timeout=60,
    )


def test_text_output_matches_its_golden(golden: Callable[[str, str], None]) -> None:
    golden("diff/v1-v2.txt", TEXT)


def test_release_notes_match_their_golden(golden: Callable[[str, str], None]) -> None:
    notes = render_release_notes(
        DIFF,
        old_version="1.0",
        new_version="1.1",
        released=date(2027, 3, 1),
        linker=Linker(playbook=V2, page="releases/1.1.md"),
    )
    golden("diff/release-notes-1.1.md", notes)


@pytest.mark.parametrize(
    "line",
    [
        "- 版本由 1.0 改为 1.1",
        "- 发布日期由 2027-01-15 改为 2027-03-01",
        "- 角色“主管”：id 由 supervisor 改为 team-supervisor",
        "- 流程“计划目标制定”：第 1 步“研究公司计划”移到第 3 步",
        "- 流程“计划目标制定”：第 1 步“分析现状”负责人由 支公司经理 改为 主管",
        "- 新增指标“实动率”",
        "- 删除预警“维持预警”",
        "- 会议“周经营分析会”：时长由 60 分钟 改为 90 分钟",
        "- 会议“大早会”：议程“经理讲话”时长由 5 分钟 改为 10 分钟",
        "- 支公司“示例支公司”：例会安排“周经营分析会”开始时间由 16:00 改为 16:30",
    ],
)
def test_text_output_has_line(line: str) -> None:
    assert line in TEXT.splitlines()


def test_changes_are_grouped_by_system_and_heading() -> None:
    assert [s.title for s in DIFF.sections] == [
        "手册",
        "日常管理系统",
        "追踪督导系统",
        "角色",
        "预警",
        "支公司与行事历",
    ]


def test_a_rename_is_not_reported_in_the_entities_that_follow_it() -> None:
    """Every reference to ``supervisor`` changed too, yet only the role itself is reported."""
    assert "team-supervisor" not in TEXT.replace("id 由 supervisor 改为 team-supervisor", "")
    assert "删除角色" not in TEXT and "新增角色" not in TEXT


def test_formatting_only_changes_are_ignored(mini: MiniPlaybook) -> None:
    shutil.copy(FIXTURES / "v2" / "data" / "forms.yaml", mini.data / "forms.yaml")
    assert mini.read("forms.yaml") != (FIXTURES / "v1" / "data" / "forms.yaml").read_text(encoding="utf-8")
    diff = diff_playbooks(V1, mini.load())
    assert diff.empty
    assert render_diff_text(diff) == "版本 1.0（2027-01-15）→ 1.0（2027-01-15）\n\n两个版本的内容没有差异。\n"


def test_changed_ids_are_the_added_and_changed_entities_in_new() -> None:
    assert changed_ids(DIFF) == {
        "weekly-review",
        "morning-meeting",
        "activity-rate",
        "plan-setting",
        "team-supervisor",
        "sample-branch",
    }


def test_a_renamed_id_with_a_new_title_is_found_by_its_other_fields(mini: MiniPlaybook) -> None:
    (mini.data / "meetings" / "weekly-review.yaml").rename(mini.data / "meetings" / "weekly-meeting.yaml")
    mini.replace("meetings/weekly-meeting.yaml", "title: 周经营分析会", "title: 周经营会")
    mini.replace("branches/sample-branch.yaml", "meeting: weekly-review", "meeting: weekly-meeting")
    lines = render_diff_text(diff_playbooks(V1, mini.load())).splitlines()
    assert lines[2:] == [
        "【日常管理系统】",
        "- 会议“周经营会”：id 由 weekly-review 改为 weekly-meeting",
        "- 会议“周经营会”：名称由“周经营分析会”改为“周经营会”",
    ]


def test_a_kpi_with_a_new_id_and_a_new_title_is_removed_and_added(mini: MiniPlaybook) -> None:
    """Below 90% equal fields (8 of 9 here), two entities are two entities."""
    mini.replace("kpis.yaml", "id: attendance-rate\n    title: 出勤率", "id: turnout\n    title: 早会出勤率")
    lines = render_diff_text(diff_playbooks(V1, mini.load())).splitlines()
    assert lines[2:] == ["【日常管理系统】", "- 新增指标“早会出勤率”", "- 删除指标“出勤率”"]


def test_added_and_removed_steps_and_a_changed_detail(mini: MiniPlaybook) -> None:
    mini.replace("workflows/plan-setting.yaml", "  - title: 研究公司计划\n    owner: branch-manager\n", "")
    mini.replace(
        "workflows/plan-setting.yaml",
        "detail: 对照上阶段达成情况，找出人力与业绩的差距。",
        "detail: 对照上阶段达成情况找差距。\n  - title: 明确差距\n    owner: supervisor",
    )
    lines = render_diff_text(diff_playbooks(V1, mini.load())).splitlines()
    assert lines[2:] == [
        "【追踪督导系统】",
        "- 流程“计划目标制定”：删除第 1 步“研究公司计划”",
        "- 流程“计划目标制定”：第 1 步“分析现状”执行内容由“对照上阶段达成情况，找出人力与业绩的差距。”改为“对照上阶段达成情况找差距。”",
        "- 流程“计划目标制定”：新增第 2 步“明确差距”",
    ]


def test_git_revisions_give_the_same_diff_as_the_folders(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "v1" / "data", repo / "data")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "v1"], cwd=repo, check=True)
    shutil.rmtree(repo / "data")
    shutil.copytree(FIXTURES / "v2" / "data", repo / "data")
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "v2"], cwd=repo, check=True)

    result = _cli("HEAD~1", "HEAD", cwd=repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == TEXT
    mixed = _cli("HEAD~1:data", "data", cwd=repo)  # a revision against the working folder
    assert mixed.stdout == TEXT


def test_folders_on_the_command_line_and_markdown_format() -> None:
    result = _cli("tests/fixtures/diff/v1", "tests/fixtures/diff/v2/data", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# 1\\.1 版更新说明\n")
    assert "- 新增指标 [实动率](../catalog/kpis.md#activity-rate)" in result.stdout


def test_an_unknown_revision_is_a_clear_error(tmp_path: Path) -> None:
    result = _cli("no-such-rev", str(FIXTURES / "v2"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "无法比较：“no-such-rev”既不是数据文件夹，也不是当前 git 仓库中的版本\n"


def test_invalid_data_on_one_side_is_reported_not_raised(mini: MiniPlaybook) -> None:
    mini.replace("roles/agent.yaml", "title:", "titel:")
    result = _cli(str(FIXTURES / "v1"), str(mini.data))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "roles/agent.yaml:2:1  titel  未知的键" in result.stderr
    assert result.stderr.endswith("未生成任何输出。\n")
