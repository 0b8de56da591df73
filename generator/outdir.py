"""Where a build may be written, and what is left of builds that were killed.

A build replaces its output folder completely, so a wrong ``-d`` would delete whatever is there.
:func:`output_dir_problem` refuses (with a Chinese message) an output folder that

* is, contains or lies inside the project's sources: the folder of ``mkdocs.yml``, ``data/``,
  ``content/`` (``docs_dir``), ``site_overrides/`` (``custom_dir``) — ``-d data`` or ``-d .``;
* holds a ``mkdocs.yml`` or a ``.git`` folder (another project);
* is a symbolic link, or a file;
* is not empty and does not look like a site built before (``sitemap.xml`` and ``index.html`` or
  ``404.html``), unless the user says ``--overwrite``.

Builds go to a staging folder next to the target (``.site.new-<pid>-…``) that is swapped in at
the end; :func:`remove_stale_staging` removes those of builds whose process is gone.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def looks_like_a_build(folder: Path) -> bool:
    """Whether ``folder`` holds a site built before (MkDocs always writes ``sitemap.xml``)."""
    return (folder / "sitemap.xml").is_file() and (
        (folder / "index.html").is_file() or (folder / "404.html").is_file()
    )


def output_dir_problem(
    target: Path, *, project: Path, sources: Iterable[Path], overwrite: bool = False
) -> str | None:
    """Why ``target`` must not be (re)written by a build, in Chinese, or None if it may.

    ``project`` is the folder of ``mkdocs.yml``; ``sources`` the folders the build reads."""
    shown = str(target)
    if target.is_symlink():
        return f"输出文件夹 {shown} 是一个符号链接；请直接写它指向的真实文件夹（{_real(target)}）"
    real = _real(target)
    for source in (project, *sources):
        src = _real(source)
        if real == src:
            what = "项目文件夹" if src == _real(project) else f"源文件夹 {source.name}/"
            return f"输出文件夹 {shown} 就是{what}：生成网站会先清空输出文件夹，里面的文件会全部丢失"
        if real in src.parents:
            return f"输出文件夹 {shown} 包含了源文件夹 {src}：生成网站会先清空输出文件夹，源文件会全部丢失"
        if src in real.parents and src != _real(project):
            return f"输出文件夹 {shown} 在源文件夹 {source.name}/ 里面；请换一个文件夹（默认 site/）"
    if real.exists() and not real.is_dir():
        return f"输出位置 {shown} 是一个文件，不是文件夹"
    if real.is_dir():
        for marker in ("mkdocs.yml", ".git"):
            if (real / marker).exists():
                return f"输出文件夹 {shown} 里有 {marker}，像是另一个项目；生成网站会清空它，请换一个文件夹"
        if not overwrite and any(real.iterdir()) and not looks_like_a_build(real):
            return (
                f"输出文件夹 {shown} 里已有文件，但不像是以前生成的网站（没有 sitemap.xml 和 index.html）；"
                "生成网站会清空它。确认可以清空，请加 --overwrite；否则请换一个文件夹"
            )
    return None


def staging_prefix(target: Path, kind: str) -> str:
    """Name prefix of this process's staging (``new``) or outgoing (``old``) folder for ``target``."""
    return f".{target.name}.{kind}-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_staging(target: Path) -> list[Path]:
    """Remove the staging folders of earlier builds of ``target`` whose process has ended (killed
    mid-way); a build still running keeps its own. Returns what was removed."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(?:new|old)-(?:(\d+)-)?[A-Za-z0-9_]{{8}}$")
    removed: list[Path] = []
    parent = target.parent
    if not parent.is_dir():
        return removed
    for entry in sorted(parent.iterdir()):
        match = pattern.match(entry.name)
        if not match or entry.is_symlink() or not entry.is_dir():
            continue
        pid = int(match.group(1)) if match.group(1) else None
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed
