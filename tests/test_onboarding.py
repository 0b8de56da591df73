"""Onboarding paths (``data/onboarding/<role>.yaml``): loading, exact error texts, and the page.

The page of the mini fixture's path is a golden (``tests/goldens/onboarding/``, rewritten by
``make goldens``). The checklist behaviour in a browser is tested in ``test_onboarding_browser.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from conftest import MINI, REPO

from generator.render.onboarding import onboarding_link, render_onboarding_pages
from generator.site import load_playbook

PAGE = "roles/agent-onboarding.md"
FILE = "data/onboarding/agent.yaml"
ROLES = "agent、branch-manager、supervisor"
JS = REPO / "site_overrides" / "assets" / "javascripts" / "onboarding.js"

PAGES = render_onboarding_pages(load_playbook(MINI / "data"))


# ------------------------------------------------------------------ the fixture


def test_fixture_path_is_loaded_by_role(mini):
    p = mini.load()
    assert list(p.onboarding) == ["agent"]
    path = p.onboarding["agent"]
    assert [i.target for i in path.first_day] == ["agent", "term-active", "morning-meeting"]
    assert [i.action for i in path.first_day] == ["读", "读", "做"]  # 读 when not written
    assert [i.target for i in path.first_month] == ["morning-meeting-group", "phase-1"]
    assert path.src is not None and path.src.file == FILE


def test_page_matches_its_golden(golden: Callable[[str, str], None]) -> None:
    assert list(PAGES) == [PAGE]
    golden(f"onboarding/{PAGE}", PAGES[PAGE])


def test_onboarding_link_only_for_roles_with_a_path(mini):
    p = mini.load()
    assert onboarding_link(p, "agent") == PAGE
    assert onboarding_link(p, "supervisor") is None


def test_rendering_is_deterministic() -> None:
    assert render_onboarding_pages(load_playbook(MINI / "data")) == PAGES


# ------------------------------------------------------------------ the page


def test_each_item_has_a_checkbox_with_a_stable_key_a_link_and_a_badge() -> None:
    page = PAGES[PAGE]
    keys = re.findall(r'data-pb-item="([^"]+)"', page)
    assert keys == [
        "first_day/agent",
        "first_day/term-active",
        "first_day/morning-meeting",
        "first_week/activity-management",
        "first_week/stage-plan",
        "first_month/morning-meeting-group",
        "first_month/phase-1",
    ]
    assert page.count('type="checkbox"') == 7
    assert 'data-pb-onboarding="playbook.onboarding.agent"' in page
    assert '<a href="../../meetings/morning-meeting/">大早会</a>' in page
    assert '<a href="../agent/">我的岗位：营销员</a>' in page  # the title given in the data
    assert '<a href="../../catalog/glossary/#term-active">实动</a>' in page  # the term's own title
    # read/do, written in English, show the Chinese badges
    assert re.search(r'for="onb-first-week-activity-management"[^>]*>做</label>', page)
    assert re.search(r'for="onb-first-week-stage-plan"[^>]*>读</label>', page)
    assert "共7项" in page and "共3项" in page


def test_html_blocks_have_no_blank_lines() -> None:
    """Markdown ends a raw HTML block at a blank line; each block must stay whole."""
    page = PAGES[PAGE]
    for block in re.findall(r"^<(?:div|p|ul)\b.*?^</(?:div|p|ul)>$", page, flags=re.M | re.S):
        assert "\n\n" not in block


def test_links_follow_the_url_style() -> None:
    page = render_onboarding_pages(load_playbook(MINI / "data"), directory_urls=False)[PAGE]
    assert '<a href="../meetings/morning-meeting.html">大早会</a>' in page
    assert '<a href="agent.html">我的岗位：营销员</a>' in page


def test_text_from_yaml_is_escaped(mini):
    mini.replace(
        "onboarding/agent.yaml",
        "    note: 8:30 前到职场，跟主管坐在一起。",
        '    title: "<b>大早会</b> & *晨会*"\n    note: "<script>alert(1)</script> 8:30 前"',
    )
    mini.replace("onboarding/agent.yaml", "note: 每完成一项就勾上", "note: <i>每</i>完成一项就勾上")
    page = render_onboarding_pages(mini.load())[PAGE]
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    # HTML text: character references for HTML's and Markdown's characters (templating.html_text)
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62; 8:30 前" in page
    assert "&#60;b&#62;大早会&#60;/b&#62; &#38; &#42;晨会&#42;</a>" in page
    assert 'aria-label="已完成：&#60;b&#62;大早会&#60;/b&#62; &#38; &#42;晨会&#42;"' in page
    assert "&lt;i>每&lt;/i>完成一项就勾上" in page  # Markdown text: md_escape


def test_an_empty_stage_is_left_off_the_page(mini):
    text = mini.read("onboarding/agent.yaml")
    start, end = text.index("first_week:"), text.index("first_month:")
    mini.write("onboarding/agent.yaml", text[:start] + "first_week: []\n" + text[end:])
    page = render_onboarding_pages(mini.load())[PAGE]
    assert "## 第一天 {#first-day}" in page and "## 第一个月 {#first-month}" in page
    assert "## 第一周" not in page and "first_week" not in page
    assert "共5项" in page


def test_the_same_target_may_be_in_two_stages(mini):
    mini.replace("onboarding/agent.yaml", "  - target: phase-1", "  - target: morning-meeting")
    page = render_onboarding_pages(mini.load())[PAGE]
    assert 'data-pb-item="first_day/morning-meeting"' in page
    assert 'data-pb-item="first_month/morning-meeting"' in page


def test_the_folder_is_optional(mini):
    mini.remove("onboarding")
    p = mini.load()
    assert p.onboarding == {}
    assert render_onboarding_pages(p) == {}


def test_default_data_has_a_path_for_every_role() -> None:
    p = load_playbook(REPO / "data")
    assert sorted(p.onboarding) == sorted(r.id for r in p.roles)
    pages = render_onboarding_pages(p)
    assert sorted(pages) == sorted(f"roles/{r.id}-onboarding.md" for r in p.roles)
    for role in p.roles:
        path = p.onboarding[role.id]
        assert path.assumption, role.id  # the paths are editorial suggestions
        assert path.first_day[0].target == role.id  # day one starts with the reader's own role


# ------------------------------------------------------------------ user errors


def test_unknown_target(mini):
    mini.replace("onboarding/agent.yaml", "  - target: term-active", "  - target: term-activ")
    assert mini.problems() == [
        f'{FILE}:6:13  first_day[2].target  未知的 id "term-activ"，是不是 "term-active"？'
        "（这里可以写手册中任何一项的 id）",
    ]


def test_file_name_that_is_not_a_role(mini):
    (mini.data / "onboarding" / "agent.yaml").rename(mini.data / "onboarding" / "agnet.yaml")
    assert mini.problems() == [
        f'data/onboarding/agnet.yaml  文件名应为角色 id：没有 id 为 "agnet" 的角色，是不是 "agent"？（可选：{ROLES}）',
    ]


def test_file_name_of_another_kind_of_entity(mini):
    (mini.data / "onboarding" / "agent.yaml").rename(mini.data / "onboarding" / "morning-meeting.yaml")
    assert mini.problems() == [
        f'data/onboarding/morning-meeting.yaml  文件名应为角色 id：没有 id 为 "morning-meeting" 的角色（它是会议）（可选：{ROLES}）',
    ]


def test_file_that_is_not_yaml(mini):
    mini.write("onboarding/supervisor.yml", "first_day: []\n")
    assert mini.problems() == [
        "data/onboarding/supervisor.yml  不认识的文件或文件夹："
        "data/onboarding/ 中每个角色一个 .yaml 文件，以角色 id 命名，如 agent.yaml",
    ]


def test_duplicate_target_within_a_stage(mini):
    mini.replace("onboarding/agent.yaml", "  - target: term-active", "  - target: agent")
    assert mini.problems() == [
        f'{FILE}:6:13  first_day[2].target  "agent" 已是本阶段第 1 项；同一阶段每项只写一次（不同阶段可以再列）',
    ]


def test_action_not_in_choices(mini):
    mini.replace("onboarding/agent.yaml", "    action: 做", "    action: 看")
    assert mini.problems() == [
        f'{FILE}:8:13  first_day[3].action  无效的取值 "看"（可选：读、做、read、do）',
    ]


def test_missing_target(mini):
    mini.replace("onboarding/agent.yaml", "  - target: phase-1", "  - note: 读推广计划")
    assert mini.problems() == [
        f"{FILE}:17:5  first_month[2].target  缺少必填字段 target（手册中任何一项的 id"
        "（角色、流程、会议、功能组、指标、预警、表单、术语、礼仪、制度、实施阶段……））；"
        "请补上，如 target: morning-meeting",
    ]


def test_empty_stages_are_allowed_but_not_an_empty_path(mini):
    mini.write("onboarding/supervisor.yaml", "first_day: []\nfirst_week: []\nassumption: 待补充\n")
    assert mini.problems() == [
        "data/onboarding/supervisor.yaml  入门路径中一项也没有；"
        "请在 first_day、first_week、first_month 中至少写一项，或删除这个文件",
    ]


def test_role_id_that_takes_the_onboarding_page_name(mini):
    mini.write("roles/agent-onboarding.yaml", mini.read("roles/agent.yaml"))
    assert mini.problems() == [
        f'{FILE}  角色 "agent-onboarding" 的页面与这条入门路径的页面 roles/agent-onboarding.md 同名；'
        "请给该角色换一个 id",
    ]


def test_unknown_key_lists_the_keys(mini):
    mini.replace("onboarding/agent.yaml", "first_week:", "first_weak:")
    problems = mini.problems()
    assert problems == [
        f'{FILE}:10:1  first_weak  未知的键 "first_weak"，是不是 "first_week"？'
        "（可用的键：first_day、first_week、first_month、note、assumption）",
    ]


# ------------------------------------------------------------------ the script


def test_script_makes_no_request_and_guards_storage() -> None:
    js = JS.read_text(encoding="utf-8")
    assert not re.search(r"https?:|fetch\(|XMLHttpRequest|import\s|\.src\s*=", js)
    assert js.count("try {") >= 3  # opening, reading and writing localStorage may each throw
    assert "data-pb-ready" in js  # running twice sets a page up once


def test_only_the_newcomers_path_speaks_of_joining(mini):
    """入职 is for the new agent (``newcomer_role``), who joins the company; a role one is promoted
    or appointed into starts with 第一天, and a department is not asked “刚成为…？”."""
    page = PAGES[PAGE]  # the mini playbook has no newcomer role
    assert "入职" not in page and "刚成为" not in page
    assert page.startswith("# 营销员·第一天、第一周、第一个月\n")
    assert "## 第一天 {#first-day}" in page
    mini.replace("playbook.yaml", "entry_roles:", "newcomer_role: agent\nentry_roles:")
    page = render_onboarding_pages(mini.load())[PAGE]
    assert page.startswith("# 营销员·入职第一天、第一周、第一个月\n")
    assert "## 入职第一天 {#first-day}" in page
