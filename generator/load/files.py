"""Reading the project's own files, and nothing else: regular files inside the project, of a sane size.

Every file the generator reads from ``data/`` or ``content/`` goes through :func:`entry_kind` (what a
folder entry is) and :func:`read_bytes` (its contents). What they refuse, each with a Chinese
:class:`~generator.errors.Problem` instead of a hang, a traceback or a silent surprise:

* symbolic links that point nowhere (dangling), into themselves (a loop), or out of the project
  (``data/roles/x.yaml -> /etc/passwd``): the handbook is built from what is in the repository;
* anything that is not a regular file or folder: a named pipe (FIFO) would block the build
  forever, ``/dev/zero`` would be read until memory runs out;
* files larger than :data:`MAX_FILE_BYTES`: no data file of a real playbook comes near it.

The limits are stated in the messages and in the editing guide (content/guide/editing.md).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from ..model.errors import Problem

MAX_FILE_BYTES = 1_048_576
"""Largest file read (1 MB). The largest file of the default playbook is under 10 KB."""

MAX_FILE_TEXT = "1 MB（1,024 KB）"

EntryKind = Literal["file", "dir"]


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether the resolved ``path`` is one of ``roots`` or inside one (``roots`` resolved too)."""
    return any(path == root or root in path.parents for root in roots)


def entry_kind(path: Path, shown_as: str, roots: Iterable[Path]) -> EntryKind | Problem:
    """What a folder entry is: a regular ``"file"``, a ``"dir"``, or a :class:`Problem` saying why
    it is not read. Symbolic links are followed only to a file or folder inside one of ``roots``
    (resolved paths: the project folder, and the data folder wherever it really is)."""
    try:
        info = path.lstat()
    except OSError as exc:
        return Problem(shown_as, 0, 0, "", f"无法读取：{_os_reason(exc)}")
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except RuntimeError:
            return Problem(shown_as, 0, 0, "", "符号链接循环指向自己；请删除这个链接，换成真正的文件")
        except OSError:
            return Problem(shown_as, 0, 0, "", "符号链接指向的文件不存在；请删除这个链接，或换成真正的文件")
        if not inside(target, [r.resolve() for r in roots]):
            return Problem(
                shown_as,
                0,
                0,
                "",
                "符号链接指向项目文件夹以外的地方；手册只读取项目里的文件，请把文件复制进来，不要用链接",
            )
        try:
            info = target.stat()
        except OSError as exc:
            return Problem(shown_as, 0, 0, "", f"无法读取：{_os_reason(exc)}")
    if stat.S_ISDIR(info.st_mode):
        return "dir"
    if stat.S_ISREG(info.st_mode):
        return "file"
    return Problem(shown_as, 0, 0, "", f"这不是普通文件（{_special(info.st_mode)}），不能读取；请删除它")


def read_bytes(path: Path, shown_as: str) -> tuple[bytes | None, list[Problem]]:
    """The contents of a regular file of at most :data:`MAX_FILE_BYTES`, or the problem.

    Checked again here, not only by :func:`entry_kind`: a file named on the command line, or one
    replaced between listing and reading, must not block or exhaust memory either."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return None, [Problem(shown_as, 0, 0, "", f"无法读取：{_os_reason(exc)}")]
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "文件夹" if stat.S_ISDIR(info.st_mode) else _special(info.st_mode)
            return None, [Problem(shown_as, 0, 0, "", f"这不是普通文件（{kind}），不能读取")]
        if info.st_size > MAX_FILE_BYTES:
            return None, [_too_big(shown_as, info.st_size)]
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Problem(shown_as, 0, 0, "", f"无法读取：{_os_reason(exc)}")]
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_big(shown_as, len(raw))]
    return raw, []


def _too_big(shown_as: str, size: int) -> Problem:
    return Problem(
        shown_as,
        0,
        0,
        "",
        f"文件太大（{size / 1024:,.0f} KB）；每个文件最大 {MAX_FILE_TEXT}，请拆分成多个文件"
        "（如每个支公司、每个月一个文件）",
    )


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def _os_reason(exc: OSError) -> str:
    reasons = {
        "EACCES": "没有读取权限",
        "EPERM": "没有读取权限",
        "ENOENT": "文件不存在",
        "ELOOP": "符号链接层数过多或循环",
        "EISDIR": "这是文件夹",
        "ENAMETOOLONG": "路径太长",
    }
    name = errno.errorcode.get(exc.errno or 0, "")
    return reasons.get(name, exc.strerror or name or "未知错误")


_NOT_TEXT = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters a text file may not hold: control characters (tab and line ends excepted),
surrogates, U+FFFE and U+FFFF — the set YAML refuses, which XML feeds cannot carry either."""


def decode_text(raw: bytes, shown_as: str) -> tuple[str | None, list[Problem]]:
    """``raw`` as UTF-8 text (a byte-order mark dropped), or the positioned problem: bytes that are
    not UTF-8 (a file saved as GBK) or a control character (pasted from another program)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_column(raw[: exc.start].decode("utf-8", errors="replace"))
        return None, [
            Problem(
                shown_as,
                line,
                column,
                "",
                f"文件不是 UTF-8 编码（第 {exc.start + 1} 字节 0x{raw[exc.start]:02X} 无法解码）；"
                "请在编辑器中以 UTF-8 编码重新保存",
            )
        ]
    bad = _NOT_TEXT.search(text)
    if bad:
        line, column = line_column(text[: bad.start()])
        message = f"文件中有不允许的控制字符 U+{ord(bad.group()):04X}；请删除它（常见于从别处复制来的文字）"
        return None, [Problem(shown_as, line, column, "", message)]
    return text, []


def line_column(before: str) -> tuple[int, int]:
    """1-based line and column (in characters) of the position just after ``before``."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
