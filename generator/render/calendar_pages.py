"""The 行事历 pages, ``{source path: Markdown}``, pure: overview, branches, months, subscribing.

Everything shown comes from :class:`~generator.calendars.Calendars` (which :mod:`generator.feeds`
reads too), so a month page and the feeds cannot disagree:

* ``calendars/index.md``                 the overview: branches, their months, holiday sources;
* ``calendars/<branch>/index.md``        a branch: address, recurring meetings, changes, feeds;
* ``calendars/<branch>/<YYYY-MM>.md``    a month: the grid (raw HTML table, no script) and, below it,
                                         every day's items, each with ``id=<occurrence.anchor>``;
* ``calendars/subscribe.md``             how to subscribe, and every branch's page for it;
* ``calendars/<branch>/subscribe.md``    the branch's feeds, each with its ``webcal://`` and
                                         ``https://`` address and a QR code made here (``segno``,
                                         inline SVG): one page per branch, so a page stays small
                                         however many branches there are.

Links between pages are Markdown links (MkDocs checks them). Links to ``.ics`` files are raw
HTML, relative to the page's built URL (:func:`file_href`): MkDocs copies those files as they are.
"""

from __future__ import annotations

import io
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

import segno
from markupsafe import Markup

from .. import model as m
from ..calendar.calendars import Calendars, Feed
from ..calendar.occurrences import BranchCalendar, MorningTopic, Occurrence
from ..model import words
from .links import Linker, relative_path, title_of, url_of
from .templating import html_text, md_escape, render

FEED_GROUPS: tuple[tuple[str, str], ...] = (
    ("all", "全部日程"),
    ("category", "按类别"),
    ("group", "按功能组"),
    ("role", "按岗位"),
)
"""How the subscribe page groups a branch's feeds (``Feed.kind`` → heading), in this order."""


# ------------------------------------------------------------------ paths and URLs


def month_page(branch_id: str, month: str) -> str:
    """Source path of a month page (``month`` is ``YYYY-MM``)."""
    return f"calendars/{branch_id}/{month}.md"


SUBSCRIBE_INDEX = "calendars/subscribe.md"
"""How to subscribe, and the list of branches."""


def subscribe_page(branch_id: str) -> str:
    """Source path of a branch's subscribe page."""
    return f"calendars/{branch_id}/subscribe.md"


def occurrence_target(branch_id: str, occ: Occurrence) -> str:
    """``path.md#anchor`` of an occurrence on its month page (also usable as a feed's URL)."""
    return f"{month_page(branch_id, f'{occ.day:%Y-%m}')}#{occ.anchor}"


def schedule_of(occ: Occurrence) -> str | None:
    """The schedule id of a recurring meeting's occurrence (None for a one-off event)."""
    return occ.schedule


def ics_path(branch_id: str, occ: Occurrence) -> str:
    """The ``.ics`` file that adds this occurrence: its event, or its whole recurring meeting."""
    schedule = schedule_of(occ)
    if schedule is None:
        return f"feeds/{branch_id}/events/{occ.anchor}.ics"
    return f"feeds/{branch_id}/series/{schedule}.ics"


def file_href(page: str, path: str, *, directory_urls: bool) -> str:
    """Relative URL from ``page``'s built URL to the static file at site path ``path``."""
    here = url_of(page, directory_urls=directory_urls)
    folder = here.rstrip("/") if here.endswith("/") or not here else posixpath.dirname(here)
    return relative_path(path, folder)


@dataclass(frozen=True)
class FeedUrls:
    """A feed's absolute addresses: ``https`` for browsers and QR codes, ``webcal`` to subscribe."""

    https: str
    webcal: str


def feed_urls(site_url: str, path: str) -> FeedUrls:
    """Absolute URLs of the site file ``path`` (``site_url`` may carry a path, e.g. ``/handbook/``)."""
    parts = urlsplit(site_url)
    if not parts.netloc:
        raise ValueError(f"site_url must be an absolute URL such as https://example.com/, not {site_url!r}")
    base = f"{parts.netloc}{parts.path.rstrip('/')}/"
    return FeedUrls(f"{parts.scheme or 'https'}://{base}{path}", f"webcal://{base}{path}")


@lru_cache(maxsize=1024)  # `playbook serve` draws the same codes at every rebuild
def qr_svg(text: str) -> Markup:
    """A QR code of ``text`` as inline SVG: no XML declaration, no size (scaled by CSS), white
    quiet zone (readable in dark mode too), one ``<path>``; the same text gives the same SVG.

    The mask pattern is fixed (any of the eight is valid): choosing the “best” one costs most of
    the time of a QR code, and a URL code scans fine with any."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False, mask=4).save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        svgclass="pb-qr-code",
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    return Markup(out.getvalue().decode("ascii"))


# ------------------------------------------------------------------ words


cn_date = words.month_day
cn_full_date = words.full_date
month_label = words.month_title
weekday = words.weekday_name
hhmm = words.clock


def time_span(occ: Occurrence) -> str:
    if occ.start is None:
        return "全天"
    return f"{hhmm(occ.start)}–{hhmm(occ.end)}" if occ.end else hhmm(occ.start)


def repeat_text(s: m.Schedule) -> str:
    """每个工作日 / 每周一、周三 / 每月第1个周二 / 每月最后一个周五."""
    if s.repeat == "workdays":
        return "每个工作日"
    days = "、".join(s.days)
    if s.repeat == "weekly":
        return f"每{days}"
    which = "最后一个" if s.week == -1 else f"第{s.week}个"
    return f"每月{which}{days}"


def branch_heading(b: m.Branch) -> str:
    """The branch's title, marked （示例） if it is sample data and its title does not say so."""
    return f"{b.title}（示例）" if b.sample and "示例" not in b.title else b.title


def provisional_text(year: int) -> str:
    return (
        f"{year}年的节假日安排尚未收录，{year}年的日期按法定节日和周末补假计算、没有算调休，均为暂定。"
        "国务院办公厅公布安排后会更新，届时请以正式安排为准。"
    )


# ------------------------------------------------------------------ the month


@dataclass(frozen=True)
class Moved:
    """A recurring meeting moved away from this day (shown where people would look for it)."""

    occurrence: Occurrence
    target: str
    """``path.md#anchor`` of where it takes place now."""


@dataclass(frozen=True)
class Day:
    """One day of a month as its page shows it."""

    day: date
    holiday: str | None
    """Name of the holiday if the day is off (春节)."""
    makeup: str | None
    """Name of the holiday a make-up working day (调休上班) is for."""
    topic: MorningTopic | None
    occurrences: tuple[Occurrence, ...]
    moved: tuple[Moved, ...]

    @property
    def anchor(self) -> str:
        return f"day-{self.day:%Y%m%d}"

    @property
    def has_items(self) -> bool:
        return bool(self.topic or self.occurrences or self.moved or self.makeup)


@dataclass(frozen=True)
class Entry:
    """One heading of the day-by-day list: a day with items, or a run of days off without any."""

    first: Day
    last: Day

    @property
    def anchor(self) -> str:
        return self.first.anchor

    @property
    def heading(self) -> str:
        d = self.first
        if self.last.day != d.day:
            return (
                f"{cn_date(d.day)}（{weekday(d.day)}）至{cn_date(self.last.day)}（{weekday(self.last.day)}）"
                f" · {d.holiday}放假"
            )
        text = f"{cn_date(d.day)}（{weekday(d.day)}）"
        if d.holiday:
            return f"{text} · {d.holiday}（放假）"
        if d.makeup:
            return f"{text} · 调休上班（{d.makeup}）"
        return text


@dataclass(frozen=True)
class Item:
    """One line in a grid cell."""

    href: str
    time: str
    title: str
    category: str
    cancelled: bool
    flag: str
    """改期 (moved here) or 改至… (moved away); empty if neither."""
    tooltip: str
    moved_away: bool = False


@dataclass(frozen=True)
class Cell:
    day: date | None
    """None for the padding before the 1st and after the last day."""
    holiday: str | None = None
    makeup: str | None = None
    topic: str | None = None
    items: tuple[Item, ...] = ()
    href: str | None = None
    """The day's entry in the day-by-day list."""
    weekend: bool = False


@dataclass(frozen=True)
class Month:
    cal: BranchCalendar
    month: str
    days: tuple[Day, ...]

    @property
    def page(self) -> str:
        return month_page(self.cal.branch.id, self.month)

    @property
    def year(self) -> int:
        return int(self.month[:4])


@dataclass(frozen=True)
class DayIndex:
    """A branch's occurrences by day, and the moved ones by the day they were moved away from:
    built once per branch, so a month page looks up its own days instead of scanning them all."""

    by_day: dict[date, tuple[Occurrence, ...]]
    moved_from: dict[date, tuple[Moved, ...]]


def day_index(cal: BranchCalendar, occurrences: list[Occurrence]) -> DayIndex:
    by_day: dict[date, list[Occurrence]] = defaultdict(list)
    moved_from: dict[date, list[Moved]] = defaultdict(list)
    for occ in occurrences:
        by_day[occ.day].append(occ)
        if occ.kind == "override" and occ.recurrence_id and occ.recurrence_id != occ.day:
            moved_from[occ.recurrence_id].append(Moved(occ, occurrence_target(cal.branch.id, occ)))
    return DayIndex(
        {d: tuple(items) for d, items in by_day.items()}, {d: tuple(items) for d, items in moved_from.items()}
    )


def _month_days(cal: BranchCalendar, month: str, index: DayIndex) -> tuple[Day, ...]:
    year, mo = int(month[:4]), int(month[5:])
    first = date(year, mo, 1)
    following = date(year + mo // 12, mo % 12 + 1, 1)
    days = []
    day = first
    while day < following:
        days.append(
            Day(
                day,
                cal.work.holiday(day),
                cal.work.makeup.get(day),
                cal.morning.get(day),
                index.by_day.get(day, ()),
                index.moved_from.get(day, ()),
            )
        )
        day += timedelta(days=1)
    return tuple(days)


def _entries(days: tuple[Day, ...]) -> list[Entry]:
    """Days with items, and runs of consecutive days off (same holiday) with nothing on them."""
    entries: list[Entry] = []
    for d in days:
        if d.has_items:
            entries.append(Entry(d, d))
        elif d.holiday:
            prev = entries[-1] if entries else None
            if (
                prev is not None
                and not prev.last.has_items
                and prev.last.holiday == d.holiday
                and prev.last.day == d.day - timedelta(days=1)
            ):
                entries[-1] = Entry(prev.first, d)
            else:
                entries.append(Entry(d, d))
    return entries


def _grid_item(occ: Occurrence) -> Item:
    flag = "改期" if occ.kind == "override" else ""
    parts = [time_span(occ), occ.title]
    if occ.place:
        parts.append(occ.place)
    if occ.note:
        parts.append(occ.note)
    return Item(
        href=f"#{occ.anchor}",
        time="全天" if occ.start is None else hhmm(occ.start),
        title=occ.title,
        category=occ.category,
        cancelled=occ.cancelled,
        flag=flag,
        tooltip=" · ".join(parts),
    )


def _moved_item(mv: Moved, link: Linker) -> Item:
    occ = mv.occurrence
    to = f"{cn_date(occ.day)} {hhmm(occ.start)}" if occ.start else cn_date(occ.day)
    return Item(
        href=link.href(mv.target),
        time="",
        title=occ.title,
        category=occ.category,
        cancelled=False,
        flag=f"改至{to}",
        tooltip=f"{occ.title}改期至{to}",
        moved_away=True,
    )


def _grid(mo: Month, entries: list[Entry], link: Linker) -> Markup:
    anchor_of = {}
    for e in entries:
        day = e.first.day
        while day <= e.last.day:
            anchor_of[day] = e.anchor
            day += timedelta(days=1)
    first = mo.days[0].day
    lead = [Cell(None, weekend=i >= 5) for i in range(first.weekday())]
    cells = [*lead]
    for d in mo.days:
        items = [*(_grid_item(o) for o in d.occurrences), *(_moved_item(mv, link) for mv in d.moved)]
        cells.append(
            Cell(
                d.day,
                holiday=d.holiday,
                makeup=d.makeup,
                topic=d.topic.topic if d.topic else None,
                items=tuple(items),
                href=f"#{anchor_of[d.day]}" if d.day in anchor_of else None,
                weekend=d.day.weekday() >= 5,
            )
        )
    while len(cells) % 7:
        cells.append(Cell(None, weekend=len(cells) % 7 >= 5))
    weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    categories = sorted(
        {o.category for d in mo.days for o in d.occurrences}, key=list(m.CATEGORY_TITLES).index
    )
    return Markup(
        _grid_html(
            label=f"{mo.cal.branch.title}·{month_label(mo.month)}",
            weeks=weeks,
            legend=[(c, m.CATEGORY_TITLES[c]) for c in categories],
            has_holiday=any(d.holiday for d in mo.days),
            has_makeup=any(d.makeup for d in mo.days),
            has_cancelled=any(o.cancelled for d in mo.days for o in d.occurrences),
        )
    )


def _grid_html(
    *,
    label: str,
    weeks: list[list[Cell]],
    legend: list[tuple[str, str]],
    has_holiday: bool,
    has_makeup: bool,
    has_cancelled: bool,
) -> str:
    """The month grid as HTML: a table, a week a row, then the legend. Built with strings (a
    large build has thousands of these; every text from the data goes through :func:`html_text`)."""
    h = _text
    out = [
        '<div class="pb-month-wrap">',
        f'<table class="pb-month" aria-label="{h(label)}月历" data-search-exclude>',
        "<thead>",
        "<tr>",
    ]
    for n, w in enumerate(m.WEEKDAYS):
        weekend = ' class="pb-weekend"' if n >= 5 else ""
        out.append(f'<th scope="col"{weekend}><span class="pb-long">{w[:1]}</span>{w[1:]}</th>')
    out += ["</tr>", "</thead>", "<tbody>"]
    for week in weeks:
        out.append("<tr>")
        for c in week:
            if c.day is None:
                out.append(f'<td class="pb-pad{" pb-weekend" if c.weekend else ""}"></td>')
                continue
            classes = "pb-day" + "".join(
                name
                for name, on in (
                    (" pb-weekend", c.weekend),
                    (" pb-off", c.holiday),
                    (" pb-makeup", c.makeup),
                    (" pb-busy", c.items),
                )
                if on
            )
            out.append(f'<td data-date="{c.day.isoformat()}" class="{classes}">')
            out.append('<div class="pb-day-head">')
            if c.href:
                out.append(
                    f'<a class="pb-date" href="{h(c.href)}" aria-label="{c.day.month}月{c.day.day}日">{c.day.day}</a>'
                )
            else:
                out.append(f'<span class="pb-date">{c.day.day}</span>')
            if c.holiday:
                out.append(f'<span class="pb-holiday" title="{h(c.holiday)}放假">{h(c.holiday)}</span>')
            if c.makeup:
                out.append(
                    f'<span class="pb-workday" title="{h(c.makeup)}调休上班"><span class="pb-long">调休上班</span>'
                    '<span class="pb-short">班</span></span>'
                )
            out.append("</div>")
            # no white space between the items of a day: each is a line of its own (CSS), never a
            # space in the text
            parts = []
            if c.topic:
                parts.append(
                    f'<span class="pb-topic" title="早会主题：{h(c.topic)}">早会：{h(c.topic)}</span>'
                )
            for i in c.items:
                head = f'href="{h(i.href)}" title="{h(i.tooltip)}"'
                if i.moved_away:
                    parts.append(
                        f'<a class="pb-ev pb-moved-away pb-cat-{h(i.category)}" {head}><span class="pb-ev-title">'
                        f'{h(i.title)}</span><span class="pb-flag">（{h(i.flag)}）</span></a>'
                    )
                    continue
                if i.cancelled:
                    body = (
                        f'<del class="pb-ev-title">{h(i.title)}</del><span class="pb-flag">【已取消】</span>'
                    )
                else:
                    flag = f'<span class="pb-flag">（{h(i.flag)}）</span>' if i.flag else ""
                    body = f'<span class="pb-ev-title">{h(i.title)}</span>{flag}'
                cancelled = " pb-cancelled" if i.cancelled else ""
                parts.append(
                    f'<a class="pb-ev pb-cat-{h(i.category)}{cancelled}" {head}>'
                    f'<span class="pb-time">{h(i.time)}</span>{body}</a>'
                )
            out.append("".join(parts) + "</td>" if parts else "</td>")
        out.append("</tr>")
    out += ["</tbody>", "</table>", '<ul class="pb-legend" aria-label="图例" data-search-exclude>']
    for key, title in legend:
        out.append(
            f'<li class="pb-key pb-cat-{h(key)}"><span class="pb-swatch" aria-hidden="true"></span>{h(title)}</li>'
        )
    if has_holiday:
        out.append(
            '<li class="pb-key pb-key-off"><span class="pb-swatch" aria-hidden="true"></span>法定节假日（放假）</li>'
        )
    if has_makeup:
        out.append(
            '<li class="pb-key pb-key-makeup"><span class="pb-swatch" aria-hidden="true"></span>调休上班</li>'
        )
    if has_cancelled:
        out.append('<li class="pb-key"><del>已取消</del></li>')
    out += ['<li class="pb-key pb-key-hint">手机上点日期，看当天的详细安排</li>', "</ul>", "</div>"]
    return "\n".join(out)


def _month_nav(cal: BranchCalendar, month: str, link: Linker) -> Markup:
    i = cal.months.index(month)
    parts = []
    if i > 0:
        prev = cal.months[i - 1]
        parts.append(link.page_link(month_page(cal.branch.id, prev), f"← {month_label(prev)}"))
    parts.append(link.page_link(f"calendars/{cal.branch.id}/index.md", cal.branch.title))
    if i + 1 < len(cal.months):
        nxt = cal.months[i + 1]
        parts.append(link.page_link(month_page(cal.branch.id, nxt), f"{month_label(nxt)} →"))
    return Markup(" · ").join(parts)


def topic_line(topic: MorningTopic) -> Markup:
    """早会主题：**topic** · 主持：host · content"""
    parts = [Markup("早会主题：**{}**").format(Markup(md_escape(topic.topic)))]
    if topic.host:
        parts.append(Markup("主持：") + Markup(md_escape(topic.host)))
    if topic.content:
        parts.append(Markup(md_escape(topic.content)))
    return Markup(" · ").join(parts)


def _card(
    occ: Occurrence, branch_id: str, link: Linker, directory_urls: bool, names: Callable[[str], str]
) -> str:
    """One occurrence in the day-by-day list, as HTML whose id is the occurrence's anchor. An
    ordinary occurrence of a recurring meeting is one line (time, meeting, place): its attendees
    and calendar link are given once for the month in 本月例会 (a month repeats them every day).
    A one-off event, a moved, cancelled or make-up-day occurrence is a card with everything.
    ``names``: the page's (cached) linked names of roles, groups and pages. Built with strings;
    every text from the data goes through :func:`html_text`."""
    h = _text
    classes = f"pb-occ pb-cat-{h(occ.category)}" + (" pb-cancelled" if occ.cancelled else "")
    time = f'<strong class="pb-occ-time">{time_span(occ)}</strong>'
    if occ.kind == "series" and not occ.cancelled and not occ.note:
        meeting = names(occ.link) if occ.link else h(occ.title)
        place = f"<span>{h(occ.place)}</span>" if occ.place else ""
        return f'<p class="{classes} pb-occ-line" id="{occ.anchor}">{time}{meeting}{place}</p>'
    title = h(occ.title)
    head = time + (f"<del>{title}</del>【已取消】" if occ.cancelled else title)
    flag = {"override": "改期", "makeup": "调休上班日"}.get(occ.kind)
    if flag:
        head += f"（{flag}）"
    where = []
    if occ.place:
        where.append(f"地点：{h(occ.place)}")
    if occ.attendees:
        where.append("参加：" + "、".join(names(a) for a in occ.attendees))
    refs = []
    if occ.link:
        refs.append(f"手册：{names(occ.link)}")
    schedule = schedule_of(occ)
    if schedule is not None or not occ.cancelled:
        href = file_href(link.page, ics_path(branch_id, occ), directory_urls=directory_urls)
        label = "添加该例会（全部场次）" if schedule is not None else "添加到日历"
        refs.append(f'<a class="pb-ics" href="{href}">{label}</a>')
    lines = [head, " · ".join(where), h(occ.note or ""), h(occ.description or ""), " · ".join(refs)]
    body = "".join(f"<p>{line}</p>" for line in lines if line)
    return f'<div class="{classes}" id="{occ.anchor}">{body}</div>'


def _text(text: str) -> str:
    """:func:`html_text` as a plain string, to be put together with ``+`` and f-strings (adding
    a plain string to ``Markup`` would escape the plain string)."""
    return str(html_text(text))


def _topic_html(topic: MorningTopic) -> str:
    """早会主题：<strong>topic</strong> · 主持：host · content"""
    parts = [f"早会主题：<strong>{_text(topic.topic)}</strong>"]
    if topic.host:
        parts.append(f"主持：{_text(topic.host)}")
    if topic.content:
        parts.append(_text(topic.content))
    return " · ".join(parts)


def _days_html(mo: Month, entries: list[Entry], link: Linker, directory_urls: bool) -> Markup:
    """逐日安排: every day with something on it (and each run of days off), as HTML."""
    b = mo.cal.branch

    @cache
    def names(entity_id: str) -> str:
        entity = link.playbook.entity(entity_id)
        return f'<a href="{link.entity_href(entity_id)}">{_text(title_of(entity))}</a>'

    out: list[str] = []
    for e in entries:
        d = e.first
        out.append(f'<h3 id="{e.anchor}">{_text(e.heading)}</h3>')
        if e.last.day != d.day:
            out.append("<p>放假期间不开例会。</p>")
        if d.topic:
            out.append(f"<p>{_topic_html(d.topic)}</p>")
        for mv in d.moved:
            when = cn_date(mv.occurrence.day) + (
                f" {hhmm(mv.occurrence.start)}" if mv.occurrence.start else ""
            )
            out.append(
                f'<p>{_text(mv.occurrence.title)}改期至<a href="{link.href(mv.target)}">{when}</a>，本日不开。</p>'
            )
        out.extend(_card(o, b.id, link, directory_urls, names) for o in d.occurrences)
    return Markup('<div class="pb-days">' + "\n".join(out) + "</div>")


def _month_series(
    playbook: m.Playbook,
    mo: Month,
    link: Linker,
    directory_urls: bool,
    many: Callable[[tuple[str, ...]], Markup],
    to: Callable[[str], Markup],
) -> list[tuple[Markup, Markup, Markup, Markup, Markup]]:
    """本月例会: each recurring meeting held this month, once — meeting, when, where, who, the
    link that adds it to a calendar (the day-by-day list then says only time, meeting, place)."""
    b = mo.cal.branch
    out = []
    for s in b.schedules:
        held = [o for d in mo.days for o in d.occurrences if o.schedule == s.id]
        if not held:
            continue
        meeting = playbook.get(s.meeting, m.Meeting)
        times = sorted({time_span(o) for o in held if o.kind == "series"})
        places = sorted({o.place for o in held if o.kind == "series" and o.place})
        ics = Markup('<a class="pb-ics" href="{}">{}</a>').format(
            file_href(link.page, f"feeds/{b.id}/series/{s.id}.ics", directory_urls=directory_urls),
            "添加到日历",
        )
        out.append(
            (
                to(meeting.id),
                Markup(md_escape(f"{repeat_text(s)} {'、'.join(times)}" if times else repeat_text(s))),
                Markup(md_escape("、".join(places))),
                many(s.attendees or meeting.attendees),
                ics,
            )
        )
    return out


_IDS = re.compile(r'\sid="([^"]+)"')


def slot(name: str, fragment: str) -> str:
    """Where an HTML fragment goes in a page's Markdown: an element that carries, as empty
    anchors, every id of the fragment — so that MkDocs, which checks the links to them, knows they
    are there. The plugin replaces the whole element with the fragment in the finished page (after
    Markdown, the search index and the glossary tooltips, which have nothing to do in a month's
    grid and day list): the ids are then the fragment's own, each once."""
    anchors = "".join(f'<a id="{i}"></a>' for i in _IDS.findall(fragment))
    return f'<div class="pb-slot" data-pb-slot="{name}">{anchors}</div>'


def fill_slots(text: str, fragments: dict[str, str]) -> str:
    """``text`` with every slot (``{slot element: fragment}``) replaced by its fragment: what a
    reader's page holds."""
    for placeholder, html in fragments.items():
        text = text.replace(placeholder, html, 1)
    return text


@dataclass(frozen=True)
class PagePart:
    """A page as handed to MkDocs: Markdown with slots, and the HTML of each (by its slot)."""

    markdown: str
    fragments: dict[str, str]


def month_part(playbook: m.Playbook, calendars: Calendars, mo: Month, *, directory_urls: bool) -> PagePart:
    """A month page: title, notes, 本月活动 and 本月例会 in Markdown; the grid and the
    day-by-day list as fragments (raw HTML that Markdown would only parse to pass through: most
    of the size of a month page, and most of a large build's time before they were set apart)."""
    cal, b = mo.cal, mo.cal.branch
    link = Linker(playbook, mo.page, directory_urls)
    entries = _entries(mo.days)
    many, to = cache(link.many), cache(link.to)
    grid, days = str(_grid(mo, entries, link)), str(_days_html(mo, entries, link, directory_urls))
    fragments = {slot("grid", grid): grid, slot("days", days): days}
    grid_slot, days_slot = fragments
    markdown = render(
        "calendar_month.md",
        b=b,
        series=_month_series(playbook, mo, link, directory_urls, many, to),
        label=month_label(mo.month),
        description=f"{b.title}{month_label(mo.month)}行事历：每天的例会、活动和早会主题，可加到手机日历。",
        note=playbook.months[(b.id, mo.month)].note if (b.id, mo.month) in playbook.months else None,
        provisional=provisional_text(mo.year) if mo.year in calendars.work.provisional else None,
        nav=_month_nav(cal, mo.month, link),
        grid=Markup(grid_slot),
        days=Markup(days_slot),
        link=link,
        cn_date=cn_date,
        subscribe=link.page_link(subscribe_page(b.id), "订阅本支公司日历"),
        mo_page=mo.page,
        events=[
            (o.day, o.title, o.anchor, o.place, o.cancelled)
            for d in mo.days
            for o in d.occurrences
            if o.kind == "event"
        ],
        topics=[(d.day, d.topic.topic) for d in mo.days if d.topic and not d.topic.from_pattern],
    )
    return PagePart(markdown, fragments)


def _years(months: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    by_year: dict[str, list[str]] = defaultdict(list)
    for month in months:
        by_year[month[:4]].append(month)
    return sorted(by_year.items())


def _schedule_times(s: m.Schedule) -> str:
    text = f"{hhmm(s.start)}–{hhmm(s.end)}"
    for c in sorted(s.changes, key=lambda c: c.since):
        if c.start or c.end:
            text += f"；{cn_full_date(c.since)}起{hhmm(c.start or s.start)}–{hhmm(c.end or s.end)}"
    return text


def _schedule_places(s: m.Schedule) -> str:
    text = s.place
    for c in sorted(s.changes, key=lambda c: c.since):
        if c.place:
            text += f"；{cn_full_date(c.since)}起在{c.place}"
    return text


def branch_text(
    playbook: m.Playbook,
    calendars: Calendars,
    cal: BranchCalendar,
    *,
    directory_urls: bool,
    conformance: Any = None,
) -> str:
    """A branch's page; ``conformance``: its deviations as list items (``open``, ``approved``:
    :class:`generator.render.conformance.BranchLines`), or None for no such section."""
    b = cal.branch
    page = f"calendars/{b.id}/index.md"
    link = Linker(playbook, page, directory_urls)
    exceptions: list[tuple[date, str, Markup]] = []  # (date, schedule id, Markdown line)
    for s in b.schedules:
        title = playbook.get(s.meeting, m.Meeting).title
        for c in s.cancelled:
            target = f"{month_page(b.id, f'{c.date:%Y-%m}')}#{s.id}-{c.date:%Y%m%d}"
            text = f"{cn_full_date(c.date)}，{title}取消" + (f"：{c.reason}" if c.reason else "")
            exceptions.append((c.date, s.id, link.page_link(target, text)))
        for mv in s.moved:
            target = f"{month_page(b.id, f'{mv.to:%Y-%m}')}#{s.id}-{mv.date:%Y%m%d}"
            at = f" {hhmm(mv.start)}" if mv.start else ""
            text = f"{cn_full_date(mv.date)}的{title}改到{cn_date(mv.to)}{at}" + (
                f"：{mv.reason}" if mv.reason else ""
            )
            exceptions.append((mv.date, s.id, link.page_link(target, text)))
        for ch in s.changes:
            text = f"{cn_full_date(ch.since)}起，{title}" + "、".join(
                p
                for p in (
                    f"改为{hhmm(ch.start or s.start)}–{hhmm(ch.end or s.end)}" if ch.start or ch.end else "",
                    f"改在{ch.place}" if ch.place else "",
                )
                if p
            )
            text += f"：{ch.reason}" if ch.reason else ""
            exceptions.append((ch.since, s.id, Markup(md_escape(text))))
    exceptions.sort(key=lambda e: (e[0], e[1]))
    events = [
        (ev, link.page_link(f"{month_page(b.id, f'{ev.date:%Y-%m}')}#{ev.id}", ev.title))
        for ev, _uid in cal.events
    ]
    feeds = [
        (f, link.page_link(f"{subscribe_page(b.id)}#{feed_anchor(f)}", f.title))
        for f in calendars.feeds_of(b.id)
    ]
    all_ics = file_href(page, f"feeds/{b.id}/all.ics", directory_urls=directory_urls)
    return render(
        "calendar_branch.md",
        b=b,
        p=playbook,
        meeting_of=lambda meeting_id: playbook.get(meeting_id, m.Meeting),
        link=link,
        period=f"{cn_full_date(b.calendar_start)}至{cn_full_date(b.calendar_end)}",
        schedules=[(s, repeat_text(s), _schedule_times(s), _schedule_places(s)) for s in b.schedules],
        exceptions=[text for _d, _s, text in exceptions],
        events=events,
        category_titles=m.CATEGORY_TITLES,
        years=[
            (year, [link.page_link(month_page(b.id, mo), f"{int(mo[5:])}月") for mo in months])
            for year, months in _years(cal.months)
        ],
        feeds=feeds,
        all_ics=Markup('<a class="pb-ics" href="{}">{}</a>').format(
            all_ics, html_text(f"{b.title}全部日程（.ics 文件）")
        ),
        cn_date=cn_date,
        hhmm=hhmm,
        provisional=[provisional_text(y) for y in sorted(calendars.work.provisional) if _in_period(b, y)],
        conformance=conformance,
    )


def _in_period(b: m.Branch, year: int) -> bool:
    return b.calendar_start.year <= year <= b.calendar_end.year


def overview_text(playbook: m.Playbook, calendars: Calendars, *, directory_urls: bool) -> str:
    page = "calendars/index.md"
    link = Linker(playbook, page, directory_urls)
    branches = []
    for cal in calendars.branches:
        b = cal.branch
        branches.append(
            {
                "b": b,
                "heading": branch_heading(b),
                "period": f"{cn_full_date(b.calendar_start)}至{cn_full_date(b.calendar_end)}",
                "home": link.page_link(f"calendars/{b.id}/index.md", b.title),
                "subscribe": link.page_link(subscribe_page(b.id), "订阅"),
            }
        )
    work = calendars.work
    return render(
        "calendar_index.md",
        branches=branches,
        sources=sorted(work.sources.items()),
        provisional=[provisional_text(y) for y in sorted(work.provisional)],
        subscribe=link.page_link(SUBSCRIBE_INDEX, "订阅日历"),
    )


# ------------------------------------------------------------------ subscribe


def feed_anchor(feed: Feed) -> str:
    """The feed's anchor on the subscribe page: ``feed-<branch>-<file stem>``."""
    return f"feed-{feed.branch.id}-{posixpath.basename(feed.path).removesuffix('.ics')}"


def subscribe_text(playbook: m.Playbook, calendars: Calendars, *, directory_urls: bool) -> str:
    """``calendars/subscribe.md``: how to subscribe on each kind of device, then each branch's
    subscribe page (one line each) and the rollout milestones feed."""
    link = Linker(playbook, SUBSCRIBE_INDEX, directory_urls)
    branches = [
        (
            branch_heading(cal.branch),
            link.page_link(subscribe_page(cal.branch.id), f"订阅{cal.branch.title}的日历"),
        )
        for cal in calendars.branches
    ]
    return render("subscribe.md", branches=branches, link=link)


def branch_subscribe_text(
    playbook: m.Playbook, calendars: Calendars, cal: BranchCalendar, *, site_url: str, directory_urls: bool
) -> str:
    """``calendars/<branch>/subscribe.md``: the branch's feeds with addresses and QR codes."""
    b = cal.branch
    page = subscribe_page(b.id)
    link = Linker(playbook, page, directory_urls)
    groups = []
    for kind, heading in FEED_GROUPS:
        cards = []
        for f in calendars.feeds_of(b.id):
            if f.kind != kind:
                continue
            urls = feed_urls(site_url, f.path)
            cards.append(
                Markup(
                    render(
                        "subscribe_feed.html",
                        feed=f,
                        anchor=feed_anchor(f),
                        urls=urls,
                        qr=qr_svg(urls.https),
                        what=_feed_what(playbook, f),
                    ).strip()
                )
            )
        if cards:
            groups.append((heading, f"{b.id}-{kind}", cards))
    all_ics = file_href(page, f"feeds/{b.id}/all.ics", directory_urls=directory_urls)
    return render(
        "subscribe_branch.md",
        b=b,
        heading=branch_heading(b),
        groups=groups,
        link=link,
        how=link.page_link(f"{SUBSCRIBE_INDEX}#how", "怎样订阅"),
        period=f"{cn_full_date(b.calendar_start)}至{cn_full_date(b.calendar_end)}",
        download=Markup('<a class="pb-ics" href="{}" download>{}</a>').format(
            all_ics, html_text(f"下载{b.title}全部日程（.ics 文件）")
        ),
        first_month=link.page_link(month_page(b.id, cal.months[0]), f"{month_label(cal.months[0])}行事历")
        if cal.months
        else None,
    )


def _feed_what(playbook: m.Playbook, feed: Feed) -> str:
    """One line saying what a feed holds."""
    if feed.kind == "all":
        return "本支公司的全部例会和活动。"
    if feed.kind == "category":
        return f"只含{m.CATEGORY_TITLES[feed.key or '']}。"
    who = playbook.role_or_group(feed.key or "").title
    if feed.through:
        groups = "、".join(playbook.get(g, m.Group).title for g in sorted(feed.through))
        return f"{who}参加的例会和活动，包括{who}所在或带领的{groups}参加的。"
    return f"{who}参加的例会和活动。"


# ------------------------------------------------------------------ all pages


def render_calendar_pages(
    playbook: m.Playbook,
    calendars: Calendars,
    *,
    site_url: str,
    directory_urls: bool = True,
    conformance: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Every 行事历 page, ``{source path: text}`` with the fragments in place, in a stable order."""
    pages, fragments = render_calendar_site(
        playbook, calendars, site_url=site_url, directory_urls=directory_urls, conformance=conformance
    )
    return {path: fill_slots(text, fragments.get(path, {})) for path, text in pages.items()}


def render_calendar_site(
    playbook: m.Playbook,
    calendars: Calendars,
    *,
    site_url: str,
    directory_urls: bool = True,
    conformance: Mapping[str, Any] | None = None,
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Every 行事历 page as handed to MkDocs: ``{source path: Markdown}`` (with slots) and
    ``{source path: {slot: HTML}}``. ``conformance``: each branch's deviations for its page
    (:func:`generator.render.conformance.branch_lines`)."""
    fragments: dict[str, dict[str, str]] = {}
    pages = {
        "calendars/index.md": overview_text(playbook, calendars, directory_urls=directory_urls),
        SUBSCRIBE_INDEX: subscribe_text(playbook, calendars, directory_urls=directory_urls),
    }
    for cal in calendars.branches:
        pages[f"calendars/{cal.branch.id}/index.md"] = branch_text(
            playbook,
            calendars,
            cal,
            directory_urls=directory_urls,
            conformance=conformance.get(cal.branch.id) if conformance is not None else None,
        )
        pages[subscribe_page(cal.branch.id)] = branch_subscribe_text(
            playbook, calendars, cal, site_url=site_url, directory_urls=directory_urls
        )
        for mo in branch_months(playbook, cal):
            part = month_part(playbook, calendars, mo, directory_urls=directory_urls)
            pages[mo.page], fragments[mo.page] = part.markdown, part.fragments
    return dict(sorted(pages.items())), fragments


def branch_months(playbook: m.Playbook, cal: BranchCalendar) -> list[Month]:
    """Every month of the branch's calendar, day by day (what a month page shows; the agenda
    data of :mod:`generator.feeds.agenda` is the same)."""
    index = day_index(cal, cal.occurrences(playbook))
    return [Month(cal, month, _month_days(cal, month, index)) for month in cal.months]
