"""Release notes from the data: one page per release, and a 本版更新 mark on changed pages.

The versions come from ``data/playbook.yaml``: ``version``/``released`` is the current release,
``history`` lists the earlier ones with the git revision holding their ``data/``. Reading those
revisions is I/O and happens in :func:`load_history` (called by the MkDocs plugin); everything
else here is pure.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

from . import model as m
from .diff import Diff, VersionError, changed_ids, diff_playbooks, load_version, render_release_notes
from .errors import DataError
from .links import PAGE_OF_KIND, Linker, rel_md, target_of
from .templating import md_escape

INDEX = "releases/index.md"


@dataclass(frozen=True)
class Version:
    """One release and its data (None if its git revision could not be read)."""

    version: str
    released: date
    playbook: m.Playbook | None
    problem: str | None = None


def page_of(version: str) -> str:
    return f"releases/{version}.md"


def load_history(playbook: m.Playbook, data_dir: Path) -> tuple[list[Version], list[str]]:
    """Every release, oldest first, the current one last; warnings for revisions not readable
    (no git, a shallow clone, a mistyped tag): their notes say so, the build goes on."""
    versions: list[Version] = []
    warnings: list[str] = []
    top = _toplevel(data_dir)
    for past in playbook.meta.history:
        if top is None:
            problem = "此处不是 git 仓库，读不到旧版本的数据"
            versions.append(Version(past.version, past.released, None, problem))
            warnings.append(f"警告：版本 {past.version}：{problem}；该版的版本说明从略。")
            continue
        spec = f"{past.git}:{data_dir.resolve().relative_to(top).as_posix()}"
        try:
            old = load_version(spec, cwd=top)
        except (VersionError, DataError) as exc:
            problem = str(exc).splitlines()[0]
            versions.append(Version(past.version, past.released, None, problem))
            warnings.append(f"警告：版本 {past.version}（{spec}）：{problem}；该版的版本说明从略。")
            continue
        versions.append(Version(past.version, past.released, old))
    versions.append(Version(playbook.meta.version, playbook.meta.released, playbook))
    return versions, warnings


def _toplevel(path: Path) -> Path | None:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=path, capture_output=True, text=True, timeout=60
        )
    except (FileNotFoundError, NotADirectoryError):
        return None
    return Path(found.stdout.strip()).resolve() if found.returncode == 0 else None


@dataclass(frozen=True)
class ReleaseNotes:
    pages: dict[str, str]
    """``releases/index.md`` and one page per release that has a predecessor."""
    changed_pages: dict[str, str]
    """Source path of each page whose entity changed in the latest release → its notes page."""


def render_releases(
    playbook: m.Playbook, versions: list[Version], *, directory_urls: bool = True
) -> ReleaseNotes:
    pages: dict[str, str] = {}
    diffs: list[tuple[Version, Version, Diff | None]] = []
    for old, new in pairwise(versions):
        diff = diff_playbooks(old.playbook, new.playbook) if old.playbook and new.playbook else None
        diffs.append((old, new, diff))
        page = page_of(new.version)
        if diff is None:
            reason = old.problem or new.problem or ""
            pages[page] = (
                f"# {md_escape(new.version)} 版更新说明\n\n发布日期：{new.released.isoformat()}　上一版："
                f"{md_escape(old.version)}\n\n读不到上一版的数据（{md_escape(reason)}），本页从略。\n"
            )
            continue
        is_current = new.playbook is playbook
        linker = Linker(playbook, page, directory_urls) if is_current else None
        pages[page] = render_release_notes(
            diff, old_version=old.version, new_version=new.version, released=new.released, linker=linker
        )
    lines = [
        "# 版本说明",
        "",
        "手册的每个版本，最新的在前；每一版列出与上一版相比增加、删除和修改的内容。",
        "",
    ]
    for i, v in enumerate(reversed(versions)):
        label = f"{md_escape(v.version)} 版（{v.released.isoformat()}）"
        if i == len(versions) - 1:
            lines.append(f"- {label}：首个版本")
        else:
            lines.append(f"- [{label}]({v.version}.md)")
    pages[INDEX] = "\n".join(lines) + "\n"
    changed: dict[str, str] = {}
    if diffs and diffs[-1][2] is not None:
        latest = page_of(versions[-1].version)
        for entity_id in sorted(changed_ids(diffs[-1][2])):
            entity = playbook.by_id.get(entity_id)
            if entity is not None and type(entity) in PAGE_OF_KIND:
                changed.setdefault(target_of(entity).partition("#")[0], latest)
    return ReleaseNotes(dict(sorted(pages.items())), changed)


def mark_changed(pages: dict[str, str], notes: ReleaseNotes, version: str) -> dict[str, str]:
    """Put a 本版更新 note under the title of every page whose entity changed in ``version``."""
    out = dict(pages)
    for page, notes_page in notes.changed_pages.items():
        text = out.get(page)
        if text is None:
            continue
        href = rel_md(page, notes_page)
        mark = f'!!! tip "本版更新"\n    本页内容在 {md_escape(version)} 版中有更新：[查看版本说明]({href})\n'
        head, sep, rest = text.partition("\n")
        out[page] = f"{head}{sep}\n{mark}{rest}" if head.startswith("# ") else f"{mark}\n{text}"
    return out
