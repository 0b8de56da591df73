"""The rollout milestones feed: each phase's start and due date as all-day events, pure.

``feeds/rollout-milestones.ics``, written by the rules of :mod:`generator.feeds.ical`. UIDs come
from ids only: ``rollout.<phase>.start@<domain>`` and ``rollout.<phase>.due@<domain>``
(``<domain>`` from :func:`generator.calendar.calendars.uid_domain`); DTSTAMP and LAST-MODIFIED are
``meta.released``.
"""

from __future__ import annotations

from datetime import date, timedelta

from .. import model as m
from ..calendar.calendars import uid_domain
from ..render.rollout import MILESTONES_FEED
from .ical import FeedContext, content_line, ical_text, product_id, release_stamp, vevent


def render_milestones_feed(
    playbook: m.Playbook, *, site_url: str | None, directory_urls: bool = True
) -> dict[str, str]:
    """``{"feeds/rollout-milestones.ics": text}``: each phase's start and due date as all-day events.

    Same rules as :mod:`generator.feeds.ical`: CRLF, lines folded at 75 octets, TEXT escaped (NAME and
    X-WR-CALNAME too), ``REFRESH-INTERVAL``/``X-PUBLISHED-TTL`` of six hours, stable UIDs, DTSTAMP
    from ``meta.released``; each event links to its phase on the rollout page."""
    ctx = FeedContext(playbook, site_url, directory_urls, release_stamp(playbook))
    domain = uid_domain(site_url)
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
                sequence=0,
                ctx=ctx,
                category="hq",
                description="\n".join(lines),
                place=None,
                url=url,
            )
            events.append((day, order, uid, text))
    name = ical_text(f"{playbook.meta.title}·推广实施里程碑")
    head = [
        "BEGIN:VCALENDAR\r\n",
        "VERSION:2.0\r\n",
        content_line("PRODID", ical_text(product_id(playbook))),
        "CALSCALE:GREGORIAN\r\n",
        content_line("NAME", name),
        content_line("X-WR-CALNAME", name),
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n",
        "X-PUBLISHED-TTL:PT6H\r\n",
    ]
    body = [text for *_key, text in sorted(events)]
    return {MILESTONES_FEED: "".join([*head, *body, "END:VCALENDAR\r\n"])}
