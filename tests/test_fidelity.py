"""The default playbook says what the seed deck says (``营销职场运作体系建设``), and marks the rest.

Each test states one fact checked line by line against the seed's text (quoted in the test), so
that an edit of ``data/`` that drifts from the seed, or presents an editor's addition as seed fact,
fails here.
"""

from __future__ import annotations

from functools import cache

from conftest import REPO

from generator import model as m
from generator.site import load_playbook


@cache
def playbook() -> m.Playbook:
    return load_playbook(REPO / "data")


# ------------------------------------------------------------------ 计划目标制定


def test_plan_setting_has_the_seeds_steps_and_one_hq_review_after_the_stage_plan() -> None:
    """Seed: “一、计划目标制定 中支营销部 支公司经理 主管 销售人员 司令部审核计划 研究公司计划 分析现状
    明确差距 与主管沟通 分解目标 编制职场阶段计划 计划任务下发 宣导阶段经营计划 材料归档 制定本团队下阶段计划
    制定个人下阶段计划”: one node in the 中支营销部 lane, and it reviews the plan the branch drew up."""
    w = playbook().get("plan-setting", m.Workflow)
    assert w.lanes == ("marketing-dept", "branch-manager", "supervisor", "agent")
    assert [(s.title, s.owner) for s in w.steps] == [
        ("研究公司计划", "branch-manager"),
        ("分析现状", "branch-manager"),
        ("明确差距", "branch-manager"),
        ("与主管沟通", "branch-manager"),
        ("分解目标", "branch-manager"),
        ("编制职场阶段计划", "branch-manager"),
        ("司令部审核计划", "marketing-dept"),
        ("计划任务下发", "branch-manager"),
        ("宣导阶段经营计划", "branch-manager"),
        ("制定本团队下阶段计划", "supervisor"),
        ("制定个人下阶段计划", "agent"),
        ("材料归档", "branch-manager"),
    ]
    review = w.steps[6]
    assert review.assumption is None, "司令部审核计划 is in the seed: not a 补充假设"
    assert [s.title for s in w.steps if s.owner == "marketing-dept"] == ["司令部审核计划"]
    # The only assumption left is the lane of 计划任务下发, which the flattened text does not mark.
    assert [s.title for s in w.steps if s.assumption] == ["计划任务下发"]
    assert w.assumption is None
