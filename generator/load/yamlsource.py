"""Reading one YAML file safely, keeping positions.

Anchors and aliases (see :func:`_aliases`) and non-standard tags such as
``!!python/object`` (see :func:`_tags`) are refused outright. Files are
*composed* (not constructed) with PyYAML's safe C loader: we get a
node graph with a line and column on every node, and nothing is ever
instantiated from a tag. The typed converter (:mod:`generator.convert`) walks
these nodes. Here we only turn bytes into a root node, or into problems:
files that are not regular files inside the project or are too large (:mod:`generator.files`),
empty files, non-UTF-8 bytes, control characters, nesting deeper than :data:`MAX_DEPTH` and YAML
syntax errors (with the parser's own position).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..model.errors import Problem
from .files import decode_text, read_bytes

MAX_DEPTH = 20
"""Deepest nesting of lists and mappings in a data file (the model needs six levels at most)."""

try:  # libyaml is much faster; fall back to the pure-Python loader.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def read_yaml(path: Path, shown_as: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Read ``path`` and return its root node, or ``None`` and the problems found.

    ``shown_as`` is the file name used in messages (relative to the repo root).
    """
    raw, unreadable = read_bytes(path, shown_as)
    if raw is None:
        return None, unreadable
    return parse_yaml(raw, shown_as)


def parse_yaml(raw: bytes, shown_as: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The root node of the YAML document ``raw``, or ``None`` and the problems found."""
    text, problems = decode_text(raw, shown_as)  # UTF-8, no control characters
    if text is None:
        return None, problems
    try:
        aliases = _aliases(text, shown_as) if ("&" in text or "*" in text) else []
        if aliases:
            return None, aliases
        node = yaml.compose(text, Loader=_Loader)
    except RecursionError:
        return None, [_too_deep(shown_as, 0, 0)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "nesting depth" in str(exc.problem):  # libyaml's own limit (1,000 levels)
            return None, [_too_deep(shown_as, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0)]
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        detail = "；".join(str(x) for x in (exc.context, exc.problem) if x)
        return None, [Problem(shown_as, line, column, "", f"YAML 语法错误：{detail}；请检查缩进、冒号和引号")]
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: parsing raises only the two above
        return None, [Problem(shown_as, 0, 0, "", f"YAML 无法读取：{' '.join(str(exc).split())}")]
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == f"{_STD}null"):
        return None, [Problem(shown_as, 0, 0, "", "文件为空；请写入内容或删除该文件")]
    deep = _deeper_than(node, MAX_DEPTH)
    if deep is not None:
        return None, [_too_deep(shown_as, deep.start_mark.line + 1, deep.start_mark.column + 1)]
    if "!" in text:  # without "!" there is no explicit tag; the safe resolver only gives standard ones
        tags = _tags(node, shown_as, "")
        if tags:
            return None, tags
    return node, []


_STD = "tag:yaml.org,2002:"


def _too_deep(shown_as: str, line: int, column: int) -> Problem:
    return Problem(
        shown_as,
        line,
        column,
        "",
        f"列表和键值对嵌套太深（最多 {MAX_DEPTH} 层）；请检查缩进和括号是否配对",
    )


def _deeper_than(root: yaml.Node, limit: int) -> yaml.Node | None:
    """The first node nested more than ``limit`` levels deep, or None (iterative: no recursion)."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return node
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))
    return None


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


def _aliases(text: str, shown_as: str) -> list[Problem]:
    """Anchors (``&a``) and aliases (``*a``) are refused: they are how "billion laughs" bombs work,
    and one explicit value per place is easier for editors to follow anyway."""
    problems = []
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            what = f"别名 *{anchor}"
        elif anchor:
            what = f"锚点 &{anchor}"
        else:
            continue
        problems.append(
            Problem(
                shown_as,
                mark.line + 1 if mark else 0,
                mark.column + 1 if mark else 0,
                "",
                f"不支持 YAML {what}；请把内容直接写出来，不要用 & 和 * 引用",
            )
        )
    return problems
