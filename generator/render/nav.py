"""The site navigation, in sections.

Sections keep every level short: with Material's ``navigation.prune`` (and
without ``navigation.sections``, which keeps every top-level section open and
so defeats pruning) each page renders only its own branch, so build time grows
about linearly with the number of pages; a flat navigation makes every page
carry every link: quadratic. Systems hold their workflows; meetings are split
by category.
Hand-written pages from ``content/`` join the section of their folder
(``overview/`` → 体系概览); others go under 使用说明.
"""

from __future__ import annotations

from typing import Any

from .. import model as m
from ..model.kinds import REGISTRY
from .links import target_of
from .onboarding import onboarding_link
from .pages import CATEGORY_LABELS
from .printables import work_log_form, work_log_sheet
from .templating import title_html

NavItem = str | dict[str, Any]


def nav_title(text: str) -> str:
    """A title from the data as a navigation label: escaped (:func:`title_html`), since MkDocs
    hands nav titles (and the page titles they become) to the theme as HTML."""
    return title_html(text)


def calendar_nav(p: m.Playbook, months: dict[str, tuple[str, ...]]) -> list[NavItem]:
    """The 行事历 section: overview, 今天和本周, subscribe page — the same three links whatever
    the number of branches. A branch's pages (its overview, months, subscribe page) are reached
    from the overview, the chooser and each other, not from the navigation: listed there, every
    calendar page would carry every branch (and each branch's months), which grows with the
    square of the branches."""
    return list(CALENDAR_NAV)


CALENDAR_NAV = ("calendars/index.md", "calendars/today.md", "calendars/subscribe.md")


def kept_out_of_nav(path: str) -> bool:
    """Whether a generated page is left out of the navigation on purpose (a branch's pages):
    MkDocs is told so, and does not report it as forgotten."""
    return path.startswith("calendars/") and path not in CALENDAR_NAV


def _leaves(items: list[NavItem]) -> set[str]:
    """Every page path in a navigation."""
    out: set[str] = set()
    for item in items:
        if isinstance(item, str):
            out.add(item)
        else:
            for value in item.values():
                out |= _leaves(value) if isinstance(value, list) else {value}
    return out


def _other_kinds(p: m.Playbook, listed: set[str]) -> list[NavItem]:
    """A section for each registered kind whose pages the sections above do not list (a kind
    added to the registry, with its generic pages)."""
    sections: list[NavItem] = []
    for kind in REGISTRY.kinds:
        entities: tuple[Any, ...] = p.of(kind.cls) if kind.page else ()
        pages = sorted({target_of(entity).partition("#")[0] for entity in entities})
        pages = [page for page in pages if not kept_out_of_nav(page)]
        if pages and not set(pages) & listed:
            sections.append({nav_title(kind.title): list(pages)})
    return sections


def build_nav(
    p: m.Playbook, handwritten: list[str], months: dict[str, tuple[str, ...]] | None = None
) -> list[NavItem]:
    """MkDocs ``nav`` for the generated pages plus the hand-written ones (source paths).

    ``months`` (branch id → ``YYYY-MM`` months) adds the 行事历 section when there are branches."""
    extra_overview = [h for h in handwritten if h.startswith("overview/")]
    guide = [h for h in handwritten if not h.startswith(("overview/", "blog/")) and h != "index.md"]
    systems: list[NavItem] = ["systems/index.md"]
    for s in p.systems:
        children: list[NavItem] = [target_of(s)]
        children += [target_of(w) for w in p.workflows if w.system == s.id]
        systems.append({nav_title(s.title): children})
    meetings: list[NavItem] = [
        {label: [target_of(mt) for mt in p.meetings if mt.category == key]}
        for key, label in CATEGORY_LABELS.items()
        if any(mt.category == key for mt in p.meetings)
    ]
    roles_nav: list[NavItem] = ["roles/index.md", *(target_of(r) for r in p.roles)]
    paths = [{nav_title(r.title): path} for r in p.roles if (path := onboarding_link(p, r.id))]
    if paths:
        roles_nav.append({"入门路径": paths})
    nav: list[NavItem] = [
        {"首页": "index.md"},
        *([{"总部公告": ["blog/index.md"]}] if "blog/index.md" in handwritten else []),
        {
            "体系概览": [
                "overview/why.md",
                "overview/approach.md",
                "overview/rollout.md",
                *(["overview/conformance.md"] if p.branches else []),
                "overview/assumptions.md",
                *extra_overview,
                {
                    "版本说明": [
                        "releases/index.md",
                        *(f"releases/{r.version}.md" for r in p.meta.history[1:]),
                        *([f"releases/{p.meta.version}.md"] if p.meta.history else []),
                    ]
                },
            ]
        },
        {"六大系统": systems},
        {"功能组": ["groups/index.md", *(target_of(g) for g in p.groups)]},
        {"会议经营": ["meetings/index.md", *meetings]},
        {"各职级人员": roles_nav},
        {
            "查阅": [
                "catalog/kpis.md",
                "catalog/warnings.md",
                "catalog/forms.md",
                "catalog/etiquette.md",
                "catalog/office-rules.md",
                "catalog/culture.md",
                "catalog/glossary.md",
            ]
        },
    ]
    nav.append(
        {
            "打印与下载": [
                "printables/index.md",
                *(work_log_sheet(r.id) for r in p.roles if r.daily_model and work_log_form(p)),
                *(f"printables/checklist-{r.id}.md" for r in p.roles if r.daily_model),
                *(f"printables/form-{f.id}.md" for f in p.forms if f.columns),
            ]
        }
    )
    if p.branches and months is not None:
        nav.insert(6, {"行事历": calendar_nav(p, months)})
    nav[-1:-1] = _other_kinds(p, _leaves(nav))
    if guide:
        nav.append({"使用说明": guide})
    return nav
