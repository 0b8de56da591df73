"""My branch and today, without a browser: the agenda data the build writes (the 今天 page's
script reads it; tests/test_layout.py checks the page in Chromium), the periods of a schedule on
role and meeting pages, and the descriptions pages are shared with."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from conftest import MINI, REPO

from generator.calendar.calendars import build_calendars
from generator.feeds.agenda import render_agenda
from generator.render.markup import describe
from generator.render.rhythm import branch_rhythms, meeting_branches
from generator.site import generate, load_playbook

SITE_URL = "https://handbook.example.com/"


def mini_agenda() -> dict[str, dict]:
    p = load_playbook(MINI / "data")
    files = render_agenda(p, build_calendars(p, SITE_URL))
    return {path: json.loads(text) for path, text in files.items()}


def day(agenda: dict[str, dict], iso: str) -> dict:
    month = agenda[f"calendars/sample-branch/{iso[:7]}.json"]
    return next(d for d in month["days"] if d["date"] == iso)


def test_branches_file_lists_branches_with_their_zone_months_and_pages_and_the_roles() -> None:
    data = mini_agenda()["calendars/branches.json"]
    (branch,) = data["branches"]
    assert branch == {
        "id": "sample-branch",
        "title": "示例支公司",
        "timezone": "Asia/Shanghai",
        "first": "2027-01-01",
        "last": "2027-03-31",
        "months": ["2027-01", "2027-02", "2027-03"],
        "calendar": "calendars/sample-branch/",
        "subscribe": "calendars/sample-branch/subscribe/",
        "role_feeds": {
            "agent": "feeds/sample-branch/role-agent.ics",
            "branch-manager": "feeds/sample-branch/role-branch-manager.ics",
            "supervisor": "feeds/sample-branch/role-supervisor.ics",
        },
    }
    assert data["today"] == "calendars/today/"
    assert {"id": "agent", "title": "营销员"} in data["roles"]


def test_a_day_holds_what_its_month_page_shows_with_the_roles_that_attend() -> None:
    agenda = mini_agenda()
    monday = day(agenda, "2027-01-18")
    assert monday["topic"] == {"topic": "周目标宣导", "host": "支公司经理", "content": None}
    assert [(i["time"], i["title"]) for i in monday["items"]] == [
        ("08:30–09:15", "大早会"),
        ("16:00–17:00", "周经营分析会"),
    ]
    morning, review = monday["items"]
    assert "agent" in morning["roles"] and "agent" not in review["roles"]
    assert review["roles"] == ["branch-manager", "supervisor"]
    assert morning["href"] == "calendars/sample-branch/2027-01/#morning-meeting-20270118"
    assert morning["page"] == "meetings/morning-meeting/"


def test_holidays_make_up_days_cancellations_and_moves_are_in_the_data() -> None:
    agenda = mini_agenda()
    spring = day(agenda, "2027-02-08")
    assert spring["off"] == "春节" and spring["items"] == []
    saturday = day(agenda, "2027-02-20")
    assert saturday["makeup"] == "春节"
    assert [i["title"] for i in saturday["items"]] == ["大早会"]
    cancelled = day(agenda, "2027-01-15")
    assert (
        cancelled["items"][0]["cancelled"] and cancelled["items"][0]["note"] == "已取消：全员参加总公司年会"
    )
    away = day(agenda, "2027-01-20")
    assert away["moved"] == [
        {
            "title": "大早会",
            "to": "1月21日 10:00",
            "href": "calendars/sample-branch/2027-01/#morning-meeting-20270120",
            "roles": ["branch-manager", "supervisor", "agent"],  # who is told that it moved
        }
    ]
    moved_to = day(agenda, "2027-01-21")
    assert ("10:00–10:45", "大早会", "override") in {
        (i["time"], i["title"], i["kind"]) for i in moved_to["items"]
    }
    assert all(
        not month.get("provisional") for path, month in agenda.items() if path != "calendars/branches.json"
    )


def test_agenda_files_are_part_of_the_build_and_deterministic() -> None:
    p = load_playbook(MINI / "data")
    one = generate(p, site_url=SITE_URL).files
    two = generate(load_playbook(MINI / "data"), site_url=SITE_URL).files
    agenda = {k: v for k, v in one.items() if k.startswith("calendars/") and k.endswith(".json")}
    assert set(agenda) == {
        "calendars/branches.json",
        *(f"calendars/sample-branch/2027-0{i}.json" for i in (1, 2, 3)),
    }
    assert agenda == {k: two[k] for k in agenda}


def test_text_from_the_data_never_looks_like_markup_in_the_json() -> None:
    text = render_agenda(
        load_playbook(MINI / "data"), build_calendars(load_playbook(MINI / "data"), SITE_URL)
    )
    for body in text.values():
        assert "<" not in body and ">" not in body and "&" not in body


def test_a_role_rhythm_lists_each_series_once_with_its_dated_periods() -> None:
    p = load_playbook(REPO / "data")
    east = next(br for br in branch_rhythms(p, "agent") if br.branch.id == "sample-east")
    morning = next(s for s in east.slots if s.meeting.id == "morning-meeting")
    assert [(pd.text, pd.last) for pd in morning.periods] == [
        ("工作日 08:30–09:30（至2月28日）", date(2027, 2, 28)),
        ("3月1日起 08:45–09:45", date(2027, 6, 30)),
    ]
    north = next(br for br in branch_rhythms(p, "new-agent") if br.branch.id == "sample-north")
    bridging = [s for s in north.slots if s.meeting.id == "bridging-education"]
    assert len(bridging) == 1  # two schedules (March, June), one row
    assert [pd.text for pd in bridging[0].periods] == [
        "3月1日–30日工作日 10:10–11:40",
        "6月1日–29日工作日 10:10–11:40",
    ]


def test_a_meeting_page_says_when_and_where_at_each_branch() -> None:
    p = load_playbook(REPO / "data")
    by_branch = {b.id: slot for b, slot in meeting_branches(p, "morning-meeting")}
    assert set(by_branch) == {"sample-east", "sample-north", "sample-west"}
    east = by_branch["sample-east"]
    assert east is not None and east.places == ("五楼职场大厅",)
    assert east.when == "工作日 08:30–09:30（至2月28日）；3月1日起 08:45–09:45"
    page = generate(p, site_url=SITE_URL).pages["meetings/morning-meeting.md"]
    assert '<div class="pb-branch-when" data-pb-branch="sample-east" markdown="1">' in page
    assert '<span class="pb-period" data-pb-last="2027-02-28">工作日 08:30–09:30（至2月28日）</span>' in page


def test_each_page_is_described_by_its_own_content() -> None:
    assert describe(
        "<h1>营销员</h1><p><strong>定位</strong>：职场的一线销售人员，按计划开展活动量。</p>"
    ) == ("定位：职场的一线销售人员，按计划开展活动量。")
    long = "<p>" + "很长的一段话，" * 40 + "</p>"
    out = describe(long)
    assert out is not None and len(out) == 120 and out.endswith("…")
    assert describe('<div class="admonition note"><p>说明说明说明说明说明说明说明</p></div>') is None


def test_built_pages_have_their_own_description_and_og_tags(site: Path) -> None:
    seen = {}
    for path in (
        "index.html",
        "roles/agent/index.html",
        "workflows/recruiting-cycle/index.html",
        "meetings/morning-meeting/index.html",
        "calendars/sample-east/2027-03/index.html",
        "printables/checklist-agent/index.html",
        "calendars/today/index.html",
    ):
        page = (site / path).read_text(encoding="utf-8")
        tags = dict(re.findall(r'<meta (?:name|property)="((?:og:)?[a-z_]+)" content="([^"]*)"', page))
        assert tags["description"] == tags["og:description"], path
        assert tags["og:title"] and tags["og:site_name"] == "营销职场运作体系手册", path
        assert tags["og:url"].startswith("https://handbook.example.invalid/"), path
        seen[path] = tags["description"]
    assert len(set(seen.values())) == len(seen)  # no two alike
    assert seen["roles/agent/index.html"].startswith("定位：职场的一线销售人员")
    assert seen["meetings/morning-meeting/index.html"].startswith("大早会：每个工作日")
