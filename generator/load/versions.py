"""Other versions of the data: a data folder, or a git revision (``REV`` or ``REV:path``).

The only place the generator runs git: :func:`load_version` reads one side of ``playbook diff``,
:func:`load_history` every earlier release named in ``data/playbook.yaml`` (``history``). A
revision is extracted with ``git archive`` into a temporary folder and loaded from there like
any data folder (file names in problems then read ``REV:data/...``).
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .. import model as m
from ..model.entities import Version
from ..model.errors import DataError
from .loader import read_playbook


class VersionError(Exception):
    """OLD or NEW names neither a data folder nor a readable git revision (a user error)."""


def load_version(spec: str, *, cwd: Path | None = None) -> m.Playbook:
    """Load one side of a diff: a data folder (or a folder holding ``data/``), or a git revision
    ``REV`` / ``REV:path`` (path defaults to ``data``) of the repository at ``cwd``.

    Raises :class:`VersionError` for an unknown revision or path, :class:`DataError` for invalid
    data (file names then read ``REV:data/...``)."""
    here = cwd or Path.cwd()
    folder = here / spec
    if folder.is_dir():
        if not (folder / "playbook.yaml").exists() and (folder / "data").is_dir():
            folder = folder / "data"
        return read_playbook(folder)
    rev, _, sub = spec.partition(":")
    sub = sub.strip("/") or "data"
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        _extract(rev, sub, Path(tmp), here, spec)
        try:
            return read_playbook(Path(tmp) / sub, shown_root=Path(tmp))
        except DataError as exc:
            raise DataError([dataclasses.replace(p, file=f"{rev}:{p.file}") for p in exc.problems]) from None


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise VersionError("找不到 git 命令；比较 git 版本需要先安装 git") from None


def _extract(rev: str, sub: str, dest: Path, cwd: Path, spec: str) -> None:
    found = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    if found.returncode != 0 or not rev:
        raise VersionError(f"“{spec}”既不是数据文件夹，也不是当前 git 仓库中的版本")
    archive = _git(["archive", "--format=tar", rev, "--", sub], cwd)
    if archive.returncode != 0:
        raise VersionError(f"版本 {rev} 中没有 {sub}/ 文件夹")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")


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
