"""The 行事历 pages of the mini fixture: goldens for two months and the subscribe pages, and what a
reader checks on them (holidays, make-up days, cancellations, moves, anchors, feeds).

``make goldens`` rewrites ``tests/goldens/calendars/``; review the diff.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI, MiniPlaybook

from generator.calendar import workdays
from generator.calendar.calendars import build_calendars
from generator.feeds.ical import render_feeds
from generator.render.calendar_pages import (
    branch_heading,
    feed_urls,
    file_href,
    qr_svg,
    render_calendar_pages,
)
from generator.render.links import url_of
from generator.site import load_playbook

SITE_URL = "https://handbook.example.invalid/"
PLAYBOOK = load_playbook(MINI / "data")
CALENDARS = build_calendars(PLAYBOOK, SITE_URL)
PAGES = render_calendar_pages(PLAYBOOK, CALENDARS, site_url=SITE_URL)
BRANCH = CALENDARS.branches[0]
JAN = PAGES["calendars/sample-branch/2027-01.md"]
FEB = PAGES["calendars/sample-branch/2027-02.md"]
SUBSCRIBE = PAGES["calendars/sample-branch/subscribe.md"]
SUBSCRIBE_INDEX = PAGES["calendars/subscribe.md"]


def cell(page: str, day: str) -> str:
    """The month grid's cell for ``day`` (``YYYY-MM-DD``)."""
    match = re.search(rf'<td data-date="{day}"[^>]*>(.*?)</td>', page, re.DOTALL)
    assert match, f"no grid cell for {day}"
    return match.group(0)


def entry(page: str, day: str) -> str:
    """The day-by-day list's entry whose anchor is ``day-<yyyymmdd>`` (HTML, up to the next)."""
    anchor = f"day-{day.replace('-', '')}"
    match = re.search(rf'<h3 id="{anchor}">(.*?)(?=<h3 |</div>\n)', page, re.S)
    assert match, f"no day entry for {day}"
    return match.group(0)


def card(page: str, anchor: str) -> str:
    match = re.search(rf'<div class="pb-occ[^"]*" id="{anchor}">(.*?)</div>', page, re.S)
    assert match, f"no card #{anchor}"
    return match.group(0)


def test_the_fixture_renders_these_pages() -> None:
    assert list(PAGES) == [
        "calendars/index.md",
        "calendars/sample-branch/2027-01.md",
        "calendars/sample-branch/2027-02.md",
        "calendars/sample-branch/2027-03.md",
        "calendars/sample-branch/index.md",
        "calendars/sample-branch/subscribe.md",
        "calendars/subscribe.md",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "calendars/sample-branch/2027-01.md",
        "calendars/sample-branch/2027-02.md",
        "calendars/sample-branch/subscribe.md",
        "calendars/subscribe.md",
    ],
)
def test_page_matches_its_golden(path: str, golden: Callable[[str, str], None]) -> None:
    golden(path, PAGES[path])


def test_rendering_is_deterministic() -> None:
    again = build_calendars(load_playbook(MINI / "data"), SITE_URL)
    assert render_calendar_pages(PLAYBOOK, again, site_url=SITE_URL) == PAGES


# ------------------------------------------------------------------ a month as readers check it


def test_make_up_saturday_is_a_workday_with_the_morning_meeting() -> None:
    saturday = cell(FEB, "2027-02-20")
    assert "pb-makeup" in saturday and "调休上班" in saturday
    assert '<span class="pb-ev-title">大早会</span>' in saturday
    assert "调休上班（春节）" in entry(FEB, "2027-02-20")
    assert "大早会（调休上班日）" in card(FEB, "morning-meeting-20270220")


def test_spring_festival_is_named_and_has_no_morning_meeting() -> None:
    monday = cell(FEB, "2027-02-08")
    assert "pb-off" in monday and ">春节</span>" in monday
    assert "大早会" not in monday and "pb-ev" not in monday
    assert "20270208" not in FEB.replace('href="#day-20270205"', "")  # no occurrence that day
    assert "2月5日（周五）至2月12日（周五） · 春节放假" in FEB


def test_cancelled_morning_meeting_is_struck_through() -> None:
    friday = cell(JAN, "2027-01-15")
    assert '<del class="pb-ev-title">大早会</del><span class="pb-flag">【已取消】</span>' in friday
    box = card(JAN, "morning-meeting-20270115")
    assert "<del>大早会</del>【已取消】" in box
    assert "已取消：全员参加总公司年会" in box


def test_moved_meeting_shows_at_its_new_time_with_its_note() -> None:
    thursday = cell(JAN, "2027-01-21")
    assert '<span class="pb-time">10:00</span><span class="pb-ev-title">大早会</span>' in thursday
    assert 'href="#morning-meeting-20270120"' in thursday
    box = card(JAN, "morning-meeting-20270120")
    assert '<strong class="pb-occ-time">10:00–10:45</strong>大早会（改期）' in box
    assert "由1月20日改期至此：会议室检修" in box
    wednesday = cell(JAN, "2027-01-20")
    assert "pb-moved-away" in wednesday and "改至1月21日 10:00" in wednesday
    assert "08:30" not in wednesday
    assert '大早会改期至<a href="#morning-meeting-20270120">1月21日 10:00</a>，本日不开。' in entry(
        JAN, "2027-01-20"
    )


def test_cancelled_event_is_struck_through_and_offers_no_calendar_file() -> None:
    box = card(JAN, "product-drill-2027-01")
    assert "<del>产品通关训练</del>【已取消】" in box
    assert "已取消：讲师临时出差" in box
    assert ".ics" not in box
    assert '<del class="pb-ev-title">产品通关训练</del><span class="pb-flag">【已取消】</span>' in cell(
        JAN, "2027-01-27"
    )


def test_day_shows_morning_topic_attendees_and_handbook_page() -> None:
    day = entry(JAN, "2027-01-04")
    assert "早会主题：<strong>新年开门红启动</strong> · 主持：支公司经理 · 宣导一季度目标" in day
    # an ordinary occurrence of a recurring meeting: one line (time, meeting, place) …
    assert (
        '<p class="pb-occ pb-cat-meeting pb-occ-line" id="weekly-review-20270104">'
        '<strong class="pb-occ-time">16:00–17:00</strong>'
        '<a href="../../../meetings/weekly-review/">周经营分析会</a><span>经理办公室</span></p>'
    ) in day
    # … its attendees, page and calendar link once for the month
    series = JAN.split("## 本月例会 {#series data-search-exclude}", 1)[1].split("## 逐日安排", 1)[0]
    assert (
        "| [周经营分析会](../../meetings/weekly-review.md) | 每周一 16:00–17:00 | 经理办公室 "
        "| [支公司经理](../../roles/branch-manager.md)、[主管](../../roles/supervisor.md) "
        '| <a class="pb-ics" href="../../../feeds/sample-branch/series/weekly-review.ics">添加到日历</a> |'
    ) in series
    # a one-off event, a moved or cancelled occurrence: a card of its own
    box = card(JAN, "career-talk-2027-01")
    assert (
        '参加：<a href="../../../roles/branch-manager/">支公司经理</a>、<a href="../../../roles/supervisor/">主管</a>'
    ) in box
    assert "早会：新年开门红启动" in cell(JAN, "2027-01-04")


def test_every_occurrence_has_one_anchor_on_its_month_page_and_a_grid_link() -> None:
    occurrences = BRANCH.occurrences(PLAYBOOK)
    assert occurrences
    for occ in occurrences:
        page = PAGES[f"calendars/sample-branch/{occ.day:%Y-%m}.md"]
        assert page.count(f'id="{occ.anchor}"') == 1, occ.anchor
        assert f'href="#{occ.anchor}"' in cell(page, occ.day.isoformat()), occ.anchor


def test_add_to_calendar_links_point_at_files_the_feeds_write() -> None:
    box = card(JAN, "career-talk-2027-01")
    assert (
        '<a class="pb-ics" href="../../../feeds/sample-branch/events/career-talk-2027-01.ics">添加到日历</a>'
        in box
    )
    moved = card(JAN, "morning-meeting-20270120")  # moved to the 21st: a card, with its series
    assert (
        '<a class="pb-ics" href="../../../feeds/sample-branch/series/morning-meeting.ics">添加该例会（全部场次）</a>'
        in moved
    )
    feeds = render_feeds(PLAYBOOK, CALENDARS, SITE_URL)
    for path, text in PAGES.items():
        base = url_of(path, directory_urls=True)
        for href in re.findall(r'href="([^"]+\.ics)"', text):
            if href.startswith(("webcal:", "https:")):
                continue
            assert posixpath.normpath(posixpath.join(base, href)) in feeds, (path, href)


def test_month_links_its_neighbours_and_prints_on_a4_landscape() -> None:
    assert "[← 2027年1月](2027-01.md) · [示例支公司](index.md) · [2027年3月 →](2027-03.md)" in FEB
    assert "[示例支公司](index.md) · [2027年2月 →](2027-02.md)" in JAN
    assert JAN.startswith("---\nhide:\n  - toc\nsearch:\n  boost: 0.1\ndescription: ")
    assert "data-pb-print hidden>打印本月行事历</button>" in JAN
    assert "<script" not in JAN  # the grid is plain HTML and CSS
    css = (MINI.parents[2] / "site_overrides/assets/stylesheets/playbook.css").read_text(encoding="utf-8")
    assert "@page pb-calendar { size: A4 landscape;" in css
    assert "body:has(.pb-month) { page: pb-calendar; }" in css


# ------------------------------------------------------------------ branch, overview, subscribe


def test_branch_page_lists_schedules_months_and_feeds() -> None:
    page = PAGES["calendars/sample-branch/index.md"]
    assert "| 地址 | 示例市示例路 1 号 3 楼 |" in page
    assert (
        "| [大早会](../../meetings/morning-meeting.md) | 每个工作日 "
        "| 08:30–09:15；2027年3月1日起08:45–09:30 | 三楼大会议室 |"
    ) in page
    assert "| 2027年 | [1月](2027-01.md) · [2月](2027-02.md) · [3月](2027-03.md) |" in page
    for feed in CALENDARS.feeds:
        anchor = "feed-sample-branch-" + feed.path.rsplit("/", 1)[1].removesuffix(".ics")
        assert f"[{feed.title}](subscribe.md#{anchor})" in page


def test_overview_labels_samples_and_names_holiday_sources() -> None:
    page = PAGES["calendars/index.md"]
    # one line per branch, however many months it has: the months are on the branch's page
    assert (
        "| [示例支公司](sample-branch/index.md)（示例） | 2027年1月1日至2027年3月31日 "
        "| [订阅](sample-branch/subscribe.md) |"
    ) in page
    assert "2027-02.md" not in page
    assert "- 2027年：测试用虚构安排（2026-11-01 发布，录入于 data/holidays/2027.yaml）" in page
    assert "暂定" not in page


def test_subscribe_page_lists_every_feed_with_both_urls_and_a_qr_code() -> None:
    assert SUBSCRIBE.count("<svg ") == len(CALENDARS.feeds)
    for feed in CALENDARS.feeds:
        https = f"https://handbook.example.invalid/{feed.path}"
        webcal = f"webcal://handbook.example.invalid/{feed.path}"
        assert f'readonly value="{https}"' in SUBSCRIBE
        assert f'readonly value="{webcal}"' in SUBSCRIBE
        assert f'href="{webcal}"' in SUBSCRIBE
        assert f"<strong>{feed.title}</strong>" in SUBSCRIBE
        assert qr_svg(https) in SUBSCRIBE
    assert '<a class="pb-ics" href="../../../feeds/sample-branch/all.ics" download>' in SUBSCRIBE
    assert "钉钉、飞书、企业微信" in SUBSCRIBE and "[怎样订阅](../subscribe.md#how)" in SUBSCRIBE
    assert "<script" not in SUBSCRIBE  # the copy buttons work through playbook.js
    # the index: how to, and one line per branch (no feed of any branch on it)
    assert "- [订阅示例支公司的日历](sample-branch/subscribe.md)" in SUBSCRIBE_INDEX
    assert "<svg" not in SUBSCRIBE_INDEX and "iPhone" in SUBSCRIBE_INDEX


def test_qr_code_is_plain_inline_svg_and_deterministic() -> None:
    svg = qr_svg("https://handbook.example.invalid/feeds/sample-branch/all.ics")
    assert svg == qr_svg("https://handbook.example.invalid/feeds/sample-branch/all.ics")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox=') and svg.endswith("</svg>")
    assert "<?xml" not in svg and "href" not in svg and "\n" not in svg and "width=" not in svg


# ------------------------------------------------------------------ URLs


def test_feed_urls_keep_the_site_path() -> None:
    urls = feed_urls("https://example.com/handbook", "feeds/b/all.ics")
    assert urls.https == "https://example.com/handbook/feeds/b/all.ics"
    assert urls.webcal == "webcal://example.com/handbook/feeds/b/all.ics"
    with pytest.raises(ValueError, match="site_url"):
        feed_urls("handbook", "feeds/b/all.ics")


def test_file_links_follow_the_url_style() -> None:
    page = "calendars/sample-branch/2027-01.md"
    assert file_href(page, "feeds/b/all.ics", directory_urls=True) == "../../../feeds/b/all.ics"
    assert file_href(page, "feeds/b/all.ics", directory_urls=False) == "../../feeds/b/all.ics"
    assert file_href("calendars/index.md", "feeds/b/all.ics", directory_urls=True) == "../feeds/b/all.ics"
    flat = render_calendar_pages(PLAYBOOK, CALENDARS, site_url=SITE_URL, directory_urls=False)
    assert 'href="../../feeds/sample-branch/series/morning-meeting.ics"' in flat[page]


# ------------------------------------------------------------------ variants of the fixture


def test_a_year_without_an_official_arrangement_is_marked_provisional(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # whatever a release of the holidays package knows about 2027: here it knows nothing
    monkeypatch.setattr(workdays, "_package_has_official", lambda year: False)
    shutil.copytree(MINI, tmp_path / "mini")
    (tmp_path / "mini/data/holidays/2027.yaml").unlink()
    playbook = load_playbook(tmp_path / "mini/data")
    calendars = build_calendars(playbook, SITE_URL)
    assert calendars.work.provisional == frozenset({2027})
    pages = render_calendar_pages(playbook, calendars, site_url=SITE_URL)
    warning = '!!! warning "本月日期为暂定"\n    2027年的节假日安排尚未收录'
    for month in ("2027-01", "2027-02", "2027-03"):
        assert warning in pages[f"calendars/sample-branch/{month}.md"]
    assert '!!! warning "日期暂定"\n    2027年的节假日安排尚未收录' in pages["calendars/index.md"]
    assert "均为暂定" in pages["calendars/sample-branch/index.md"]
    assert "暂定" not in JAN


def test_yaml_text_is_escaped_in_the_grid_and_the_day_list(mini: MiniPlaybook) -> None:
    mini.replace(
        "calendars/sample-branch/2027-01.yaml", "title: 创说会", 'title: "创说会 <b>*粗*</b> \\"引\\""'
    )
    mini.replace("calendars/sample-branch/2027-01.yaml", "place: 培训教室", 'place: "培训<i>教室</i>"')
    playbook = mini.load()
    pages = render_calendar_pages(playbook, build_calendars(playbook, SITE_URL), site_url=SITE_URL)
    page = pages["calendars/sample-branch/2027-01.md"]
    assert "<b>" not in page and "<i>" not in page
    # in the grid (HTML inside the Markdown page) also Markdown's * is a character reference
    assert '<span class="pb-ev-title">创说会 &#60;b&#62;&#42;粗&#42;&#60;/b&#62; &#34;引&#34;</span>' in cell(
        page, "2027-01-23"
    )
    # in the day list (HTML put in after Markdown) the same character references
    assert (
        '<strong class="pb-occ-time">14:00–15:30</strong>创说会 &#60;b&#62;&#42;粗&#42;&#60;/b&#62; &#34;引&#34;'
    ) in card(page, "career-talk-2027-01")
    assert "地点：培训&#60;i&#62;教室&#60;/i&#62;" in card(page, "product-drill-2027-01")


def test_sample_branches_are_labelled_unless_their_title_says_so() -> None:
    b = BRANCH.branch
    assert branch_heading(b) == "示例支公司"
    assert branch_heading(dataclasses.replace(b, title="城东支公司")) == "城东支公司（示例）"
    assert branch_heading(dataclasses.replace(b, title="城东支公司", sample=False)) == "城东支公司"
