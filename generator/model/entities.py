"""The typed model of a playbook: one dataclass per data kind.

Every field is declared with :func:`doc`: its Chinese description becomes the
JSON Schema description an editor shows, and ``ref=`` names the kinds of
entity an id must point to (checked by :mod:`generator.convert`).

Conventions shared by every kind:

* ids are ASCII kebab-case (``daily-morning-meeting``); for kinds kept one per
  file the id *is* the file name (``data/workflows/plan-setting.yaml``), for
  catalog entries it is the ``id`` key. Ids are unique across the whole
  playbook, so any entity can be linked to by id alone.
* ``note`` is a remark shown to readers; ``assumption`` marks content that is
  *not* in the seed material but filled in by the editors (shown with a
  "补充假设" mark so HQ can tell seed from filler).
* list positions in error messages count from 1 (``steps[3]`` is the third step).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Literal, TypeVar

__all__ = [
    "ADOPTION_STATES",
    "CATEGORY_TITLES",
    "CONFORMANCE_CHECKS",
    "LATE_TITLE",
    "ONBOARDING_STAGES",
    "STANDARD_PERIODS",
    "WEEKDAYS",
    "AdoptionState",
    "AdoptionStatus",
    "AgendaItem",
    "ApprovedException",
    "Benefits",
    "Branch",
    "CalendarEvent",
    "Cancellation",
    "Change",
    "ConformanceCheck",
    "Continuous",
    "Culture",
    "CultureItem",
    "DailyModel",
    "DayOff",
    "DayRange",
    "Entity",
    "EtiquetteArea",
    "EventCategory",
    "Form",
    "FormCatalog",
    "Glossary",
    "Group",
    "HolidayArrangement",
    "Kpi",
    "KpiCatalog",
    "Located",
    "MakeUpDay",
    "Meeting",
    "MeetingStandard",
    "Meta",
    "Module",
    "MonthCalendar",
    "MorningDay",
    "MorningSlot",
    "Move",
    "OfficeRule",
    "OnboardingAction",
    "OnboardingItem",
    "OnboardingPath",
    "PastRelease",
    "Phase",
    "PhaseModule",
    "Playbook",
    "Principle",
    "Ref",
    "Revision",
    "Role",
    "Rollout",
    "Schedule",
    "Seat",
    "Size",
    "Src",
    "StandardPer",
    "Step",
    "System",
    "Term",
    "TrackingWarning",
    "Version",
    "WarningCatalog",
    "WarningCategory",
    "Weekday",
    "WorkItem",
    "Workflow",
    "doc",
]

Ref = tuple[str, ...]
"""Kinds an id field may point to."""


def doc(
    description: str,
    *,
    ref: str | Ref | None = None,
    default: Any = dataclasses.MISSING,
    example: Any = None,
) -> Any:
    """Declare a model field with its description, its reference kinds and its default."""
    refs = (ref,) if isinstance(ref, str) else (ref or ())
    metadata = {"doc": description, "ref": refs, "example": example}
    if default is dataclasses.MISSING:
        return field(metadata=metadata)
    if isinstance(default, (list, tuple)):
        return field(default=tuple(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Src:
    """Where an entity was read from (not part of the data; filled by the loader)."""

    file: str
    line: int
    column: int
    path: str
    keys: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)
    """Position of the value of each key present in the mapping."""

    def at(self, key: str) -> tuple[int, int]:
        return self.keys.get(key, (self.line, self.column))

    def sub(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key


def _src() -> Any:
    return field(default=None, compare=False, repr=False, metadata={"internal": True})


@dataclass(frozen=True, kw_only=True)
class Located:
    """Base of every model class: remembers where in which file it was written."""

    src: Src | None = _src()


@dataclass(frozen=True, kw_only=True)
class Entity(Located):
    """Fields shared by every entity."""

    note: str | None = doc("给读者的补充说明（可选）。", default=None)
    assumption: str | None = doc(
        "若本条内容并非来自原始资料，而是编辑补充的假设，在此说明补充了什么（页面上标注“补充假设”）。",
        default=None,
    )


# --------------------------------------------------------------------- roles


@dataclass(frozen=True, kw_only=True)
class WorkItem(Located):
    """One line of a daily work model, e.g. 5 个电话约访."""

    count: int = doc("每天的数量。", example=5)
    activity: str = doc("活动名称，如“电话约访”。", example="电话约访")
    note: str | None = doc("说明（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class DailyModel(Located):
    """A role's daily work model (日工作模式), such as 531."""

    name: str = doc("模式名称，如“531工作模式”。", example="531工作模式")
    items: tuple[WorkItem, ...] = doc("每天要完成的各项活动，按顺序。")
    note: str | None = doc("说明（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class Role(Entity):
    """A rank or position in the office (职级/岗位). One file per role in ``data/roles/``."""

    id: str = doc("角色 id（即文件名）。")
    title: str = doc("角色名称，如“营销员”。", example="营销员")
    aliases: tuple[str, ...] = doc("资料中对该角色的其他叫法，如“业务员”“销售人员”。", default=())
    order: int = doc("在列表中的排序，数字小的在前（由总部到营销员）。")
    positioning: str = doc("角色定位：一句话说明这个角色在职场中是做什么的。")
    duties: tuple[str, ...] = doc("主要职责，逐条列出。", default=())
    reports_to: str | None = doc("直接上级角色的 id（可选）。", ref="role", default=None)
    daily_model: DailyModel | None = doc("日工作模式（如 531、111、331）（可选）。", default=None)


# ------------------------------------------------------------------- systems


@dataclass(frozen=True, kw_only=True)
class Module(Located):
    """A numbered module of a system (e.g. 追踪督导系统 1. 计划目标制定)."""

    title: str = doc("模块名称。")
    description: str | None = doc("模块说明（可选）。", default=None)
    assumption: str | None = doc("补充假设说明（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class System(Entity):
    """One of the six systems (系统). One file per system in ``data/systems/``."""

    id: str = doc("系统 id（即文件名）。")
    title: str = doc("系统名称，如“追踪督导系统”。")
    short_title: str = doc("简称，如“追踪督导”。")
    order: int = doc("排序，数字小的在前。")
    purpose: str = doc("系统的作用（一两句话）。")
    main_work: tuple[str, ...] = doc("主要工作。")
    modules: tuple[Module, ...] = doc("系统包含的模块，按编号顺序。")
    content: tuple[str, ...] = doc("系统内容要点（“系统/内容”一览中的条目）。", default=())
    outcome: str | None = doc("系统要达到的结果（可选），如“按照流程进行增员工作”。", default=None)


# ----------------------------------------------------------------- workflows


@dataclass(frozen=True, kw_only=True)
class Step(Located):
    """One step of a workflow, owned by exactly one lane."""

    title: str = doc("步骤名称，如“分析现状”。")
    owner: str = doc(
        "负责该步骤的泳道（角色或功能组）id，必须是本流程 lanes 中的一项。", ref=("role", "group")
    )
    phase: str | None = doc("所属阶段（可选），如“月初分析会”；同一阶段的步骤应相邻。", default=None)
    detail: str | None = doc("执行内容（可选）。", default=None)
    substeps: tuple[str, ...] = doc("细分事项（可选），如“增员面试”“送训”。", default=())
    outputs: tuple[str, ...] = doc("该步骤使用或产出的表单/档案 id（可选）。", ref="form", default=())
    parallel: bool = doc("与上一步同时进行（泳道图中画在同一列）。", default=False)
    note: str | None = doc("说明（可选）。", default=None)
    assumption: str | None = doc("补充假设说明（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class Continuous(Located):
    """Work that runs through the whole workflow (贯穿全程), e.g. 日常追踪体系."""

    title: str = doc("事项名称。")
    owner: str | None = doc("负责的泳道 id（可选）。", ref=("role", "group"), default=None)
    note: str | None = doc("说明（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class Workflow(Entity):
    """A workflow (流程) drawn as a swimlane. One file per workflow in ``data/workflows/``."""

    id: str = doc("流程 id（即文件名）。")
    title: str = doc("流程名称。")
    system: str = doc("所属系统 id。", ref="system")
    module: str | None = doc("所属模块名称（必须是该系统 modules 中的某个 title）（可选）。", default=None)
    purpose: str | None = doc("流程的目的（可选）。", default=None)
    lanes: tuple[str, ...] = doc(
        "泳道：参与的角色或功能组 id，按泳道图中由上到下的顺序。", ref=("role", "group")
    )
    steps: tuple[Step, ...] = doc("步骤，按先后顺序。")
    continuous: tuple[Continuous, ...] = doc("贯穿全程的工作（可选）。", default=())


# -------------------------------------------------------------------- groups


@dataclass(frozen=True, kw_only=True)
class Seat(Located):
    """A position inside a functional group (组长 1 名、日常训练 2-3 名…)."""

    title: str = doc("岗位名称。")
    count: str = doc("人数，如“1”或“2-3”。")


@dataclass(frozen=True, kw_only=True)
class Size(Located):
    """Size range of a functional group."""

    min: int = doc("最少人数。")
    max: int = doc("最多人数。")


@dataclass(frozen=True, kw_only=True)
class Group(Entity):
    """A functional group (功能组). One file per group in ``data/groups/``."""

    id: str = doc("功能组 id（即文件名）。")
    title: str = doc("功能组名称，如“早会功能组”。")
    order: int = doc("排序，数字小的在前。")
    system: str = doc("主要服务的系统 id。", ref="system")
    purpose: str = doc("建立该功能组的目的。")
    leaders: tuple[str, ...] = doc("可担任组长的角色 id（任选其一）。", ref="role", default=())
    formed_by: str | None = doc("负责组建的角色 id。", ref="role", default=None)
    selection: str | None = doc("成员产生方式（自愿申请、指定、投票选举……）。", default=None)
    member_criteria: str | None = doc("成员标准。", default=None)
    member_roles: tuple[str, ...] = doc("成员主要来自哪些角色 id。", ref="role", default=())
    size: Size | None = doc("人数范围（可选）。", default=None)
    seats: tuple[Seat, ...] = doc("组内分工岗位（可选）。", default=())
    duties: tuple[str, ...] = doc("工作内容。")
    workflow: str | None = doc("该功能组的运作流程 id（可选）。", ref="workflow", default=None)


# ------------------------------------------------------------------ meetings


@dataclass(frozen=True, kw_only=True)
class AgendaItem(Located):
    """One item of a meeting's agenda (主要流程)."""

    title: str = doc("议程名称。")
    minutes: int = doc("时长（分钟）。")
    owner: str | None = doc("主持或负责的角色 id（可选）。", ref=("role", "group"), default=None)
    content: str | None = doc("操作要领（可选）。", default=None)


StandardPer = Literal["workday", "week", "month", "quarter"]
"""The period a meeting standard counts in: 每个工作日、每周、每月、每季度."""

STANDARD_PERIODS: dict[str, str] = {
    "workday": "每个工作日",
    "week": "每周",
    "month": "每月",
    "quarter": "每季度",
}


@dataclass(frozen=True, kw_only=True)
class DayRange(Located):
    """Days of the month, ``first`` to ``last``; negative numbers count from the month's end
    (-1 is its last day): ``{first: 1, last: 7}`` 月初七天, ``{first: -7, last: -1}`` 月末七天."""

    first: int = doc("从当月第几天（1–31；负数从月末倒数，-1 是最后一天）。", example=1)
    last: int = doc("到当月第几天（含；写法同 first）。", example=7)


@dataclass(frozen=True, kw_only=True)
class MeetingStandard(Located):
    """What a branch's schedule of a meeting must keep to, in a form the generator checks
    (``playbook validate`` compares every branch's schedules and events with it). The page shows
    the meeting's ``frequency`` text; this says the same for the machine."""

    per: StandardPer = doc(
        "按什么周期计次：workday（每个工作日）、week（每周）、month（每月）、quarter（每季度）。"
    )
    at_least: int = doc("每个周期至少举行几次（默认 1）。", default=1)
    at_most: int | None = doc("每个周期最多举行几次（可选；不写表示不设上限）。", default=None)
    days_of_month: tuple[DayRange, ...] = doc(
        "只在每月的这些日子举行（可选），如月初 [{first: 1, last: 7}]，月末或月初再加 {first: -7, last: -1}。",
        default=(),
    )
    weekdays: tuple[Weekday, ...] = doc("只在星期几举行（可选），如 [周一]。", default=())


@dataclass(frozen=True, kw_only=True)
class Meeting(Entity):
    """A meeting (会议). One file per meeting in ``data/meetings/``; schedules live with branches."""

    id: str = doc("会议 id（即文件名）。")
    title: str = doc("会议名称，如“大早会”。")
    order: int = doc("排序，数字小的在前。")
    system: str = doc("所属系统 id。", ref="system")
    module: str | None = doc("所属模块名称（可选）。", default=None)
    category: Literal["meeting", "recruiting", "training"] = doc(
        "类别：meeting（经营会议）、recruiting（增员活动）、training（训练）。"
    )
    frequency: str = doc("举行频率的文字说明，如“每个工作日”“每月一次”。")
    duration_minutes: int | None = doc("时长（分钟）（可选）。", default=None)
    purpose: tuple[str, ...] = doc("会议的目的和功能。")
    owner: str = doc("责任人角色 id。", ref="role")
    attendees: tuple[str, ...] = doc("参会的角色或功能组 id。", ref=("role", "group"))
    requirements: tuple[str, ...] = doc("总体要求。", default=())
    preparation: tuple[str, ...] = doc("会前准备。", default=())
    agenda: tuple[AgendaItem, ...] = doc("主要流程和操作要领（议程），按顺序。", default=())
    feedback: tuple[str, ...] = doc("反馈和改进措施。", default=())
    forms: tuple[str, ...] = doc("会议使用的表单/档案 id。", ref="form", default=())
    standard: MeetingStandard | None = doc(
        "可检查的会议标准（可选）：频率、举行的日子；时长取 duration_minutes，必须参会的取 attendees。"
        "写了以后，各支公司的例会安排和活动与它不符时，检查数据会报告“偏离标准”。",
        default=None,
    )


# ---------------------------------------------------------------- catalogues


@dataclass(frozen=True, kw_only=True)
class Kpi(Entity):
    """A key indicator (关键指标)."""

    id: str = doc("指标 id。")
    title: str = doc("指标名称，如“出勤率”。")
    system: str = doc("所属系统 id。", ref="system")
    definition: str = doc("定义：指标衡量什么。")
    formula: str = doc("计算公式。")
    unit: str = doc("单位，如“%”“人”。")
    period: str = doc("统计周期，如“月度”。")
    measured_roles: tuple[str, ...] = doc("以该指标考核的角色 id。", ref="role", default=())


@dataclass(frozen=True, kw_only=True)
class KpiCatalog(Located):
    """``data/kpis.yaml``: all key indicators."""

    kpis: tuple[Kpi, ...] = doc("关键指标列表。")


@dataclass(frozen=True, kw_only=True)
class TrackingWarning(Entity):
    """A tracking warning (预警)."""

    id: str = doc("预警 id。")
    title: str = doc("预警名称，如“晋升预警”。")
    trigger: str = doc("触发条件：何时发出预警。")
    acted_by: tuple[str, ...] = doc("收到预警后负责跟进的角色 id。", ref="role")
    concerns: tuple[str, ...] = doc("预警针对的角色 id。", ref="role")
    action: str | None = doc("应采取的措施（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class WarningCategory(Entity):
    """A category of warnings (考核预警、基本法收入预警……)."""

    id: str = doc("类别 id。")
    title: str = doc("类别名称。")
    description: str | None = doc("类别说明（可选）。", default=None)
    warnings: tuple[TrackingWarning, ...] = doc("该类别下的预警。")


@dataclass(frozen=True, kw_only=True)
class WarningCatalog(Located):
    """``data/warnings.yaml``: warnings grouped by category."""

    categories: tuple[WarningCategory, ...] = doc("预警类别。")


@dataclass(frozen=True, kw_only=True)
class Form(Entity):
    """A form, record or tool (工具载体/档案)."""

    id: str = doc("表单 id。")
    title: str = doc("表单名称，如“工作日志”。")
    system: str | None = doc("主要使用的系统 id（可选）。", ref="system", default=None)
    purpose: str = doc("用途。")
    filled_by: tuple[str, ...] = doc("填写的角色 id。", ref=("role", "group"), default=())
    when: str | None = doc("何时填写或更新。", default=None)
    columns: tuple[str, ...] = doc(
        "表格栏目（表头），逐条列出；用于打印的表格和 CSV 模板，至少一栏。", default=()
    )


@dataclass(frozen=True, kw_only=True)
class FormCatalog(Located):
    """``data/forms.yaml``: forms and records."""

    forms: tuple[Form, ...] = doc("表单与档案列表。")


@dataclass(frozen=True, kw_only=True)
class Term(Entity):
    """A glossary term (术语)."""

    id: str = doc("术语 id。")
    term: str = doc("术语，如“实动”。")
    pinyin: str = doc("拼音（用于排序），如“shi dong”。")
    definition: str = doc("解释，写给刚入职的新人看。")
    see: tuple[str, ...] = doc("相关条目的 id（可选）。", ref="*", default=())


@dataclass(frozen=True, kw_only=True)
class Glossary(Located):
    """``data/glossary.yaml``: the glossary."""

    terms: tuple[Term, ...] = doc("术语列表。")


@dataclass(frozen=True, kw_only=True)
class EtiquetteArea(Entity):
    """An area of etiquette (礼仪规范), e.g. 晨迎礼仪, with its rules."""

    id: str = doc("礼仪类别 id。")
    title: str = doc("礼仪类别名称。")
    rules: tuple[str, ...] = doc("具体规范，逐条列出。")


@dataclass(frozen=True, kw_only=True)
class OfficeRule(Entity):
    """An office rule (职场制度), e.g. 参会制度."""

    id: str = doc("制度 id。")
    title: str = doc("制度名称。")
    purpose: str | None = doc("制度目的（可选）。", default=None)
    items: tuple[str, ...] = doc("制度条款，逐条列出。")


@dataclass(frozen=True, kw_only=True)
class CultureItem(Entity):
    """A corporate-culture item (企业文化核心、使命……) or an office board (职场布置)."""

    id: str = doc("条目 id。")
    title: str = doc("名称。")
    content: tuple[str, ...] = doc("内容，逐条列出。")


@dataclass(frozen=True, kw_only=True)
class Culture(Located):
    """``data/culture.yaml``: office culture — boards, etiquette, rules and corporate culture."""

    boards: tuple[CultureItem, ...] = doc("职场布置的板块。")
    etiquette: tuple[EtiquetteArea, ...] = doc("礼仪规范。")
    rules: tuple[OfficeRule, ...] = doc("职场制度。")
    corporate: tuple[CultureItem, ...] = doc("企业文化。")


# ------------------------------------------------------------------- rollout


@dataclass(frozen=True, kw_only=True)
class Principle(Located):
    """One rollout principle (推广实施要求)."""

    title: str = doc("要求名称，如“统一规划，稳步推进”。")
    content: tuple[str, ...] = doc("具体内容。")


@dataclass(frozen=True, kw_only=True)
class PhaseModule(Located):
    """One module of a system that a phase rolls out (分模块分步骤实施)."""

    system: str = doc("系统 id（必须是本阶段 systems 中的一个）。", ref="system")
    module: str = doc("模块名称（必须是该系统 modules 中的某个 title）。")


@dataclass(frozen=True, kw_only=True)
class Phase(Entity):
    """A phase of the rollout plan."""

    id: str = doc("阶段 id。")
    title: str = doc("阶段名称。")
    start: date = doc("开始日期（YYYY-MM-DD）。", example="2027-02-01")
    due: date = doc("完成期限（YYYY-MM-DD）：到这一天还没完成的支公司标为“逾期”。", example="2027-03-15")
    systems: tuple[str, ...] = doc("本阶段推行的系统 id。", ref="system", default=())
    modules: tuple[PhaseModule, ...] = doc("本阶段推行的模块（可选；不写表示整个系统）。", default=())
    groups: tuple[str, ...] = doc("本阶段组建的功能组 id。", ref="group", default=())
    introduces: tuple[str, ...] = doc(
        "本阶段新推行的会议或流程 id（可选）：各支公司在本阶段开始前不应安排它们。",
        ref=("meeting", "workflow"),
        default=(),
    )
    description: str = doc("本阶段做什么。")
    done_when: tuple[str, ...] = doc(
        "完成标准：总部据此核对一个支公司是否已完成本阶段，逐条列出。", default=()
    )


AdoptionState = Literal["planned", "in_progress", "done"]
"""How far a branch has got with a phase."""

ADOPTION_STATES: dict[str, str] = {"planned": "计划中", "in_progress": "进行中", "done": "已完成"}
"""Adoption state → Chinese label, in order."""

LATE_TITLE = "逾期"
"""Label of a phase past its due date (as of ``status_date``) that a branch has not done."""


@dataclass(frozen=True, kw_only=True)
class AdoptionStatus(Located):
    """Where one branch stands with one phase (推进情况), as reported to HQ."""

    branch: str = doc("支公司 id。", ref="branch")
    phase: str = doc("阶段 id。", ref="phase")
    state: AdoptionState = doc("状态：planned（计划中）、in_progress（进行中）、done（已完成）。")
    date: date = doc("达到该状态（或上报）的日期（YYYY-MM-DD）。")
    note: str | None = doc("说明（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class Rollout(Located):
    """``data/rollout.yaml``: how the standard is rolled out (推广实施)."""

    principles: tuple[Principle, ...] = doc("推广实施要求。")
    phases: tuple[Phase, ...] = doc("实施阶段，按先后顺序。")
    status_date: date = doc(
        "状态截至日期（YYYY-MM-DD）：推进情况按这一天判断（过了完成期限而未完成即为逾期）。",
        example="2027-03-20",
    )
    status: tuple[AdoptionStatus, ...] = doc(
        "各支公司的推进情况：每个支公司每个阶段最多一条；没写的算“计划中”。", default=()
    )
    closing: str = doc("结语。")


# ---------------------------------------------------------------- onboarding

OnboardingAction = Literal["读", "做", "read", "do"]
"""What a newcomer does with an item: 读 (read it) or 做 (do it once); ``read``/``do`` also accepted."""

ONBOARDING_STAGES: dict[str, str] = {
    "first_day": "第一天",
    "first_week": "第一周",
    "first_month": "第一个月",
}
"""The stages of an onboarding path, in order: field name → Chinese heading."""


@dataclass(frozen=True, kw_only=True)
class OnboardingItem(Located):
    """One thing on an onboarding path: a handbook entry to read, or to do once."""

    target: str = doc(
        "手册中任何一项的 id（角色、流程、会议、功能组、指标、预警、表单、术语、礼仪、制度、实施阶段……）。",
        ref="*",
        example="morning-meeting",
    )
    action: OnboardingAction = doc("读（读懂这一项）或 做（照着做一次）；也可写 read、do。", default="读")
    title: str | None = doc("显示的名称（可选，默认为该项在手册中的名称）。", default=None)
    note: str | None = doc("给新人的提示（可选），如“跟主管去听一次”。", default=None)


@dataclass(frozen=True, kw_only=True)
class OnboardingPath(Located):
    """``data/onboarding/<role-id>.yaml``: what a newcomer in a role reads and does first.

    The file name is the role's id. Each stage lists its items in reading order; a stage may be
    empty (it is then left off the page), but the path as a whole needs at least one item."""

    first_day: tuple[OnboardingItem, ...] = doc(
        "第一天要读、要做的事（新人：入职第一天；其他岗位：晋升或到任后的第一天），按顺序（可选）。",
        default=(),
    )
    first_week: tuple[OnboardingItem, ...] = doc("第一周要读、要做的事，按顺序（可选）。", default=())
    first_month: tuple[OnboardingItem, ...] = doc("第一个月要读、要做的事，按顺序（可选）。", default=())
    note: str | None = doc("页面开头给新人的说明（可选）。", default=None)
    assumption: str | None = doc(
        "若这条路径并非来自原始资料，而是编辑建议的，在此说明（页面上标注“补充假设”）。", default=None
    )


# ------------------------------------------------------------------ playbook


@dataclass(frozen=True, kw_only=True)
class Benefits(Located):
    """Short- and long-term benefits (意义)."""

    short_term: tuple[str, ...] = doc("短期利益。")
    long_term: tuple[str, ...] = doc("长期利益。")


@dataclass(frozen=True, kw_only=True)
class PastRelease(Located):
    """An earlier release of the playbook, for its release notes."""

    version: str = doc("版本号，如“1.0”。")
    released: date = doc("发布日期。")
    git: str = doc("该版本 data/ 所在的 git 版本（标签或提交），如 v1.0；用于生成版本说明。")
    note: str | None = doc("说明（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class Meta(Located):
    """``data/playbook.yaml``: title, version and the why/what of the operating system."""

    title: str = doc("手册标题。")
    subtitle: str | None = doc("副标题（可选）。", default=None)
    organisation: str = doc("发布机构，如“中支营销部”。")
    version: str = doc("版本号，如“1.0”。")
    released: date = doc("发布日期（YYYY-MM-DD），也用作生成网站的时间戳。")
    definition: str = doc("体系的定义。")
    ultimate_goal: str = doc("终极目标，如“人力与业绩”。")
    problems: tuple[str, ...] = doc("目前存在的问题。")
    purposes: tuple[str, ...] = doc("建立体系的目的。")
    benefits: Benefits = doc("意义：短期利益与长期利益。")
    approach: tuple[str, ...] = doc("建立体系的思路，按步骤。")
    vision: tuple[str, ...] = doc("我们的未来。")
    entry_roles: tuple[str, ...] = doc("首页“我是……”入口对应的角色 id，按显示顺序。", ref="role")
    newcomer_role: str | None = doc(
        "首页“我是新人”入口对应的角色 id（可选）：链接到该角色的入门路径（data/onboarding/ 中有该角色时），"
        "否则链接到角色页。",
        ref="role",
        default=None,
        example="new-agent",
    )
    history: tuple[PastRelease, ...] = doc(
        "以前发布过的版本，由旧到新（可选）；每次发布新版时，把当前版本移到这里并写上 git 标签。", default=()
    )
    groups_purpose: str | None = doc(
        "功能组的总体目的和作用（功能组总览页开头的说明）（可选）。", default=None
    )
    group_workflows: tuple[str, ...] = doc(
        "各功能组通用的组建流程、运作流程的 id（在功能组总览页列出）（可选）。", ref="workflow", default=()
    )
    uid_domain: str | None = doc(
        "日历 UID 的域名：每个日历事件的 UID 都以 @ 加这个域名结尾，订阅者的日历软件据此认出同一个事件。"
        "写一次，之后不要再改（网站换地址也不改）；已经发布过日历的，写当时网站地址（site_url）的主机名。",
        default=None,
        example="handbook.example.com",
    )


# ----------------------------------------------------------------- calendars

Weekday = Literal["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
WEEKDAYS: tuple[str, ...] = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
"""Weekday names as editors write them, Monday first (index = ``date.weekday()``)."""

EventCategory = Literal["meeting", "recruiting", "training", "sales", "hq"]
CATEGORY_TITLES: dict[str, str] = {
    "meeting": "经营会议",
    "recruiting": "增员活动",
    "training": "训练",
    "sales": "销售活动",
    "hq": "总部活动",
}
"""Chinese names of the event categories (feeds, legends, filters)."""


@dataclass(frozen=True, kw_only=True)
class Cancellation(Located):
    """One occurrence of a recurring meeting that does not take place."""

    date: date = doc("取消的那一次的日期（必须是该安排本来会举行的日期）。")
    reason: str | None = doc("原因（可选），会显示在行事历和日历中。", default=None)


@dataclass(frozen=True, kw_only=True)
class Move(Located):
    """One occurrence of a recurring meeting moved to another day or time."""

    date: date = doc("原定日期（必须是该安排本来会举行的日期）。")
    to: _dt.date = doc("改到哪一天。")
    start: time | None = doc("新的开始时间（可选，默认不变）。", default=None)
    end: time | None = doc("新的结束时间（可选，默认不变）。", default=None)
    place: str | None = doc("新的地点（可选，默认不变）。", default=None)
    reason: str | None = doc("原因（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class Change(Located):
    """From a date on, a recurring meeting runs at another time or place."""

    since: date = doc("从哪一天起生效。")
    start: time | None = doc("新的开始时间（可选）。", default=None)
    end: time | None = doc("新的结束时间（可选）。", default=None)
    place: str | None = doc("新的地点（可选）。", default=None)
    reason: str | None = doc("原因（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class Schedule(Located):
    """A recurring meeting at a branch (例会安排)."""

    id: str = doc("安排 id，在本支公司内唯一（用于日历 UID），如 morning-meeting。")
    meeting: str = doc("对应的会议 id。", ref="meeting")
    repeat: Literal["workdays", "weekly", "monthly"] = doc(
        "重复方式：workdays（每个工作日，节假日不开、调休上班日照开）、weekly（每周 days 中的几天）、"
        "monthly（每月第 week 个 days 中的那一天）。weekly 和 monthly 遇法定节假日也不开。"
    )
    days: tuple[Weekday, ...] = doc("星期几（weekly、monthly 用），如 [周一]。", default=())
    week: int | None = doc("每月第几个（monthly 用，1–4，或 -1 表示最后一个）。", default=None)
    start: time = doc("开始时间（HH:MM）。")
    end: time = doc("结束时间（HH:MM）。")
    place: str = doc("地点。")
    attendees: tuple[str, ...] = doc(
        "参加的角色或功能组 id（可选，默认取会议的参会人）。", ref=("role", "group"), default=()
    )
    starts: date | None = doc("从哪天开始（可选，默认本支公司行事历的开始日期）。", default=None)
    until: date | None = doc("到哪天结束（可选，默认本支公司行事历的结束日期）。", default=None)
    cancelled: tuple[Cancellation, ...] = doc("取消的场次（可选）。", default=())
    moved: tuple[Move, ...] = doc("改期的场次（可选）。", default=())
    changes: tuple[Change, ...] = doc("从某天起改时间或地点（可选）。", default=())
    note: str | None = doc("说明（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class MorningSlot(Located):
    """The default morning-meeting topic for one weekday (早会行事历的每周模板)."""

    day: Weekday = doc("星期几。")
    since: date | None = doc(
        "从哪天起用这条模板（可选）：同一个星期几可以写几条，每天用 since 最晚、已经开始的那条。",
        default=None,
    )
    topic: str = doc("早会主题。")
    host: str | None = doc("主持人（岗位、功能组或姓名，可选）。", default=None)
    content: str | None = doc("主要内容（可选）。", default=None)


ConformanceCheck = Literal["frequency", "days", "duration", "attendees", "group", "phase"]
"""The kinds of deviation from the standard (:mod:`generator.calendar.conformance`)."""

CONFORMANCE_CHECKS: dict[str, str] = {
    "frequency": "频率",
    "days": "举行的日子",
    "duration": "时长",
    "attendees": "参会人员",
    "group": "功能组尚未组建",
    "phase": "推广阶段尚未开始",
}


@dataclass(frozen=True, kw_only=True)
class ApprovedException(Located):
    """A deviation from the standard that HQ has approved for one branch: it is listed on the
    执行对照 page and no longer reported."""

    standard: str = doc(
        "哪一项标准：会议 id（频率、日子、时长、参会人员），功能组 id（尚未组建），或会议、流程 id（推广阶段）。",
        ref=("meeting", "group", "workflow"),
    )
    check: ConformanceCheck | None = doc(
        "哪一类偏离（可选，不写表示这项标准的所有偏离）：frequency（频率）、days（举行的日子）、duration（时长）、"
        "attendees（参会人员）、group（功能组尚未组建）、phase（推广阶段尚未开始）。",
        default=None,
    )
    reason: str = doc("批准的理由。")
    approved: date = doc("批准日期（YYYY-MM-DD）。")
    approved_by: str = doc("批准人或部门，如“中支营销部”。")


@dataclass(frozen=True, kw_only=True)
class Branch(Entity):
    """A branch office (支公司) with its meeting schedules. One file per branch in ``data/branches/``."""

    id: str = doc("支公司 id（即文件名）。")
    title: str = doc("支公司名称。")
    sample: bool = doc("是否为示例数据（页面上会标明“示例”）。", default=False)
    address: str = doc("地址。")
    timezone: str = doc("时区（IANA 名称），默认 Asia/Shanghai。", default="Asia/Shanghai")
    calendar_start: date = doc("行事历从哪天开始（一般为某月 1 日）。")
    calendar_end: date = doc("行事历到哪天结束（一般为某月最后一天）。")
    schedules: tuple[Schedule, ...] = doc("例会安排。")
    morning_pattern: tuple[MorningSlot, ...] = doc("早会行事历的每周模板：每个工作日的默认主题。", default=())
    exceptions: tuple[ApprovedException, ...] = doc(
        "总部批准本支公司不按标准执行的地方（可选）：每条写明哪项标准、理由、批准日期和批准人。", default=()
    )


@dataclass(frozen=True, kw_only=True)
class CalendarEvent(Located):
    """A one-off event in a branch's month (创说会、培训、销售活动……)."""

    id: str = doc("活动 id，在本支公司内唯一（用于日历 UID）。")
    title: str = doc("活动名称。")
    category: EventCategory = doc("类别：meeting、recruiting、training、sales、hq。")
    date: date = doc("日期。")
    start: time | None = doc("开始时间（可选；不填为全天活动）。", default=None)
    end: time | None = doc("结束时间（填了开始时间就必须填）。", default=None)
    place: str | None = doc("地点（可选）。", default=None)
    attendees: tuple[str, ...] = doc("参加的角色或功能组 id（可选）。", ref=("role", "group"), default=())
    link: str = doc("对应的手册页面：会议、流程、功能组等的 id（如创说会写 career-presentation）。", ref="*")
    description: str | None = doc("说明（可选）。", default=None)
    cancelled: bool = doc("是否已取消（取消的活动仍保留在日历中，标为“已取消”）。", default=False)
    reason: str | None = doc("取消或变更的原因（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class MorningDay(Located):
    """One day of the month's morning-meeting calendar, overriding the weekly pattern."""

    date: date = doc("日期。")
    topic: str = doc("早会主题。")
    host: str | None = doc("主持人（可选）。", default=None)
    content: str | None = doc("主要内容（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class MonthCalendar(Located):
    """``data/calendars/<branch>/<YYYY-MM>.yaml``: one month of a branch's 行事历."""

    events: tuple[CalendarEvent, ...] = doc("本月的活动。", default=())
    morning: tuple[MorningDay, ...] = doc("本月早会行事历中与每周模板不同的日子。", default=())
    note: str | None = doc("本月说明（可选）。", default=None)


@dataclass(frozen=True, kw_only=True)
class DayOff(Located):
    """A holiday period in the official arrangement (放假)."""

    name: str = doc("节日名称，如“春节”。")
    start: date = doc("放假第一天。")
    end: date = doc("放假最后一天（含）。")


@dataclass(frozen=True, kw_only=True)
class MakeUpDay(Located):
    """A weekend day that is a working day (调休上班)."""

    date: date = doc("调休上班的日期（周六或周日）。")
    name: str = doc("因哪个节日调休，如“春节”。")


@dataclass(frozen=True, kw_only=True)
class HolidayArrangement(Located):
    """``data/holidays/<YYYY>.yaml``: a year's official holiday arrangement (国务院办公厅通知).

    When present it replaces what the ``holidays`` package knows about that year."""

    source: str = doc("出处，如“国务院办公厅关于2027年部分节假日安排的通知”。")
    published: date = doc("通知发布日期。")
    days_off: tuple[DayOff, ...] = doc("放假安排：每个节日放假的起止日期。")
    workdays: tuple[MakeUpDay, ...] = doc("调休上班的周末日期。", default=())


# ------------------------------------------------------------------ the whole


_E = TypeVar("_E")


@dataclass(frozen=True)
class Playbook:
    """Everything in ``data/``, validated and cross-checked.

    Entities are kept by class (:attr:`entities`, one tuple per kind of
    :mod:`generator.model.kinds`, in reading order); :meth:`of` and the properties (``roles``,
    ``systems`` …) read them, :meth:`get` finds one by id with its type checked."""

    meta: Meta
    culture: Culture
    rollout: Rollout
    entities: dict[type, tuple[Any, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Every entity by class, in the order the loader settled (by ``order``, then id …)."""
    months: dict[tuple[str, str], MonthCalendar] = field(default_factory=dict, compare=False, repr=False)
    """Month calendars by (branch id, ``YYYY-MM``)."""
    holidays: dict[int, HolidayArrangement] = field(default_factory=dict, compare=False, repr=False)
    """Official holiday arrangements given in ``data/holidays/``, by year."""
    onboarding: dict[str, OnboardingPath] = field(default_factory=dict, compare=False, repr=False)
    """Onboarding paths given in ``data/onboarding/``, by role id."""
    by_id: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Every entity with an id, by id."""

    def of(self, cls: type[_E]) -> tuple[_E, ...]:
        """Every entity of class ``cls``."""
        return self.entities.get(cls, ())

    def get(self, entity_id: str, cls: type[_E]) -> _E:
        """The entity with ``entity_id``, which must be a ``cls`` (references are checked on
        loading, so a wrong kind here is a bug, not a data problem)."""
        entity = self.by_id[entity_id]
        if not isinstance(entity, cls):
            raise TypeError(f"{entity_id!r} is a {type(entity).__name__}, not a {cls.__name__}")
        return entity

    def entity(self, entity_id: str) -> Any:
        """The entity with ``entity_id``, whatever its kind (a link to ``ref="*"``)."""
        return self.by_id[entity_id]

    def role_or_group(self, entity_id: str) -> Role | Group:
        """A lane, owner or attendee: a role or a functional group."""
        entity = self.by_id[entity_id]
        if not isinstance(entity, Role | Group):
            raise TypeError(f"{entity_id!r} is a {type(entity).__name__}, not a role or group")
        return entity

    @property
    def roles(self) -> tuple[Role, ...]:
        return self.of(Role)

    @property
    def systems(self) -> tuple[System, ...]:
        return self.of(System)

    @property
    def workflows(self) -> tuple[Workflow, ...]:
        return self.of(Workflow)

    @property
    def groups(self) -> tuple[Group, ...]:
        return self.of(Group)

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        return self.of(Meeting)

    @property
    def kpis(self) -> tuple[Kpi, ...]:
        return self.of(Kpi)

    @property
    def warning_categories(self) -> tuple[WarningCategory, ...]:
        return self.of(WarningCategory)

    @property
    def warnings(self) -> tuple[TrackingWarning, ...]:
        return self.of(TrackingWarning)

    @property
    def forms(self) -> tuple[Form, ...]:
        return self.of(Form)

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.of(Term)

    @property
    def branches(self) -> tuple[Branch, ...]:
        return self.of(Branch)


@dataclass(frozen=True)
class Version:
    """One release and its data (None if its git revision could not be read)."""

    version: str
    released: date
    playbook: Playbook | None
    problem: str | None = None


@dataclass(frozen=True, eq=False)
class Revision:
    """One committed version of ``data/``: when it was committed, and what it held — given, or
    read when first asked for (:meth:`version`)."""

    time: _dt.datetime
    """The commit's time (UTC)."""
    playbook: Playbook | None = None
    commit: str = ""
    """The commit's hash (empty when not known)."""
    read: Callable[[], Playbook | None] | None = field(default=None, repr=False)
    """Reads the version's data; None when it cannot be read (a commit whose data is broken)."""

    def version(self) -> Playbook | None:
        """The version's data (read again at each call: a long history is not kept in memory),
        or None if it could not be read."""
        if self.playbook is not None or self.read is None:
            return self.playbook
        return self.read()
