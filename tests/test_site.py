"""End to end: build the default playbook with ``mkdocs build --strict`` and read the site as a user would.

The site is built once per test session (about two seconds); tests that need a broken or changed
playbook build a private copy of the repository's site sources.
"""

from __future__ import annotations

import functools
import hashlib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import BUILD_ENV as ENV
from conftest import REPO, copy_sources, mini_sources, mkdocs_build


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.sources: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0
        self._tips: list[str] = []  # open tags inside a data-search-exclude element (tooltips)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in ("script", "img", "iframe", "source") and a.get("src"):
            self.sources.append(a["src"] or "")
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical",):
            self.sources.append(a["href"] or "")
        if tag in ("script", "style"):
            self._skip += 1
        if self._tips or "data-search-exclude" in a:
            self._tips.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if self._tips and tag == self._tips[-1]:
            self._tips.pop()

    def handle_data(self, data: str) -> None:
        """Visible text as a reader scans it: not scripts, not tooltips (as the search index)."""
        if not self._skip and not self._tips:
            self.text.append(data)


@functools.cache
def parse(path: Path) -> _Page:
    """The parsed page (cached: the link checker looks at each target's anchors many times)."""
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def page_text(site: Path, url: str) -> str:
    """Visible text of the page at ``url`` (directory URL), whitespace removed."""
    return re.sub(r"\s+", "", "".join(parse(site / url / "index.html").text))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ------------------------------------------------------------------ pages and links


KEY_PAGES = [
    "",
    "overview/why",
    "overview/approach",
    "overview/rollout",
    "systems",
    *(
        f"systems/{s}"
        for s in (
            "daily-management",
            "recruiting",
            "coaching-training",
            "development-planning",
            "sales-support",
            "tracking-supervision",
        )
    ),
    "workflows/plan-setting",
    "workflows/recruiting-cycle",
    "workflows/monthly-income-analysis",
    "groups",
    "groups/morning-meeting-group",
    "groups/recruiting-group",
    "groups/training-group",
    "groups/support-group",
    "meetings",
    "meetings/morning-meeting",
    "meetings/career-presentation",
    "roles",
    "roles/agent",
    "roles/supervisor",
    "roles/trainer",
    "roles/sales-manager",
    "catalog/kpis",
    "catalog/warnings",
    "catalog/forms",
    "catalog/etiquette",
    "catalog/office-rules",
    "catalog/culture",
    "catalog/glossary",
    "guide/editing",
    "guide/reading",
    "calendars",
    "calendars/subscribe",
    *(f"calendars/{b}" for b in ("sample-east", "sample-west", "sample-north")),
    *(
        f"calendars/sample-east/{m}"
        for m in ("2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06")
    ),
]


@pytest.mark.parametrize("url", KEY_PAGES)
def test_key_page_exists(site: Path, url: str) -> None:
    assert (site / url / "index.html").is_file()


def test_every_internal_link_resolves_to_a_page_and_anchor(site: Path) -> None:
    broken = []
    for path in html_pages(site):
        if path.parent.name == "print_page":
            continue  # the whole handbook on one page, for printing: the print-site plugin's own anchors
        page = parse(path)
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            base = site if parts.path.startswith("/") else path.parent  # 404.html links from the root
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)} → {href} (no such page)")
                continue
            if parts.fragment and target.suffix == ".html" and parts.fragment not in parse(target).ids:
                broken.append(f"{path.relative_to(site)} → {href} (no such anchor)")
    assert broken == []


def test_step_links_its_owner_and_the_owner_links_back(site: Path) -> None:
    workflow = parse(site / "workflows/plan-setting/index.html")
    assert "step-10" in workflow.ids
    assert "../../roles/supervisor/" in workflow.links  # the step's owner, in table and swimlane
    role = parse(site / "roles/supervisor/index.html")
    assert "../../workflows/plan-setting/#step-10" in role.links  # 制定本团队下阶段计划


def test_role_page_is_assembled_from_cross_references(site: Path) -> None:
    text = page_text(site, "roles/agent")
    assert "531工作模式" in text
    for item in ("5个电话约访", "3个客户面谈", "1个准客户资料"):
        assert item in text
    agent = parse(site / "roles/agent/index.html")
    assert "../../workflows/plan-setting/#step-11" in agent.links  # 制定个人下阶段计划
    assert any(link.startswith("../../meetings/morning-meeting/") for link in agent.links)
    assert any(link.startswith("../../catalog/kpis/#") for link in agent.links)
    assert any(link.startswith("../../catalog/warnings/#") for link in agent.links)


def test_swimlane_is_html_built_at_build_time(site: Path) -> None:
    html = (site / "workflows/recruiting-cycle/index.html").read_text(encoding="utf-8")
    assert html.count('class="pb-step ') == 12
    assert 'class="pb-lane ' in html
    assert "mermaid" not in html


# ------------------------------------------------------------------ the seed is all there


OUTLINE_ITEMS = [
    # why / what / approach
    "各职级人员定位不清晰",
    "训练辅导能力严重不足",
    "减轻对例行反复性工作投入的指导精力",
    "建立营销团队长期的竞争优势",
    "以营销职场功能组为核心",
    "成立四个功能小组",
    "人力与业绩",
    # systems and their indicators
    "日常管理系统",
    "增员甄选系统",
    "辅导训练系统",
    "发展规划系统",
    "销售支持系统",
    "追踪督导系统",
    "出勤率",
    "工作日志使用率",
    "增员率",
    "留存率",
    "转正率",
    "实动率",
    "XX之星人力占比",
    "任务达成率",
    "主管考核达标率",
    "主管晋升率",
    # workflows
    "司令部审核计划",
    "编制职场阶段计划",
    "确定绩效追踪内容",
    "对照标准发现问题",
    "预先规定运营机制制度等",
    "制定早会行事历",
    "周工作自我评估",
    "确定增员人标准",
    "增员沟通会",
    "创说会",
    "新人面试",
    "送训",
    "训练需求分析",
    "规划阶段销售支持活动",
    "目标市场分析",
    "诊断分析和沟通",
    "会前数据整理",
    "留底备案",
    "制定团队发展规划",
    "过程跟踪辅导",
    "分析团队发展结果",
    # groups
    "早会功能组",
    "增员功能组",
    "训练功能组",
    "后勤保障组",
    "4–6人",
    "3–5人",
    # meetings
    "干部早会",
    "大早会",
    "二次早会",
    "周经营分析会",
    "月经营总结会",
    "绩效会议",
    # daily models
    "3个电话追踪",
    "3个电话回访",
    "1个辅导/陪访",
    "1个个别辅导/沟通",
    # warnings (all 19)
    "晋升预警",
    "维持预警",
    "观察期预警",
    "准主任预警",
    "标准部组预警",
    "金直辖预警",
    "新人底薪预警",
    "季度奖预警",
    "年终奖预警",
    "管理津贴预警",
    "优质续保奖预警",
    "聘才预警",
    "方案预警",
    "XX之星预警",
    "精英俱乐部预警",
    "世纪盛典预警",
    "挂零预警",
    "50%实动预警",
    "清零预警",
    # culture
    "晨迎礼仪",
    "会议礼仪",
    "仪表礼仪",
    "仪态礼仪",
    "接待礼仪",
    "社交礼仪",
    "参会制度",
    "值日制度",
    "职场公约",
    "主管自律公约",
    "企业文化核心",
    "企业使命",
    "企业品格",
    "企业价值观",
    "固定板块内容",
    "定期更新板块",
    # forms
    "基本法考核追踪表",
    "实动人力达标明细表",
    "收入分析表",
    "过程追踪表",
    "阶段经营计划",
    "月度增员行事历",
    # rollout
    "统一规划",
    "急用现行",
    "持续完善",
    "更团结的销售队伍",
    "更有效的经营客户",
    # glossary
    "衔接教育",
    "基本法",
    "育成津贴",
    "陪访",
    "通关",
    "直辖",
]


def test_every_outline_item_is_reachable_in_the_built_site(site: Path) -> None:
    text = "".join(re.sub(r"\s+", "", "".join(parse(p).text)) for p in html_pages(site))
    missing = [item for item in OUTLINE_ITEMS if item not in text]
    assert missing == []


# ------------------------------------------------------------------ intranet, determinism, safety


def test_site_references_no_other_host(site: Path) -> None:
    outside = []
    for path in html_pages(site):
        for src in parse(path).sources:
            if urlsplit(src).netloc:
                outside.append(f"{path.relative_to(site)}: {src}")
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")):
            outside.append(f"{css.relative_to(site)}: {url}")
    assert outside == []
    assert not list(site.rglob("*.woff*")) or all("fonts.g" not in p.name for p in site.rglob("*"))


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_give_the_same_bytes_under_any_locale_time_zone_and_folder(
    site: Path, tmp_path: Path
) -> None:
    """The default site is built under C.UTF-8 in Asia/Shanghai from the repository; this one
    again, under the C locale in Los Angeles from a copy elsewhere: not one byte may differ (the
    holidays package names holidays in the locale's language unless told otherwise)."""
    src = copy_sources(tmp_path / "elsewhere" / "src", history=True)  # the feeds' stamps come from git
    again = tmp_path / "again"
    result = mkdocs_build(
        src / "mkdocs.yml", again, {"LANG": "C", "LC_ALL": "C", "TZ": "America/Los_Angeles"}
    )
    assert result.returncode == 0, result.stderr
    first, second = _digest(site), _digest(again)
    assert len(first) > 60
    assert sorted(p for p in first if first[p] != second.get(p)) == []
    assert first == second


@pytest.mark.slow
def test_failed_build_leaves_the_previous_site_as_it_was(tmp_path: Path) -> None:
    src = mini_sources(tmp_path / "src")
    cmd = [sys.executable, "-m", "generator", "build", "-f", str(src / "mkdocs.yml"), "-d", str(src / "site")]
    first = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)
    assert first.returncode == 0, first.stderr
    before = _digest(src / "site")
    workflow = src / "data/workflows/plan-setting.yaml"
    workflow.write_text(
        workflow.read_text(encoding="utf-8").replace("owner: supervisor", "owner: zhuguan", 1)
    )
    second = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    assert re.search(
        r'data/workflows/plan-setting\.yaml:\d+:\d+  steps\[\d+\]\.owner  未知角色或功能组 "zhuguan"',
        second.stderr,
    )
    assert _digest(src / "site") == before
    assert sorted(p.name for p in src.iterdir() if p.name.startswith(".site")) == []


# ------------------------------------------------------------------ calendars of the default playbook


def test_every_feed_on_the_subscribe_page_is_published_and_parses(site: Path) -> None:
    import icalendar
    import vobject

    html = "".join(
        (site / f"calendars/{b}/subscribe/index.html").read_text(encoding="utf-8")
        for b in ("sample-east", "sample-north", "sample-west")
    )
    https = sorted(set(re.findall(r"https://handbook\.example\.invalid/(feeds/[\w/-]+\.ics)", html)))
    webcal = sorted(set(re.findall(r"webcal://handbook\.example\.invalid/(feeds/[\w/-]+\.ics)", html)))
    assert len(https) >= 3 * 6 and https == webcal
    for path in https:
        text = (site / path).read_bytes().decode("utf-8")
        assert icalendar.Calendar.from_ical(text).get("X-WR-CALNAME")
        vobject.readOne(text, validate=True)


def test_pages_stay_small_as_branches_grow(site: Path) -> None:
    """What would grow with every branch does not: the subscribe index holds no feed, the
    navigation no branch, the print page no month, the calendar overview no month link."""
    index = (site / "calendars/subscribe/index.html").read_text(encoding="utf-8")
    assert "webcal://handbook" not in index and 'class="pb-qr' not in index
    month = (site / "calendars/sample-east/2027-03/index.html").read_text(encoding="utf-8")
    nav = month.split('class="md-sidebar md-sidebar--primary"', 1)[1].split('class="md-content"', 1)[0]
    assert "sample-north" not in nav and "2027-02" not in nav
    home = (site / "index.html").read_text(encoding="utf-8")
    home_nav = home.split('class="md-sidebar md-sidebar--primary"', 1)[1].split('class="md-content"', 1)[0]
    assert "sample-" not in home_nav and ">支公司<" not in home_nav  # no section of branches either
    printed = (site / "print_page/index.html").read_text(encoding="utf-8")
    assert "pb-month" not in printed and "大早会" in printed
    overview = (site / "calendars/index.html").read_text(encoding="utf-8")
    assert "2027-03/" not in overview and overview.count("/subscribe/") >= 3


def test_search_finds_a_months_events_without_indexing_its_grid(site: Path) -> None:
    import json

    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    month = [d for d in docs if d["location"].startswith("calendars/sample-east/2027-03/")]
    text = " ".join(d["text"] for d in month).replace("\u200b", "")
    assert "金融消费者权益保护宣传" in text  # a one-off event of the month, in 本月活动
    assert "大早会" not in text and "08:45" not in text  # the grid and the day list are left out
    # a glossary term's bubble (definition and its 术语表 link) is in no page's index: pages whose
    # own text never says 术语表 (calendars, workflows, meetings) have none
    leaks = [
        d["location"]
        for d in docs
        if "术语表" in d["text"] and d["location"].startswith(("calendars/", "workflows/", "meetings/"))
    ]
    assert leaks == []


def test_default_feeds_hold_exactly_the_model_occurrences(site: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import icalendar
    import recurring_ical_events

    from generator.calendar.calendars import build_calendars
    from generator.site import load_playbook

    playbook = load_playbook(REPO / "data")
    calendars = build_calendars(playbook, "https://handbook.example.invalid/")
    tz = ZoneInfo("Asia/Shanghai")
    for cal in calendars.branches:
        text = (site / f"feeds/{cal.branch.id}/all.ics").read_bytes()
        got = {
            (
                str(e["UID"]),
                e["DTSTART"].dt.replace(tzinfo=None)
                if isinstance(e["DTSTART"].dt, datetime)
                else e["DTSTART"].dt,
            )
            for e in recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(
                datetime(2026, 12, 1, tzinfo=tz), datetime(2027, 7, 1, tzinfo=tz)
            )
        }
        expected = {
            (o.uid, datetime.combine(o.day, o.start) if o.start else o.day)
            for o in cal.occurrences(playbook)
            if not (o.cancelled and o.kind == "series")  # EXDATEs: gone from the feed
        }
        assert got == expected, cal.branch.id
        assert len(expected) > 400


def test_provisional_year_is_announced_in_the_build_and_on_its_month_pages(site: Path) -> None:
    """2027 is provisional in the default build as long as the installed (locked) holidays package
    lacks its official arrangement; a release that has it makes the build say so no more."""
    from generator.calendar.workdays import work_calendar

    provisional = 2027 in work_calendar([2027], {}).provisional
    log = (site.parent / "build.log").read_text(encoding="utf-8")
    assert ("警告：2027年的节假日安排尚未收录" in log) == provisional
    assert ("暂定" in page_text(site, "calendars/sample-east/2027-02")) == provisional
    assert "暂定" not in page_text(site, "calendars/sample-east/2026-12")


def test_home_lists_the_latest_three_announcements(site: Path) -> None:
    home = parse(site / "index.html")
    posts = [link for link in home.links if link.startswith("blog/20")]
    assert posts[:3] == sorted(posts[:3], reverse=True) and len(set(posts)) == 3
    assert "总部公告" in page_text(site, "")


def test_release_notes_index_is_published(site: Path) -> None:
    assert "首个版本" in page_text(site, "releases")
