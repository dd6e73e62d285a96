"""Problems as an editor counts: `periods[1].deadline` is shown as `periods nr. 2 (p2) › deadline` (1-based,
with the item's id), and the line of the file it is on goes after the file name (`file.yml:14:`), so an
editor (or a terminal that links `file:line`) jumps there (Problem.for_editor). Runs only when there are
problems: the file is composed again with line marks then, never on a good build."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .sources import Source

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_loc(loc: str) -> tuple[Any, ...] | None:
    """'tasks[0].source' -> ('tasks', 0, 'source'); None for a loc that is no path ('regel 3, kolom 4')."""
    if not loc or " " in loc:
        return None
    parts: list[Any] = []
    pos = 0
    for match in _PART.finditer(loc):
        if match.start() != pos and loc[pos : match.start()] != ".":
            return None
        parts.append(int(match.group(2)) if match.group(2) is not None else match.group(1))
        pos = match.end()
    return tuple(parts) if pos == len(loc) else None


def editor_loc(parts: tuple[Any, ...], data: Any) -> str:
    """The path with list positions counted from 1 and named by the item's id where it has one."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            item = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
            item_id = item.get("id") if isinstance(item, dict) else None
            out += f" nr. {part + 1}" + (f" ({item_id})" if isinstance(item_id, str) else "")
            data = item
        else:
            out += (" › " if out else "") + str(part)
            data = data.get(part) if isinstance(data, dict) else None
    return out


def _line(root: yaml.Node | None, parts: tuple[Any, ...]) -> int | None:
    """1-based line of the deepest node along the path (a missing field: its mapping; a key: the key)."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            found = next(
                ((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None
            )
            if found is None:
                break
            node, line = found[1], found[0].start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _compose(path: str) -> yaml.Node | None:
    try:
        return yaml.compose(Path(path).read_text(encoding="utf-8-sig"), Loader=_BaseLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None


def for_editors(problems: list[Problem], sources: list[Source]) -> list[Problem]:
    """Every problem with a field path gets its editor's path and its line; the others stay as they are."""
    data = {source.path: source.data for source in sources}
    trees: dict[str, yaml.Node | None] = {}
    out = []
    for problem in problems:
        parts = parse_loc(problem.loc)
        if parts is None or problem.path not in data or problem.line is not None:
            out.append(problem)
            continue
        if problem.path not in trees:
            trees[problem.path] = _compose(problem.path)
        out.append(
            Problem(
                problem.path,
                problem.loc,
                problem.message,
                _line(trees[problem.path], parts),
                editor_loc(parts, data[problem.path]),
            )
        )
    return out
