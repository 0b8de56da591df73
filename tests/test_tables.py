"""Tables on a phone: every body cell learns its column's name; wide tables are marked for cards.

The layout itself (cards at 375 px, nothing off-screen) is checked in a real browser by
tests/test_layout.py; here, the markup the CSS relies on."""

from __future__ import annotations

import re

import markdown

from generator.render.tables import card_tables


def md(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"])


STEPS = md(
    "| 序号 | 步骤 | 负责 | 执行内容 | 说明 |\n|---:|---|---|---|---|\n"
    '| <span id="step-1"></span>1 | **定目标** | [经理](../m/) | 逐月 | |\n'
    "| 2 | 训练 | 组训 | 话术 | 注意 |\n"
)


def without_inserts(html: str) -> str:
    return re.sub(r' (data-label="[^"]*"|data-empty|data-cards(="numbered")?|scope="col")', "", html)


def test_every_body_cell_is_labelled_with_its_column_and_headers_get_scope() -> None:
    out = card_tables(STEPS)
    assert '<th scope="col" style="text-align: right;">序号</th>' not in out  # inserted before ">"
    assert '<th style="text-align: right;" scope="col">序号</th>' in out
    assert '<td style="text-align: right;" data-label="序号"><span id="step-1"></span>1</td>' in out
    assert '<td data-label="负责"><a href="../m/">经理</a></td>' in out
    assert '<td data-label="说明">注意</td>' in out


def test_empty_cells_are_marked_and_nothing_else_changes() -> None:
    out = card_tables(STEPS)
    assert '<td data-label="说明" data-empty></td>' in out
    assert without_inserts(out) == STEPS


def test_four_columns_or_more_become_cards_numbered_when_the_first_column_is_numbers() -> None:
    assert '<table data-cards="numbered">' in card_tables(STEPS)
    agenda = md("| 时间 | 议程 | 时长 | 负责 |\n|---|---|---|---|\n| 08:30 | 晨操 | 5 | 组训 |\n")
    assert '<table data-cards="numbered">' in card_tables(agenda)
    named = md("| 表单 | 用途 | 填写 | 时间 |\n|---|---|---|---|\n| 日志 | 记 | 本人 | 每天 |\n")
    assert "<table data-cards>" in card_tables(named)
    narrow = md("| 项目 | 内容 |\n|---|---|\n| 类别 | 例会 |\n")
    out = card_tables(narrow)
    assert "<table>" in out and 'data-label="内容"' in out


def test_labels_from_the_data_are_escaped_text() -> None:
    html = md('| 名 | <b>"x"</b> & y |\n|---|---|\n| a | b |\n')
    out = card_tables(html)
    assert 'data-label="&quot;x&quot; &amp; y"' in out
    assert "<b>" not in out.split("<tbody>")[1]


def test_classed_and_nested_tables_are_left_alone() -> None:
    html = '<table class="pb-month"><tr><th>一</th></tr><tr><td>1</td></tr></table>'
    assert card_tables(html) == html
    nested = f"<table><tr><th>a</th></tr><tr><td>{html}</td></tr></table>"
    out = card_tables(nested)
    assert html in out and out.count("data-label") == 0  # no header row in a thead: nothing to learn


def test_markup_in_raw_text_and_comments_is_not_mistaken_for_a_table() -> None:
    html = "<script>let t = '<table><td>';</script><!-- <table><td> -->" + STEPS
    out = card_tables(html)
    assert out.startswith("<script>let t = '<table><td>';</script><!-- <table><td> -->")
    assert without_inserts(out) == html
