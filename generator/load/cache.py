"""A cache of derived values in the project folder (``.cache/playbook/``), for builds only.

What is kept is worked out from things that never change — a commit's data, read by this very
version of the generator — so a value read back is the value that would be computed again: the
cache makes builds faster, never different. Every name includes a fingerprint of the generator's
own files (:func:`code_version`), so a changed generator never reads what an older one wrote.
Files are written whole (a temporary file renamed into place), a damaged or unreadable one is
ignored, and only the newest few are kept. Nothing else is written there, and nothing else is
deleted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".cache") / "playbook"
"""Below the folder of ``mkdocs.yml``."""

KEEP = 4
"""Files of one kind kept; older ones are removed when a new one is written."""

_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def code_version() -> str:
    """A fingerprint of the generator's files (its code and templates)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".md", ".svg"):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class JsonCache:
    """JSON values by kind and key, as files ``<kind>-<hash of key and code>.json``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, kind: str, key: str) -> Path:
        name = hashlib.sha256(f"{code_version()}\0{key}".encode()).hexdigest()[:32]
        return self.folder / f"{kind}-{name}.json"

    def get(self, kind: str, key: str) -> Any:
        """The value kept for ``key``, or None (never kept, damaged, unreadable)."""
        path = self._path(kind, key)
        try:
            if path.is_symlink() or not path.is_file():
                return None
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if not isinstance(found, dict) or found.get("key") != key:
            return None
        return found.get("value")

    def put(self, kind: str, key: str, value: Any) -> None:
        """Keep ``value`` for ``key`` (best effort: a folder that cannot be written is no error)."""
        path = self._path(kind, key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"key": key, "value": value}, ensure_ascii=False, separators=(",", ":"))
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{kind}-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            kept = sorted(
                (p for p in self.folder.glob(f"{kind}-*.json") if p.is_file() and not p.is_symlink()),
                key=lambda p: p.stat().st_mtime_ns,
                reverse=True,
            )
            for old in kept[KEEP:]:
                old.unlink(missing_ok=True)
        except OSError:
            return
