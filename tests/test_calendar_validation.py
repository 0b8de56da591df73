"""Bad calendar data: each mistake an HQ editor can make gets its own exact, positioned message."""

from __future__ import annotations

from datetime import date

from generator import cli
from generator.calendar import workdays

BRANCH = "branches/sample-branch.yaml"
JANUARY = "calendars/sample-branch/2027-01.yaml"


def test_impossible_date(mini):
    mini.replace(JANUARY, "date: 2027-01-23", "date: 2027-02-30")
    assert mini.problems() == [
        "data/calendars/sample-branch/2027-01.yaml:6:11  events[1].date  "
        '日期不存在："2027-02-30"；请检查月份和日期（格式 YYYY-MM-DD）',
    ]


def test_end_before_start(mini):
    mini.replace(BRANCH, 'end: "09:15"', 'end: "08:15"')
    assert mini.problems() == [
        "data/branches/sample-branch.yaml:12:10  schedules[1].end  结束时间 08:15 不晚于开始时间 08:30；请检查",
    ]


def test_impossible_time(mini):
    mini.replace(BRANCH, 'end: "09:15"', 'end: "09:75"')
    assert mini.problems() == [
        'data/branches/sample-branch.yaml:12:10  schedules[1].end  时间不存在："09:75"；小时为 0–23，分钟为 0–59',
    ]


def test_unknown_meeting_role_and_branch(mini):
    mini.replace(BRANCH, "meeting: weekly-review", "meeting: weekly-reviw")
    mini.replace(BRANCH, "attendees: [branch-manager, supervisor]", "attendees: [branch-manager, zhuguan]")
    (mini.data / "calendars/sample-branch").rename(mini.data / "calendars/sample-brnch")
    assert mini.problems() == [
        'data/branches/sample-branch.yaml:29:14  schedules[2].meeting  未知会议 "weekly-reviw"，是不是 "weekly-review"？'
        "（可选：morning-meeting、weekly-review）",
        'data/branches/sample-branch.yaml:35:33  schedules[2].attendees[2]  未知角色或功能组 "zhuguan"'
        "（可选：agent、branch-manager、morning-meeting-group、supervisor）",
        'data/calendars/sample-brnch  文件夹名应为支公司 id：没有 id 为 "sample-brnch" 的支公司，是不是 "sample-branch"？（可选：sample-branch）',
    ]


def test_unknown_timezone_with_suggestion(mini):
    mini.replace(BRANCH, "calendar_end: 2027-03-31", "calendar_end: 2027-03-31\ntimezone: Asia/Shangai")
    assert mini.problems() == [
        'data/branches/sample-branch.yaml:7:11  timezone  未知时区 "Asia/Shangai"，是不是 "Asia/Shanghai"？'
        "（请写 IANA 时区名，如 Asia/Shanghai）",
    ]


def test_schedule_that_never_happens(mini):
    mini.replace(BRANCH, "    days: [周一]\n", "    days: [周一]\n    until: 2027-01-03\n")
    assert mini.problems() == [
        "data/branches/sample-branch.yaml:30:13  schedules[2].repeat  这个安排在 2027-01-01 至 2027-01-03 之间"
        "一次也不会举行（节假日或日期范围不对）；请检查 repeat、days 和日期",
    ]


def test_exception_for_a_date_the_schedule_never_has(mini):
    mini.replace(BRANCH, "      - date: 2027-01-15\n", "      - date: 2027-01-16\n")
    mini.replace(BRANCH, "      - date: 2027-01-20\n", "      - date: 2027-02-08\n")
    assert mini.problems() == [
        "data/branches/sample-branch.yaml:15:15  schedules[1].cancelled[1].date  "
        "2027-01-16（周六）这个安排本来就不举行，无需取消；请检查日期",
        "data/branches/sample-branch.yaml:18:15  schedules[1].moved[1].date  "
        "2027-02-08（周一）这个安排本来就不举行，无法改期；请检查日期",
    ]


def test_cancelling_a_make_up_day_is_allowed_moving_it_is_not(mini):
    mini.replace(BRANCH, "      - date: 2027-01-15\n", "      - date: 2027-02-20\n")
    assert mini.load().branches[0].schedules[0].cancelled[0].date == date(2027, 2, 20)
    mini.replace(BRANCH, "      - date: 2027-01-20\n", "      - date: 2027-02-20\n")
    assert mini.problems() == [
        "data/branches/sample-branch.yaml:18:15  schedules[1].moved[1].date  2027-02-20 的场次已取消，不能同时改期",
        "data/branches/sample-branch.yaml:18:15  schedules[1].moved[1].date  "
        "调休上班日的会议不能改期；请取消它，再在当月行事历中另建活动",
    ]


def test_time_without_a_date(mini):
    mini.replace(JANUARY, "    date: 2027-01-27\n", "")
    assert mini.problems() == [
        "data/calendars/sample-branch/2027-01.yaml:13:5  events[2].date  缺少必填字段 date（日期）；请补上",
    ]


def test_end_without_start(mini):
    mini.replace(JANUARY, 'date: 2027-01-23\n    start: "14:00"\n', "date: 2027-01-23\n")
    assert mini.problems() == [
        "data/calendars/sample-branch/2027-01.yaml:7:10  events[1].end  "
        "只有结束时间，没有开始时间；请补上 start，或删除 end（全天活动两者都不写）",
    ]


def test_event_in_the_wrong_month_file(mini):
    mini.replace(JANUARY, "date: 2027-01-23", "date: 2027-02-23")
    assert mini.problems() == [
        "data/calendars/sample-branch/2027-01.yaml:6:11  events[1].date  日期 2027-02-23 不在 2027-01 月；请放到对应月份的文件中",
    ]


def test_month_file_name_is_not_a_month(mini):
    mini.write("calendars/sample-branch/2027-13.yaml", "events: []\n")
    assert mini.problems() == [
        "data/calendars/sample-branch/2027-13.yaml  不认识的文件或文件夹：文件名应为月份，如 2027-02.yaml（每月一个文件）",
    ]


def test_month_outside_the_branch_period(mini):
    mini.write("calendars/sample-branch/2027-06.yaml", "events: []\n")
    assert mini.problems() == [
        "data/calendars/sample-branch/2027-06.yaml  2027-06 不在“示例支公司”行事历期间（2027-01-01 至 2027-03-31）内；"
        "请删除该文件，或调整 data/branches/ 中的 calendar_start / calendar_end",
    ]


def test_make_up_day_must_be_a_weekend(mini):
    mini.replace("holidays/2027.yaml", "date: 2027-02-20", "date: 2027-02-19")
    problems = mini.problems()
    assert problems[0] == (
        "data/holidays/2027.yaml:12:11  workdays[1].date  2027-02-19 是周五，本来就上班；调休上班日应是周六或周日"
    )


def test_duplicate_schedule_and_event_ids(mini):
    mini.replace(BRANCH, "  - id: weekly-review", "  - id: morning-meeting")
    mini.replace(JANUARY, "id: product-drill-2027-01", "id: career-talk-2027-01")
    assert mini.problems() == [
        'data/branches/sample-branch.yaml:28:9  schedules[2].id  例会安排 id "morning-meeting" 在本支公司重复；请换一个',
        'data/calendars/sample-branch/2027-01.yaml:13:9  events[2].id  活动 id "career-talk-2027-01" 在本支公司已用过'
        "（data/calendars/sample-branch/2027-01.yaml:3）；请换一个",
    ]


def test_provisional_year_is_a_warning_not_an_error(mini, monkeypatch, capsys):
    # whatever a release of the holidays package knows about 2027: here it knows nothing
    monkeypatch.setattr(workdays, "_package_has_official", lambda year: False)
    mini.remove("holidays/2027.yaml")
    assert cli.main(["validate", "--data", str(mini.data)]) == 0
    err = capsys.readouterr().err
    assert "警告：2027年的节假日安排尚未收录" in err
    assert "data/holidays/2027.yaml" in err


def test_branch_ids_and_event_ids_that_would_take_a_pages_address(mini):
    (mini.data / "branches/sample-branch.yaml").rename(mini.data / "branches/today.yaml")
    (mini.data / "calendars/sample-branch").rename(mini.data / "calendars/today")
    mini.replace("rollout.yaml", "branch: sample-branch", "branch: today")
    mini.replace("calendars/today/2027-01.yaml", "id: career-talk-2027-01", "id: events")
    problems = mini.problems()
    assert (
        "data/branches/today.yaml  支公司 id “today”与行事历中的页面同名（calendars/today/）；"
        "请给文件换个名字，不要用 subscribe、today"
    ) in problems
    assert (
        'data/calendars/today/2027-01.yaml:3:9  events[1].id  活动 id "events" 与月份页面上的标题位置同名；请换一个'
    ) in problems
