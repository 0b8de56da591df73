"""HQ announcements on the handbook's pages: the links at the end of a post, dates as shown."""

from __future__ import annotations

from ..model.announcements import Post
from ..model.entities import Playbook
from .links import Linker


def related_markdown(post: Post, playbook: Playbook) -> str:
    """A 相关内容 list for the end of the post's page: Markdown links relative to the post's source."""
    if not post.related:
        return ""
    link = Linker(playbook, post.path)
    lines = [f"- {link.to(entity_id)}" for entity_id in post.related]
    return "\n\n## 相关内容\n\n" + "\n".join(lines) + "\n"


def date_text(post: Post) -> str:
    """``2027年3月15日``, as Material shows post dates with ``post_date_format: yyyy年M月d日``."""
    return f"{post.date.year}年{post.date.month}月{post.date.day}日"
