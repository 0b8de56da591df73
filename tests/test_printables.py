"""Printables: the A4 sheets and their CSV templates (generator/printables.py), and check_forms.

Goldens in ``tests/goldens/printables/`` come from the mini fixture; ``make goldens`` rewrites them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from conftest import MINI, MiniPlaybook

from generator.load.checks import check_forms
from generator.render.printables import csv_text, render_printables
from generator.site import load_playbook

PAGES, FILES = render_printables(load_playbook(MINI / "data"))


def test_the_mini_playbook_has_these_printables() -> None:
    assert sorted(PAGES) == [
        "printables/checklist-agent.md",
        "printables/checklist-supervisor.md",
        "printables/form-morning-meeting-calendar.md",
        "printables/form-stage-plan.md",
        "printables/form-work-log.md",
        "printables/index.md",
        "printables/work-log-agent.md",
        "printables/work-log-supervisor.md",
    ]
    assert sorted(FILES) == [
        "printables/form-morning-meeting-calendar.csv",
        "printables/form-stage-plan.csv",
        "printables/form-work-log.csv",
        "printables/work-log-agent.csv",
        "printables/work-log-supervisor.csv",
    ]


def test_work_log_matches_its_golden(golden: Callable[[str, str], None]) -> None:
    golden("printables/work-log-agent.md", PAGES["printables/work-log-agent.md"])


def test_form_page_matches_its_golden(golden: Callable[[str, str], None]) -> None:
    golden("printables/form-work-log.md", PAGES["printables/form-work-log.md"])


def test_sheets_are_one_raw_html_block_each() -> None:
    for path, page in PAGES.items():
        if path != "printables/index.md":
            sheet = page[page.index('<div class="pb-printable') :]
            assert "\n\n" not in sheet.strip(), path  # a blank line would end the HTML block


def test_pages_link_to_their_csv_and_the_index_lists_everything() -> None:
    assert "[form-work-log.csv](form-work-log.csv)" in PAGES["printables/form-work-log.md"]
    assert "[work-log-agent.csv](work-log-agent.csv)" in PAGES["printables/work-log-agent.md"]
    index = PAGES["printables/index.md"]
    for path in PAGES:
        if path != "printables/index.md":
            assert f"]({path.removeprefix('printables/')})" in index


def test_form_csv_is_bom_crlf_and_the_columns() -> None:
    assert FILES["printables/form-work-log.csv"] == "\ufeff日期,活动量,对象,结果,批阅意见\r\n"


def test_work_log_csv_has_the_forms_columns_and_a_row_per_day() -> None:
    """The 活动量 column of the form becomes one column per activity of the daily model (numbers
    for Excel); every other column is the form's."""
    assert FILES["printables/work-log-agent.csv"] == (
        "\ufeff日期,活动量：电话约访（目标 5）,活动量：客户面谈（目标 3）,活动量：准客户资料（目标 1）,"
        "对象,结果,批阅意见\r\n"
        "周一,,,,,,\r\n周二,,,,,,\r\n周三,,,,,,\r\n周四,,,,,,\r\n周五,,,,,,\r\n周六,,,,,,\r\n"
    )


def sheet_columns(page: str) -> list[str]:
    """The column heads of a printed sheet's table (its first header row)."""
    head = page[page.index("<thead>") : page.index("</thead>")]
    first = head[head.index("<tr>") : head.index("</tr>")]
    return re.findall(r"<th[^>]*>([^<]*)</th>", first)


def activity_heads(page: str) -> list[str]:
    """The second header row: the daily model's activities under the form's 活动 column."""
    head = page[page.index("<thead>") : page.index("</thead>")]
    return re.findall(r"<th[^>]*>([^<]*)<small>([^<]*)</small></th>", head)


def test_every_work_log_sheet_has_exactly_the_columns_of_the_work_log_form() -> None:
    form = next(f for f in load_playbook(MINI / "data").forms if f.id == "work-log")
    for role in ("agent", "supervisor"):
        page = PAGES[f"printables/work-log-{role}.md"]
        assert sheet_columns(page) == list(form.columns), role
        assert page.count('<tr class="pb-row-tall"><th scope="row">周') == 6  # a row per day


def test_the_work_log_sheet_follows_the_form_when_the_form_changes(mini: MiniPlaybook) -> None:
    mini.replace("forms.yaml", "      - 结果\n", "      - 结果\n      - 进展\n")
    mini.replace("forms.yaml", "      - 活动量\n", "      - 活动（完成/目标）\n")
    pages, files = render_printables(mini.load())
    page = pages["printables/work-log-agent.md"]
    assert sheet_columns(page) == ["日期", "活动（完成/目标）", "对象", "结果", "进展", "批阅意见"]
    # the daily model is printed under the 活动… column, each activity with its target
    assert '<th colspan="3" scope="colgroup">活动（完成/目标）</th>' in page
    assert activity_heads(page) == [("电话约访", "每日 5"), ("客户面谈", "每日 3"), ("准客户资料", "每日 1")]
    assert '<th scope="row">本周合计</th><td class="pb-total">／30</td><td class="pb-total">／18</td>' in page
    assert files["printables/work-log-agent.csv"].splitlines()[0] == (
        "\ufeff日期,活动（完成/目标）：电话约访（目标 5）,活动（完成/目标）：客户面谈（目标 3）,"
        "活动（完成/目标）：准客户资料（目标 1）,对象,结果,进展,批阅意见"
    )


def test_each_work_log_is_reviewed_and_signed_by_the_roles_direct_superior() -> None:
    """营销员 → 主管, 主管 → 支公司经理 in the mini playbook (its ``reports_to``): a supervisor
    never signs their own log."""
    agent, supervisor = PAGES["printables/work-log-agent.md"], PAGES["printables/work-log-supervisor.md"]
    assert "交主管检查批阅" in agent and "<span>主管批阅签字：" in agent
    assert "交支公司经理检查批阅" in supervisor and "<span>支公司经理批阅签字：" in supervisor
    assert "主管批阅" not in supervisor and "主管签字" not in supervisor and "主管逐日" not in supervisor


def test_without_a_work_log_form_there_are_no_work_log_sheets_but_the_checklists_stay(
    mini: MiniPlaybook,
) -> None:
    mini.replace("forms.yaml", "  - id: work-log\n", "  - id: daily-log\n")
    flow = "workflows/activity-management.yaml"
    mini.write(flow, mini.read(flow).replace("- work-log\n", "- daily-log\n"))
    pages, files = render_printables(mini.load())
    assert not [p for p in [*pages, *files] if "work-log-" in p]
    assert "printables/checklist-agent.md" in pages


def test_csv_quotes_commas_quotes_and_line_breaks() -> None:
    assert csv_text([["对象,结果", '说"明"', "两\n行", "普通"]]) == (
        '\ufeff"对象,结果","说""明""","两\n行",普通\r\n'
    )


def test_a_column_with_a_comma_is_quoted_in_the_form_csv(mini: MiniPlaybook) -> None:
    mini.replace("forms.yaml", "      - 对象\n", '      - "对象(姓名,电话)"\n')
    _, files = render_printables(mini.load())
    assert files["printables/form-work-log.csv"] == '\ufeff日期,活动量,"对象(姓名,电话)",结果,批阅意见\r\n'


def test_yaml_text_is_escaped_for_markdown_and_html(mini: MiniPlaybook) -> None:
    mini.replace("roles/agent.yaml", "activity: 电话约访", 'activity: "<b>约访</b> *急* & | 1"')
    mini.replace("forms.yaml", "title: 工作日志", 'title: "工作*日志* [x](y) <i>"')
    mini.replace("forms.yaml", "      - 对象\n", '      - "<script>x</script>"\n')
    pages, _ = render_printables(mini.load())
    log = pages["printables/work-log-agent.md"]
    assert (
        '<th scope="col">&#60;b&#62;约访&#60;/b&#62; &#42;急&#42; &#38; | 1<small>每日 5</small></th>' in log
    )
    assert '<th rowspan="2" scope="col">&#60;script&#62;x&#60;/script&#62;</th>' in log
    assert "<b>" not in log
    form = pages["printables/form-work-log.md"]
    assert form.startswith("# 工作\\*日志\\* \\[x\\]\\(y\\) &lt;i>\n")
    assert '<th scope="col">&#60;script&#62;x&#60;/script&#62;</th>' in form
    assert "<script>" not in form and "<i>" not in form
    assert "| [工作\\*日志\\* \\[x\\]\\(y\\) &lt;i>](form-work-log.md) |" in pages["printables/index.md"]


def test_rendering_is_deterministic() -> None:
    assert render_printables(load_playbook(MINI / "data")) == (PAGES, FILES)


FORMS = """\
forms:
  - id: stage-plan
    title: 职场阶段计划
    system: tracking-supervision
    purpose: 把公司计划分解为职场的阶段目标、措施和责任人。
    columns: [阶段目标, 主要举措, 责任人]
  - id: work-log
    title: 工作日志
    system: daily-management
    purpose: 记录每天的活动量。
    columns: [日期, 电话约访]
  - id: morning-meeting-calendar
    title: 早会行事历
    system: daily-management
    purpose: 按日排定大早会的主题、主持人和分享人。
    filled_by:
      - morning-meeting-group
"""


def test_a_form_without_columns_is_reported_where_it_is(mini: MiniPlaybook) -> None:
    mini.write("forms.yaml", FORMS)
    assert mini.problems() == [
        "data/forms.yaml:12:5  forms[3].columns  表单没有栏目：“早会行事历”的打印表格和 CSV 模板需要表头；"
        "请在 columns 下逐条列出表格的各栏，如“日期”“事项”“负责人”"
    ]


def test_forms_with_columns_have_no_problem(mini: MiniPlaybook) -> None:
    mini.write("forms.yaml", FORMS.replace("    filled_by:\n", "    columns: [日期]\n    filled_by:\n"))
    assert check_forms(mini.load()) == []


def test_the_index_links_to_the_whole_handbook_print_page_when_there_is_one() -> None:
    assert "打印全书" not in PAGES["printables/index.md"]
    for directory_urls, href in ((True, "../print_page/"), (False, "../print_page.html")):
        pages, _ = render_printables(
            load_playbook(MINI / "data"), directory_urls=directory_urls, print_page="print_page.md"
        )
        assert f'<a href="{href}">打印全书</a>' in pages["printables/index.md"]
