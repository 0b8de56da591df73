"""Printables: A4 sheets to print and fill in by hand, and CSV templates to download, pure.

For every role with a daily work model (531, 111, 331…) a one-week 工作日志 sheet and a tick-box
checklist; for every form with columns a blank A4 table. Each sheet has a CSV twin that Excel opens
as it is: UTF-8 with a byte-order mark, CRLF line ends, quoted by :mod:`csv`.

The 工作日志 is declared once, as the form ``work-log`` in ``data/forms.yaml``: a role's sheet has
exactly that form's columns, one row per working day. Two columns are printed ready: the one
named 日期 (else the first) holds the day, the one whose name starts with 活动 holds the role's
daily model, each activity with its daily target. It is reviewed by the role's direct superior
(``reports_to``), who signs it. Without that form there are no work-log sheets (the checklists
stay).

Paths (site paths, ``printables/`` folder)::

    printables/index.md                 打印与下载: what each printable is for, who uses it
    printables/work-log-<role>.md/.csv  one week of a role's daily model
    printables/checklist-<role>.md      the daily model as tick boxes for a week
    printables/form-<form>.md/.csv      a form's columns as a blank table

The sheets are raw HTML (``printable_*.html``, HTML-escaped) inside Markdown pages
(``printable_*.md``, Markdown-escaped); ``assets/stylesheets/print.css`` lays them out on paper.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .. import model as m
from .links import Linker
from .templating import md_escape, render

FOLDER = "printables"
WEEK: tuple[str, ...] = m.WEEKDAYS[:6]
"""The working week a sheet covers, 周一 to 周六."""
BLANK_FORM_ROWS = 12
"""Blank rows on a printed form: what fits one A4 page with room for the heading."""
BOM = "\ufeff"
WORK_LOG_FORM = "work-log"
"""Id of the form that declares the 工作日志's columns."""
DAY_COLUMN = "日期"
"""The work log's column that gets the day printed in (else its first column)."""
ACTIVITY_COLUMN = "活动"
"""The work log's column whose name starts with this gets the role's daily model printed in."""


@dataclass(frozen=True)
class Printable:
    """One entry of the index page: a printable sheet and, if it has one, its CSV template."""

    page: str
    """Source path of the sheet's page, ``printables/….md``."""
    title: str
    purpose: str
    users: tuple[str, ...]
    """Ids of the roles or groups that use it."""
    csv: str | None = None
    """Site path of its CSV template."""


def render_printables(
    playbook: m.Playbook, *, directory_urls: bool = True, print_page: str | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """``({page source path: Markdown}, {site path: CSV text})``, each sorted by path.

    CSV text starts with a BOM and uses CRLF; write it as UTF-8 bytes unchanged. ``print_page``
    is the whole handbook's print page as a source-like path (``print_page.md`` for the
    print-site plugin's default), linked from the index when given; it is not a Markdown
    source, so the link is a built URL (``directory_urls`` decides its form).
    """
    pages: dict[str, str] = {}
    files: dict[str, str] = {}
    entries: list[Printable] = []

    def add(path: str, text: str, into: dict[str, str]) -> None:
        if path in pages or path in files:
            raise AssertionError(f"two printables wrote {path}")  # a bug, not a data problem
        into[path] = text

    form_log = work_log_form(playbook)
    for role in playbook.roles:
        model = role.daily_model
        if model is None:
            continue
        if form_log is not None:
            log = Printable(
                page=work_log_sheet(role.id),
                title=f"{role.title}{form_log.title}（{model.name}）",
                purpose=(
                    f"一周一张：每天按{model.name}记下各项活动的完成数和对象、结果、进展，"
                    f"交{reviewer(playbook, role)}检查批阅；每周做周工作自我评估。"
                ),
                users=(role.id,),
                csv=f"{FOLDER}/work-log-{role.id}.csv",
            )
            add(log.page, work_log_page(playbook, role, form_log, log), pages)
            add(log.csv or "", work_log_csv(form_log, model), files)
            entries.append(log)
        checklist = Printable(
            page=f"{FOLDER}/checklist-{role.id}.md",
            title=f"{role.title}每日工作清单（{model.name}）",
            purpose=f"把{model.name}拆成一个个勾选框：每完成一次活动勾一格，一周一张。",
            users=(role.id,),
        )
        add(checklist.page, checklist_page(playbook, role, checklist), pages)
        entries.append(checklist)

    for form in playbook.forms:
        if not form.columns:
            continue
        sheet = Printable(
            page=f"{FOLDER}/form-{form.id}.md",
            title=form.title,
            purpose=form.purpose,
            users=form.filled_by,
            csv=f"{FOLDER}/form-{form.id}.csv",
        )
        add(sheet.page, form_page(playbook, form, sheet), pages)
        add(sheet.csv or "", csv_text([form.columns]), files)
        entries.append(sheet)

    index = f"{FOLDER}/index.md"
    link = Linker(playbook, index, directory_urls)
    whole = link.href(print_page) if print_page else None
    add(index, render("printables_index.md", entries=entries, link=link, print_page_href=whole), pages)
    return dict(sorted(pages.items())), dict(sorted(files.items()))


# ------------------------------------------------------------------ pages


def _html(template: str, **context: object) -> Markup:
    """A raw HTML block for a Markdown page: no blank lines, which would end the block."""
    html = render(template, **context)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def _csv_link(printable: Printable) -> Markup:
    """A Markdown link from the sheet's page to its CSV (a sibling file; ids are ASCII kebab-case)."""
    name = (printable.csv or "").rpartition("/")[2]
    return Markup(f"[{md_escape(name)}]({name})")


def work_log_form(playbook: m.Playbook) -> m.Form | None:
    """The form that declares the 工作日志 (``work-log``), if the playbook has it with columns."""
    form = next((f for f in playbook.forms if f.id == WORK_LOG_FORM), None)
    return form if form is not None and form.columns else None


def work_log_sheet(role_id: str) -> str:
    """Source path of a role's work-log sheet."""
    return f"{FOLDER}/work-log-{role_id}.md"


def reviewer(playbook: m.Playbook, role: m.Role) -> str:
    """Who checks and signs the role's work log: its direct superior (``reports_to``)."""
    return playbook.get(role.reports_to, m.Role).title if role.reports_to else "直接上级"


def work_log_columns(form: m.Form) -> tuple[int, int | None]:
    """Indexes of the form's day column (日期, else the first) and daily-model column (活动…)."""
    columns = form.columns
    day = columns.index(DAY_COLUMN) if DAY_COLUMN in columns else 0
    activity = next((i for i, c in enumerate(columns) if c.startswith(ACTIVITY_COLUMN) and i != day), None)
    return day, activity


def _summary_cells(form: m.Form) -> list[tuple[str, int, str]]:
    """The week's last row, column by column: ``(kind, colspan, text)``; the day column says
    本周合计, the daily-model column gets the week's targets, the other columns merge into cells
    for free text (the first holds the 周工作自我评估)."""
    day, activity = work_log_columns(form)
    cells: list[tuple[str, int, str]] = []
    for i in range(len(form.columns)):
        if i == day:
            cells.append(("day", 1, "本周合计"))
        elif i == activity:
            cells.append(("activity", 1, ""))
        elif cells and cells[-1][0] == "text":
            kind, span, text = cells[-1]
            cells[-1] = (kind, span + 1, text)
        else:
            cells.append(("text", 1, "" if any(c[0] == "text" for c in cells) else "周工作自我评估："))
    return cells


def work_log_page(playbook: m.Playbook, role: m.Role, form: m.Form, printable: Printable) -> str:
    model = role.daily_model
    assert model is not None
    day, activity = work_log_columns(form)
    sheet = _html(
        "printable_work_log.html",
        role=role,
        model=model,
        week=WEEK,
        columns=form.columns,
        day_column=day,
        activity_column=activity,
        summary=_summary_cells(form),
        reviewer=reviewer(playbook, role),
    )
    return render(
        "printable_work_log.md",
        p=printable,
        role=role,
        form=form,
        model=model,
        link=Linker(playbook, printable.page),
        csv_link=_csv_link(printable),
        sheet=sheet,
    )


def checklist_page(playbook: m.Playbook, role: m.Role, printable: Printable) -> str:
    model = role.daily_model
    assert model is not None
    sheet = _html("printable_checklist.html", role=role, model=model, week=WEEK)
    return render(
        "printable_checklist.md",
        p=printable,
        role=role,
        model=model,
        link=Linker(playbook, printable.page),
        sheet=sheet,
    )


def form_page(playbook: m.Playbook, form: m.Form, printable: Printable) -> str:
    sheet = _html(
        "printable_form.html",
        form=form,
        users=[playbook.role_or_group(i).title for i in form.filled_by],
        rows=range(1, BLANK_FORM_ROWS + 1),
    )
    return render(
        "printable_form.md",
        p=printable,
        form=form,
        link=Linker(playbook, printable.page),
        csv_link=_csv_link(printable),
        sheet=sheet,
    )


# -------------------------------------------------------------------- CSV


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What makes a spreadsheet read a cell as a formula (OWASP, “CSV injection”)."""


def csv_cell(text: str) -> str:
    """A cell as text, never as a formula: one that starts like a formula (``=HYPERLINK(…)``,
    ``+1``, ``@SUM``) gets a leading apostrophe, which Excel, WPS and LibreOffice read as “text”."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """Rows as CSV for Excel: BOM first (else Excel on Windows reads GBK), CRLF, minimal quoting,
    every cell neutralised by :func:`csv_cell`."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return BOM + out.getvalue()


def work_log_csv(form: m.Form, model: m.DailyModel) -> str:
    """A week of the work log: the form's columns, one row per day with the day filled in; the
    daily-model column becomes one column per activity (with its daily target), for numbers."""
    day, activity = work_log_columns(form)
    header: list[str] = []
    for i, column in enumerate(form.columns):
        if i == activity:
            header += [f"{column}：{item.activity}（目标 {item.count}）" for item in model.items]
        else:
            header.append(column)
    day_at = day + (len(model.items) - 1 if activity is not None and activity < day else 0)
    rows = [[name if i == day_at else "" for i in range(len(header))] for name in WEEK]
    return csv_text([header, *rows])
