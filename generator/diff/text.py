"""A diff for the terminal: plain Chinese text, one heading per group, one line per change."""

from __future__ import annotations

from .compare import Diff, EntityChange


def _sentences(change: EntityChange) -> list[str]:
    if change.status == "added":
        return [f"新增{change.label}"]
    if change.status == "removed":
        return [f"删除{change.label}"]
    prefix = f"{change.label}：" if change.label else ""
    return [f"{prefix}{d}" for d in change.details]


def render_diff_text(diff: Diff) -> str:
    """The diff as plain Chinese text for the terminal: one heading per group, one line per change."""
    lines = [
        f"版本 {diff.old_version}（{diff.old_released.isoformat()}）→ "
        f"{diff.new_version}（{diff.new_released.isoformat()}）"
    ]
    if diff.empty:
        lines += ["", "两个版本的内容没有差异。"]
    for section in diff.sections:
        lines += ["", f"【{section.title}】"]
        lines += [f"- {s}" for c in section.changes for s in _sentences(c)]
    return "\n".join(lines) + "\n"
