"""Every kind of thing in ``data/``, declared once: the registry the other layers read.

Two lists:

* :data:`REGISTRY` ``.kinds`` — kinds of *entity*: things with an id that other data refers to
  (``owner: supervisor``) and that have a place in the site. Each :class:`Kind` says its class,
  its Chinese name (messages, the diff, onboarding labels), where its page or anchor is, which
  heading its changes go under in ``playbook diff`` and the release notes, and — for kinds kept
  one per file — its folder in ``data/``.
* :data:`REGISTRY` ``.sources`` — every place in ``data/`` and the model class of what is
  written there (:class:`Source`): single files (``kpis.yaml``), one-entity-per-file folders
  (``roles/{id}.yaml``, from the kinds) and keyed folders (``calendars/{branch}/{month}.yaml``).
  The JSON Schemas are named after them.

The loader (:mod:`generator.load.loader`), the converter, the links, the JSON Schema, the diff and
the navigation iterate this registry instead of repeating a list of kinds. Adding a kind kept one
per file touches the model (its class), one :class:`Kind` here and, for a page of its own, a
template; ``tests/test_kinds.py`` adds one in a test, and ``CONTRIBUTING.md`` shows how.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import entities as m

SYSTEM_SECTION = "system"
"""``Kind.diff_section`` value meaning: under the heading of the entity's own system (its
``system`` field), or the kind's title when it has none."""


@dataclass(frozen=True)
class Kind:
    """A kind of entity: something with an id, referred to by id and shown in the site."""

    name: str
    """The kind's own id, as written in ``ref=`` of the model's fields (``role``)."""
    cls: type
    title: str
    """Chinese name: 角色."""
    page: str | None
    """Where an entity of this kind is shown: ``roles/{id}.md`` (a page each) or
    ``catalog/kpis.md#{id}`` (an anchor on a shared page); None if it has no place of its own."""
    diff_section: str
    """Heading of its changes in ``playbook diff``: a fixed heading (``角色``), or
    :data:`SYSTEM_SECTION`."""
    folder: str | None = None
    """For kinds kept one per file: the folder of ``data/`` (``roles`` → ``data/roles/<id>.yaml``)."""
    required: bool = True
    """Whether that folder must exist (branches are optional: a handbook without calendars)."""
    label: str = "title"
    """The field holding an entity's name (a glossary term's is ``term``)."""
    schema: str | None = None
    """Name of the JSON Schema of its files (default: the folder name without its plural s)."""

    def target(self, entity_id: str) -> str | None:
        """``path.md`` or ``path.md#anchor`` of the entity with this id, or None."""
        return self.page.format(id=entity_id) if self.page else None


@dataclass(frozen=True)
class Source:
    """A place in ``data/`` and the model class of what is written there.

    ``path`` is a pattern: literal names, and placeholders in braces — ``{id}`` (the file name is
    the entity's id), ``{branch}`` (a folder named after a branch id), ``{month}`` (``YYYY-MM``),
    ``{year}`` (``YYYY``), ``{role}`` (a role id)."""

    path: str
    cls: type
    schema: str
    """Stem of the JSON Schema's file name (``role`` → ``schema/role.schema.json``)."""
    required: bool = True
    hints: tuple[str, ...] = ()
    """What belongs at each level below the first, in Chinese, for a stray file's message."""

    @property
    def top(self) -> str:
        """The first part of the path: the file or folder directly in ``data/``."""
        return self.path.split("/", 1)[0]

    @property
    def one_per_file(self) -> bool:
        return self.path.endswith("/{id}.yaml")


@dataclass
class Registry:
    """The kinds and sources; extended by :meth:`registered` (a test adds a kind this way)."""

    kinds: list[Kind] = field(default_factory=list)
    files: list[Source] = field(default_factory=list)
    """Sources that are not one-entity-per-file folders (those come from the kinds)."""

    def kind(self, name: str) -> Kind:
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(name)

    def kind_of(self, cls: type) -> Kind | None:
        """The kind whose class ``cls`` is, or None (a part of an entity, a file)."""
        for kind in self.kinds:
            if kind.cls is cls:
                return kind
        return None

    def names(self) -> dict[type, str]:
        """Class → kind name, for every kind (what the converter declares ids for)."""
        return {kind.cls: kind.name for kind in self.kinds}

    @property
    def sources(self) -> list[Source]:
        """Every place in ``data/``: one folder per kind kept one per file (in the order of the
        kinds), then the single files and keyed folders."""
        per_file = [
            Source(
                f"{kind.folder}/{{id}}.yaml",
                kind.cls,
                kind.schema or _singular(kind.folder),
                kind.required,
                (f"data/{kind.folder}/ 中只能放 .yaml 文件（每个文件一项）",),
            )
            for kind in self.kinds
            if kind.folder
        ]
        return [*per_file, *self.files]

    def source_of(self, cls: type) -> Source:
        for source in self.sources:
            if source.cls is cls:
                return source
        raise KeyError(cls)

    @contextlib.contextmanager
    def registered(self, kind: Kind, *, after: str | None = None) -> Iterator[Kind]:
        """Add ``kind`` (after the kind named ``after``, else last) while the block runs."""
        position = self.kinds.index(self.kind(after)) + 1 if after else len(self.kinds)
        self.kinds.insert(position, kind)
        try:
            yield kind
        finally:
            self.kinds.remove(kind)


def _singular(folder: str) -> str:
    return folder.removesuffix("es") if folder.endswith("ches") else folder.removesuffix("s")


REGISTRY = Registry(
    kinds=[
        Kind("system", m.System, "系统", "systems/{id}.md", SYSTEM_SECTION, folder="systems"),
        Kind("workflow", m.Workflow, "流程", "workflows/{id}.md", SYSTEM_SECTION, folder="workflows"),
        Kind("meeting", m.Meeting, "会议", "meetings/{id}.md", SYSTEM_SECTION, folder="meetings"),
        Kind("group", m.Group, "功能组", "groups/{id}.md", SYSTEM_SECTION, folder="groups"),
        Kind("kpi", m.Kpi, "指标", "catalog/kpis.md#{id}", SYSTEM_SECTION),
        Kind("role", m.Role, "角色", "roles/{id}.md", "角色", folder="roles"),
        Kind("form", m.Form, "表单", "catalog/forms.md#{id}", SYSTEM_SECTION),
        Kind("warning-category", m.WarningCategory, "预警类别", "catalog/warnings.md#{id}", "预警"),
        Kind("warning", m.TrackingWarning, "预警", "catalog/warnings.md#{id}", "预警"),
        Kind("term", m.Term, "术语", "catalog/glossary.md#{id}", "术语", label="term"),
        Kind("culture", m.CultureItem, "文化条目", "catalog/culture.md#{id}", "职场文化"),
        Kind("etiquette", m.EtiquetteArea, "礼仪类别", "catalog/etiquette.md#{id}", "职场文化"),
        Kind("office-rule", m.OfficeRule, "职场制度", "catalog/office-rules.md#{id}", "职场文化"),
        Kind("phase", m.Phase, "实施阶段", "overview/rollout.md#{id}", "推广实施"),
        Kind(
            "branch",
            m.Branch,
            "支公司",
            "calendars/{id}/index.md",
            "支公司与行事历",
            folder="branches",
            required=False,
        ),
    ],
    files=[
        Source("playbook.yaml", m.Meta, "playbook"),
        Source("kpis.yaml", m.KpiCatalog, "kpis"),
        Source("warnings.yaml", m.WarningCatalog, "warnings"),
        Source("forms.yaml", m.FormCatalog, "forms"),
        Source("glossary.yaml", m.Glossary, "glossary"),
        Source("culture.yaml", m.Culture, "culture"),
        Source("rollout.yaml", m.Rollout, "rollout"),
        Source(
            "calendars/{branch}/{month}.yaml",
            m.MonthCalendar,
            "calendar",
            required=False,
            hints=(
                "data/calendars/ 中每个支公司一个文件夹（以支公司 id 命名）",
                "文件名应为月份，如 2027-02.yaml（每月一个文件）",
            ),
        ),
        Source(
            "holidays/{year}.yaml",
            m.HolidayArrangement,
            "holiday",
            required=False,
            hints=("文件名应为年份，如 2027.yaml（每年一个文件）",),
        ),
        Source(
            "onboarding/{role}.yaml",
            m.OnboardingPath,
            "onboarding",
            required=False,
            hints=("data/onboarding/ 中每个角色一个 .yaml 文件，以角色 id 命名，如 agent.yaml",),
        ),
    ],
)
"""The playbook's kinds of entity, in the order the diff lists them, and its files."""


def kind_of(entity: Any) -> Kind:
    """The kind of ``entity`` (a :class:`KeyError` for something that is no entity)."""
    kind = REGISTRY.kind_of(type(entity))
    if kind is None:
        raise KeyError(type(entity))
    return kind


def title_of(entity: Any) -> str:
    """An entity's name as shown: its title (a term's ``term``)."""
    return str(getattr(entity, kind_of(entity).label))


def target_of(entity: Any) -> str:
    """``path.md`` or ``path.md#anchor`` of an entity's page."""
    target = kind_of(entity).target(entity.id)
    if target is None:
        raise KeyError(f"{type(entity).__name__} has no page")
    return target
