"""Onboarding paths → one checklist page per role that has one, pure.

``data/onboarding/agent.yaml`` becomes ``roles/agent-onboarding.md``: the three stages (第一天,
第一周, 第一个月) as lists of checkboxes, each with a link to the handbook entry, a 读/做 badge and
the editor's note, plus progress counts and a “清除勾选” button.

Only the newcomer's path (``newcomer_role`` in ``playbook.yaml``: the new agent, who joins the
company) speaks of 入职 (入职第一天); every other role is one a person is promoted or appointed
into, or a department, so its path says 第一天 and its note (the data) says 晋升后 or 到任.

Ticks live in the reader's own browser only, kept by
``site_overrides/assets/javascripts/onboarding.js``: ``localStorage["playbook.onboarding.<role>"]``
holds a JSON list of the ticked items' keys. No server, no account; without JavaScript the page is
a plain list, without ``localStorage`` (private mode, some in-app browsers) ticks last until the
page is left.

Item keys are ``<stage>/<target id>`` (``first_day/morning-meeting``): an item keeps its tick when
items are reordered, retitled or annotated; renaming the target or moving the item to another
stage drops it. The validator refuses a target listed twice in one stage, so keys are unique.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import model as m
from ..model.kinds import kind_of
from .links import Linker, target_of, title_of
from .templating import render

ACTIONS: dict[str, str] = {"读": "读", "read": "读", "做": "做", "do": "做"}
"""The badge shown for each accepted ``action`` value."""

ACTION_CLASSES: dict[str, str] = {"读": "read", "做": "do"}


def onboarding_page(role_id: str) -> str:
    """Source path of a role's onboarding page."""
    return f"roles/{role_id}-onboarding.md"


def storage_key(role_id: str) -> str:
    """The ``localStorage`` key holding a role's ticked item keys."""
    return f"playbook.onboarding.{role_id}"


def item_key(stage: str, target: str) -> str:
    """The stable key of an item, remembered by the browser when it is ticked."""
    return f"{stage}/{target}"


def stage_titles(playbook: m.Playbook, role_id: str) -> dict[str, str]:
    """The stages' headings for a role's path: 入职第一天 only for the newcomer role."""
    if role_id == playbook.meta.newcomer_role:
        return {**m.ONBOARDING_STAGES, "first_day": "入职第一天"}
    return dict(m.ONBOARDING_STAGES)


def path_span(playbook: m.Playbook, role_id: str) -> str:
    """“入职第一天、第一周、第一个月” for the newcomer role, “第一天、第一周、第一个月” for the others."""
    return "、".join(stage_titles(playbook, role_id).values())


def onboarding_link(playbook: m.Playbook, role_id: str) -> str | None:
    """Source path of the role's onboarding page (for a link from the role page), or None."""
    return onboarding_page(role_id) if role_id in playbook.onboarding else None


@dataclass(frozen=True)
class Row:
    """One item as the list template shows it."""

    key: str
    dom_id: str
    href: str
    title: str
    kind: str
    action: str
    action_class: str
    note: str | None


@dataclass(frozen=True)
class Stage:
    name: str
    title: str
    anchor: str
    html: Markup
    size: int


def _rows(p: m.Playbook, link: Linker, stage: str, items: tuple[m.OnboardingItem, ...]) -> list[Row]:
    rows = []
    for item in items:
        entity = p.entity(item.target)
        action = ACTIONS[item.action]
        rows.append(
            Row(
                key=item_key(stage, item.target),
                dom_id=f"onb-{stage.replace('_', '-')}-{item.target}",
                href=link.href(target_of(entity)),
                title=item.title or title_of(entity),
                kind=kind_of(entity).title,
                action=action,
                action_class=ACTION_CLASSES[action],
                note=item.note,
            )
        )
    return rows


def _html(template: str, **context: object) -> Markup:
    """An HTML block for a Markdown page: no blank lines, so Markdown keeps it as one raw block."""
    return Markup("\n".join(line for line in render(template, **context).splitlines() if line.strip()))


def render_onboarding_pages(playbook: m.Playbook, *, directory_urls: bool = True) -> dict[str, str]:
    """``{source path: Markdown}``: one page per role with an onboarding path, in role order."""
    pages: dict[str, str] = {}
    for role in playbook.roles:
        path = playbook.onboarding.get(role.id)
        if path is None:
            continue
        page = onboarding_page(role.id)
        link = Linker(playbook, page, directory_urls)
        stages = []
        for name, title in stage_titles(playbook, role.id).items():
            items = getattr(path, name)
            if not items:
                continue
            rows = _rows(playbook, link, name, items)
            html = _html("onboarding_stage.html", stage=name, title=title, rows=rows)
            stages.append(Stage(name, title, name.replace("_", "-"), html, len(rows)))
        total = sum(s.size for s in stages)
        panel = _html("onboarding_panel.html", key=storage_key(role.id), total=total)
        pages[page] = render(
            "onboarding.md",
            role=role,
            path=path,
            link=link,
            stages=stages,
            panel=panel,
            span=path_span(playbook, role.id),
        )
    return pages
