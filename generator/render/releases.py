"""Release notes from the data: one page per release, and a 本版更新 mark on changed pages.

The versions come from ``data/playbook.yaml``: ``version``/``released`` is the current release,
``history`` lists the earlier ones with the git revision holding their ``data/``. Reading those
revisions is I/O and happens in :func:`generator.load.versions.load_history`; everything here is
pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from .. import model as m
from ..diff.compare import Diff, EntityChange, changed_ids, diff_playbooks
from ..model.entities import Version
from .links import Linker, has_page, rel_md, target_of
from .templating import md_escape

INDEX = "releases/index.md"


def page_of(version: str) -> str:
    return f"releases/{version}.md"


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
            if entity is not None and has_page(entity):
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


# ---------------------------------------------------------------- a release's notes


def _linked_label(change: EntityChange, linker: Linker | None) -> str:
    if (
        linker is None
        or change.status == "removed"
        or change.id is None
        or change.id not in linker.playbook.by_id
        or not has_page(linker.playbook.by_id[change.id])
    ):
        return md_escape(change.label)
    kind, _, _ = change.label.partition("“")
    return f"{md_escape(kind)} {linker.to(change.id)}"


def render_release_notes(
    diff: Diff, *, old_version: str, new_version: str, released: date, linker: Linker | None = None
) -> str:
    """A Markdown release-notes page: what changed in ``new_version`` since ``old_version``.

    With ``linker`` (built for NEW and this page's path), added and changed entities link to
    their pages; text from the data is escaped with :func:`md_escape`."""
    lines = [
        f"# {md_escape(new_version)} 版更新说明",
        "",
        f"发布日期：{released.isoformat()}　上一版：{md_escape(old_version)}",
    ]
    if diff.empty:
        lines += ["", "本版内容与上一版相同。"]
    for section in diff.sections:
        lines += ["", f"## {md_escape(section.title)}", ""]
        for change in section.changes:
            label = _linked_label(change, linker)
            if change.status == "added":
                lines.append(f"- 新增{label}")
            elif change.status == "removed":
                lines.append(f"- 删除{label}")
            elif not change.label:
                lines += [f"- {md_escape(d)}" for d in change.details]
            elif len(change.details) == 1:
                lines.append(f"- {label}：{md_escape(change.details[0])}")
            else:
                lines.append(f"- {label}：")
                lines += [f"    - {md_escape(d)}" for d in change.details]
    return "\n".join(lines) + "\n"
