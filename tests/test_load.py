"""Loading and validating ``data/``: every user error is reported with its exact text and place.

Each test starts from a copy of the valid mini playbook (``tests/fixtures/mini``) and changes one
thing; the expected lines are the full ``file:line:col  key.path  message`` of each problem.
"""

from __future__ import annotations

import itertools
import time
from datetime import date
from pathlib import Path

import pytest

from generator import model as m
from generator.model.errors import DataError, Problem
from generator.site import load_playbook

ROLE_KEYS = "title、aliases、order、positioning、duties、reports_to、daily_model、note、assumption"
ID_RULE = "id 只能由小写英文字母、数字和单个连字符组成"
ID_BANS = "不能有空格、大写、“/”或“..”"
SYNTAX_HINT = "请检查缩进、冒号和引号"
TAG_HINT = "请去掉标签，只写普通的文本、数字、列表或键值对"
NO_ALIASES = "请把内容直接写出来，不要用 & 和 * 引用"
RESAVE = "请在编辑器中以 UTF-8 编码重新保存"


# ------------------------------------------------------------------ the fixture itself


def test_mini_fixture_is_valid_and_complete(mini):
    p = mini.load()
    assert [r.id for r in p.roles] == ["branch-manager", "supervisor", "agent"]
    assert [s.id for s in p.systems] == ["daily-management", "tracking-supervision"]
    # Workflows sort by system, then by module position within the system.
    assert [w.id for w in p.workflows] == ["activity-management", "plan-setting"]
    assert [g.id for g in p.groups] == ["morning-meeting-group"]
    assert [m.id for m in p.meetings] == ["morning-meeting", "weekly-review"]
    assert [b.id for b in p.branches] == ["sample-branch"]
    assert sorted(p.months) == [("sample-branch", "2027-01"), ("sample-branch", "2027-02")]
    assert sorted(p.holidays) == [2027]
    assert [k.id for k in p.kpis] == ["attendance-rate", "task-achievement-rate"]
    assert [w.id for w in p.warnings] == ["warn-maintenance", "warn-inactive"]
    assert [f.id for f in p.forms] == ["stage-plan", "work-log", "morning-meeting-calendar"]
    assert [t.id for t in p.terms] == ["term-531", "term-active"]  # by pinyin
    assert p.meta.released == date(2027, 1, 15)
    assert p.meta.entry_roles == ("agent", "supervisor", "branch-manager")
    assert {s.phase for s in p.get("activity-management", m.Workflow).steps} == {"每日", "每周"}
    assert sum(item.minutes for item in p.get("morning-meeting", m.Meeting).agenda) == 45
    assert p.get("agent", m.Role).src.file == "data/roles/agent.yaml"


def test_the_fixture_folder_is_loaded_as_is():
    """Golden tests read the fixture in place, so the repository's copy itself must be valid."""
    fixture = Path(__file__).parent / "fixtures" / "mini" / "data"
    assert load_playbook(fixture, shown_root=fixture.parent).meta.title == "营销职场运作体系"


# -------------------------------------------------------------- keys and field types


def test_unknown_key_suggests_the_closest_one(mini):
    mini.replace("roles/agent.yaml", "title: 营销员", "titel: 营销员")
    assert mini.problems() == [
        f'data/roles/agent.yaml:2:1  titel  未知的键 "titel"，是不是 "title"？（可用的键：{ROLE_KEYS}）',
        "data/roles/agent.yaml:2:1  title  缺少必填字段 title（角色名称，如“营销员”）；"
        "请补上，如 title: 营销员",
    ]


def test_unknown_key_without_a_close_match(mini):
    mini.replace("roles/agent.yaml", "order: 3", "order: 3\n职级: 营销员")
    assert mini.problems() == [
        f'data/roles/agent.yaml:7:1  职级  未知的键 "职级"（可用的键：{ROLE_KEYS}）',
    ]


def test_unknown_key_in_a_nested_mapping(mini):
    mini.replace("workflows/plan-setting.yaml", "分析现状\n    owner:", "分析现状\n    ower:")
    assert mini.problems() == [
        # A missing key is reported where its mapping starts: at the step's first key.
        "data/workflows/plan-setting.yaml:13:5  steps[2].owner  缺少必填字段 owner"
        "（负责该步骤的泳道（角色或功能组）id，必须是本流程 lanes 中的一项）；请补上",
        'data/workflows/plan-setting.yaml:14:5  steps[2].ower  未知的键 "ower"，是不是 "owner"？'
        "（可用的键：title、owner、phase、detail、substeps、outputs、parallel、note、assumption）",
    ]


def test_missing_required_fields(mini):
    mini.replace("roles/agent.yaml", "positioning: 职场的一线销售人员，", "note: 职场的一线销售人员，")
    mini.replace("kpis.yaml", "    formula: 实际达成 ÷ 计划目标 × 100%\n", "")
    assert mini.problems() == [
        "data/kpis.yaml:13:5  kpis[2].formula  缺少必填字段 formula（计算公式）；请补上",
        "data/roles/agent.yaml:2:1  positioning  缺少必填字段 positioning"
        "（角色定位：一句话说明这个角色在职场中是做什么的）；请补上",
    ]


def test_empty_values(mini):
    mini.replace("roles/agent.yaml", "title: 营销员", "title:")
    mini.replace("roles/agent.yaml", "positioning: 职场", 'note: "  "\npositioning: 职场')
    mini.replace("roles/agent.yaml", "  - 制定个人下阶段计划\n", "  - 制定个人下阶段计划\n  -\n")
    assert mini.problems() == [
        "data/roles/agent.yaml:2:7  title  不能为空；请填写内容",
        "data/roles/agent.yaml:7:7  note  不能为空；请填写内容",
        "data/roles/agent.yaml:11:4  duties[2]  列表项不能为空；请填写内容，或删除这一项",
    ]


def test_empty_optional_field_is_left_out(mini):
    mini.replace("roles/agent.yaml", "reports_to: supervisor", "reports_to:")
    assert mini.load().get("agent", m.Role).reports_to is None


def test_list_where_text_is_expected(mini):
    mini.replace("roles/agent.yaml", "title: 营销员", "title:\n  - 营销员\n  - 业务员")
    assert mini.problems() == ["data/roles/agent.yaml:3:3  title  应为文本，实际是 列表"]


def test_text_where_an_integer_is_expected(mini):
    mini.replace("roles/agent.yaml", "order: 3", "order: 第三")
    mini.replace("meetings/morning-meeting.yaml", "minutes: 20", "minutes: 二十")
    mini.replace("roles/agent.yaml", "    - count: 3", '    - count: "3"')
    assert mini.problems() == [
        'data/meetings/morning-meeting.yaml:32:14  agenda[3].minutes  应为整数，实际是 "二十"',
        'data/roles/agent.yaml:6:8  order  应为整数，实际是 "第三"',
        "data/roles/agent.yaml:18:14  daily_model.items[2].count  "
        '应为整数，实际是加了引号的文本 "3"；请去掉引号',
    ]


def test_text_where_a_list_or_mapping_or_boolean_is_expected(mini):
    mini.replace("workflows/activity-management.yaml", "lanes:\n  - agent\n  - supervisor", "lanes: agent")
    mini.replace("roles/branch-manager.yaml", "order: 1", "order: 1\ndaily_model: 111工作模式")
    mini.replace("workflows/plan-setting.yaml", "parallel: true", "parallel: 是")
    assert mini.problems() == [
        'data/roles/branch-manager.yaml:4:14  daily_model  应为键值对（如“name: ……”），实际是 "111工作模式"',
        'data/workflows/activity-management.yaml:6:8  lanes  应为列表（每项以“- ”开头），实际是 "agent"',
        'data/workflows/plan-setting.yaml:28:15  steps[6].parallel  应为 true 或 false，实际是 "是"',
    ]


def test_invalid_choice(mini):
    mini.replace("meetings/morning-meeting.yaml", "category: meeting", "category: 会议")
    assert mini.problems() == [
        'data/meetings/morning-meeting.yaml:6:11  category  无效的取值 "会议"'
        "（可选：meeting、recruiting、training）",
    ]


def test_duplicate_key_in_one_mapping(mini):
    mini.replace("roles/agent.yaml", "order: 3", "order: 3\norder: 4")
    mini.replace(
        "systems/daily-management.yaml", "- title: 会议经营\n", "- title: 会议经营\n    title: 会议\n"
    )
    assert mini.problems() == [
        'data/roles/agent.yaml:7:1  order  重复的键 "order"；同一层级每个键只能出现一次',
        'data/systems/daily-management.yaml:14:5  modules[2].title  重复的键 "title"；'
        "同一层级每个键只能出现一次",
    ]


# --------------------------------------------------------------------------- ids


def test_catalog_id_equal_to_a_role_file_name(mini):
    mini.replace("kpis.yaml", "  - id: task-achievement-rate", "  - id: agent")
    assert mini.problems() == [
        'data/kpis.yaml:13:9  kpis[2].id  重复的 id "agent"：已在 data/roles/agent.yaml 定义为角色；'
        "整个手册中 id 必须唯一，请换一个",
    ]


def test_same_id_in_two_catalogs(mini):
    mini.replace("glossary.yaml", "  - id: term-531", "  - id: work-log")
    assert mini.problems() == [
        'data/glossary.yaml:9:9  terms[2].id  重复的 id "work-log"：已在 data/forms.yaml:15:9 定义为表单；'
        "整个手册中 id 必须唯一，请换一个",
    ]


def test_same_file_name_in_two_folders(mini):
    mini.write("groups/agent.yaml", mini.read("groups/morning-meeting-group.yaml"))
    assert mini.problems() == [
        'data/roles/agent.yaml  重复的 id "agent"：已在 data/groups/agent.yaml 定义为功能组；'
        "整个手册中 id 必须唯一，请换一个文件名",
    ]


@pytest.mark.parametrize(
    ("bad_id", "suggested"),
    [
        ("attendance rate", "attendance-rate"),
        ("Attendance-Rate", "attendance-rate"),
        ("kpis/attendance-rate", "kpis-attendance-rate"),
        ("../attendance-rate", "attendance-rate"),
        ("attendance--rate", "attendance-rate"),
    ],
)
def test_invalid_catalog_id(mini, bad_id, suggested):
    mini.replace("kpis.yaml", "  - id: attendance-rate", f'  - id: "{bad_id}"')
    assert mini.problems() == [
        f'data/kpis.yaml:3:9  kpis[1].id  无效的 id "{bad_id}"：{ID_RULE}（如 "{suggested}"），{ID_BANS}',
    ]


@pytest.mark.parametrize(
    ("file_name", "stem", "suggested"),
    [
        ("sales manager.yaml", "sales manager", "sales-manager"),
        ("Trainer.yaml", "Trainer", "trainer"),
        ("team..lead.yaml", "team..lead", "team-lead"),
        ("营销员.yaml", "营销员", "my-id"),
    ],
)
def test_invalid_file_name_id(mini, file_name, stem, suggested):
    mini.write(f"roles/{file_name}", mini.read("roles/agent.yaml"))
    assert mini.problems() == [
        f'data/roles/{file_name}  文件名即 id；无效的 id "{stem}"：{ID_RULE}（如 "{suggested}"），{ID_BANS}',
    ]


def test_id_key_in_a_one_per_file_kind(mini):
    mini.replace("roles/agent.yaml", "title: 营销员", "id: sales-agent\ntitle: 营销员")
    mini.replace("workflows/plan-setting.yaml", "title: 计划目标制定", "title: 计划目标制定\nid: plan")
    assert mini.problems() == [
        'data/roles/agent.yaml:2:1  id  不需要写 id：id 就是文件名（"agent"）；请删除这一行',
        'data/workflows/plan-setting.yaml:3:1  id  不需要写 id：id 就是文件名（"plan-setting"）；'
        "请删除这一行",
    ]


# -------------------------------------------------------------------- references


def test_unknown_role(mini):
    mini.replace("roles/agent.yaml", "reports_to: supervisor", "reports_to: supervisr")
    assert mini.problems() == [
        'data/roles/agent.yaml:12:13  reports_to  未知角色 "supervisr"，是不是 "supervisor"？'
        "（可选：agent、branch-manager、supervisor）",
    ]


def test_unknown_system(mini):
    mini.replace("kpis.yaml", "system: daily-management", "system: daily-managment")
    assert mini.problems() == [
        'data/kpis.yaml:5:13  kpis[1].system  未知系统 "daily-managment"，是不是 "daily-management"？'
        "（可选：daily-management、tracking-supervision）",
    ]


def test_id_of_the_wrong_kind(mini):
    mini.replace("groups/morning-meeting-group.yaml", "system: daily-management", "system: supervisor")
    assert mini.problems() == [
        'data/groups/morning-meeting-group.yaml:4:9  system  未知系统 "supervisor"（它是角色），'
        '是不是 "tracking-supervision"？（可选：daily-management、tracking-supervision）',
    ]


def test_unknown_workflow(mini):
    mini.replace("groups/morning-meeting-group.yaml", "order: 1", "order: 1\nworkflow: group-operation")
    assert mini.problems() == [
        'data/groups/morning-meeting-group.yaml:4:11  workflow  未知流程 "group-operation"'
        "（可选：activity-management、plan-setting）",
    ]


def test_unknown_form(mini):
    third_step = "编制职场阶段计划\n    owner: branch-manager\n    outputs:\n      - stage-plan"
    mini.replace("workflows/plan-setting.yaml", third_step, third_step + "s")
    assert mini.problems() == [
        'data/workflows/plan-setting.yaml:19:9  steps[3].outputs[1]  未知表单 "stage-plans"，'
        '是不是 "stage-plan"？（可选：morning-meeting-calendar、stage-plan、work-log）',
    ]


def test_unknown_kpi_in_a_see_also_list(mini):
    """Glossary ``see`` may name any entity (a kpi here); an unknown one gets the closest id as hint."""
    mini.replace("glossary.yaml", "      - warn-inactive", "      - attendence-rate")
    assert mini.problems() == [
        'data/glossary.yaml:8:9  terms[1].see[1]  未知的 id "attendence-rate"，是不是 "attendance-rate"？'
        "（这里可以写手册中任何一项的 id）",
    ]


def test_unknown_lane(mini):
    mini.replace("workflows/activity-management.yaml", "lanes:\n  - agent", "lanes:\n  - agents")
    assert mini.problems() == [
        'data/workflows/activity-management.yaml:7:5  lanes[1]  未知角色或功能组 "agents"，是不是 "agent"？'
        "（可选：agent、branch-manager、morning-meeting-group、supervisor）",
    ]


# ------------------------------------------------------------ cross checks (validate)


def test_step_owner_is_a_role_but_not_a_lane(mini):
    workflow = "workflows/activity-management.yaml"
    mini.replace(workflow, "检查批阅\n    owner: supervisor", "检查批阅\n    owner: branch-manager")
    mini.replace(workflow, "解决问题\n    owner: supervisor", "解决问题\n    owner: morning-meeting-group")
    assert mini.problems() == [
        'data/workflows/activity-management.yaml:26:12  steps[4].owner  步骤负责人 "branch-manager" '
        "不在本流程的泳道中（lanes：agent、supervisor）；请改为其中之一，或把它加入 lanes",
        'data/workflows/activity-management.yaml:43:12  continuous[1].owner  负责人 "morning-meeting-group" '
        "不在本流程的泳道中（lanes：agent、supervisor）",
    ]


def test_lane_without_steps_and_duplicate_lane(mini):
    mini.replace("workflows/plan-setting.yaml", "  - agent\nsteps:", "  - agent\n  - supervisor\nsteps:")
    mini.replace("workflows/plan-setting.yaml", "    owner: agent\n", "    owner: supervisor\n")
    assert mini.problems() == [
        'data/workflows/plan-setting.yaml:9:5  lanes[3]  泳道 "agent" 没有任何步骤；'
        "请删除该泳道，或给它分配步骤",
        'data/workflows/plan-setting.yaml:10:5  lanes[4]  泳道 "supervisor" 重复出现；每个泳道只写一次',
    ]


def test_steps_of_one_phase_must_be_adjacent(mini):
    mini.replace("workflows/activity-management.yaml", "每周\n    title: 周追踪", "每日\n    title: 周追踪")
    assert mini.problems() == [
        'data/workflows/activity-management.yaml:34:12  steps[6].phase  阶段 "每日" 的步骤不相邻；'
        "同一阶段的步骤请写在一起",
    ]


def test_first_step_cannot_be_parallel(mini):
    mini.replace("workflows/plan-setting.yaml", "研究公司计划\n", "研究公司计划\n    parallel: true\n")
    assert mini.problems() == [
        "data/workflows/plan-setting.yaml:12:15  steps[1].parallel  第一个步骤不能与“上一步”同时进行；"
        "请删除 parallel",
    ]


def test_module_must_be_one_of_the_systems_modules(mini):
    mini.replace("workflows/plan-setting.yaml", "module: 计划目标制定", "module: 计划制定")
    assert mini.problems() == [
        'data/workflows/plan-setting.yaml:4:9  module  “追踪督导系统”没有名为 "计划制定" 的模块'
        "（可选：计划目标制定、目标达成追踪）",
    ]


def test_agenda_minutes_must_add_up_to_the_duration(mini):
    mini.replace("meetings/morning-meeting.yaml", "duration_minutes: 45", "duration_minutes: 60")
    assert mini.problems() == [
        "data/meetings/morning-meeting.yaml:8:19  duration_minutes  "
        "议程合计 45 分钟，与会议时长 60 分钟不符；请调整议程时长或会议时长",
    ]


def test_group_size_range(mini):
    mini.replace("groups/morning-meeting-group.yaml", "  min: 4\n  max: 6", "  min: 8\n  max: 6")
    assert mini.problems() == [
        "data/groups/morning-meeting-group.yaml:15:3  size  人数范围不对：最少 8 人多于最多 6 人",
    ]


def test_entry_role_listed_twice(mini):
    mini.replace("playbook.yaml", "  - branch-manager\n", "  - branch-manager\n  - agent\n")
    assert mini.problems() == ['data/playbook.yaml:34:5  entry_roles[4]  角色 "agent" 重复出现']


# ------------------------------------------------------------- reading YAML safely


@pytest.mark.parametrize("content", ["", "\n\n", "# 只有注释\n", "---\n", "~\n"], ids=repr)
def test_empty_file(mini, content):
    mini.write("roles/agent.yaml", content)
    # The file name still declares the id, so references to "agent" elsewhere are not reported.
    assert mini.problems() == ["data/roles/agent.yaml  文件为空；请写入内容或删除该文件"]


def test_file_that_is_not_utf8(mini):
    mini.write("roles/agent.yaml", "# 角色：营销员\ntitle: 营销员\n".encode("gbk"))
    mini.write("roles/supervisor.yaml", "title: 主管".encode() + b"\xff\n")
    assert mini.problems() == [
        f"data/roles/agent.yaml:1:3  文件不是 UTF-8 编码（第 3 字节 0xBD 无法解码）；{RESAVE}",
        # The column counts characters, as an editor shows it, not bytes.
        f"data/roles/supervisor.yaml:1:10  文件不是 UTF-8 编码（第 14 字节 0xFF 无法解码）；{RESAVE}",
    ]


def test_utf8_byte_order_mark_is_accepted(mini):
    mini.write("roles/agent.yaml", b"\xef\xbb\xbf" + mini.read("roles/agent.yaml").encode())
    assert mini.load().get("agent", m.Role).title == "营销员"


def test_control_character(mini):
    mini.replace("roles/agent.yaml", "title: 营销员", "title: 营销员\x07")
    assert mini.problems() == [
        "data/roles/agent.yaml:2:11  文件中有不允许的控制字符 U+0007；请删除它（常见于从别处复制来的文字）",
    ]


def test_yaml_syntax_error_has_the_parser_position(mini):
    mini.replace("roles/agent.yaml", "title: 营销员", "title: 营销员: 业务员")
    mini.replace(
        "kpis.yaml",
        "    measured_roles:\n      - supervisor\n      - agent\n",
        "    measured_roles: [supervisor, agent\n",
    )
    assert mini.problems() == [
        "data/kpis.yaml:11:7  YAML 语法错误：while parsing a flow sequence；"
        f"did not find expected ',' or ']'；{SYNTAX_HINT}",
        "data/roles/agent.yaml:2:11  YAML 语法错误："
        f"mapping values are not allowed in this context；{SYNTAX_HINT}",
    ]


def test_two_documents_in_one_file(mini):
    mini.write("roles/agent.yaml", "title: 营销员\n---\ntitle: 业务员\n")
    assert mini.problems() == [
        "data/roles/agent.yaml:2:1  YAML 语法错误：expected a single document in the stream；"
        f"but found another document；{SYNTAX_HINT}",
    ]


def test_root_must_be_a_mapping(mini):
    mini.write("roles/agent.yaml", "- title: 营销员\n")
    assert mini.problems() == ["data/roles/agent.yaml:1:1  应为键值对（如“title: ……”），实际是 列表"]


def test_python_tag_is_refused_and_never_run(mini, tmp_path):
    marker = tmp_path / "pwned"
    mini.replace(
        "roles/agent.yaml", "title: 营销员", f"title: !!python/object/apply:os.system [touch {marker}]"
    )
    assert mini.problems() == [
        f"data/roles/agent.yaml:2:8  title  不支持 YAML 标签 !!python/object/apply:os.system；{TAG_HINT}",
    ]
    assert not marker.exists()


def test_python_tag_nested_deep(mini):
    mini.replace("roles/agent.yaml", "activity: 客户面谈", "activity: !!python/name:os.system 客户面谈")
    mini.replace("workflows/activity-management.yaml", "- 陪访", "- !!python/object:builtins.dict {}")
    assert mini.problems() == [
        "data/roles/agent.yaml:19:17  daily_model.items[2].activity  "
        f"不支持 YAML 标签 !!python/name:os.system；{TAG_HINT}",
        "data/workflows/activity-management.yaml:39:9  steps[6].substeps[2]  "
        f"不支持 YAML 标签 !!python/object:builtins.dict；{TAG_HINT}",
    ]


def test_python_tag_inside_an_unknown_key(mini):
    mini.replace(
        "roles/agent.yaml", "order: 3", "order: 3\nextra:\n  run: !!python/object/new:os.system [id]"
    )
    assert mini.problems() == [
        f"data/roles/agent.yaml:8:8  extra.run  不支持 YAML 标签 !!python/object/new:os.system；{TAG_HINT}",
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("!include roles.yaml", "!include"), ("!!binary aGVsbG8=", "!!binary"), ("!!set {a: null}", "!!set")],
)
def test_other_tags_are_refused(mini, value, shown):
    mini.replace("roles/agent.yaml", "title: 营销员", f"title: {value}")
    assert mini.problems() == [f"data/roles/agent.yaml:2:8  title  不支持 YAML 标签 {shown}；{TAG_HINT}"]


def test_standard_tags_are_accepted(mini):
    mini.replace("roles/agent.yaml", "order: 3", 'order: !!int "3"')
    mini.replace("roles/agent.yaml", "title: 营销员", "title: !!str 营销员")
    assert mini.load().get("agent", m.Role).order == 3


def test_anchors_and_aliases_are_refused(mini):
    mini.replace("roles/agent.yaml", "duties:\n", "duties: &duties\n")
    mini.write("roles/supervisor.yaml", "title: 主管\norder: 2\npositioning: 团队经营者\nduties: *duties\n")
    assert mini.problems() == [
        f"data/roles/agent.yaml:8:9  不支持 YAML 锚点 &duties；{NO_ALIASES}",
        f"data/roles/supervisor.yaml:4:9  不支持 YAML 别名 *duties；{NO_ALIASES}",
    ]


def test_billion_laughs_is_refused_quickly(mini):
    names = "abcdefghi"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    mini.write("roles/agent.yaml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    problems = mini.problems()
    assert time.perf_counter() - started < 2.0
    expected = []
    for line, name in enumerate(names, start=1):
        expected.append(f"data/roles/agent.yaml:{line}:4  不支持 YAML 锚点 &{name}；{NO_ALIASES}")
        if line > 1:
            prev = names[line - 2]
            cols = range(8, 8 + 9 * 3, 3)  # "b: &b [*a,*a,…": each alias takes 3 characters
            expected += [
                f"data/roles/agent.yaml:{line}:{c}  不支持 YAML 别名 *{prev}；{NO_ALIASES}" for c in cols
            ]
    assert len(expected) == 9 + 8 * 9
    assert problems == expected


# -------------------------------------------------------------------------- dates


def test_impossible_date(mini):
    mini.replace("playbook.yaml", "released: 2027-01-15", "released: 2027-02-30")
    assert mini.problems() == [
        'data/playbook.yaml:6:11  released  日期不存在："2027-02-30"；请检查月份和日期（格式 YYYY-MM-DD）',
    ]


def test_date_in_another_format(mini):
    mini.replace("playbook.yaml", "released: 2027-01-15", "released: 2027年1月15日")
    assert mini.problems() == [
        "data/playbook.yaml:6:11  released  "
        '应为日期（格式 YYYY-MM-DD，如 2027-02-01），实际是 "2027年1月15日"',
    ]


def test_quoted_date_is_accepted(mini):
    mini.replace("playbook.yaml", "released: 2027-01-15", 'released: "2027-1-5"')
    assert mini.load().meta.released == date(2027, 1, 5)


# ------------------------------------------------------------- files and folders

ALLOWED_PLACES = (
    "data/ 中只能有这些文件夹：data/systems/、data/workflows/、data/meetings/、data/groups/、data/roles/、"
    "data/branches/、data/calendars/、data/holidays/、data/onboarding/，"
    "和这些文件：data/playbook.yaml、data/kpis.yaml、data/warnings.yaml、data/forms.yaml、data/glossary.yaml、"
    "data/culture.yaml、data/rollout.yaml"
)


def test_stray_folder_next_to_the_right_one(mini):
    mini.write("workflow/recruiting-cycle.yaml", "title: 增员循环\n")
    assert mini.problems() == [
        f"data/workflow  不认识的文件或文件夹：是不是 data/workflows/？{ALLOWED_PLACES}",
    ]


def test_folder_misnamed(mini):
    (mini.data / "workflows").rename(mini.data / "workflow")
    # The workflows' ids are not known, but references to them are not reported one by one.
    assert mini.problems() == [
        f"data/workflow  不认识的文件或文件夹：是不是 data/workflows/？{ALLOWED_PLACES}",
        "data/workflows  缺少文件夹 data/workflows/",
    ]


def test_stray_files(mini):
    mini.write("kpi.yaml", "kpis: []\n")
    mini.write("notes.txt", "待办\n")
    mini.write("roles/agent.yml", "title: 营销员\n")
    mini.write("roles/old", "")
    assert mini.problems() == [
        f"data/kpi.yaml  不认识的文件或文件夹：是不是 data/kpis.yaml？{ALLOWED_PLACES}",
        f"data/notes.txt  不认识的文件或文件夹：{ALLOWED_PLACES}",
        "data/roles/agent.yml  不认识的文件或文件夹：data/roles/ 中只能放 .yaml 文件（每个文件一项）",
        "data/roles/old  不认识的文件或文件夹：data/roles/ 中只能放 .yaml 文件（每个文件一项）",
    ]


def test_hidden_backup_and_markdown_files_are_ignored(mini):
    mini.write(".DS_Store", b"\x00\x01")
    mini.write("roles/agent.yaml~", "title: [\n")
    mini.write("roles/.#agent.yaml", "title: [\n")
    mini.write("roles/README.md", "# 角色\n")
    assert [r.id for r in mini.load().roles] == ["branch-manager", "supervisor", "agent"]


def test_missing_file_and_folder(mini):
    mini.remove("forms.yaml")
    mini.remove("meetings")
    # Forms referenced elsewhere may be in the missing file: they are not reported as unknown.
    assert mini.problems() == [
        "data/forms.yaml  缺少这个文件",
        "data/meetings  缺少文件夹 data/meetings/",
    ]


def test_missing_data_folder(tmp_path):
    with pytest.raises(DataError) as info:
        load_playbook(tmp_path / "data")
    assert [p.format() for p in info.value.problems] == ["data  找不到数据文件夹"]


# --------------------------------------------- no cascades: one mistake, one message


def test_broken_role_file_does_not_make_its_id_unknown(mini):
    mini.replace("roles/supervisor.yaml", "title: 主管", "titel: 主管")
    assert mini.problems() == [
        f'data/roles/supervisor.yaml:2:1  titel  未知的键 "titel"，是不是 "title"？（可用的键：{ROLE_KEYS}）',
        "data/roles/supervisor.yaml:2:1  title  缺少必填字段 title（角色名称，如“营销员”）；"
        "请补上，如 title: 营销员",
    ]


def test_broken_catalog_entry_still_declares_its_id(mini):
    mini.replace("forms.yaml", "    when: 每个阶段开始前编制。", "    when:\n      - 每个阶段开始前")
    assert mini.problems() == ["data/forms.yaml:10:7  forms[1].when  应为文本，实际是 列表"]


def test_unreadable_catalog_does_not_make_its_ids_unknown(mini):
    mini.write("forms.yaml", "forms:\n  - id: work-log\n   title: 工作日志\n")
    mini.replace("glossary.yaml", "      - warn-inactive", "      - no-such-thing")
    assert mini.problems() == [
        "data/forms.yaml:3:4  YAML 语法错误：while parsing a block collection；"
        f"did not find expected '-' indicator；{SYNTAX_HINT}",
        # "see" may name a form, so an unknown id there cannot be told apart while forms.yaml is unreadable.
    ]


def test_catalog_refused_for_tags_does_not_make_its_ids_unknown(mini):
    mini.replace("warnings.yaml", "    title: 考核预警", "    title: !!python/object:str 考核预警")
    assert mini.problems() == [
        f"data/warnings.yaml:4:12  categories[1].title  不支持 YAML 标签 !!python/object:str；{TAG_HINT}",
    ]


# ------------------------------------------------------------ all at once, sorted


def test_problems_in_many_files_are_reported_together_and_sorted(mini):
    mini.replace("workflows/plan-setting.yaml", "owner: agent", "owner: !!python/name:os.system agent")
    mini.replace("roles/agent.yaml", "order: 3", "order: 三")
    mini.replace("playbook.yaml", "released: 2027-01-15", "released: 2027-02-30")
    mini.replace("kpis.yaml", "      - branch-manager", "      - branch-manager\n      - trainer")
    mini.replace("roles/agent.yaml", "title: 营销员", "title: 营销员\nrank: 1")
    mini.write("roles/top-performer.yaml", "")
    error = mini.error()
    lines = [
        # An empty role file still declares its id (the file name).
        'data/kpis.yaml:22:9  kpis[2].measured_roles[2]  未知角色 "trainer"'
        "（可选：agent、branch-manager、supervisor、top-performer）",
        'data/playbook.yaml:6:11  released  日期不存在："2027-02-30"；请检查月份和日期（格式 YYYY-MM-DD）',
        'data/roles/agent.yaml:3:1  rank  未知的键 "rank"（可用的键：' + ROLE_KEYS + "）",
        'data/roles/agent.yaml:7:8  order  应为整数，实际是 "三"',
        "data/roles/top-performer.yaml  文件为空；请写入内容或删除该文件",
        "data/workflows/plan-setting.yaml:27:12  steps[6].owner  "
        f"不支持 YAML 标签 !!python/name:os.system；{TAG_HINT}",
    ]
    assert [p.format() for p in error.problems] == lines
    assert str(error) == error.report() == "\n".join([*lines, "共 6 处错误，未生成任何输出。"])


def test_problem_format_and_order():
    whole_file = Problem("data/a.yaml", 0, 0, "", "文件为空")
    at_key = Problem("data/a.yaml", 3, 5, "steps[1].owner", "未知角色")
    no_key = Problem("data/a.yaml", 2, 1, "", "YAML 语法错误")
    assert whole_file.format() == "data/a.yaml  文件为空"
    assert at_key.format() == "data/a.yaml:3:5  steps[1].owner  未知角色"
    assert no_key.format() == "data/a.yaml:2:1  YAML 语法错误"
    error = DataError([at_key, no_key, whole_file, at_key])
    assert error.problems == [whole_file, no_key, at_key]
    assert error.report().splitlines()[-1] == "共 3 处错误，未生成任何输出。"


def test_duplicate_glossary_term(mini):
    mini.replace("glossary.yaml", "term: 531工作模式", "term: 实动")
    assert mini.problems() == [
        'data/glossary.yaml:10:11  terms[2].term  术语 "实动" 已在第 3 行（id "term-active"）写过；每个术语只写一次，请合并两条解释',
    ]
