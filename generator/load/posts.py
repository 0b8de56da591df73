"""HQ announcements (总部公告): Markdown posts in ``content/blog/posts/`` with YAML front matter.

Material's blog plugin renders the posts; this module reads and validates the same front matter
*before* it runs, so a missing date or a link to an unknown id fails the build with the project's
own ``file:line:col  key  message`` problems. The posts found here feed the home page
(:mod:`generator.render.announcements`) and the RSS and Atom feeds
(:mod:`generator.feeds.announcements`).

A post looks like::

    ---
    date: 2027-01-20            # or 2027-03-15 16:30:00 (Beijing time); without a time: 09:00
    slug: rollout-notice        # the URL: blog/2027/01/20/rollout-notice/
    categories: [通知]
    related: [tracking-supervision, phase-1]   # ids of handbook entries (optional)
    ---

    # 营销职场运作体系 2 月起全市实施

    First paragraph: the excerpt. <!-- more -->

The key is ``related``, not ``links``: Material's blog plugin already reads ``links`` (paths of
pages for its "related links" box) and would reject ids there.

Only :func:`load_posts` reads files.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ..model.announcements import BEIJING, CATEGORIES, DEFAULT_TIME, Post, latest_posts
from ..model.entities import Playbook
from ..model.errors import Problem, quoted
from ..model.fields import ID_PATTERN
from .convert import FIRST_DATE, LAST_DATE, MAX_TEXT
from .files import decode_text, entry_kind, read_bytes
from .yamlsource import parse_yaml

try:  # libyaml is much faster; fall back to the pure-Python loader.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

POSTS_DIR = "blog/posts"
"""Where the posts live, relative to ``docs_dir`` (Material's ``post_dir`` default ``{blog}/posts``)."""

KEYS = ("date", "slug", "categories", "related", "title", "pin", "draft")
"""Front-matter keys a post may have."""

_STD = "tag:yaml.org,2002:"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_MORE = "<!-- more -->"
DATE_HINT = "请写成 2027-01-20 或 2027-01-20 09:30:00（北京时间）"


# ------------------------------------------------------------------ reading and validating


def load_posts(
    content_dir: Path, playbook: Playbook, shown_root: Path | None = None
) -> tuple[list[Post], list[Problem]]:
    """Every post in ``content_dir/blog/posts/*.md`` (newest first) and every problem found.

    File names in problems are relative to ``shown_root`` (default: the parent of ``content_dir``,
    i.e. ``content/blog/posts/x.md``)."""
    root = shown_root if shown_root is not None else content_dir.parent
    posts: list[Post] = []
    problems: list[Problem] = []
    folder = content_dir / POSTS_DIR
    roots = [content_dir.parent, content_dir]
    paths = sorted(p for p in folder.iterdir() if p.suffix == ".md") if folder.is_dir() else []
    for path in paths:
        shown_as = path.relative_to(root).as_posix()
        source = path.relative_to(content_dir).as_posix()
        kind = entry_kind(path, shown_as, roots)
        if kind != "file":
            problems += [kind] if isinstance(kind, Problem) else []
            continue
        raw, found = read_bytes(path, shown_as)
        text, bad_text = decode_text(raw, shown_as) if raw is not None else (None, [])
        problems += found + bad_text
        if text is None:
            continue
        post, found = parse_post(text, source, shown_as, playbook)
        problems += found
        if post is not None:
            posts.append(post)
    first_with: dict[str, Post] = {}
    for post in posts:  # in file order
        other = first_with.setdefault(post.url, post)
        if other is not post:
            shown_as = (content_dir / post.path).relative_to(root).as_posix()
            message = f"与 {other.path} 的网址 {post.url} 相同；请换一个 slug"
            problems.append(Problem(shown_as, 0, 0, "slug", message))
    return latest_posts(posts, n=len(posts)), sorted(problems)


def parse_post(
    text: str, source: str, shown_as: str, playbook: Playbook
) -> tuple[Post | None, list[Problem]]:
    """One post from its text; ``source`` is its path under ``docs_dir``, ``shown_as`` its name in messages."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, [
            Problem(shown_as, 1, 1, "", "公告开头缺少以 --- 开始和结束的元数据（date、slug、categories）")
        ]
    # Read as the data files are (no tags, anchors or aliases); the blank line stands for the
    # opening ---, so positions are those of the post file.
    node, found = parse_yaml(b"\n" + (match.group(1) or "").encode("utf-8"), shown_as)
    if found and not any("文件为空" in p.message for p in found):
        return None, found
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(shown_as, 2, 1, "", "元数据应是键值对（date: …、slug: …、categories: …）")]
    problems: list[Problem] = []

    def at(n: yaml.Node, key: str, message: str) -> None:
        problems.append(Problem(shown_as, n.start_mark.line + 1, n.start_mark.column + 1, key, message))

    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            guess = f'，是不是 "{close[0]}"？' if close else ""
            at(key_node, key, f"未知的键 {quoted(key)}{guess}（可用的键：{'、'.join(KEYS)}）")
        else:
            values[key] = value_node

    required = {
        "date": f"发布日期；{DATE_HINT}",
        "slug": "网址的最后一段，如 slug: rollout-notice",
        "categories": f"分类，可选：{'、'.join(CATEGORIES)}",
    }
    for key, what in required.items():
        if key not in values:
            at(node, key, f"缺少必填字段 {key}（{what}）")
    when = _date(values["date"], at) if "date" in values else None
    slug = _slug(values["slug"], at) if "slug" in values else None
    categories = _categories(values["categories"], at) if "categories" in values else None
    related = _related(values["related"], at, playbook) if "related" in values else ()
    body = text[match.end() :]
    title = _title(values.get("title"), body, at)
    if title is None and "title" not in values:
        problems.append(
            Problem(shown_as, 1, 1, "title", "缺少标题；请在正文第一行写 # 标题，或在元数据中写 title")
        )
    if problems or when is None or slug is None or categories is None or title is None:
        return None, problems
    return Post(source, slug, title, when, categories, related, _excerpt(body)), []


def _date(node: yaml.Node | None, at: Any) -> datetime | None:
    assert node is not None
    shown = node.value if isinstance(node, yaml.ScalarNode) else "…"
    if not isinstance(node, yaml.ScalarNode) or node.tag != f"{_STD}timestamp":
        at(node, "date", f"无法识别的日期 {quoted(shown)}；{DATE_HINT}")
        return None
    try:
        value = SafeConstructor().construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        at(node, "date", f"日期 {quoted(shown)} 不存在（请检查月份和日）；{DATE_HINT}")
        return None
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        at(node, "date", f"日期 {day} 超出范围：应在 {FIRST_DATE} 至 {LAST_DATE} 之间")
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=BEIJING) if value.tzinfo is None else value.astimezone(BEIJING)
    assert isinstance(value, date)
    return datetime.combine(value, DEFAULT_TIME, tzinfo=BEIJING)


def _slug(node: yaml.Node | None, at: Any) -> str | None:
    assert node is not None
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        at(
            node,
            "slug",
            f'无效的 slug {quoted(value or "…")}：只能由小写英文字母、数字和单个连字符组成，如 "rollout-notice"',
        )
        return None
    return value


def _items(node: yaml.Node, key: str, at: Any) -> list[tuple[str, yaml.Node, str]] | None:
    """``(value, node, key path)`` of each text item of a list (a single text counts as a list of one)."""
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out: list[tuple[str, yaml.Node, str]] = []
    for i, item in enumerate(nodes, start=1):
        path = f"{key}[{i}]" if isinstance(node, yaml.SequenceNode) else key
        if not isinstance(item, yaml.ScalarNode) or item.tag != f"{_STD}str" or not item.value:
            at(item, path, "这里应是一段文字")
            return None
        out.append((str(item.value), item, path))
    return out


def _categories(node: yaml.Node, at: Any) -> tuple[str, ...] | None:
    items = _items(node, "categories", at)
    if items is None:
        return None
    if not items:
        at(node, "categories", f"至少写一个分类，可选：{'、'.join(CATEGORIES)}")
        return None
    ok = True
    for value, item, path in items:
        if value not in CATEGORIES:
            close = difflib.get_close_matches(value, list(CATEGORIES), n=1, cutoff=0.5)
            guess = f'，是不是 "{close[0]}"？' if close else ""
            at(item, path, f"未知的分类 {quoted(value)}{guess}（可选：{'、'.join(CATEGORIES)}）")
            ok = False
    return tuple(dict.fromkeys(v for v, _, _ in items)) if ok else None


def _related(node: yaml.Node, at: Any, playbook: Playbook) -> tuple[str, ...]:
    items = _items(node, "related", at) or []
    known = sorted(playbook.by_id)
    for value, item, path in items:
        if value not in playbook.by_id:
            close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
            guess = f'，是不是 "{close[0]}"？' if close else ""
            at(item, path, f"未知的 id {quoted(value)}{guess}（这里可以写手册中任何一项的 id）")
    return tuple(dict.fromkeys(v for v, _, _ in items))


def _title(node: yaml.Node | None, body: str, at: Any) -> str | None:
    if node is not None:
        if isinstance(node, yaml.ScalarNode) and node.tag == f"{_STD}str" and node.value.strip():
            title = " ".join(node.value.split())
            if len(title) <= MAX_TEXT:
                return title
            at(node, "title", f"标题太长（{len(title)} 个字符）；最多 {MAX_TEXT} 个字符")
            return None
        at(node, "title", "标题应是一段文字")
        return None
    heading = _HEADING.search(body)
    return heading.group(1).strip() if heading else None


def _excerpt(body: str) -> str:
    """Plain text of the excerpt: before ``<!-- more -->`` (else the first paragraph), minus the heading."""
    text = _HEADING.sub("", body, count=1).strip()
    text = text.split(_MORE, 1)[0] if _MORE in text else text.split("\n\n", 1)[0]
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links → their text
    text = re.sub(r"[*_`>]", "", text)
    return " ".join(text.split())
