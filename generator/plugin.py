"""The thin MkDocs boundary: load the playbook, hand MkDocs the generated pages.

``mkdocs build`` / ``mkdocs serve`` in the repository root call this plugin
(``plugins: [playbook]`` in ``mkdocs.yml``); ``playbook build`` does too. All
knowledge of MkDocs is kept in this one file, so moving to another engine means
replacing it and nothing else: the generator's output is plain Markdown plus
the navigation below.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory, get_relative_url

from .feeds.announcements import ATOM_PATH, RSS_PATHS, render_atom, render_rss
from .load.cache import CACHE_DIR, JsonCache
from .load.files import entry_kind
from .load.posts import load_posts
from .load.versions import data_head, data_history, load_history
from .model.announcements import CATEGORIES, Post
from .model.entities import Playbook, Revision
from .model.errors import DataError, Problem
from .outdir import output_dir_problem
from .render.announcements import related_markdown
from .render.calendar_pages import fill_slots
from .render.links import url_of
from .render.markup import describe, join_cjk_breaks, label_task_checkboxes
from .render.nav import build_nav, kept_out_of_nav
from .render.pages import search_words
from .render.tables import card_tables
from .render.templating import md_escape, title_html
from .render.terms import annotate_terms
from .site import GeneratedSite, HistoryCache, generate, load_playbook

GLOSSARY_PAGE = "catalog/glossary.md"

log = get_plugin_logger("playbook")
"""MkDocs' logger for this plugin: messages read ``playbook: …``. Notices that do not stop a
build (a provisional holiday year, release notes that cannot be made) are INFO, so that
``mkdocs build --strict`` still passes; ``-q`` silences them like every other notice."""


class PlaybookConfig(Config):  # type: ignore[no-untyped-call]  # mkdocs: untyped __init_subclass__
    data_dir = config_options.Type(str, default="data")
    """Folder with the YAML data, relative to ``mkdocs.yml``."""
    cache_dir = config_options.Type(str, default=CACHE_DIR.as_posix())
    """Folder (relative to ``mkdocs.yml``) where builds keep what they worked out from the data's
    git history (:mod:`generator.load.cache`); empty: keep nothing."""


def data_dir_of(config: MkDocsConfig) -> Path:
    """The data folder named by the plugin's ``data_dir`` option (default ``data/`` next to mkdocs.yml)."""
    plugin = config.plugins.get("playbook")
    name = plugin.config.data_dir if isinstance(plugin, PlaybookPlugin) else "data"
    return Path(config.config_file_path).parent / name


def source_dirs_of(config: MkDocsConfig) -> list[Path]:
    """The folders a build reads: ``data/``, ``docs_dir`` (content/) and the theme's ``custom_dir``."""
    folders = [data_dir_of(config), Path(config.docs_dir)]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    return folders


ERROR_PAGE_TITLE = "数据有错误"


class GeneratedFile(File):
    """A page or file the generator made, which knows whether it changed since the previous build
    of ``playbook serve`` (MkDocs asks ``is_modified`` in a dirty build; a plain generated file
    always says yes)."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed


class _MemoryBytecode(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory between the rebuilds of ``playbook serve``
    (MkDocs makes a new Jinja environment for every build, which compiles Material's templates
    again: half a second each time). Nothing is written to disk."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class Preview:
    """What ``playbook serve`` keeps from one build to the next, so that an edit rebuilds only the
    pages it changes (MkDocs' dirty builds).

    Every rebuild still loads and checks all of ``data/`` and renders every generated page's
    Markdown (the generator is pure and quick); MkDocs then converts and renders, through the
    theme, only the pages whose Markdown differs from the previous build, and the hand-written
    pages whose file is newer than their output. What every page shows — the navigation, the
    entities' titles, the glossary (its tooltips), ``mkdocs.yml``, the theme overrides — goes into
    :attr:`signature`; when it changes, the build is a full one.

    Two plugins need the skipped pages' part: print-site combines every page's HTML (``page.html``,
    restored here for skipped pages) and Material's search keeps the previous index (its entries
    of the rebuilt pages are dropped here, so that theirs are not in it twice)."""

    def __init__(self) -> None:
        self.signature: str | None = None
        self.texts: dict[str, str] = {}
        """Every generated file's text in the previous build."""
        self.titles: dict[str, str] = {}
        self.html: dict[str, str] = {}
        """Page titles and rendered bodies by source path, from the builds that rendered them."""
        self.full = True
        """Whether the current build renders everything."""
        self.rebuilt: list[str] = []
        """Source paths of the pages rendered in the current build."""

    def begin(self, signature: str) -> None:
        self.full = signature != self.signature
        self.signature = signature
        self.rebuilt = []

    def changed(self, path: str, text: str) -> bool:
        """Whether a generated file must be written again (and remember its text)."""
        changed = self.full or self.texts.get(path) != text
        self.texts[path] = text
        return changed


def build_signature(config: MkDocsConfig, playbook: Playbook, nav: Any, handwritten: list[str]) -> str:
    """What every page of the site shows, as a hash: a change means a full rebuild."""
    parts: list[str] = [repr(nav), repr(handwritten)]
    parts += sorted(f"{i}\t{getattr(e, 'title', getattr(e, 'term', ''))}" for i, e in playbook.by_id.items())
    parts += [f"{term.id}\t{term.term}\t{term.definition}" for term in playbook.terms]
    config_file = Path(config.config_file_path)
    parts.append(config_file.read_text(encoding="utf-8") if config_file.is_file() else "")
    custom = config.theme.custom_dir
    if custom and Path(custom).is_dir():
        for f in sorted(Path(custom).rglob("*")):
            if f.is_file():
                stat = f.stat()
                parts.append(f"{f.relative_to(custom)}\t{stat.st_mtime_ns}\t{stat.st_size}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


class PlaybookPlugin(BasePlugin[PlaybookConfig]):  # type: ignore[no-untyped-call]  # the same
    """Loads ``data/`` on every (re)build and adds the generated pages in memory.

    With ``on_startup`` defined, MkDocs keeps this one instance across the rebuilds of
    ``mkdocs serve``: it remembers which pages it generated, so that while the data has errors
    those pages show the errors (instead of the browser waiting for a build that never ends)."""

    def __init__(self) -> None:
        self.playbook: Playbook | None = None
        self.pages: dict[str, str] = {}
        self.feeds: dict[str, str] = {}
        self.fragments: dict[str, dict[str, str]] = {}
        self.validated: tuple[Path, Playbook] | None = None
        """Set by ``playbook build``: the data folder and the playbook it loaded and checked before
        building, used (once) instead of loading the same files again."""
        self.posts: list[Post] = []
        self.serving = False
        self.dirty = False
        self.preview = Preview()
        self._bytecode = _MemoryBytecode()
        self.known_pages: set[str] = set()
        self._escaped_titles: set[int] = set()
        self._history_cache: HistoryCache | None = None
        self._kept: tuple[Playbook, list[Post], GeneratedSite] | None = None
        self._stamp: tuple[Any, ...] | None = None
        """What the generated output was made from (``playbook serve``): the data's and the
        announcements' files, the git head, the site's address."""
        self._history: tuple[str | None, list[Revision] | None, str | None] | None = None
        """(the data's last commit, its versions, a warning), kept across ``serve`` rebuilds."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = self.serving and dirty  # `playbook serve`: rebuild only what an edit changes

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.playbook, self.posts, self.pages, self.feeds, self.fragments = None, [], {}, {}, {}
        self._escaped_titles = set()
        refused = output_dir_problem(
            Path(config.site_dir),
            project=Path(config.config_file_path).parent,
            sources=source_dirs_of(config),
        )
        if refused:
            raise PluginError(refused)
        try:
            return self._load(config)
        except DataError as exc:
            if not self.serving:
                raise PluginError(exc.intro + "\n" + exc.report()) from None
            log.error("数据有错误，浏览器中的页面会列出这些错误：\n" + exc.report())
            return self._error_site(config, exc)

    def _load(self, config: MkDocsConfig) -> MkDocsConfig:
        docs_dir = Path(config.docs_dir)
        unsafe = unsafe_content(docs_dir, Path(config.config_file_path).parent)
        if unsafe:
            raise DataError(unsafe, intro="content/ 中有不能读取的文件：")
        stamp = _inputs_stamp(config) if self.dirty else None
        if stamp is not None and stamp == self._stamp and self._kept is not None:
            # `playbook serve` after an edit of a hand-written page: the data, the announcements
            # and the history are as they were, and so is everything the generator made
            self.playbook, self.posts, generated = self._kept
            config.extra["playbook_feeds"] = bool(self.posts)
            config.extra["playbook_branches"] = bool(self.playbook.branches)
            return self._finish(config, generated, _handwritten_pages(docs_dir))
        self._stamp = None
        validated, self.validated = self.validated, None
        if validated is not None and validated[0] == data_dir_of(config):
            self.playbook = validated[1]  # `playbook build` has just loaded and checked it
        else:
            try:
                self.playbook = load_playbook(data_dir_of(config))
            except DataError as exc:
                raise DataError(exc.problems, intro="data/ 中的数据有错误：") from None
        self.posts, post_problems = load_posts(docs_dir, self.playbook)
        if post_problems:
            raise DataError(post_problems, intro="content/blog/ 中的公告有错误：")
        if self.posts and not config.site_url:
            raise DataError(
                [Problem(Path(config.config_file_path).name, 0, 0, "site_url", _SITE_URL_FOR_POSTS)],
                intro="mkdocs.yml 需要修改：",
            )
        config.extra["playbook_feeds"] = bool(self.posts)
        config.extra["playbook_branches"] = bool(self.playbook.branches)
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
            log.info(warning)
        revisions, history_warning = self._data_history(data_dir_of(config))
        if history_warning:
            log.info(history_warning)
        generated = generate(
            self.playbook,
            site_url=config.site_url,
            directory_urls=config.use_directory_urls,
            print_page="print_page.md" if "print-site" in config.plugins else None,
            posts=self.posts,
            versions=versions,
            history=revisions,
            history_cache=self._history_cache_of(config),
        )
        for warning in generated.warnings:
            log.info(warning)  # a notice, not a failure: --strict builds still pass
        _teach_search_words(self.playbook)
        if self.dirty:  # kept for the next rebuild of `playbook serve` only (a build frees it)
            self._kept, self._stamp = (self.playbook, self.posts, generated), stamp
        return self._finish(config, generated, _handwritten_pages(docs_dir))

    def _finish(self, config: MkDocsConfig, generated: GeneratedSite, handwritten: list[str]) -> MkDocsConfig:
        """Hand MkDocs the generated pages and the navigation."""
        assert self.playbook is not None
        self.pages, self.feeds, self.fragments = generated.pages, generated.files, generated.fragments
        clashes = sorted(set(handwritten) & set(self.pages))
        if clashes:
            raise PluginError(
                "content/ 中的手写页面与生成的页面同名，请改名：" + "、".join(f"content/{c}" for c in clashes)
            )
        self.known_pages = set(self.pages)
        if not config.nav:
            config.nav = build_nav(self.playbook, handwritten, generated.months)
        if self.dirty:
            self.preview.begin(build_signature(config, self.playbook, config.nav, handwritten))
            if self.preview.full:
                clean_directory(config.site_dir)  # a dirty build keeps old output: start afresh
        return config

    def _data_history(self, data_dir: Path) -> tuple[list[Revision] | None, str | None]:
        """The committed versions of the data (for the feeds' stamps), read again only when a new
        commit changed the data."""
        head = data_head(data_dir)
        if self._history is None or self._history[0] != head:
            self._history = (head, *data_history(data_dir))
        return self._history[1], self._history[2]

    def _history_cache_of(self, config: MkDocsConfig) -> HistoryCache:
        """One for the plugin's life (the newest fold stays in memory between `serve` rebuilds)."""
        if self._history_cache is None:
            name = self.config.cache_dir
            folder = Path(config.config_file_path).parent / name if name else None
            self._history_cache = HistoryCache(JsonCache(folder) if folder else None)
        return self._history_cache

    def _error_site(self, config: MkDocsConfig, exc: DataError) -> MkDocsConfig:
        """While serving: every generated page (as of the last good build, and the home page)
        shows the positioned errors; the next save that fixes them brings the handbook back."""
        page = error_page(exc)
        self.pages = {path: page for path in sorted(self.known_pages | {"index.md"})}
        self.posts, self.feeds = [], {}
        config.nav = [{ERROR_PAGE_TITLE: "index.md"}]
        config.extra["playbook_feeds"] = False
        config.extra["playbook_branches"] = False
        return config

    @event_priority(-100)  # after the blog plugin has read its posts (it does so in on_files)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, text in self.pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:  # a hand-written page, while the error pages stand in
                files.remove(existing)
            inclusion = InclusionLevel.NOT_IN_NAV if kept_out_of_nav(path) else InclusionLevel.UNDEFINED
            whole = text + "".join(self.fragments.get(path, {}).values())
            files.append(self._generated(config, path, text, compared=whole, inclusion=inclusion))
        if self.posts:
            title = f"{config.site_name} · 总部公告"
            atom = render_atom(self.posts, site_url=config.site_url or "", title=title)
            files.append(File.generated(config, ATOM_PATH, content=atom.encode("utf-8")))
            for path in RSS_PATHS:
                rss = render_rss(self.posts, site_url=config.site_url or "", title=title, path=path)
                files.append(File.generated(config, path, content=rss.encode("utf-8")))
        for path, text in self.feeds.items():
            # bytes: written as they are, CRLF line ends included
            files.append(self._generated(config, path, text.encode("utf-8"), compared=text))
        for file in files.documentation_pages():
            if file.page is not None:  # the blog's posts: their front matter is read already
                self._escape_title(file.page)
        if not self.dirty:
            self.feeds = {}  # MkDocs holds them now (as bytes): a large site need not keep two copies
        return files

    def _generated(
        self,
        config: MkDocsConfig,
        path: str,
        content: str | bytes,
        *,
        compared: str,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> GeneratedFile:
        """A generated page or file; under ``playbook serve`` it counts as changed only when
        ``compared`` (what it is made of) differs from the previous build."""
        made = GeneratedFile.generated(config, path, content=content, inclusion=inclusion)
        assert isinstance(made, GeneratedFile)
        made.changed = not self.dirty or self.preview.changed(path, compared)
        return made

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page's description (for sharing) from its first paragraph, unless its front
        matter has one; tables learn their column names (cards on a phone,
        :mod:`generator.render.tables`);
        glossary terms explain themselves: the first mention of each on a page gets a tooltip."""
        if not page.meta.get("description"):
            description = describe(html)  # before the tooltips: their text is not the page's
            if description:
                page.meta["description"] = description
        html = card_tables(label_task_checkboxes(html))
        if self.playbook is None or page.file.src_uri == GLOSSARY_PAGE:
            return html
        glossary = url_of(GLOSSARY_PAGE, directory_urls=config.use_directory_urls)
        # ids unique across pages too: print_page puts every page on one
        prefix = (
            "tip-"
            + re.sub(r"[^a-z0-9]+", "-", page.file.src_uri.removesuffix(".md").lower()).strip("-")
            + "-"
        )
        return annotate_terms(
            html,
            self.playbook.terms,
            glossary_href=get_relative_url(glossary, page.url),
            id_prefix=prefix,
        )

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """No line break between two Chinese characters in the finished page (a Markdown soft
        break in a hand-written page, a post or a post's excerpt on the blog's index pages): a
        browser shows each as a space, and Chinese has none."""
        output = join_cjk_breaks(output)
        # after everything that reads the page: the month's grid and day list (a build lets go
        # of them as they are used; `playbook serve` keeps them for pages it does not rebuild)
        fragments = (
            self.fragments.get(page.file.src_uri)
            if self.dirty
            else self.fragments.pop(page.file.src_uri, None)
        )
        return fill_slots(output, fragments or {})

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A front-matter ``title`` is text; an announcement ends with links to the handbook
        entities it names (``related:``)."""
        self._escape_title(page)
        post = next((p for p in self.posts if p.path == page.file.src_uri), None)
        return markdown + related_markdown(post, self.playbook) if post and self.playbook else markdown

    def _escape_title(self, page: Page) -> None:
        """MkDocs and Material treat page titles as HTML, a title from front matter included:
        escape it (once per page and build), as every title from the data is."""
        title = page.meta.get("title")
        if isinstance(title, str) and id(page) not in self._escaped_titles:
            page.meta["title"] = title_html(title)
            self._escaped_titles.add(id(page))

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if self.dirty and env.bytecode_cache is None:
            env.bytecode_cache = self._bytecode
        return env

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """In a partial rebuild (``playbook serve``), the pages MkDocs does not read again keep the
        titles they had (else the navigation of the rebuilt pages would show file names)."""
        if self.dirty and not self.preview.full:
            for page in nav.pages:
                if not page.file.is_modified() and page.file.src_uri in self.preview.titles:
                    page.title = self.preview.titles[page.file.src_uri]
        return nav

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.dirty:
            self.preview.rebuilt.append(page.file.src_uri)
            if page.title:
                self.preview.titles[page.file.src_uri] = str(page.title)
            if page.content is not None:
                self.preview.html[page.file.src_uri] = page.content
        return context

    @event_priority(100)  # before print-site and search write what they collected
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.dirty:
            return
        rebuilt = set(self.preview.rebuilt)
        log.info(f"预览：重新生成了 {len(rebuilt)} 个页面" + ("（全部）" if self.preview.full else ""))
        if self.preview.full:
            return
        printer = config.plugins.get("print-site")
        items = getattr(getattr(printer, "renderer", None), "items", None) or []
        for page in _nav_pages(items):
            if not hasattr(page, "html") and page.file.src_uri in self.preview.html:
                page.html = self.preview.html[page.file.src_uri]
        search = config.plugins.get("material/search") or config.plugins.get("search")
        previous, current = getattr(search, "search_index_prev", None), getattr(search, "search_index", None)
        if previous is not None and current is not None:
            # merged here, not by Material (which assumes one rebuilt page, and drops every entry
            # when that page is the home page, whose address is the prefix of all)
            urls = {_url_of_source(src, config) for src in rebuilt}
            kept = [e for e in previous.entries if e["location"].split("#")[0] not in urls]
            current.entries = kept + current.entries
            search.search_index_prev = None  # type: ignore[union-attr]

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(data_dir_of(config)))
        return server


_SITE_URL_FOR_POSTS = (
    "有总部公告（content/blog/posts/）时必须设置 site_url：RSS 和 Atom 订阅中的链接需要完整地址，"
    "如 site_url: https://handbook.example.com/"
)


def error_page(exc: DataError) -> str:
    """The page ``playbook serve`` shows while the data has errors: every problem, positioned."""
    lines = [
        f"# {ERROR_PAGE_TITLE}",
        "",
        '!!! failure "网站暂时没有更新"',
        "",
        f"    {md_escape(exc.intro)}改正下面的 {len(exc.problems)} 处错误并保存后，这个页面会自动刷新。",
        "",
    ]
    lines += [f"- {md_escape(problem.format())}" for problem in exc.problems]
    return "\n".join(lines) + "\n"


def unsafe_content(docs_dir: Path, project: Path) -> list[Problem]:
    """Entries of ``content/`` MkDocs must not read: special files (a named pipe would hang the
    build), links that point nowhere, into a loop or out of the project."""
    problems: list[Problem] = []
    roots = [project, docs_dir]
    folders = [docs_dir] if docs_dir.is_dir() else []
    while folders:
        folder = folders.pop()
        for entry in sorted(folder.iterdir()):
            shown = os.path.relpath(entry, project)
            kind = entry_kind(entry, shown, roots)
            if isinstance(kind, Problem):
                problems.append(kind)
            elif kind == "dir":
                real, here = Path(os.path.realpath(entry)), Path(os.path.realpath(folder))
                if entry.is_symlink() and (real == here or real in here.parents):
                    problems.append(
                        Problem(shown, 0, 0, "", "文件夹链接指向它的上层文件夹（循环）；请删除这个链接")
                    )
                elif not entry.is_symlink():
                    folders.append(entry)
    return problems


def category_slug(text: str, separator: str = "-") -> str:
    """``categories_slugify`` for Material's blog plugin: 通知 → ``notices`` (stable, ASCII URLs)."""
    return CATEGORIES.get(text, text)


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
        import jieba  # type: ignore[import-untyped]  # no type information shipped
    except ImportError:  # search then indexes without segmentation
        return
    for word in search_words(playbook):
        jieba.add_word(word)


def _nav_pages(items: list[Any]) -> list[Any]:
    """Every page in a navigation tree (print-site keeps the tree's top items)."""
    out = []
    for item in items:
        if getattr(item, "is_page", False):
            out.append(item)
        out += _nav_pages(getattr(item, "children", None) or [])
    return out


def _url_of_source(src: str, config: MkDocsConfig) -> str:
    return url_of(src, directory_urls=config.use_directory_urls)


def _inputs_stamp(config: MkDocsConfig) -> tuple[Any, ...]:
    """Every file the generator reads (``data/``, the announcements), by name, size and time of
    change, with the data's git head and the options that change its output."""
    files: list[tuple[str, int, int]] = []
    for folder in (data_dir_of(config), Path(config.docs_dir) / "blog"):
        if folder.is_dir():
            for f in sorted(folder.rglob("*")):
                if f.is_file():
                    stat = f.stat()
                    files.append((str(f), stat.st_size, stat.st_mtime_ns))
    return (
        tuple(files),
        data_head(data_dir_of(config)),
        config.site_url,
        config.use_directory_urls,
        "print-site" in config.plugins,
    )
