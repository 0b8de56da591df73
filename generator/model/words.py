"""How the handbook writes dates and times: one way everywhere, pages and feeds alike.

Dates are written without spaces, as in official Chinese documents: 2027年3月1日, 3月1日,
2027年3月; a span of days with an en dash: 3月1日–15日. Times are 24-hour ``08:45``.
"""

from __future__ import annotations

import re
from datetime import date, time

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def full_date(day: date) -> str:
    """2027年3月1日"""
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(day: date) -> str:
    """3月1日"""
    return f"{day.month}月{day.day}日"


def month_title(month: str | date) -> str:
    """2027年3月 (from ``2027-03`` or a date in that month)"""
    if isinstance(month, date):
        return f"{month.year}年{month.month}月"
    return f"{month[:4]}年{int(month[5:7])}月"


def year_title(year: int) -> str:
    """2027年"""
    return f"{year}年"


def weekday_name(day: date) -> str:
    """周一 … 周日"""
    return WEEKDAY_NAMES[day.weekday()]


def clock(t: time) -> str:
    """08:45"""
    return f"{t:%H:%M}"


def day_span(first: date, last: date) -> str:
    """3月1日–15日, 3月1日–4月2日, 2026年12月28日–2027年1月3日"""
    if first == last:
        return month_day(first)
    if first.year != last.year:
        return f"{full_date(first)}–{full_date(last)}"
    if first.month != last.month:
        return f"{month_day(first)}–{month_day(last)}"
    return f"{month_day(first)}–{last.day}日"


_NUMERALS = "零一两三四五六七八九十"


def times(n: int) -> str:
    """How often, in words: 一次, 两次, 十次, 12次 (digits above ten)."""
    return f"{_NUMERALS[n] if 0 <= n <= 10 else n}次"


def times_range(low: int, high: int | None) -> str:
    """一次, 一至两次 (``high`` == ``low``, or above it), 至少一次 (``high`` None)."""
    if high is None:
        return f"至少{times(low)}"
    if high == low:
        return times(low)
    first = "一二三四五六七八九十"[low - 1] if 1 <= low <= 10 else str(low)
    return f"{first}至{times(high)}"


CJK_CHARS = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\u2018\u2019\u201c\u201d\u2026\u2014"
"""Chinese characters and full-width punctuation (，。、；：！？（）“”‘’…—《》【】 …)."""

_BETWEEN_CJK = re.compile(rf"(?<=[{CJK_CHARS}])[ \t]+(?=[{CJK_CHARS}])")


def join_cjk(text: str) -> str:
    """``text`` without the spaces between two Chinese characters or punctuation marks (YAML
    folds a line break into a space; a stray space typed by hand): Chinese has no spaces between
    words, and a browser shows every one. Line breaks stay (a literal block's lines mean
    something in a calendar's description; on a page they are joined when rendered, see
    :func:`generator.render.markup.join_cjk_breaks`), and so do spaces next to Latin letters
    or digits."""
    return _BETWEEN_CJK.sub("", text)
