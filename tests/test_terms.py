"""Glossary tooltips: the first annotatable mention of each term on a page explains itself."""

from __future__ import annotations

import re

import pytest
from conftest import MINI

from generator import model as m
from generator.render.terms import annotate_terms
from generator.site import load_playbook

HREF = "../../catalog/glossary/"
SHIDONG = m.Term(id="term-active", term="实动", pinyin="shi dong", definition="至少成交一件保单。")
SHIDONGLV = m.Term(id="term-active-rate", term="实动率", pinyin="shi dong lü", definition="实动人力占比。")
KPI = m.Term(id="term-kpi", term="KPI", pinyin="kpi", definition="考核指标。")
TERMS = (SHIDONG, SHIDONGLV, KPI)


def annotate(html: str, terms: tuple[m.Term, ...] = TERMS) -> str:
    return annotate_terms(html, terms, glossary_href=HREF)


def tip(term: m.Term, prefix: str = "tip-") -> str:
    """The markup :func:`annotate_terms` wraps a mention of ``term`` in (spelled out once below)."""
    return (
        f'<span class="pb-term"><span class="pb-term-word" tabindex="0" aria-describedby="{prefix}{term.id}">'
        f'{term.term}</span><span class="pb-tip" data-search-exclude><span id="{prefix}{term.id}" role="tooltip">'
        f'{term.definition}</span><a href="{HREF}#{term.id}" data-search-exclude>术语表</a></span></span>'
    )


def test_first_mention_is_wrapped_with_definition_and_glossary_link() -> None:
    assert annotate("<p>实动的人越多越好，实动是关键。</p>") == (
        '<p><span class="pb-term"><span class="pb-term-word" tabindex="0" aria-describedby="tip-term-active">'
        '实动</span><span class="pb-tip" data-search-exclude><span id="tip-term-active" role="tooltip">'
        '至少成交一件保单。</span><a href="../../catalog/glossary/#term-active" data-search-exclude>术语表</a></span></span>'
        "的人越多越好，实动是关键。</p>"
    )


def test_the_word_stays_in_the_sentence_and_the_definition_is_its_description() -> None:
    """A screen reader reads “实动的人越多越好” as written; the definition is announced as the
    focused word's description (aria-describedby), not read into the sentence."""
    out = annotate("<p>实动的人</p>", (SHIDONG,))
    word = re.search(r'<span class="pb-term-word"[^>]*>([^<]*)</span>', out)
    assert word is not None and word.group(1) == "实动"
    described = re.search(r'aria-describedby="([^"]+)"', out)
    assert described is not None
    assert f'<span id="{described.group(1)}" role="tooltip">至少成交一件保单。</span>' in out


def test_ids_carry_the_page_prefix() -> None:
    out = annotate_terms("<p>实动</p>", (SHIDONG,), glossary_href=HREF, id_prefix="tip-roles-agent-")
    assert out == f"<p>{tip(SHIDONG, 'tip-roles-agent-')}</p>"


def test_only_the_first_mention_on_the_page_across_elements() -> None:
    html = "<p>实动</p>\n<ul>\n<li>实动</li>\n</ul>"
    assert annotate(html) == f"<p>{tip(SHIDONG)}</p>\n<ul>\n<li>实动</li>\n</ul>"


def test_longest_term_wins_and_its_shorter_term_inside_is_not_matched() -> None:
    assert (
        annotate("<p>实动率高，说明实动的人多。</p>")
        == f"<p>{tip(SHIDONGLV)}高，说明{tip(SHIDONG)}的人多。</p>"
    )
    # 实动率 already used: its second mention is skipped as a whole, 实动 inside it is not taken.
    assert annotate("<p>实动率、实动率、实动</p>") == f"<p>{tip(SHIDONGLV)}、实动率、{tip(SHIDONG)}</p>"


def test_latin_terms_match_whole_words_only() -> None:
    assert annotate("<p>KPIs 与 KPI</p>") == f"<p>KPIs 与 {tip(KPI)}</p>"


def test_number_terms_match_whole_numbers_only() -> None:
    """111 (the supervisor's daily model) is not in 1111, 2111 or 1110, but is in 主管111 and 111工作模式."""
    model = m.Term(id="term-model-111", term="111", pinyin="yi yi yi", definition="主管的日工作模式。")
    assert annotate("<p>1111、2111号、1110</p>", (model,)) == "<p>1111、2111号、1110</p>"
    assert (
        annotate("<p>2111号、主管111、111工作模式</p>", (model,))
        == f"<p>2111号、主管{tip(model)}、111工作模式</p>"
    )


@pytest.mark.parametrize(
    "html",
    [
        '<h1 id="x">实动</h1>',
        '<h3 id="term-x">实动<a class="headerlink" href="#term-x">#</a></h3>',
        '<p><a href="../x/">实动</a></p>',
        "<p><code>实动</code></p>",
        "<pre><code>实动\n</code></pre>",
        "<p><kbd>实动</kbd> <abbr>实动</abbr> <button>实动</button></p>",
        '<label class="task-list-control"><input type="checkbox" disabled/>实动</label>',
        '<div class="pb-swimlane pb-has-phases"><div class="pb-step"><span class="pb-text">实动</span></div></div>',
        '<table class="pb-month"><tr><td><span class="pb-ev-title">实动</span></td></tr></table>',
        "<div data-search-exclude><p>实动</p></div>",
        '<p class="pb-no-terms">实动</p>',
        '<nav class="md-nav"><span>实动</span></nav>',
        "<script>var s = '实动';</script><style>/* 实动 */</style>",
        '<svg viewBox="0 0 1 1"><text>实动</text></svg>',
        "<details><summary>实动</summary></details>",
    ],
)
def test_no_annotation_inside_skipped_elements(html: str) -> None:
    assert annotate(html) == html


def test_a_skipped_mention_does_not_count_the_next_readable_one_is_wrapped() -> None:
    html = '<h2 id="a">实动</h2>\n<p><a href="#">实动</a>，实动</p>'
    assert annotate(html) == f'<h2 id="a">实动</h2>\n<p><a href="#">实动</a>，{tip(SHIDONG)}</p>'


def test_text_after_a_skipped_element_is_annotated_again() -> None:
    html = '<p><code>x<span>y</span></code><br>实动</p><div class="pb-swimlane"><p>x</p></div><p>KPI</p>'
    assert annotate(html) == (
        f'<p><code>x<span>y</span></code><br>{tip(SHIDONG)}</p><div class="pb-swimlane"><p>x</p></div><p>{tip(KPI)}</p>'
    )


def test_nested_elements_of_the_same_name_close_in_order() -> None:
    html = '<div class="pb-no-terms"><div>x</div>实动</div><p>实动</p>'
    assert annotate(html) == f'<div class="pb-no-terms"><div>x</div>实动</div><p>{tip(SHIDONG)}</p>'


def test_attribute_values_with_angle_brackets_and_raw_text_elements() -> None:
    html = '<p data-x="a>实动">KPI</p><textarea><p>实动</p></textarea><p>实动</p>'
    assert (
        annotate(html)
        == f'<p data-x="a>实动">{tip(KPI)}</p><textarea><p>实动</p></textarea><p>{tip(SHIDONG)}</p>'
    )


def test_a_term_never_matches_inside_an_entity() -> None:
    amp = m.Term(id="term-amp", term="amp", pinyin="amp", definition="x")
    assert annotate("<p>&amp; amp</p>", (amp,)) == f"<p>&amp; {tip(amp)}</p>"


def test_markup_entities_and_attributes_are_copied_byte_for_byte() -> None:
    html = (
        "<!-- 实动 -->\n"
        "<p title=\"实动 &amp; x\" data-a='1'>A &amp; B&nbsp;&#20320;&#x4f60; &lt;实动&gt; 5 &lt; 6 & 7</p>\r\n"
        "<P CLASS=x>KPI</P><img alt=\"实动\" src='a.png'><br/>"
    )
    assert annotate(html) == (
        "<!-- 实动 -->\n"
        "<p title=\"实动 &amp; x\" data-a='1'>A &amp; B&nbsp;&#20320;&#x4f60; &lt;"
        f"{tip(SHIDONG)}&gt; 5 &lt; 6 & 7</p>\r\n"
        f"<P CLASS=x>{tip(KPI)}</P><img alt=\"实动\" src='a.png'><br/>"
    )


def test_mentions_after_newlines_are_spliced_at_the_right_place() -> None:
    html = "<p>第一行\n第二行 \n  实动率</p>\n\n<p>\n实动</p>"
    assert annotate(html) == f"<p>第一行\n第二行 \n  {tip(SHIDONGLV)}</p>\n\n<p>\n{tip(SHIDONG)}</p>"


def test_definition_and_href_from_yaml_are_escaped() -> None:
    evil = m.Term(id="t&1", term="挂零", pinyin="gua ling", definition='<script>alert("x")</script> A & B')
    assert annotate("<p>挂零</p>", (evil,)) == (
        '<p><span class="pb-term"><span class="pb-term-word" tabindex="0" aria-describedby="tip-t&amp;1">挂零</span>'
        '<span class="pb-tip" data-search-exclude><span id="tip-t&amp;1" role="tooltip">'
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; A &amp; B</span>"
        '<a href="../../catalog/glossary/#t&amp;1" data-search-exclude>术语表</a></span></span></p>'
    )


def test_annotating_twice_changes_nothing() -> None:
    once = annotate("<p>实动率和实动，KPI。</p><p>实动、KPI</p>")
    assert once.count('class="pb-term"') == 3
    assert annotate(once) == once


def test_the_glossary_page_is_left_alone() -> None:
    html = '<div class="pb-glossary"></div>\n<p>实动</p>'
    assert annotate(html) == html


def test_no_terms_no_change() -> None:
    assert annotate("<p>实动</p>", ()) == "<p>实动</p>"


def test_the_mini_playbook_terms() -> None:
    terms = load_playbook(MINI / "data").terms
    html = "<p>按531工作模式开展活动，月底看是否实动。</p>"
    out = annotate_terms(html, terms, glossary_href=HREF)
    assert out.count('class="pb-term"') == 2
    assert '>531工作模式</span><span class="pb-tip"' in out
    assert f'<a href="{HREF}#term-active" data-search-exclude>术语表</a>' in out
