"""The thin MkDocs boundary: load the playbook, hand MkDocs the generated pages.

``mkdocs build`` / ``mkdocs serve`` in the repository root call this plugin
(``plugins: [playbook]`` in ``mkdocs.yml``); ``playbook build`` does too. All
knowledge of MkDocs is kept in this one file, so moving to another engine means
replacing it and nothing else: the generator's output is plain Markdown plus
the navigation below.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .errors import DataError
from .links import url_of
from .load import load_playbook
from .model import Playbook
from .nav import build_nav
from .pages import search_words
from .posts import ATOM_PATH, Post, load_posts, related_markdown, render_atom
from .releases import load_history
from .site import generate
from .terms import annotate_terms

GLOSSARY_PAGE = "catalog/glossary.md"


class PlaybookConfig(Config):
    data_dir = config_options.Type(str, default="data")
    """Folder with the YAML data, relative to ``mkdocs.yml``."""


def data_dir_of(config: MkDocsConfig) -> Path:
    """The data folder named by the plugin's ``data_dir`` option (default ``data/`` next to mkdocs.yml)."""
    plugin = config.plugins.get("playbook")
    name = plugin.config.data_dir if isinstance(plugin, PlaybookPlugin) else "data"
    return Path(config.config_file_path).parent / name


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Loads ``data/`` on every (re)build and adds the generated pages in memory."""

    def __init__(self) -> None:
        self.playbook: Playbook | None = None
        self.pages: dict[str, str] = {}
        self.feeds: dict[str, str] = {}
        self.posts: list[Post] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.playbook = load_playbook(data_dir_of(config))
        except DataError as exc:
            raise PluginError("data/ 中的数据有错误：\n" + exc.report()) from None
        self.posts, post_problems = load_posts(Path(config.docs_dir), self.playbook)
        if post_problems:
            raise PluginError("content/blog/ 中的公告有错误：\n" + DataError(post_problems).report())
        # Reproducible builds: the sitemap and page dates come from the release date, not the clock.
        if "SOURCE_DATE_EPOCH" not in os.environ:
            released = datetime.combine(self.playbook.meta.released, time(), tzinfo=UTC)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(released.timestamp()))
        if self.playbook.branches and not config.site_url:
            raise PluginError(
                "有支公司行事历时，mkdocs.yml 必须设置 site_url：订阅链接和日历中的网址需要完整地址"
            )
        versions, history_warnings = load_history(self.playbook, data_dir_of(config))
        for warning in history_warnings:
            print(warning, file=sys.stderr)
        generated = generate(
            self.playbook,
            site_url=config.site_url,
            directory_urls=config.use_directory_urls,
            print_page="print_page.md" if "print-site" in config.plugins else None,
            posts=self.posts,
            versions=versions,
        )
        for warning in generated.warnings:
            print(warning, file=sys.stderr)  # a warning, not a failure: --strict builds still pass
        self.pages, self.feeds = generated.pages, generated.files
        _teach_search_words(self.playbook)
        handwritten = _handwritten_pages(Path(config.docs_dir))
        clashes = sorted(set(handwritten) & set(self.pages))
        if clashes:
            raise PluginError(
                "content/ 中的手写页面与生成的页面同名，请改名：" + "、".join(f"content/{c}" for c in clashes)
            )
        if not config.nav:
            config.nav = build_nav(self.playbook, handwritten, generated.months)
        return config

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Glossary terms explain themselves: the first mention of each on a page gets a tooltip."""
        if self.playbook is None or page.file.src_uri == GLOSSARY_PAGE:
            return html
        glossary = url_of(GLOSSARY_PAGE, directory_urls=config.use_directory_urls)
        return annotate_terms(html, self.playbook.terms, glossary_href=get_relative_url(glossary, page.url))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """An announcement ends with links to the handbook entities it names (``related:``)."""
        post = next((p for p in self.posts if p.path == page.file.src_uri), None)
        return markdown + related_markdown(post, self.playbook) if post and self.playbook else markdown

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, text in self.pages.items():
            files.append(File.generated(config, path, content=text))
        if self.posts:
            atom = render_atom(self.posts, site_url=config.site_url, title=f"{config.site_name} · 总部公告")
            files.append(File.generated(config, ATOM_PATH, content=atom.encode("utf-8")))
        for path, text in self.feeds.items():
            # bytes: written as they are, CRLF line ends included
            files.append(File.generated(config, path, content=text.encode("utf-8")))
        return files

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(data_dir_of(config)))
        return server


def _handwritten_pages(docs_dir: Path) -> list[str]:
    if not docs_dir.is_dir():
        return []
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))


def _teach_search_words(playbook: Playbook) -> None:
    """Tell jieba (which Material's search uses to segment Chinese) the playbook's own words.

    Without this, 创说会 or 增员沟通会 are cut into pieces in the search index and a search
    for the whole word misses pages that mention it.
    """
    try:
        import jieba
    except ImportError:  # search then indexes without segmentation
        return
    for word in search_words(playbook):
        jieba.add_word(word)
