"""Reading one YAML file safely, keeping positions.

Anchors and aliases (see :func:`_aliases`) and non-standard tags such as
``!!python/object`` (see :func:`_tags`) are refused outright. Files are
*composed* (not constructed) with PyYAML's safe C loader: we get a
node graph with a line and column on every node, and nothing is ever
instantiated from a tag. The typed converter (:mod:`generator.convert`) walks
these nodes. Here we only turn bytes into a root node, or into problems:
empty files, non-UTF-8 bytes, control characters and YAML syntax errors (with the parser's own
position).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import Problem

try:  # libyaml is much faster; fall back to the pure-Python loader.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def read_yaml(path: Path, shown_as: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Read ``path`` and return its root node, or ``None`` and the problems found.

    ``shown_as`` is the file name used in messages (relative to the repo root).
    """
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw[: exc.start].decode("utf-8", errors="replace"))
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
    try:
        aliases = _aliases(text, shown_as) if ("&" in text or "*" in text) else []
        if aliases:
            return None, aliases
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        detail = "；".join(str(x) for x in (exc.context, exc.problem) if x)
        return None, [Problem(shown_as, line, column, "", f"YAML 语法错误：{detail}；请检查缩进、冒号和引号")]
    except yaml.reader.ReaderError as exc:  # control characters, e.g. pasted from a word processor
        # libyaml counts the offset in UTF-8 bytes, the pure-Python reader in characters.
        if _Loader is yaml.SafeLoader:  # pragma: no cover
            before = text[: exc.position]
        else:
            before = text.encode()[: exc.position].decode(errors="ignore")
        line, column = _line_column(before)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"文件中有不允许的控制字符 U+{code:04X}；请删除它（常见于从别处复制来的文字）"
        return None, [Problem(shown_as, line, column, "", message)]
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: parsing raises only the two above
        return None, [Problem(shown_as, 0, 0, "", f"YAML 无法读取：{' '.join(str(exc).split())}")]
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == f"{_STD}null"):
        return None, [Problem(shown_as, 0, 0, "", "文件为空；请写入内容或删除该文件")]
    if "!" in text:  # without "!" there is no explicit tag; the safe resolver only gives standard ones
        tags = _tags(node, shown_as, "")
        if tags:
            return None, tags
    return node, []


_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _tags(node: yaml.Node, shown_as: str, path: str) -> list[Problem]:
    """Every non-standard tag (``!!python/object`` …) in the file, wherever it is, with its key path."""
    problems: list[Problem] = []
    if isinstance(node, yaml.ScalarNode):
        allowed = _SCALAR_TAGS
    elif isinstance(node, yaml.SequenceNode):
        allowed = {f"{_STD}seq"}
        for i, child in enumerate(node.value, start=1):
            problems += _tags(child, shown_as, f"{path}[{i}]")
    else:
        allowed = {f"{_STD}map"}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            sub = f"{path}.{key}" if path else key
            problems += _tags(key_node, shown_as, sub)
            problems += _tags(value_node, shown_as, sub)
    if (node.tag or "") not in allowed:
        mark = node.start_mark
        shown = (node.tag or "").replace(_STD, "!!")
        problems.append(
            Problem(
                shown_as,
                mark.line + 1,
                mark.column + 1,
                path,
                f"不支持 YAML 标签 {shown}；请去掉标签，只写普通的文本、数字、列表或键值对",
            )
        )
    return problems


def _line_column(before: str) -> tuple[int, int]:
    """1-based line and column (in characters) of the position just after ``before``."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _aliases(text: str, shown_as: str) -> list[Problem]:
    """Anchors (``&a``) and aliases (``*a``) are refused: they are how "billion laughs" bombs work,
    and one explicit value per place is easier for editors to follow anyway."""
    problems = []
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            what = f"别名 *{event.anchor}"
        elif getattr(event, "anchor", None):
            what = f"锚点 &{event.anchor}"
        else:
            continue
        problems.append(
            Problem(
                shown_as,
                mark.line + 1,
                mark.column + 1,
                "",
                f"不支持 YAML {what}；请把内容直接写出来，不要用 & 和 * 引用",
            )
        )
    return problems
