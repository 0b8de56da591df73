"""今天 / 本周: the page (``calendars/today.md``) and the home page's block, as markup the
script fills in from the agenda data (:mod:`generator.feeds.agenda`).

The build cannot know today, so the page holds no dates: its script (``playbook.js``) reads the
reader's branch and role (chosen once, remembered in the browser), works out today in the
branch's time zone, and lists today's and this week's meetings, events and morning topics.
Without a script the page says so and links every branch's month pages instead.
"""

from __future__ import annotations

from markupsafe import Markup

from .. import model as m
from ..calendar.calendars import Calendars
from ..model import words
from .calendar_pages import month_page
from .links import Linker
from .templating import render

TODAY_PAGE = "calendars/today.md"
BRANCHES_FILE = "calendars/branches.json"


def render_today_page(
    playbook: m.Playbook, calendars: Calendars, *, directory_urls: bool = True
) -> dict[str, str]:
    link = Linker(playbook, TODAY_PAGE, directory_urls)
    branches = [
        {
            "b": cal.branch,
            "calendar": link.page_link(f"calendars/{cal.branch.id}/index.md", cal.branch.title),
            "months": Markup(" · ").join(
                link.page_link(month_page(cal.branch.id, mo), words.month_title(mo)) for mo in cal.months
            ),
        }
        for cal in calendars.branches
    ]
    return {TODAY_PAGE: render("today.md", branches=branches)}
