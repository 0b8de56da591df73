"""Other versions of the data: a data folder, or a git revision (``REV`` or ``REV:path``).

The only place the generator runs git: :func:`load_version` reads one side of ``playbook diff``,
:func:`load_history` every earlier release named in ``data/playbook.yaml`` (``history``). A
revision is extracted with ``git archive`` into a temporary folder and loaded from there like
any data folder (file names in problems then read ``REV:data/...``).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
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
        return read_playbook(folder)  # a folder is checked like data/; a git revision leniently
    rev, _, sub = spec.partition(":")
    sub = sub.strip("/") or "data"
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        _extract(rev, sub, Path(tmp), here, spec)
        try:
            return read_playbook(Path(tmp) / sub, shown_root=Path(tmp), lenient=True)
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


SHALLOW_WARNING = (
    "警告：这是一个浅克隆（shallow clone），git 历史不完整：日历中每个事件的修改时间和修订号只能从现有的提交算起，"
    "已经订阅的手机可能收不到更改。发布网站前请先运行 git fetch --unshallow。"
)
NO_GIT_WARNING = (
    "警告：{where}：日历中每个事件的修改时间取发布日期、修订号为 0，已经订阅的手机可能收不到以后的更改。"
    "要发布的网站请在完整的 git 仓库中生成。"
)


def data_history(data_dir: Path) -> tuple[list[m.Revision] | None, str | None]:
    """Every commit that changed ``data_dir``, oldest first, and a warning when the history is
    missing (no git, not a repository: ``None``) or incomplete (a shallow clone). Each version's
    data is read only when asked for (:meth:`~generator.model.entities.Revision.version`),
    leniently (keys the model no longer knows are skipped; data that cannot be read gives None)."""
    top = _toplevel(data_dir)
    if top is None:
        return None, NO_GIT_WARNING.format(where="这里不是 git 仓库（或没有安装 git）")
    sub = data_dir.resolve().relative_to(top).as_posix()
    log = _git(["log", "--format=%H %ct", "--reverse", "--", sub], top)
    if log.returncode != 0:  # a repository without commits
        return [], None
    revisions = [
        m.Revision(
            datetime.fromtimestamp(int(seconds), UTC),
            commit=sha,
            read=functools.partial(_read_commit, sha, sub, top),
        )
        for sha, _, seconds in (line.partition(" ") for line in log.stdout.decode("ascii").splitlines())
    ]
    shallow = _git(["rev-parse", "--is-shallow-repository"], top).stdout.strip() == b"true"
    return revisions, SHALLOW_WARNING if shallow else None


def _read_commit(sha: str, sub: str, top: Path) -> m.Playbook | None:
    """The data of one commit, read leniently (keys the model no longer knows are skipped); None
    if the folder was removed in that commit or its data cannot be read."""
    with tempfile.TemporaryDirectory(prefix="playbook-history-") as tmp:
        try:
            _extract(sha, sub, Path(tmp), top, sha)
            return read_playbook(Path(tmp) / sub, shown_root=Path(tmp), lenient=True)
        except (VersionError, DataError):
            return None


def data_head(data_dir: Path) -> str | None:
    """The last commit that changed ``data_dir`` (None without git): what :func:`data_history`
    depends on, so a caller can keep its result while this stays the same."""
    top = _toplevel(data_dir)
    if top is None:
        return None
    sub = data_dir.resolve().relative_to(top).as_posix()
    found = _git(["log", "-1", "--format=%H", "--", sub], top)
    return found.stdout.decode("ascii").strip() if found.returncode == 0 else ""
