"""Typography on the built site: no stray spaces between Chinese words, no doubled punctuation,
dates written one way; and the checker itself finds what it is meant to find."""

from __future__ import annotations

from pathlib import Path

from typography import slips, visible_blocks

from generator.model.words import day_span, full_date, join_cjk, month_day, month_title
from generator.render.markup import join_cjk_breaks


def test_the_checker_finds_stray_spaces_doubled_punctuation_and_spaced_dates() -> None:
    page = (
        "<p>参加 <a href='#'>大早会</a></p>"  # a space before a link, as a template once wrote it
        "<p>为关键， 以营销</p>"  # YAML folding
        "<p>见会议“增员沟通会”。；补充假设</p>"
        "<p>2027 年 3 月</p>"
        "<ul><li>增员</li><li>活动</li></ul>"  # two list items: no space between them
        "<p>大早会 08:30 · 五楼</p>"  # a space next to digits or a separator dot is fine
        "<p>写 <code>cancelled: [x]</code> 即可</p>"  # inline code stands in the sentence as a word
    )
    found = slips(page)
    assert [s.split(":")[0] for s in found] == ["空格", "空格", "重复标点", "日期", "日期"]
    assert "参加 大早会" in found[0]


def test_the_checker_reads_text_as_a_browser_lays_it_out() -> None:
    html = (
        "<p>第一行\n第二行<script>var a = '甲 乙';</script></p>"
        '<div>实动<span class="pb-tip">定义 文字</span>的人</div>'
        "<pre>代码 里 的 空格</pre>"
    )
    assert visible_blocks(html) == ["第一行 第二行", "定义 文字", "实动的人"]


def test_the_built_site_has_no_typographic_slips(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 120
    found = {str(p.relative_to(site)): s for p in pages if (s := slips(p.read_text(encoding="utf-8")))}
    assert found == {}


def test_dates_are_written_one_way() -> None:
    from datetime import date

    assert full_date(date(2027, 3, 1)) == "2027年3月1日"
    assert month_day(date(2027, 3, 1)) == "3月1日"
    assert month_title("2027-03") == "2027年3月"
    assert day_span(date(2027, 3, 1), date(2027, 3, 15)) == "3月1日–15日"
    assert day_span(date(2027, 3, 30), date(2027, 4, 2)) == "3月30日–4月2日"
    assert day_span(date(2026, 12, 28), date(2027, 1, 3)) == "2026年12月28日–2027年1月3日"


def test_spaces_between_chinese_words_go_and_others_stay() -> None:
    assert (
        join_cjk("以充分发挥主管自主经营管理能力为关键， 以营销职场")
        == "以充分发挥主管自主经营管理能力为关键，以营销职场"
    )
    assert join_cjk("参加 大早会") == "参加大早会"
    assert join_cjk("使用 ICSx⁵ 订阅 08:30 开始") == "使用 ICSx⁵ 订阅 08:30 开始"
    assert join_cjk("第一段。\n\n第二段\n第三行") == "第一段。\n\n第二段\n第三行"  # line breaks are kept


def test_soft_line_breaks_between_chinese_characters_are_joined_outside_code() -> None:
    html = "<p>第一行，\n第二行。\nA line\n下一行</p><pre><code>保留\n换行</code></pre>"
    assert (
        join_cjk_breaks(html) == "<p>第一行，第二行。\nA line\n下一行</p><pre><code>保留\n换行</code></pre>"
    )
