"""HQ announcements (content/blog/posts/): front-matter validation, ordering and the feeds.

Error tests write one post into a copy of the mini playbook's content folder and assert the exact
``file:line:col  key  message`` lines. The feed tests build the real site once (``--strict``) and
parse its RSS and Atom feeds with feedparser.
"""

from __future__ import annotations

import re
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from conftest import REPO

from generator.feeds.announcements import render_atom
from generator.load.posts import load_posts
from generator.model.announcements import BEIJING, Post, latest_posts
from generator.model.entities import Playbook
from generator.plugin import category_slug
from generator.render.announcements import related_markdown

DATE_HINT = "请写成 2027-01-20 或 2027-01-20 09:30:00（北京时间）"
POST = "content/blog/posts/p.md"


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return _mini_playbook()


def _mini_playbook() -> Playbook:
    from generator.site import load_playbook

    return load_playbook(Path(__file__).parent / "fixtures" / "mini" / "data")


def problems_of(tmp_path: Path, playbook: Playbook, text: str) -> list[str]:
    posts = tmp_path / "content" / "blog" / "posts"
    posts.mkdir(parents=True)
    (posts / "p.md").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    _, problems = load_posts(tmp_path / "content", playbook)
    return [p.format() for p in problems]


GOOD = """\
    ---
    date: 2027-01-20
    slug: notice
    categories: [通知]
    related: [tracking-supervision]
    ---

    # 标题
    """


def test_a_valid_post(tmp_path, playbook):
    assert problems_of(tmp_path, playbook, GOOD) == []
    [post] = load_posts(tmp_path / "content", playbook)[0]
    assert post.title == "标题"
    assert post.url == "blog/2027/01/20/notice/"
    assert post.date.isoformat() == "2027-01-20T09:00:00+08:00"
    assert post.related == ("tracking-supervision",)


def test_no_date(tmp_path, playbook):
    assert problems_of(tmp_path, playbook, GOOD.replace("    date: 2027-01-20\n", "")) == [
        f"{POST}:2:1  date  缺少必填字段 date（发布日期；{DATE_HINT}）"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-02-30", f'日期 "2027-02-30" 不存在（请检查月份和日）；{DATE_HINT}'),
        ("2027-03-15 16:30", f'无法识别的日期 "2027-03-15 16:30"；{DATE_HINT}'),
        ("下周一", f'无法识别的日期 "下周一"；{DATE_HINT}'),
    ],
)
def test_bad_date(tmp_path, playbook, value, message):
    assert problems_of(tmp_path, playbook, GOOD.replace("2027-01-20", value)) == [
        f"{POST}:2:7  date  {message}"
    ]


def test_unknown_related_id(tmp_path, playbook):
    text = GOOD.replace("[tracking-supervision]", "[tracking-supervison, plan-setting]")
    assert problems_of(tmp_path, playbook, text) == [
        f'{POST}:5:11  related[1]  未知的 id "tracking-supervison"，是不是 "tracking-supervision"？'
        "（这里可以写手册中任何一项的 id）"
    ]


def test_unknown_category(tmp_path, playbook):
    assert problems_of(tmp_path, playbook, GOOD.replace("[通知]", "[通告]")) == [
        f'{POST}:4:14  categories[1]  未知的分类 "通告"，是不是 "通知"？（可选：通知、进展、表彰、培训、其他）'
    ]


def test_every_problem_is_reported(tmp_path, playbook):
    text = GOOD.replace("slug: notice", "slug: Notice 1").replace("    date: 2027-01-20\n", "")
    text = text.replace("# 标题", "正文").replace("related:", "relatd:")
    assert problems_of(tmp_path, playbook, text) == [
        f"{POST}:1:1  title  缺少标题；请在正文第一行写 # 标题，或在元数据中写 title",
        f"{POST}:2:1  date  缺少必填字段 date（发布日期；{DATE_HINT}）",
        f'{POST}:2:7  slug  无效的 slug "Notice 1"：只能由小写英文字母、数字和单个连字符组成，如 "rollout-notice"',
        f'{POST}:4:1  relatd  未知的键 "relatd"，是不是 "related"？'
        "（可用的键：date、slug、categories、related、title、pin、draft）",
    ]


def test_no_front_matter(tmp_path, playbook):
    assert problems_of(tmp_path, playbook, "# 标题\n") == [
        f"{POST}:1:1  公告开头缺少以 --- 开始和结束的元数据（date、slug、categories）"
    ]


def _post(path: str, when: str) -> Post:
    date = datetime.fromisoformat(when).replace(tzinfo=BEIJING)
    return Post(path, path, path, date, ("通知",), (), "摘要")


def test_latest_three_newest_first_then_by_path():
    posts = [
        _post("a", "2027-01-01 09:00"),
        _post("c", "2027-03-01 09:00"),
        _post("b", "2027-03-01 09:00"),
        _post("d", "2027-02-01 18:00"),
        _post("e", "2027-02-01 09:00"),
    ]
    assert [p.path for p in latest_posts(posts)] == ["b", "c", "d"]


def test_category_pages_have_ascii_urls():
    assert [category_slug(c) for c in ("通知", "进展", "表彰", "培训", "其他")] == [
        "notices",
        "progress",
        "honors",
        "training",
        "other",
    ]


def test_related_links_are_relative_to_the_post(playbook):
    post = Post("blog/posts/p.md", "p", "t", datetime(2027, 1, 20, tzinfo=BEIJING), ("通知",), ("agent",), "")
    assert related_markdown(post, playbook) == "\n\n## 相关内容\n\n- [营销员](../../roles/agent.md)\n"


def test_atom_is_deterministic_and_parses():
    posts = [_post("a", "2027-01-20 09:00"), _post("b", "2027-03-15 16:30")]
    atom = render_atom(posts, site_url="https://x.invalid", title="总部公告")
    assert atom == render_atom(posts[::-1], site_url="https://x.invalid/", title="总部公告")
    feed = feedparser.parse(atom)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.updated == "2027-03-15T16:30:00+08:00"
    assert [e.link for e in feed.entries] == [
        "https://x.invalid/blog/2027/03/15/b/",
        "https://x.invalid/blog/2027/01/20/a/",
    ]


# ------------------------------------------------------------------ the built site


@pytest.fixture(scope="module")
def blog_site(site: Path) -> tuple[Path, str]:
    """The default site (built once per session) and its site_url."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    site_url = re.search(r"^site_url: (\S+)", text, re.MULTILINE).group(1)
    return site, site_url


@pytest.mark.parametrize("feed_file", ["feed_rss_created.xml", "feed_atom.xml"])
def test_feeds_parse_with_absolute_links_and_beijing_time(blog_site, feed_file):
    site, site_url = blog_site
    feed = feedparser.parse((site / feed_file).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == len(list((REPO / "content" / "blog" / "posts").glob("*.md")))
    published = [e.published_parsed for e in feed.entries]
    assert published == sorted(published, reverse=True)
    for entry in feed.entries:
        assert entry.link.startswith(site_url + "blog/"), entry.link
        path = entry.link.removeprefix(site_url)
        assert (site / path / "index.html").is_file(), path
        assert entry.published.endswith(("+0800", "+08:00")), entry.published
        assert entry.tags and entry.tags[0].term in {"通知", "进展", "表彰", "培训", "其他"}


def test_post_pages_and_posts_index(blog_site):
    site, _ = blog_site
    index = (site / "blog" / "index.html").read_text(encoding="utf-8")
    assert "总部公告" in index
    assert (site / "blog" / "category" / "notices" / "index.html").is_file()
    post = (site / "blog" / "2027" / "01" / "20" / "rollout-notice" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "相关内容" in post and "追踪督导系统" in post
    assert "2027年1月20日" in post
    assert timedelta(hours=8) == BEIJING.utcoffset(None)
