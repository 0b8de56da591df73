"""HQ announcements (总部公告) as the rest of the generator sees them, once read and checked.

Reading and checking the posts' front matter is :mod:`generator.load.posts`' job; pages
(:mod:`generator.render.announcements`) and feeds (:mod:`generator.feeds.announcements`) use what
is declared here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))
"""Post times are Beijing time; the feeds show them with the ``+08:00`` offset."""

DEFAULT_TIME = time(9, 0)
"""The time of a post dated without one (``date_from_meta.default_time`` of the RSS plugin)."""

CATEGORIES: dict[str, str] = {
    "通知": "notices",
    "进展": "progress",
    "表彰": "honors",
    "培训": "training",
    "其他": "other",
}
"""The allowed categories and the URL slug of each one's page (``blog/category/<slug>/``)."""


@dataclass(frozen=True)
class Post:
    """One announcement, as validated from its front matter."""

    path: str
    """Source path relative to ``docs_dir`` (``blog/posts/2027-01-20-rollout-notice.md``)."""
    slug: str
    """Last part of the URL, from front matter ``slug``."""
    title: str
    """Front matter ``title``, else the first ``# `` heading."""
    date: datetime
    """Publication time, Beijing time (``+08:00``); 09:00 when only a date is given."""
    categories: tuple[str, ...]
    """Categories, each one of :data:`CATEGORIES`."""
    related: tuple[str, ...]
    """Ids of handbook entries the post is about."""
    excerpt: str
    """Plain text before ``<!-- more -->`` (else the first paragraph), without the heading."""

    @property
    def url(self) -> str:
        """The URL Material's blog plugin gives the post (``post_url_format: "{date}/{slug}"``,
        ``post_url_date_format: yyyy/MM/dd``), relative to the site root."""
        return f"blog/{self.date:%Y/%m/%d}/{self.slug}/"


def latest_posts(posts: Sequence[Post], n: int = 3) -> list[Post]:
    """The ``n`` newest posts: by date, newest first; the same date by source path."""
    return sorted(posts, key=lambda p: (-p.date.timestamp(), p.path))[:n]
