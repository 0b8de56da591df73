"""What every model class shares: the fields an editor writes, and the form of ids."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from typing import Any

from .entities import Entity

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Ids: lowercase ASCII letters and digits in words joined by single hyphens."""

MAX_ID = 64
"""Longest id (it becomes a file name and part of URLs and calendar UIDs)."""


@cache
def public_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields an editor writes (``src`` and other internal fields left out), own fields first."""
    own = [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]
    shared = {f.name for f in dataclasses.fields(Entity)}
    return tuple([f for f in own if f.name not in shared] + [f for f in own if f.name in shared])
