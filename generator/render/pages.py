"""Phase two for the handbook: the model → ``{page path: Markdown}``, pure.

Every page the site shows about the data is rendered here from one validated
:class:`~generator.model.Playbook`; :mod:`generator.plugin` hands the result to
MkDocs as in-memory files. Hand-written pages live in ``content/``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .. import model as m
from ..model import words
from ..model.announcements import Post, latest_posts
from .announcements import date_text
from .links import Linker, target_of
from .markup import DESCRIPTION_LENGTH
from .onboarding import onboarding_link, path_span
from .rhythm import branch_rhythms, many_branches, meeting_branches, monthly_stages
from .rollout import render_rollout_page
from .swimlane import render_swimlane
from .templating import render
from .xref import CrossRefs, StepRef, cross_refs

CATEGORY_LABELS = {"meeting": "经营会议", "recruiting": "增员活动", "training": "训练"}


@dataclass(frozen=True)
class Site:
    """What every page renderer needs: the model, its cross-references and the URL style."""

    playbook: m.Playbook
    xref: CrossRefs
    directory_urls: bool = True
    posts: Sequence[Post] = ()

    def linker(self, page: str) -> Linker:
        return Linker(self.playbook, page, self.directory_urls)


def render_pages(
    playbook: m.Playbook, *, directory_urls: bool = True, posts: Sequence[Post] = ()
) -> dict[str, str]:
    """All generated pages, ``{source path: Markdown}``, in a stable order (``posts``: the HQ
    announcements, whose latest three the home page lists)."""
    site = Site(playbook, cross_refs(playbook), directory_urls, posts)
    pages: dict[str, str] = {}
    for renderer in (
        home,
        overview,
        systems,
        workflows,
        groups,
        meetings,
        roles,
        catalogs,
    ):
        for path, text in renderer(site).items():
            if path in pages:
                raise AssertionError(f"two renderers wrote {path}")  # a bug, not a data problem
            pages[path] = text
    return dict(sorted(pages.items()))


def _cut(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """A description cut to ``length`` characters, with “…” when cut."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# ------------------------------------------------------------------ home


def _diagram(site: Site, page: str) -> Markup:
    p, link = site.playbook, site.linker(page)
    # an ellipse wide enough that no system's pill (104 wide) reaches the core box (x 112–248)
    cx, cy, rx, ry = 180, 190, 144, 128
    n = len(p.systems)
    nodes = []
    for i, s in enumerate(p.systems):
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        nodes.append(
            {
                "x": round(cx + rx * math.cos(angle)),
                "y": round(cy + ry * math.sin(angle)),
                "title": s.title,
                "href": link.entity_href(s.id),
            }
        )
    spots = [(146, 180), (214, 180), (146, 222), (214, 222)]
    groups = [
        {
            "x": x,
            "y": y,
            "title": g.title.replace("功能组", "组").replace("功能小组", "组"),
            "href": link.entity_href(g.id),
        }
        for g, (x, y) in zip(p.groups[:4], spots, strict=False)
    ]
    svg = render("diagram.svg", systems=nodes, groups=groups, goal=p.meta.ultimate_goal, title=p.meta.title)
    return Markup("\n".join(line for line in svg.splitlines() if line.strip()))


def home(site: Site) -> dict[str, str]:
    page = "index.md"
    p, link = site.playbook, site.linker(page)
    entries = [
        {"title": r.title, "positioning": r.positioning, "href": link.entity_href(r.id), "role": r.id}
        for r in (p.get(i, m.Role) for i in p.meta.entry_roles)
    ]
    newcomer = None
    if p.meta.newcomer_role:
        role = p.get(p.meta.newcomer_role, m.Role)
        path = onboarding_link(p, role.id)
        newcomer = {
            "href": link.href(path) if path else link.entity_href(role.id),
            "text": f"{path_span(p, role.id)}：{role.title}的入门路径" if path else role.positioning,
            "role": role.id,
        }
    news = [
        {
            "link": link.page_link(post.path, post.title),
            "date": date_text(post),
            "categories": post.categories,
        }
        for post in latest_posts(site.posts, 3)
    ]
    return {
        page: render(
            "home.md",
            p=p,
            m=p.meta,
            link=link,
            entries=entries,
            newcomer=newcomer,
            has_branches=bool(p.branches),
            released=words.full_date(p.meta.released),
            diagram=_diagram(site, page),
            news=news,
        )
    }


# -------------------------------------------------------------- overview


def overview(site: Site) -> dict[str, str]:
    p = site.playbook
    kpis_of = site.xref.kpis_by_system
    return {
        "overview/why.md": render("why.md", m=p.meta),
        "overview/approach.md": render(
            "approach.md", p=p, m=p.meta, link=site.linker("overview/approach.md"), kpis_of=kpis_of
        ),
        "overview/rollout.md": render_rollout_page(p, directory_urls=site.directory_urls),
    }


# --------------------------------------------------------------- systems


def systems(site: Site) -> dict[str, str]:
    p, x = site.playbook, site.xref
    out = {
        "systems/index.md": render(
            "systems_index.md",
            p=p,
            link=site.linker("systems/index.md"),
            workflows_of=x.workflows_by_system,
            meetings_of=x.meetings_by_system,
        )
    }
    for s in p.systems:
        page = f"systems/{s.id}.md"
        titles = {mod.title for mod in s.modules}
        workflows_of: dict[str, list[m.Workflow]] = defaultdict(list)
        meetings_of: dict[str, list[m.Meeting]] = defaultdict(list)
        for w in x.workflows_by_system[s.id]:
            workflows_of[w.module or ""].append(w)
        for mt in x.meetings_by_system[s.id]:
            meetings_of[mt.module or ""].append(mt)
        out[page] = render(
            "system.md",
            s=s,
            link=site.linker(page),
            kpis=x.kpis_by_system[s.id],
            workflows_of=workflows_of,
            meetings_of=meetings_of,
            unplaced_workflows=[w for w in x.workflows_by_system[s.id] if w.module not in titles],
            unplaced_meetings=[mt for mt in x.meetings_by_system[s.id] if mt.module not in titles],
            groups=x.groups_by_system[s.id],
            forms=x.forms_by_system[s.id],
            phases=x.phases_by_system[s.id],
        )
    return out


# ------------------------------------------------------------- workflows


def workflows(site: Site) -> dict[str, str]:
    out = {}
    for w in site.playbook.workflows:
        page = target_of(w)
        link = site.linker(page)
        steps_of: dict[str, list[int]] = defaultdict(list)
        for number, step in enumerate(w.steps, start=1):
            steps_of[step.owner].append(number)
        out[page] = render(
            "workflow.md",
            w=w,
            description=_cut(
                f"{w.title}：{w.purpose}"
                if w.purpose
                else f"{w.title}：{len(w.steps)}个步骤，谁在哪一步做什么、用什么表单。"
            ),
            link=link,
            swimlane=render_swimlane(w, link),
            has_phases=any(s.phase for s in w.steps),
            group=site.xref.group_of_workflow.get(w.id),
            steps_of=steps_of,
        )
    return out


# ---------------------------------------------------------------- groups


def groups(site: Site) -> dict[str, str]:
    p, x = site.playbook, site.xref
    general = [p.get(w_id, m.Workflow) for w_id in p.meta.group_workflows]
    out = {
        "groups/index.md": render(
            "groups_index.md", p=p, link=site.linker("groups/index.md"), general=general
        )
    }
    for g in p.groups:
        page = target_of(g)
        link = site.linker(page)
        workflow = p.get(g.workflow, m.Workflow) if g.workflow else None
        out[page] = render(
            "group.md",
            g=g,
            link=link,
            swimlane=render_swimlane(workflow, link) if workflow else "",
            owned_steps=x.steps_by_owner[g.id],
            meetings=x.meetings_attended[g.id],
            phases=x.phases_by_group[g.id],
        )
    return out


# -------------------------------------------------------------- meetings


def _agenda_times(mt: m.Meeting) -> list[tuple[m.AgendaItem, str]]:
    rows, start = [], 0
    for item in mt.agenda:
        rows.append((item, f"{start}′–{start + item.minutes}′"))
        start += item.minutes
    return rows


def meetings(site: Site) -> dict[str, str]:
    p = site.playbook
    by_category = [
        (label, [mt for mt in p.meetings if mt.category == key])
        for key, label in CATEGORY_LABELS.items()
        if any(mt.category == key for mt in p.meetings)
    ]
    out = {
        "meetings/index.md": render(
            "meetings_index.md", link=site.linker("meetings/index.md"), by_category=by_category
        )
    }
    for mt in p.meetings:
        page = target_of(mt)
        out[page] = render(
            "meeting.md",
            mt=mt,
            description=_cut(
                f"{mt.title}：{mt.frequency}"
                + (f"，{mt.duration_minutes}分钟" if mt.duration_minutes else "")
                + "。"
                + ("目的：" + "；".join(mt.purpose[:2]) + "。" if mt.purpose else "")
            ),
            link=site.linker(page),
            category=CATEGORY_LABELS[mt.category],
            agenda=_agenda_times(mt),
            branches=[] if many_branches(p) else meeting_branches(p, mt.id),
            many_branches=many_branches(p),
        )
    return out


# ----------------------------------------------------------------- roles


def roles(site: Site) -> dict[str, str]:
    p, x = site.playbook, site.xref
    out = {"roles/index.md": render("roles_index.md", p=p, link=site.linker("roles/index.md"))}
    for r in p.roles:
        page = target_of(r)
        refs = x.steps_by_owner[r.id]
        by_system: dict[str, dict[str, list[StepRef]]] = defaultdict(lambda: defaultdict(list))
        for ref in refs:
            by_system[ref.workflow.system][ref.workflow.id].append(ref)
        steps_by_system = [
            (s, [(p.get(w_id, m.Workflow), w_refs) for w_id, w_refs in by_system[s.id].items()])
            for s in p.systems
            if s.id in by_system
        ]
        owned = {ref.workflow.id for ref in refs} | {w.id for w, _ in x.continuous_by_owner[r.id]}
        lanes_only = [w.id for w in x.workflows_by_lane[r.id] if w.id not in owned]
        attended = [mt for mt in x.meetings_attended[r.id] if mt.owner != r.id]
        out[page] = render(
            "role.md",
            r=r,
            x=x,
            ids=p.by_id,
            link=site.linker(page),
            steps_by_system=steps_by_system,
            continuous=x.continuous_by_owner[r.id],
            lanes_only=lanes_only,
            meetings_attended=attended,
            rhythms=[] if many_branches(p) else branch_rhythms(p, r.id),
            many_branches=many_branches(p),
            onboarding=onboarding_link(p, r.id),
            onboarding_span=path_span(p, r.id),
            stages=monthly_stages(p, r.id),
        )
    return out


# -------------------------------------------------------------- catalogs


def _pinyin_letter(term: m.Term) -> str:
    return term.pinyin.strip()[:1].upper() or "#"


def catalogs(site: Site) -> dict[str, str]:
    p, x = site.playbook, site.xref
    by_letter: dict[str, list[m.Term]] = defaultdict(list)
    for t in p.terms:
        by_letter[_pinyin_letter(t)].append(t)

    def lines(e: Any) -> tuple[str | None, tuple[str, ...]]:
        if isinstance(e, m.EtiquetteArea):
            return None, e.rules
        if isinstance(e, m.OfficeRule):
            return e.purpose, e.items
        return None, e.content

    c = p.culture
    return {
        "catalog/kpis.md": render(
            "kpis.md",
            p=p,
            link=site.linker("catalog/kpis.md"),
            by_system=[(s, x.kpis_by_system[s.id]) for s in p.systems if x.kpis_by_system[s.id]],
        ),
        "catalog/warnings.md": render("warnings.md", p=p, link=site.linker("catalog/warnings.md")),
        "catalog/forms.md": render(
            "forms.md",
            p=p,
            link=site.linker("catalog/forms.md"),
            steps_by_form=x.steps_by_form,
            meetings_by_form=x.meetings_by_form,
        ),
        "catalog/glossary.md": render(
            "glossary.md", link=site.linker("catalog/glossary.md"), by_letter=sorted(by_letter.items())
        ),
        "catalog/etiquette.md": render(
            "culture_items.md",
            title="礼仪规范",
            intro="职场文化的一部分：营销员和主管在职场内外的礼仪要求。",
            sections=[(None, c.etiquette, lines)],
        ),
        "catalog/office-rules.md": render(
            "culture_items.md",
            title="职场制度",
            intro="职场内人人遵守的制度。",
            sections=[(None, c.rules, lines)],
        ),
        "catalog/culture.md": render(
            "culture_items.md",
            title="职场文化",
            intro="职场布置与企业文化。",
            sections=[("职场布置", c.boards, lines), ("企业文化", c.corporate, lines)],
        ),
    }


SEARCH_WORD_LENGTH = 12
"""Longest title taught to the search segmenter as one word (jieba's dictionary grows with the
square of a word's length; a whole sentence is no word anyone searches for)."""


def search_words(p: m.Playbook) -> list[str]:
    """The playbook's own vocabulary (titles and terms), for the search index's word segmentation."""
    words: set[str] = set()
    for r in p.roles:
        words.update((r.title, *r.aliases))
    for s in p.systems:
        words.update((s.title, s.short_title))
    for w in p.workflows:
        words.add(w.title)
        for step in w.steps:
            words.update((step.title, *step.substeps))
    titled: tuple[m.Group | m.Meeting | m.Kpi | m.TrackingWarning | m.Form, ...] = (
        *p.groups,
        *p.meetings,
        *p.kpis,
        *p.warnings,
        *p.forms,
    )
    words.update(entity.title for entity in titled)
    words.update(t.term for t in p.terms)
    return sorted(w for w in words if 2 <= len(w) <= SEARCH_WORD_LENGTH and not w.isascii())
