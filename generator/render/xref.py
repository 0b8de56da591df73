"""Reverse references: who owns which step, leads which group, attends which meeting…

Computed once from the validated model so role, form, group and system pages
can be assembled from cross-references; nobody writes these lists by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .. import model as m


@dataclass(frozen=True)
class StepRef:
    """A step in its workflow (``number`` counts from 1, as on the page)."""

    workflow: m.Workflow
    number: int
    step: m.Step

    @property
    def anchor(self) -> str:
        return f"step-{self.number}"


@dataclass
class CrossRefs:
    steps_by_owner: dict[str, list[StepRef]] = field(default_factory=lambda: defaultdict(list))
    continuous_by_owner: dict[str, list[tuple[m.Workflow, m.Continuous]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    steps_by_form: dict[str, list[StepRef]] = field(default_factory=lambda: defaultdict(list))
    workflows_by_system: dict[str, list[m.Workflow]] = field(default_factory=lambda: defaultdict(list))
    meetings_by_system: dict[str, list[m.Meeting]] = field(default_factory=lambda: defaultdict(list))
    groups_by_system: dict[str, list[m.Group]] = field(default_factory=lambda: defaultdict(list))
    kpis_by_system: dict[str, list[m.Kpi]] = field(default_factory=lambda: defaultdict(list))
    forms_by_system: dict[str, list[m.Form]] = field(default_factory=lambda: defaultdict(list))
    workflows_by_lane: dict[str, list[m.Workflow]] = field(default_factory=lambda: defaultdict(list))
    groups_led: dict[str, list[m.Group]] = field(default_factory=lambda: defaultdict(list))
    groups_formed: dict[str, list[m.Group]] = field(default_factory=lambda: defaultdict(list))
    groups_joined: dict[str, list[m.Group]] = field(default_factory=lambda: defaultdict(list))
    group_of_workflow: dict[str, m.Group] = field(default_factory=dict)
    meetings_owned: dict[str, list[m.Meeting]] = field(default_factory=lambda: defaultdict(list))
    meetings_attended: dict[str, list[m.Meeting]] = field(default_factory=lambda: defaultdict(list))
    agenda_owned: dict[str, list[tuple[m.Meeting, m.AgendaItem]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    meetings_by_form: dict[str, list[m.Meeting]] = field(default_factory=lambda: defaultdict(list))
    kpis_by_role: dict[str, list[m.Kpi]] = field(default_factory=lambda: defaultdict(list))
    warnings_concerning: dict[str, list[m.TrackingWarning]] = field(default_factory=lambda: defaultdict(list))
    warnings_acted: dict[str, list[m.TrackingWarning]] = field(default_factory=lambda: defaultdict(list))
    category_of_warning: dict[str, m.WarningCategory] = field(default_factory=dict)
    forms_filled: dict[str, list[m.Form]] = field(default_factory=lambda: defaultdict(list))
    subordinates: dict[str, list[m.Role]] = field(default_factory=lambda: defaultdict(list))
    phases_by_system: dict[str, list[m.Phase]] = field(default_factory=lambda: defaultdict(list))
    phases_by_group: dict[str, list[m.Phase]] = field(default_factory=lambda: defaultdict(list))


def cross_refs(p: m.Playbook) -> CrossRefs:
    x = CrossRefs()
    for w in p.workflows:
        x.workflows_by_system[w.system].append(w)
        for lane in w.lanes:
            x.workflows_by_lane[lane].append(w)
        for number, step in enumerate(w.steps, start=1):
            ref = StepRef(w, number, step)
            x.steps_by_owner[step.owner].append(ref)
            for form_id in step.outputs:
                x.steps_by_form[form_id].append(ref)
        for item in w.continuous:
            if item.owner:
                x.continuous_by_owner[item.owner].append((w, item))
    for g in p.groups:
        x.groups_by_system[g.system].append(g)
        for r in g.leaders:
            x.groups_led[r].append(g)
        if g.formed_by:
            x.groups_formed[g.formed_by].append(g)
        for r in g.member_roles:
            x.groups_joined[r].append(g)
        if g.workflow:
            x.group_of_workflow[g.workflow] = g
    for mt in p.meetings:
        x.meetings_by_system[mt.system].append(mt)
        x.meetings_owned[mt.owner].append(mt)
        for a in mt.attendees:
            x.meetings_attended[a].append(mt)
        for agenda_item in mt.agenda:
            if agenda_item.owner:
                x.agenda_owned[agenda_item.owner].append((mt, agenda_item))
        for form_id in mt.forms:
            x.meetings_by_form[form_id].append(mt)
    for k in p.kpis:
        x.kpis_by_system[k.system].append(k)
        for r in k.measured_roles:
            x.kpis_by_role[r].append(k)
    for c in p.warning_categories:
        for wa in c.warnings:
            x.category_of_warning[wa.id] = c
            for r in wa.concerns:
                x.warnings_concerning[r].append(wa)
            for r in wa.acted_by:
                x.warnings_acted[r].append(wa)
    for form in p.forms:
        if form.system:
            x.forms_by_system[form.system].append(form)
        for filler in form.filled_by:
            x.forms_filled[filler].append(form)
    for role in p.roles:
        if role.reports_to:
            x.subordinates[role.reports_to].append(role)
    for ph in p.rollout.phases:
        for s in ph.systems:
            x.phases_by_system[s].append(ph)
        for g_id in ph.groups:
            x.phases_by_group[g_id].append(ph)
    return x
