"""The ``playbook`` command: validate, build, serve, schema, diff.

One of the edges (with :mod:`generator.plugin`, :mod:`generator.outdir` and :mod:`generator.site`):
it reads arguments and files and writes output; what it calls below the load layer is pure. Its
help and its messages are in Chinese, argparse's own words included (:data:`ARGPARSE_WORDS`).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .model.errors import DataError
from .outdir import staging_prefix

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from . import model as m

DESCRIPTION = "把 data/ 中的营销职场运作体系（YAML）生成为 MkDocs Material 手册网站。"

ARGPARSE_WORDS: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面需要一个值",
    "expected at least one argument": "后面至少需要一个值",
    "expected at most one argument": "后面最多一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "ignored explicit argument %r": "多余的值 %r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
}
"""argparse's own words in Chinese. argparse looks each one up through ``gettext`` when it uses it
(the module's ``_``); :func:`_parser` points that lookup here, for this command's process only."""


def _chinese(text: str) -> str:
    return ARGPARSE_WORDS.get(text, text)


def _parser() -> argparse.ArgumentParser:
    argparse._ = _chinese  # type: ignore[attr-defined]  # see ARGPARSE_WORDS
    parser = argparse.ArgumentParser(prog="playbook", description=DESCRIPTION)
    parser.add_argument(
        "--version", action="version", version=f"playbook {__version__}", help="显示版本号并退出"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    def with_config(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
        return p

    v = sub.add_parser("validate", help="只检查 data/ 中的数据，报告全部错误，不生成任何文件")
    v.add_argument("--data", default="data", help="数据文件夹（默认 data）")
    v.add_argument(
        "-s",
        "--strict",
        action="store_true",
        help="严格模式：各支公司的安排偏离标准也视为错误（退出状态为 1）",
    )

    b = with_config(sub.add_parser("build", help="检查数据并生成网站到 site/（失败时保留原有的 site/）"))
    b.add_argument(
        "-d", "--site-dir", default=None, help="输出文件夹（默认取 mkdocs.yml 的 site_dir，即 site）"
    )
    b.add_argument(
        "-s",
        "--strict",
        action="store_true",
        help="严格模式：MkDocs 的任何警告和各支公司的安排偏离标准都视为失败，不生成网站",
    )
    b.add_argument(
        "--overwrite",
        action="store_true",
        help="输出文件夹里已有别的文件（不是以前生成的网站）时也清空它；项目的源文件夹无论如何都不会被覆盖",
    )

    s = with_config(sub.add_parser("serve", help="本地预览，data/ 或 content/ 中的文件改动后自动刷新"))
    s.add_argument("-a", "--dev-addr", default=None, help="地址和端口（默认 127.0.0.1:8000）")

    sc = sub.add_parser("schema", help="为每类数据写出 JSON Schema（供编辑器补全和检查键名）")
    sc.add_argument("--out", default="schema", help="输出文件夹（默认 schema）")

    d = sub.add_parser("diff", help="比较两个版本的 data/（两个文件夹或两个 git 版本），列出新增、删除和修改")
    d.add_argument(
        "old", metavar="OLD", help="旧版本：数据文件夹，或 git 版本 REV、REV:路径（路径默认 data）"
    )
    d.add_argument("new", metavar="NEW", help="新版本，写法同 OLD")
    d.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help="输出格式：text（终端阅读，默认）或 markdown（发布说明页）",
    )
    d.add_argument(
        "--exit-code",
        action="store_true",
        help="有差异时退出状态为 1、没有差异时为 0（出错时为 2），便于脚本判断；默认总是 0",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(Path(args.data), strict=args.strict)
        if args.command == "build":
            return _build(Path(args.config_file), args.site_dir, args.strict, args.overwrite)
        if args.command == "serve":
            return _serve(Path(args.config_file), args.dev_addr)
        if args.command == "schema":
            return _schema(Path(args.out))
        if args.command == "diff":
            return _diff(args.old, args.new, args.format, exit_code=args.exit_code)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 2 if getattr(args, "exit_code", False) else 1
    except UsageError as exc:
        print(f"{exc}。未生成任何输出。", file=sys.stderr)
        return 1
    raise AssertionError(args.command)  # argparse only lets known commands through


class UsageError(Exception):
    """A command-line argument the command cannot work with (a missing config file …), in Chinese."""


def _load_config(config_file: Path, *, strict: bool = False, site_dir: str | None = None) -> MkDocsConfig:
    """``mkdocs.yml`` loaded by MkDocs, or a :class:`UsageError` saying what is wrong with it."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not config_file.is_file():
        what = "是文件夹，不是文件" if config_file.is_dir() else "不存在"
        raise UsageError(f"配置文件 {config_file} {what}；请用 -f 指定 mkdocs.yml")
    try:
        if site_dir is None:
            return load_config(config_file=str(config_file), strict=strict)
        return load_config(config_file=str(config_file), strict=strict, site_dir=site_dir)
    except ConfigurationError as exc:
        detail = " ".join(str(exc).split())
        raise UsageError(f"配置文件 {config_file} 有错误：{detail}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"无法读取配置文件 {config_file}：{exc}") from None


def _report_conformance(p: m.Playbook, *, strict: bool) -> bool:
    """Print the deviations from the standard (stderr); whether they stop a strict run."""
    from .site import check_conformance

    conf = check_conformance(p)
    for problem in conf.warnings:
        print(f"偏离标准：{problem.format()}", file=sys.stderr)
    if conf.deviations or conf.unused:
        print(conf.summary(), file=sys.stderr)
    if strict and conf.warnings:
        print("严格模式（--strict）：偏离标准视为错误，未生成任何输出。", file=sys.stderr)
        return True
    return False


def _validate(data_dir: Path, *, strict: bool = False) -> int:
    from .calendar.checks import calendar_years
    from .calendar.workdays import provisional_warnings, work_calendar
    from .site import load_playbook

    p = load_playbook(data_dir)
    branches = f"、{len(p.branches)} 个支公司" if p.branches else ""
    print(
        f"数据有效：{len(p.roles)} 个角色、{len(p.systems)} 个系统、{len(p.workflows)} 个流程、"
        f"{len(p.groups)} 个功能组、{len(p.meetings)} 个会议、{len(p.kpis)} 个指标、"
        f"{len(p.warnings)} 个预警、{len(p.forms)} 个表单、{len(p.terms)} 个术语{branches}。"
    )
    for warning in provisional_warnings(work_calendar(calendar_years(p), p.holidays)):
        print(warning, file=sys.stderr)
    return 1 if _report_conformance(p, strict=strict) else 0


def _setup_mkdocs_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log = logging.getLogger("mkdocs")
    if not log.handlers:
        log.addHandler(handler)
    log.setLevel(logging.INFO)


def _build(config_file: Path, site_dir: str | None, strict: bool, overwrite: bool = False) -> int:
    """Build into a temporary folder next to the target and swap it in only on success."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from .outdir import output_dir_problem, remove_stale_staging
    from .plugin import PlaybookPlugin, data_dir_of, source_dirs_of

    _setup_mkdocs_logging()
    config = _load_config(config_file, strict=strict)
    target = Path(os.path.abspath(site_dir if site_dir else config.site_dir))
    refused = output_dir_problem(
        target,
        project=Path(config.config_file_path).parent,
        sources=source_dirs_of(config),
        overwrite=overwrite,
    )
    if refused:
        print(f"{refused}。未生成任何输出。", file=sys.stderr)
        return 1
    # Validate first, so a data problem is reported as such and nothing is touched.
    from .site import load_playbook

    playbook = load_playbook(data_dir_of(config))
    if strict and _report_conformance(playbook, strict=True):
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(target)  # left by builds that were killed
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target, "new"), dir=target.parent))
    try:
        config = _load_config(config_file, strict=strict, site_dir=str(staging))
        plugin = config.plugins.get("playbook")
        if isinstance(plugin, PlaybookPlugin):
            plugin.validated = (data_dir_of(config), playbook)  # not loaded a second time
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, DataError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, DataError):
            raise
        print(f"构建失败，{target} 保持原样：{_mkdocs_failure(exc)}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, target)
    print(f"网站已生成：{target}")
    return 0


def _mkdocs_failure(exc: Exception) -> str:
    """MkDocs' reason for stopping, in Chinese where it is one of its two summaries (the messages
    it refers to are printed above it)."""
    text = str(exc)
    if text == "Aborted with a BuildError!":
        return "出现错误（见上面的消息）"
    if found := re.fullmatch(r"Aborted with (.+) in strict mode!", text):
        words = {"warnings": "条警告", "errors": "条错误"}
        counts = [f"{n} {words.get(kind, kind)}" for n, kind in re.findall(r"(\d+) (\w+)", found.group(1))]
        return f"严格模式（--strict）下出现 {'、'.join(counts)}（见上面的消息）"
    return text


def _swap_in(staging: Path, target: Path) -> None:
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=staging_prefix(target, "old"), dir=target.parent))
        old.rmdir()
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(target)


class _NotDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave the navigation inaccurate; the playbook plugin
    makes a full build whenever something every page shows has changed, so the warning is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


def _serve(config_file: Path, dev_addr: str | None) -> int:
    """MkDocs' server with dirty rebuilds: after an edit, only the pages it changes are rendered
    again (see :class:`generator.plugin.Preview`)."""
    from mkdocs.commands.serve import serve

    _setup_mkdocs_logging()
    logging.getLogger("mkdocs.commands.build").addFilter(_NotDirtyWarning())
    _load_config(config_file)  # a missing or broken mkdocs.yml is reported, not a traceback
    if dev_addr:
        serve(config_file=str(config_file), livereload=True, build_type="dirty", dev_addr=dev_addr)
    else:
        serve(config_file=str(config_file), livereload=True, build_type="dirty")
    return 0


def _schema(out: Path) -> int:
    from .model.schema import render_schemas

    if out.exists() and not out.is_dir():
        raise UsageError(f"输出位置 {out} 已存在，但不是文件夹")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        written.append(out / name)
    print(f"已写出 {len(written)} 个 JSON Schema 到 {out}/")
    return 0


def _diff(old_spec: str, new_spec: str, output_format: str, *, exit_code: bool = False) -> int:
    """Print the diff; with ``exit_code`` the status says whether there was one (1) or not (0),
    and 2 means it could not be made (as ``git diff --exit-code`` and ``diff`` do)."""
    from .diff.compare import diff_playbooks
    from .diff.text import render_diff_text
    from .load.versions import VersionError, load_version
    from .render.links import Linker
    from .render.releases import render_release_notes

    try:
        old, new = load_version(old_spec), load_version(new_spec)
    except VersionError as exc:
        print(f"无法比较：{exc}", file=sys.stderr)
        return 2 if exit_code else 1
    diff = diff_playbooks(old, new)
    if output_format == "markdown":
        version = new.meta.version
        linker = Linker(playbook=new, page=f"releases/{version}.md")
        print(
            render_release_notes(
                diff,
                old_version=old.meta.version,
                new_version=version,
                released=new.meta.released,
                linker=linker,
            ),
            end="",
        )
    else:
        print(render_diff_text(diff), end="")
    return 1 if exit_code and not diff.empty else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
