"""Which days are working days in mainland China: statutory holidays and 调休 make-up days.

Sources, one per year, in this order:

1. ``data/holidays/<YYYY>.yaml`` — the official arrangement as HQ typed it in (the State Council
   publishes each year's arrangement late in the year before, often after the ``holidays``
   package's last release);
2. the ``holidays`` package (``CN``), for years whose official arrangement it carries (it lists
   the days off and, in ``weekend_workdays``, the make-up working days);
3. otherwise the year is *provisional*: the statutory holidays and, for those that fall on a
   weekend, the substitute working day the law gives (补假) are days off; no make-up working
   weekends (调休) are guessed, and everything built from that year says it is 暂定.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import holidays

from .. import model as m

_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Chinese New Year's Eve": "春节",
    "Chinese New Year (Spring Festival)": "春节",
    "Tomb-Sweeping Day": "清明节",
    "Labor Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-Autumn Festival": "中秋节",
    "National Day": "国庆节",
}


def _package_version() -> str:
    """The installed ``holidays`` package's version, for the editor's warning (never in the site:
    a new release of the package must not change the published text)."""
    return importlib.metadata.version("holidays")


def _cn(year: int, *, observed: bool = True) -> holidays.HolidayBase:
    """The package's CN holidays of ``year``, named in English whatever the process's locale (by
    default the package names them in the language of ``LANG``: 农历除夕 under ``LANG=C``, Chinese New
    Year's Eve elsewhere), so :func:`_chinese_name` gives the same names everywhere."""
    return holidays.country_holidays("CN", years=year, observed=observed, language="en_US")


def _chinese_name(name: str) -> str:
    for english, chinese in _HOLIDAY_NAMES.items():
        if english in name:
            return chinese
    return "调休放假" if "Day off" in name else name


@cache
def _package_has_official(year: int) -> bool:
    """Whether the installed ``holidays`` package carries ``year``'s official arrangement: it
    lists make-up working days or special (substituted) days off for that year."""
    cn = _cn(year)
    special = getattr(holidays.countries.china.ChinaStaticHolidays, "special_public_holidays", {})
    return any(d.year == year for d in cn.weekend_workdays) or year in special


@dataclass(frozen=True)
class WorkCalendar:
    """Days off and make-up working days for a set of years."""

    days_off: dict[date, str] = field(default_factory=dict)
    """Weekday (or weekend) days off, with the holiday's Chinese name."""
    makeup: dict[date, str] = field(default_factory=dict)
    """Weekend days that are working days (调休上班), with the holiday they make up for."""
    sources: dict[int, str] = field(default_factory=dict)
    """Where each year's arrangement comes from (for pages and warnings)."""
    provisional: frozenset[int] = frozenset()
    """Years without an official arrangement: statutory holidays only."""

    def is_workday(self, day: date) -> bool:
        if day in self.makeup:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def holiday(self, day: date) -> str | None:
        return self.days_off.get(day)


def work_calendar(years: Iterable[int], arrangements: dict[int, m.HolidayArrangement]) -> WorkCalendar:
    """The working-day calendar for ``years``, from ``data/`` first, then the package."""
    days_off: dict[date, str] = {}
    makeup: dict[date, str] = {}
    sources: dict[int, str] = {}
    provisional: set[int] = set()
    for year in sorted(set(years)):
        given = arrangements.get(year)
        if given is not None:
            for period in given.days_off:
                day = period.start
                while day <= period.end:
                    days_off[day] = period.name
                    day += timedelta(days=1)
            for work in given.workdays:
                makeup[work.date] = work.name
            sources[year] = (
                f"{given.source}（{given.published.isoformat()} 发布，录入于 data/holidays/{year}.yaml）"
            )
        elif _package_has_official(year):
            cn = _cn(year)
            for day, name in sorted(cn.items()):
                days_off[day] = _chinese_name(name)
            for day in sorted(cn.weekend_workdays):
                if day.year == year:
                    makeup[day] = "调休上班"
            sources[year] = f"国务院办公厅公布的{year}年节假日安排（生成器自带的节假日数据）"
        else:
            cn = _cn(year, observed=False)
            statutory = {day: _chinese_name(name) for day, name in sorted(cn.items())}
            days_off.update(statutory)
            days_off.update(substitute_days(statutory))
            sources[year] = f"{year}年节假日安排尚未收录：按法定节日和周末补假计算，未含调休，日期为暂定"
            provisional.add(year)
    return WorkCalendar(
        dict(sorted(days_off.items())), dict(sorted(makeup.items())), sources, frozenset(provisional)
    )


SUBSTITUTE = "补假"
"""What a day off given for a holiday that fell on a weekend is called (its holiday's name before)."""


def substitute_days(statutory: dict[date, str]) -> dict[date, str]:
    """The days off the law gives for statutory holidays that fall on a Saturday or Sunday
    (全国年节及纪念日放假办法：全体公民放假的假日，如果适逢星期六、星期日，应当在工作日补假):
    for each such day, the first working day after its holiday that is not itself off.

    Used only for years without an official arrangement, whose dates stay 暂定: the State Council
    usually moves days around more than this (调休), which nothing here guesses."""
    out: dict[date, str] = {}
    taken = set(statutory)
    for day, name in sorted(statutory.items()):
        if day.weekday() < 5:
            continue
        substitute = day + timedelta(days=1)
        while substitute in taken or substitute.weekday() >= 5:  # after the holiday, on a weekday
            substitute += timedelta(days=1)
        out[substitute] = f"{name}{SUBSTITUTE}"
        taken.add(substitute)
    return out


def provisional_warnings(work: WorkCalendar) -> list[str]:
    """One warning per year built without an official arrangement (printed, the build goes on)."""
    return [
        f"警告：{year}年的节假日安排尚未收录（生成器自带的 holidays {_package_version()} 中没有，"
        f"data/holidays/{year}.yaml 也没有）；行事历中{year}年的日期按法定节日和周末补假计算、未含调休，"
        f"页面和日历中标为“暂定”。国务院办公厅公布安排后，请录入 data/holidays/{year}.yaml。"
        for year in sorted(work.provisional)
    ]
