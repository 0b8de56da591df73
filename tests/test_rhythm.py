"""A role's rhythm (我的岗位), assembled from schedules and phased workflows."""

from __future__ import annotations

from conftest import MINI, REPO

from generator.render.rhythm import branch_rhythms, monthly_stages
from generator.site import load_playbook


def test_mini_agent_and_supervisor_rhythms() -> None:
    p = load_playbook(MINI / "data")
    (agent,) = branch_rhythms(p, "agent")
    assert [(s.cadence, s.meeting.id, s.when) for s in agent.slots] == [
        ("每天", "morning-meeting", "工作日 08:30–09:15（至2月28日）；3月1日起 08:45–09:30")
    ]
    assert agent.feed == "feeds/sample-branch/role-agent.ics"
    (supervisor,) = branch_rhythms(p, "supervisor")
    assert [(s.cadence, s.when) for s in supervisor.slots] == [
        ("每天", "工作日 08:30–09:15（至2月28日）；3月1日起 08:45–09:30"),
        ("每周", "每周一 16:00–17:00"),
    ]
    stages = monthly_stages(p, "agent")
    assert [(st.workflow.id, st.phase, [n for n, _ in st.steps]) for st in stages] == [
        ("activity-management", "每日", [1, 2, 3]),
        ("activity-management", "每周", [5]),
    ]


def test_default_supervisor_rhythm_at_a_sample_branch() -> None:
    p = load_playbook(REPO / "data")
    east = next(br for br in branch_rhythms(p, "supervisor") if br.branch.id == "sample-east")
    whens = {s.meeting.id: s.when for s in east.slots}
    assert whens["monthly-business-summary"] == "每月第1个周五 15:00–17:00"
    assert whens["morning-meeting"] == "工作日 08:30–09:30（至2月28日）；3月1日起 08:45–09:45"
    assert [s.cadence for s in east.slots] == sorted(
        (s.cadence for s in east.slots), key="每天每周每月".index
    )
    stages = monthly_stages(p, "trainer")
    assert ("monthly-income-analysis", "月初分析会") in {(st.workflow.id, st.phase) for st in stages}
