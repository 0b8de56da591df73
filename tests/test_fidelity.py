"""The default playbook says what the seed deck says (``营销职场运作体系建设``), and marks the rest.

Each test states one fact checked line by line against the seed's text (quoted in the test), so
that an edit of ``data/`` that drifts from the seed, or presents an editor's addition as seed fact,
fails here.
"""

from __future__ import annotations

import re
from functools import cache

from conftest import REPO

from generator import model as m
from generator.render.onboarding import render_onboarding_pages
from generator.render.printables import render_printables
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


# ------------------------------------------------------------------ 工作日志


def test_one_work_log_the_printed_sheets_have_the_columns_of_the_form() -> None:
    """Seed: “活动量管理流程 … 活动记录 工作日志 检查批阅 周工作自我评估 批阅中发现和解决问题”: one 工作日志,
    declared in forms.yaml; each role's printed log has exactly its columns and the seed's
    周工作自我评估."""
    p = playbook()
    form = p.get("work-log", m.Form)
    pages, files = render_printables(p)
    roles = [r for r in p.roles if r.daily_model]
    assert {r.id for r in roles} == {"agent", "supervisor", "trainer"}
    for role in roles:
        page = pages[f"printables/work-log-{role.id}.md"]
        head = page[page.index("<thead>") : page.index("</thead>")]
        first, second = head.split("</tr>")[:2]
        assert re.findall(r"<th[^>]*>([^<]*)</th>", first) == list(form.columns), role.id
        assert role.daily_model is not None
        assert re.findall(r"<th[^>]*>([^<]*)<small>每日 (\d+)</small>", second) == [
            (i.activity, str(i.count)) for i in role.daily_model.items
        ]
        assert "周工作自我评估" in page
        header = files[f"printables/work-log-{role.id}.csv"].lstrip("\ufeff").splitlines()[0].split(",")
        assert [c for c in header if "（目标 " not in c] == [
            c for c in form.columns if not c.startswith("活动")
        ]
    assert set(form.filled_by) >= {r.id for r in roles}


def test_nobody_reviews_their_own_work_log() -> None:
    """A supervisor's log is checked by the one the supervisor reports to (营业部经理), a trainer's
    by the 支公司经理: never “主管签字” on a supervisor's own sheet."""
    p = playbook()
    pages, _ = render_printables(p)
    reviewers = {}
    for role in (r for r in p.roles if r.daily_model):
        assert role.reports_to and role.reports_to != role.id
        page = pages[f"printables/work-log-{role.id}.md"]
        superior = p.get(role.reports_to, m.Role).title
        assert f"<span>{superior}批阅签字：" in page and f"交{superior}检查批阅" in page
        reviewers[role.id] = superior
        if role.id != "agent":
            assert "主管批阅" not in page and "主管签字" not in page and "主管逐日" not in page, role.id
    assert reviewers == {"agent": "主管", "supervisor": "营业部经理", "trainer": "支公司经理"}


# ------------------------------------------------------------------ 111、331、531


SEED_DAILY_MODELS = {
    # Seed: “组训:331工作模式 主管:111工作模式 营销员:531工作模式 … 1个电话追踪 1个电话回访 1个个别辅导/沟通
    # 5个电话约访 3个客户面谈 1个准客户资料 3个电话追踪 3个电话回访 1个辅导/陪访”
    "trainer": ("331工作模式", [(3, "电话追踪"), (3, "电话回访"), (1, "辅导/陪访")]),
    "supervisor": ("111工作模式", [(1, "电话追踪"), (1, "电话回访"), (1, "个别辅导/沟通")]),
    "agent": ("531工作模式", [(5, "电话约访"), (3, "客户面谈"), (1, "准客户资料")]),
}


def test_the_daily_models_are_the_seeds_and_every_activity_is_explained() -> None:
    p = playbook()
    for role_id, (name, items) in SEED_DAILY_MODELS.items():
        role = p.get(role_id, m.Role)
        model = role.daily_model
        assert model is not None and model.name == name
        assert [(i.count, i.activity) for i in model.items] == items
        assert all(i.note for i in model.items), role_id
        assert model.note and model.note.startswith(name.removesuffix("工作模式") + " 就是"), role_id
        # who is tracked and who is called back is not in the seed: the role says so
        assert role.assumption and name.removesuffix("工作模式") in role.assumption, role_id


def test_111_and_331_say_who_is_tracked_and_who_is_called_back() -> None:
    p = playbook()
    for role_id in ("supervisor", "trainer"):
        model = p.get(role_id, m.Role).daily_model
        assert model is not None and model.note is not None
        assert "追踪的是" in model.note and "回访的是" in model.note, role_id
        assert "拜访过的客户" in model.note, role_id


# ------------------------------------------------------------------ smaller slips


def test_functional_group_operation_is_main_work_of_recruiting_and_coaching_only() -> None:
    """Seed (“各系统主要工作、关键指标”, three items a system): “日常管理 增员甄选 销售支持 辅导训练 追踪督导
    职场文化 会议经营 活动量管理 增员技能训练 增员活动组织 功能组运作 新人育成训练 功能组运作 主管辅导 目标设定
    活动组织 准客户开拓 阶段计划制定 达标追踪 绩效评估”."""
    p = playbook()
    main = {s.id: list(s.main_work) for s in p.systems}
    assert main["daily-management"] == ["职场文化", "会议经营", "活动量管理"]
    assert main["recruiting"] == ["增员技能训练", "增员活动组织", "功能组运作"]
    assert main["coaching-training"] == ["新人育成训练", "功能组运作", "主管辅导"]
    assert [s for s, work in main.items() if "功能组运作" in work] == ["recruiting", "coaching-training"]


def test_the_vision_is_the_seeds_to_its_last_words() -> None:
    """Seed, its last words: “更团结的销售队伍更有力的业务发展更精细的业务经营更职业的工作环境更系统的经营管理
    我们的未来更专业的品牌形象更有效的经营客户更到位”."""
    assert playbook().meta.vision == (
        "更团结的销售队伍",
        "更有力的业务发展",
        "更精细的业务经营",
        "更职业的工作环境",
        "更系统的经营管理",
        "更专业的品牌形象",
        "更有效的经营客户",
        "更到位",
    )


def text_files(*folders: str) -> dict[str, str]:
    return {
        str(path.relative_to(REPO)): path.read_text(encoding="utf-8")
        for folder in folders
        for path in sorted((REPO / folder).rglob("*"))
        if path.suffix in {".yaml", ".md"}
    }


def test_the_morning_meeting_is_always_zaohui() -> None:
    """The seed says 早会 (大早会, 干部早会, 二次早会) and 晨迎礼仪; never 晨会."""
    files = text_files("data", "content")
    assert len(files) > 90
    assert [name for name, text in files.items() if "晨会" in text] == []


def test_the_manager_or_coaching_group_lane_is_one_lane_in_both_prospecting_flows() -> None:
    """Seed: “有组织的客户开拓 经理/辅导功能组 主管 营销员 组训 …” and “个体客户开拓 经理/辅导功能组 主管 销售人员
    …”: the same lane in both flows, shown the same way."""
    p = playbook()
    organised = p.get("organised-prospecting", m.Workflow)
    individual = p.get("individual-prospecting", m.Workflow)
    assert organised.lanes == ("branch-manager", "supervisor", "agent", "trainer")
    assert individual.lanes == ("branch-manager", "supervisor", "agent")
    assert organised.note == individual.note and "经理/辅导功能组" in (organised.note or "")
    for w in (organised, individual):
        assert w.assumption and "经理/辅导功能组" in w.assumption


def test_no_workflow_says_its_lanes_come_from_the_outline() -> None:
    """The outline (OUTLINE.md) reconstructs order, not lanes; the seed is the authority."""
    flows = text_files("data/workflows")
    assert [name for name, text in flows.items() if "大纲" in text] == []


def test_only_the_new_agent_joins_the_others_are_promoted_or_appointed() -> None:
    """入职 (joining the company) is the new agent's; the other paths say 晋升后 / 到任 in their
    note, and no page asks a department “刚成为中支营销部？”."""
    p = playbook()
    assert p.meta.newcomer_role == "new-agent"
    pages = render_onboarding_pages(p)
    files = text_files("data/onboarding")
    for role in p.roles:
        page = pages[f"roles/{role.id}-onboarding.md"]
        assert "刚成为" not in page, role.id
        if role.id == "new-agent":
            assert "## 入职第一天 {#first-day}" in page
            continue
        assert "入职" not in page, role.id
        assert "入职" not in files[f"data/onboarding/{role.id}.yaml"], role.id
        assert "## 第一天 {#first-day}" in page, role.id
    promoted = {
        r: p.onboarding[r].note or "" for r in ("supervisor", "sales-manager", "branch-manager", "trainer")
    }
    assert "晋升主管后" in promoted["supervisor"]
    assert all("到任" in note or "晋升" in note for note in promoted.values()), promoted


# ------------------------------------------------------------------ 术语表

INDUSTRY_TERMS = [
    # named in issue 12
    *(
        "大早会",
        "干部早会",
        "开门红",
        "PK",
        "MDRT",
        "继续率",
        "考核期",
        "观察期",
        "金直辖",
        "世纪盛典",
        "聘才",
    ),
    *("111", "331", "531"),
    # the seed's own words a new agent does not know
    *(
        "实动",
        "转正",
        "留存",
        "增员",
        "组训",
        "创说会",
        "衔接教育",
        "二次早会",
        "基本法",
        "管理津贴",
        "育成津贴",
    ),
    *("准客户", "陪访", "通关", "行事历", "部组", "直辖", "准主任", "挂零", "清零", "维持", "司令部", "晨迎"),
    *("新人底薪", "优质续保奖", "精英俱乐部", "XX之星", "进单", "电话追踪", "回访", "约访", "展业", "人力"),
    # the pages' words (the built site, its meetings and month pages)
    *("产品说明会", "产说会", "话术", "异议处理", "绩优", "出征", "入司", "育成", "年金保险", "意外险"),
    *("转介绍", "首单", "开单", "出单", "件数", "岗前培训", "准增员", "职场", "主任", "宣导", "龙虎榜"),
    *("答谢会", "教育金", "个险"),
]


def test_the_glossary_explains_every_industry_term_the_pages_use() -> None:
    terms = {t.term for t in playbook().terms}
    assert [t for t in INDUSTRY_TERMS if t not in terms] == []


def test_every_glossary_term_is_used_and_says_what_is_not_from_the_seed() -> None:
    """The seed defines none of its words: every definition is marked as an assumption, and a
    term the handbook does not use has no place in it."""
    files = text_files("data", "content")
    everything = "\n".join(text for name, text in files.items() if name != "data/glossary.yaml")
    for t in playbook().terms:
        assert t.assumption, t.term
        assert t.term in everything, t.term
        assert len(t.definition) <= 90, t.term  # short: a tooltip on a phone
