"""The rollout milestones feed: each phase's start and due date as all-day events, pure.

``feeds/rollout-milestones.ics``, written by the rules of :mod:`generator.feeds.ical`. UIDs come
from ids only: ``rollout.<phase>.start@<domain>`` and ``rollout.<phase>.due@<domain>``
(``<domain>`` is ``uid_domain`` from ``data/playbook.yaml``); DTSTAMP, LAST-MODIFIED and SEQUENCE
from the history of the data (:mod:`.tracking`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from .. import model as m
from ..calendar.calendars import uid_domain
from ..render.rollout import MILESTONES_FEED
from .ical import FeedContext, content_line, feed_context, ical_text, product_id, vevent
from .tracking import EventKey, Stamp


def _milestones(playbook: m.Playbook, ctx: FeedContext) -> list[tuple[date, int, str, str]]:
    """Each phase's start and due date as an all-day VEVENT: (day, order, UID, text)."""
    domain = uid_domain(playbook)
    events: list[tuple[date, int, str, str]] = []
    for ph in playbook.rollout.phases:
        url = ctx.page_url(ph)
        checks = [f"完成标准：{'；'.join(ph.done_when)}"] if ph.done_when else []
        for order, (kind, day, summary) in enumerate(
            (("start", ph.start, f"开始：{ph.title}"), ("due", ph.due, f"完成期限：{ph.title}"))
        ):
            uid = f"rollout.{ph.id}.{kind}@{domain}"
            lines = [ph.description, *checks]
            if url:
                lines.append(f"手册：{url}")
            text, _ = vevent(
                uid,
                summary=summary,
                start=day,
                end=day + timedelta(days=1),
                ctx=ctx,
                category="hq",
                description="\n".join(lines),
                place=None,
                url=url,
            )
            events.append((day, order, uid, text))
    return events


def milestone_texts(
    playbook: m.Playbook, *, site_url: str | None, directory_urls: bool = True
) -> dict[EventKey, str]:
    """The milestones' VEVENT texts by key (stamps at their defaults), for :mod:`.tracking`."""
    ctx = feed_context(playbook, None, site_url, directory_urls=directory_urls)
    return {(uid, ""): text for _day, _order, uid, text in _milestones(playbook, ctx)}


def render_milestones_feed(
    playbook: m.Playbook,
    *,
    site_url: str | None,
    directory_urls: bool = True,
    stamps: Mapping[EventKey, Stamp] | None = None,
) -> dict[str, str]:
    """``{"feeds/rollout-milestones.ics": text}``: each phase's start and due date as all-day events.

    Same rules as :mod:`generator.feeds.ical`: CRLF, lines folded at 75 octets, TEXT escaped (NAME and
    X-WR-CALNAME too), ``REFRESH-INTERVAL``/``X-PUBLISHED-TTL`` of six hours, stable UIDs, stamps
    from the history (:mod:`.tracking`); each event links to its phase on the rollout page."""
    ctx = feed_context(playbook, None, site_url, directory_urls=directory_urls, stamps=stamps)
    name = ical_text(f"{playbook.meta.title}·推广实施里程碑")
    about = ical_text(
        f"{playbook.meta.organisation}发布的{playbook.meta.title}推广实施各阶段的开始日期和完成期限"
    )
    head = [
        "BEGIN:VCALENDAR\r\n",
        "VERSION:2.0\r\n",
        content_line("PRODID", ical_text(product_id(playbook))),
        "CALSCALE:GREGORIAN\r\n",
        content_line("NAME", name),
        content_line("X-WR-CALNAME", name),
        content_line("DESCRIPTION", about),
        content_line("X-WR-CALDESC", about),
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n",
        "X-PUBLISHED-TTL:PT6H\r\n",
    ]
    body = [text for *_key, text in sorted(_milestones(playbook, ctx))]
    return {MILESTONES_FEED: "".join([*head, *body, "END:VCALENDAR\r\n"])}
