"""Every input a careless or hostile editor gave the generator (issue 8): a positioned Chinese
error, exit status 1 and no traceback — or a stated limit — and never a hang or a lost file.

The inputs are those found by trying a corpus of malformed playbooks: time zones that are folders,
versions with superscript digits, links that point nowhere, into themselves, out of the project or
at ``/dev/zero``, named pipes, huge files and texts, deep nesting, dates in year 1 or 9999, a
400-year calendar, a meeting at a time a clock change skips, announcements saved as GBK or holding
control characters.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BUILD_ENV, copy_sources, mini_sources

from generator.feeds.announcements import render_atom, render_rss, xml_text
from generator.load.files import MAX_FILE_BYTES
from generator.load.posts import load_posts
from generator.render.printables import csv_cell, csv_text

BRANCH = "branches/sample-branch.yaml"


def _only(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The problem lines of a failed ``validate`` (exit 1, nothing on stdout, no traceback)."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("共 ") and lines[-1].endswith(" 处错误，未生成任何输出。")
    return lines[:-1]


# ------------------------------------------------------------------ values


def test_a_time_zone_that_is_a_folder(mini):
    mini.replace(BRANCH, "sample: true", "sample: true\ntimezone: America")
    assert _only(mini.validate_cli()) == [
        'data/branches/sample-branch.yaml:4:11  timezone  未知时区 "America"（请写 IANA 时区名，如 Asia/Shanghai）'
    ]


def test_a_version_with_a_superscript_digit(mini):
    mini.replace("playbook.yaml", 'version: "1.0"', 'version: "1.²"')
    assert _only(mini.validate_cli()) == [
        'data/playbook.yaml:5:10  version  版本号 "1.²" 应由数字和点组成，如 1.0、1.1、2.0'
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "released: 2027-01-15",
            "released: 0001-01-15",
            "data/playbook.yaml:6:11  released  日期 0001-01-15 超出范围：应在 2000-01-01 至 2099-12-31 之间",
        ),
        (
            "calendar_end: 2027-03-31",
            "calendar_end: 9999-12-31",
            "data/branches/sample-branch.yaml:6:15  calendar_end  "
            "日期 9999-12-31 超出范围：应在 2000-01-01 至 2099-12-31 之间",
        ),
        (
            "calendar_end: 2027-03-31",
            "calendar_end: 2099-12-31",
            "data/branches/sample-branch.yaml:6:15  calendar_end  行事历期间太长（2027-01-01 至 2099-12-31，"
            "876 个月）；最长 36 个月，请把 calendar_start 或 calendar_end 改近一些",
        ),
    ],
)
def test_dates_out_of_range_and_a_calendar_of_centuries(mini, old, new, expected):
    file = "playbook.yaml" if "released" in old else BRANCH
    mini.replace(file, old, new)
    started = time.perf_counter()
    assert _only(mini.validate_cli()) == [expected]
    assert time.perf_counter() - started < 30  # was 11 minutes for 9999-12-31


def test_a_schedule_with_more_occurrences_than_a_branch_ever_has(mini):
    mini.replace(BRANCH, "calendar_end: 2027-03-31", "calendar_end: 2029-12-31")
    mini.replace(BRANCH, "days: [周一]", "days: [周一, 周二, 周三, 周四, 周五, 周六, 周日]")
    [problem] = mini.problems()  # how many depends on 2028's and 2029's holidays: over 1,000
    assert re.fullmatch(
        r"data/branches/sample-branch\.yaml:30:13  schedules\[2\]\.repeat  这个安排在 2027-01-01 至 2029-12-31 之间"
        r"有 10\d\d 次；每个安排最多 1000 次，请用 starts 和 until 缩短期间，或拆成几个安排",
        problem,
    ), problem


def test_a_huge_text_and_a_huge_number(mini):
    mini.replace("roles/agent.yaml", "title: 营销员", "title: " + "长" * 2001)
    mini.replace("roles/agent.yaml", "order: 3", "order: 99999999999999999999")
    problems = mini.problems()
    assert problems == [
        "data/roles/agent.yaml:2:8  title  文字太长（2001 个字符）；每项最多 2000 个字符，请精简或分成几条",
        "data/roles/agent.yaml:6:8  order  数字太大或太小：应在 -1000000 至 1000000 之间",
    ]


def test_a_file_larger_than_the_limit(mini):
    mini.write("roles/agent.yaml", "title: " + "x" * MAX_FILE_BYTES + "\n")
    assert mini.problems() == [
        "data/roles/agent.yaml  文件太大（1,024 KB）；每个文件最大 1 MB（1,024 KB），"
        "请拆分成多个文件（如每个支公司、每个月一个文件）"
    ]


def test_nesting_deeper_than_any_data_needs(mini):
    mini.write("roles/agent.yaml", "title: " + "[" * 30 + "]" * 30 + "\n")
    assert mini.problems() == [
        "data/roles/agent.yaml:1:27  列表和键值对嵌套太深（最多 20 层）；请检查缩进和括号是否配对"
    ]
    mini.write("roles/agent.yaml", "title: " + "[" * 100_000 + "\n")
    [problem] = mini.problems()
    assert problem.endswith("列表和键值对嵌套太深（最多 20 层）；请检查缩进和括号是否配对")


def test_an_echoed_value_is_cut_short(mini):
    readme = mini.root / "README.md"
    readme.write_text("# 说明\n\n" + "很长的一段说明。" * 500 + "\n", encoding="utf-8")
    mini.remove("kpis.yaml")
    (mini.data / "kpis.yaml").symlink_to(readme)
    [problem] = mini.problems()
    assert problem == (  # "# 说明" is a YAML comment: the paragraph is the value
        'data/kpis.yaml:3:1  应为键值对（如“kpis: ……”），实际是 "很长的一段说明。很长的一段说明。很长的一段说明。很长的一段说明。很长的一段说明…"'
    )


# ------------------------------------------------------------------ files


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda p: p.symlink_to("/nonexistent/x.yaml"),
            "符号链接指向的文件不存在；请删除这个链接，或换成真正的文件",
        ),
        (lambda p: p.symlink_to(p.name), "符号链接循环指向自己；请删除这个链接，换成真正的文件"),
        (
            lambda p: p.symlink_to("/etc/hostname"),
            "符号链接指向项目文件夹以外的地方；手册只读取项目里的文件，请把文件复制进来，不要用链接",
        ),
        (
            lambda p: p.symlink_to("/dev/zero"),
            "符号链接指向项目文件夹以外的地方；手册只读取项目里的文件，请把文件复制进来，不要用链接",
        ),
        (lambda p: os.mkfifo(p), "这不是普通文件（命名管道），不能读取；请删除它"),
    ],
    ids=["dangling", "loop", "outside", "dev-zero", "fifo"],
)
def test_files_that_are_not_regular_files_of_the_project(mini, make, expected):
    mini.remove("roles/supervisor.yaml")
    make(mini.data / "roles/supervisor.yaml")
    started = time.perf_counter()
    result = mini.validate_cli()
    assert time.perf_counter() - started < 30  # a FIFO blocked forever, /dev/zero ate the memory
    assert _only(result) == [f"data/roles/supervisor.yaml  {expected}"]


def test_a_link_inside_the_project_is_read(mini):
    (mini.root / "shared").mkdir()
    (mini.data / "roles/supervisor.yaml").rename(mini.root / "shared/supervisor.yaml")
    (mini.data / "roles/supervisor.yaml").symlink_to("../../shared/supervisor.yaml")
    assert [r.id for r in mini.load().roles] == ["branch-manager", "supervisor", "agent"]


def test_a_refused_catalog_does_not_also_report_every_reference_to_it(mini):
    mini.remove("kpis.yaml")
    os.mkfifo(mini.data / "kpis.yaml")
    assert mini.problems() == ["data/kpis.yaml  这不是普通文件（命名管道），不能读取；请删除它"]


# ------------------------------------------------------------------ clock changes


def _in_new_york(mini, schedule: str) -> None:
    mini.replace(BRANCH, "sample: true", "sample: true\ntimezone: America/New_York")
    mini.replace(BRANCH, "schedules:\n", "schedules:\n" + schedule)


def test_a_time_a_clock_change_skips(mini):
    _in_new_york(
        mini,
        "  - id: night-call\n    meeting: weekly-review\n    repeat: weekly\n    days: [周日]\n"
        '    start: "02:30"\n    end: "03:30"\n    place: 线上\n',
    )
    assert mini.problems() == [
        "data/branches/sample-branch.yaml:13:12  schedules[1].start  2027-03-14（周日）02:30 在时区 "
        "America/New_York 不存在：那天调整夏令时，时钟跳过了这段时间；请换一个时间，或取消、改期那一次"
    ]


def test_a_time_that_happens_twice_and_a_cancelled_occurrence(mini):
    mini.replace(BRANCH, "calendar_end: 2027-03-31", "calendar_end: 2027-11-30")
    _in_new_york(
        mini,
        "  - id: night-call\n    meeting: weekly-review\n    repeat: weekly\n    days: [周日]\n"
        '    start: "01:15"\n    end: "01:45"\n    place: 线上\n',
    )
    assert mini.problems() == [
        "data/branches/sample-branch.yaml:13:12  schedules[1].start  2027-11-07（周日）01:15 在时区 "
        "America/New_York 出现两次：那天夏令时结束，时钟回拨，这个时间有两个；请换一个时间，或取消、改期那一次",
        "data/branches/sample-branch.yaml:14:10  schedules[1].end  2027-11-07（周日）01:45 在时区 "
        "America/New_York 出现两次：那天夏令时结束，时钟回拨，这个时间有两个；请换一个时间，或取消、改期那一次",
    ]
    mini.replace(BRANCH, "    place: 线上\n", "    place: 线上\n    cancelled:\n      - date: 2027-11-07\n")
    mini.load()


def test_a_one_off_event_at_a_skipped_time(mini):
    mini.replace(BRANCH, "sample: true", "sample: true\ntimezone: Europe/Berlin")
    mini.replace(BRANCH, "calendar_end: 2027-03-31", "calendar_end: 2027-04-30")
    mini.write(
        "calendars/sample-branch/2027-03.yaml",
        """\
        events:
          - id: night-drill
            title: 夜间演练
            category: training
            date: 2027-03-28
            start: "02:15"
            end: "03:30"
            link: morning-meeting
        """,
    )
    assert mini.problems() == [
        "data/calendars/sample-branch/2027-03.yaml:6:12  events[1].start  2027-03-28（周日）02:15 在时区 "
        "Europe/Berlin 不存在：那天调整夏令时，时钟跳过了这段时间；请换一个时间，或取消、改期那一次"
    ]


# ------------------------------------------------------------------ announcements


POST = "---\ndate: 2027-01-20\nslug: notice\ncategories: [通知]\n---\n\n# 通知\n\n正文。\n"


def _post_problems(mini, content: bytes) -> list[str]:
    posts = mini.root / "content/blog/posts"
    posts.mkdir(parents=True)
    (posts / "2027-01-20-notice.md").write_bytes(content)
    found, problems = load_posts(mini.root / "content", mini.load())
    assert found == [] or not problems
    return [p.format() for p in problems]


def test_an_announcement_saved_as_gbk(mini):
    assert _post_problems(mini, POST.encode("gb18030")) == [
        # 通知 in GBK happens to be valid UTF-8; 正文 is not
        "content/blog/posts/2027-01-20-notice.md:9:1  文件不是 UTF-8 编码（第 67 字节 0xD5 无法解码）；"
        "请在编辑器中以 UTF-8 编码重新保存"
    ]


def test_control_characters_in_an_announcement(mini):
    assert _post_problems(mini, POST.replace("slug: notice", "slug: no\x08tice").encode()) == [
        "content/blog/posts/2027-01-20-notice.md:3:9  文件中有不允许的控制字符 U+0008；请删除它（常见于从别处复制来的文字）"
    ]


def test_control_characters_in_an_announcement_body(mini):
    assert _post_problems(mini, POST.replace("正文。", "正\x1b文。").encode()) == [
        "content/blog/posts/2027-01-20-notice.md:9:2  文件中有不允许的控制字符 U+001B；请删除它（常见于从别处复制来的文字）"
    ]


def test_an_announcement_in_year_9999(mini):
    assert _post_problems(mini, POST.replace("2027-01-20", "9999-12-31 23:00:00-10:00", 1).encode()) == [
        "content/blog/posts/2027-01-20-notice.md:2:7  date  日期 9999-12-31 超出范围：应在 2000-01-01 至 2099-12-31 之间"
    ]


def test_anchors_in_front_matter_are_refused_as_in_data(mini):
    assert _post_problems(mini, POST.replace("categories: [通知]", "categories: &c [通知]").encode()) == [
        "content/blog/posts/2027-01-20-notice.md:4:13  不支持 YAML 锚点 &c；请把内容直接写出来，不要用 & 和 * 引用"
    ]


def test_feeds_stay_well_formed_xml_whatever_they_are_given():
    import xml.etree.ElementTree as ET
    from datetime import datetime

    from generator.model.announcements import BEIJING, Post

    post = Post(
        "blog/posts/x.md",
        "x",
        "标题\x0b",
        datetime(2027, 1, 20, 9, tzinfo=BEIJING),
        ("通知",),
        (),
        "摘要\x00",
    )
    assert xml_text("a\x00b\ufffec") == "a\ufffdb\ufffdc"
    for text in (
        render_atom([post], site_url="https://x.invalid", title="t"),
        render_rss([post], site_url="https://x.invalid", title="t"),
    ):
        ET.fromstring(text.encode("utf-8"))


def test_csv_cells_are_never_formulas():
    assert [csv_cell(c) for c in ("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "日期", "a=b")] == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "日期",
        "a=b",
    ]
    assert csv_text([["=1+1", "备注"]]) == "\ufeff'=1+1,备注\r\n"


# ------------------------------------------------------------------ building


def _playbook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        timeout=300,
    )


@pytest.mark.slow
def test_a_site_with_announcements_needs_a_site_url(tmp_path):
    src = copy_sources(tmp_path / "src")
    config = src / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_url:", "# site_url:", 1), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "mkdocs.yml  site_url  有总部公告（content/blog/posts/）时必须设置 site_url" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("target", ["data", ".", "content", "site_overrides", "data/site", ".."])
def test_the_sources_are_never_the_output_folder(tmp_path, target):
    src = copy_sources(tmp_path / "project")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    result = _playbook("build", "-d", target, cwd=src)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "未生成任何输出" in result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


@pytest.mark.slow
def test_mkdocs_build_into_the_data_folder_is_refused_too(tmp_path):
    src = copy_sources(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "data"],
        cwd=src,
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        timeout=300,
    )
    assert result.returncode == 1
    assert "/data 就是源文件夹 data/：生成网站会先清空输出文件夹，里面的文件会全部丢失" in result.stderr
    assert (src / "data/playbook.yaml").is_file()


@pytest.mark.slow
def test_a_folder_that_is_not_a_built_site_needs_overwrite(tmp_path):
    src = mini_sources(tmp_path / "project")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.txt").write_text("我的笔记", encoding="utf-8")
    refused = _playbook("build", "-d", str(notes), cwd=src)
    assert refused.returncode == 1
    assert "里已有文件，但不像是以前生成的网站" in refused.stderr and "--overwrite" in refused.stderr
    assert (notes / "mine.txt").read_text(encoding="utf-8") == "我的笔记"
    # a killed build's staging folder (its process is gone) is removed by the next build
    stale = tmp_path / ".site.new-999999-abcd1234"
    stale.mkdir()
    (stale / "index.html").write_text("half", encoding="utf-8")
    built = _playbook("build", "-d", str(tmp_path / "site"), cwd=src)
    assert built.returncode == 0, built.stderr
    assert not stale.exists()
    again = _playbook("build", "-d", str(tmp_path / "site"), cwd=src)  # a built site may be replaced
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "project", "site"]


def test_the_editing_guide_states_every_limit():
    from generator.calendar.checks import MAX_CALENDAR_MONTHS, MAX_OCCURRENCES
    from generator.load.convert import FIRST_DATE, LAST_DATE, MAX_INT, MAX_TEXT, MIN_INT
    from generator.load.files import MAX_FILE_TEXT
    from generator.load.yamlsource import MAX_DEPTH
    from generator.model.fields import MAX_ID

    guide = (Path(__file__).parent.parent / "content/guide/editing.md").read_text(encoding="utf-8")
    limits = guide.split("## 限制", 1)[1].split("\n## ", 1)[0]
    for value in (
        MAX_FILE_TEXT,
        f"最多 {MAX_TEXT} 个字符",
        f"最多 {MAX_ID} 个字符",
        f"{MIN_INT} 至 {MAX_INT}",
        f"{FIRST_DATE} 至 {LAST_DATE}",
        f"最多 {MAX_DEPTH} 层",
        f"最长 {MAX_CALENDAR_MONTHS} 个月",
        f"最多 {MAX_OCCURRENCES} 次",
    ):
        assert value in limits, value


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["build", "-f", "nope.yml"], "配置文件 nope.yml 不存在；请用 -f 指定 mkdocs.yml。未生成任何输出。"),
        (
            ["build", "-f", "data"],
            "配置文件 data 是文件夹，不是文件；请用 -f 指定 mkdocs.yml。未生成任何输出。",
        ),
        (["serve", "-f", "nope.yml"], "配置文件 nope.yml 不存在；请用 -f 指定 mkdocs.yml。未生成任何输出。"),
        (["schema", "--out", "mkdocs.yml"], "输出位置 mkdocs.yml 已存在，但不是文件夹。未生成任何输出。"),
    ],
)
def test_command_line_mistakes(tmp_path, args, expected):
    src = copy_sources(tmp_path / "project")
    result = _playbook(*args, cwd=src)
    assert (result.returncode, result.stderr.strip()) == (1, expected)


@pytest.mark.slow
def test_a_broken_mkdocs_yml(tmp_path):
    src = copy_sources(tmp_path / "project")
    (src / "mkdocs.yml").write_text("site_name: x\nnav: [\n", encoding="utf-8")
    result = _playbook("build", cwd=src)
    assert result.returncode == 1
    assert result.stderr.startswith("配置文件 mkdocs.yml 有错误：")
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_bad_announcement_stops_playbook_build_in_chinese(tmp_path):
    src = mini_sources(tmp_path / "project")
    posts = src / "content/blog/posts"
    posts.mkdir(parents=True, exist_ok=True)
    (posts / "2027-01-20-notice.md").write_bytes(POST.encode("gb18030"))
    result = _playbook("build", "-d", str(tmp_path / "site"), cwd=src)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr
    assert "content/blog/posts/2027-01-20-notice.md:9:1  文件不是 UTF-8 编码" in result.stderr
    assert result.stderr.rstrip().endswith("保持原样：出现错误（见上面的消息）")
    assert not (tmp_path / "site").exists()
