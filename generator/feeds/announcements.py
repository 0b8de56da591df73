"""The RSS 2.0 and Atom feeds of the HQ announcements, pure: posts in, XML text out.

Both are written here (not by an MkDocs plugin) so that every text is escaped exactly once and
characters XML cannot carry never reach a subscriber's reader.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import format_datetime

from ..model.announcements import BEIJING, Post, latest_posts

ATOM_PATH = "feed_atom.xml"
"""Where the Atom feed is written, relative to the site root."""

RSS_PATHS = ("feed_rss_created.xml", "feed_rss_updated.xml")
"""The RSS feeds, by creation and by update (the same posts: a post has one date). The names are
those of mkdocs-rss-plugin, which wrote them before: subscribers keep their addresses."""

FEED_DESCRIPTION = "总部发布的通知、进展和表彰"

_ATOM = "http://www.w3.org/2005/Atom"

_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry replaced by U+FFFD: a feed stays
    well-formed whatever a post holds (the loader refuses control characters anyway)."""
    return _NOT_XML.sub("\ufffd", text)


def _feed_posts(posts: list[Post], site_url: str) -> tuple[str, list[Post]]:
    """The site's base URL (ending in ``/``) and the posts newest first."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base, latest_posts(posts, n=len(posts))


def render_rss(
    posts: list[Post], *, site_url: str, title: str, path: str = RSS_PATHS[0], updated: datetime | None = None
) -> str:
    """The RSS 2.0 feed of ``posts``, newest first, to be published at ``path``.

    Every text is plain text, XML-escaped once (titles are not HTML here); ``pubDate`` and
    ``lastBuildDate`` are the newest post's date, so nothing depends on the clock."""
    base, ordered = _feed_posts(posts, site_url)
    when = ordered[0].date if ordered else (updated or datetime(1970, 1, 1, tzinfo=BEIJING))
    ET.register_namespace("atom", _ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attrs)
        element.text = None if text is None else xml_text(text)
        return element

    rss = ET.Element("rss", {"version": "2.0"})
    channel = sub(rss, "channel")
    sub(channel, "title", title)
    sub(channel, "description", FEED_DESCRIPTION)
    sub(channel, "link", base + "blog/")
    sub(channel, f"{{{_ATOM}}}link", href=base + path, rel="self", type="application/rss+xml")
    sub(channel, "language", "zh-CN")
    sub(channel, "pubDate", format_datetime(when))
    sub(channel, "lastBuildDate", format_datetime(when))
    sub(channel, "ttl", "1440")
    for post in ordered:
        item = sub(channel, "item")
        sub(item, "title", post.title)
        for category in post.categories:
            sub(item, "category", category)
        sub(item, "description", post.excerpt)
        sub(item, "link", base + post.url)
        sub(item, "pubDate", format_datetime(post.date))
        sub(item, "guid", base + post.url, isPermaLink="true")
    ET.indent(rss)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def render_atom(
    posts: list[Post], *, site_url: str, title: str, author: str = "总部", updated: datetime | None = None
) -> str:
    """The Atom feed (RFC 4287) of ``posts``, newest first.

    Ids are the absolute URLs of the posts (and of ``blog/`` for the feed): a post keeps its id as
    long as its date and slug stay the same. ``updated`` is the newest post's date (or the
    ``updated`` given, for a feed without posts): nothing depends on the clock.
    """
    base, ordered = _feed_posts(posts, site_url)
    when = ordered[0].date if ordered else (updated or datetime(1970, 1, 1, tzinfo=BEIJING))
    ET.register_namespace("", _ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
        element.text = None if text is None else xml_text(text)
        return element

    feed = ET.Element(f"{{{_ATOM}}}feed", {"xml:lang": "zh-CN"})
    sub(feed, "id", base + "blog/")
    sub(feed, "title", title)
    sub(feed, "updated", when.isoformat())
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + ATOM_PATH)
    sub(feed, "link", rel="alternate", type="text/html", href=base + "blog/")
    sub(sub(feed, "author"), "name", author)
    for post in ordered:
        entry = sub(feed, "entry")
        sub(entry, "id", base + post.url)
        sub(entry, "title", post.title)
        sub(entry, "link", rel="alternate", type="text/html", href=base + post.url)
        sub(entry, "published", post.date.isoformat())
        sub(entry, "updated", post.date.isoformat())
        for category in post.categories:
            sub(entry, "category", term=xml_text(category))
        sub(entry, "summary", post.excerpt)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
