"""``python -m generator validate``: a clean report and exit status 1 for bad data, never a traceback."""

from __future__ import annotations

import shutil
import time

SUMMARY_OK = "数据有效：3 个角色、2 个系统、2 个流程、1 个功能组、2 个会议、2 个指标、2 个预警、3 个表单、2 个术语、1 个支公司。\n"


def test_valid_data_exits_0(mini):
    result = mini.validate_cli()
    assert (result.returncode, result.stdout, result.stderr) == (0, SUMMARY_OK, "")


def test_bad_data_exits_1_with_every_problem_and_no_traceback(mini):
    mini.replace("roles/agent.yaml", "title: 营销员", "titel: 营销员")
    mini.replace("playbook.yaml", "released: 2027-01-15", "released: 2027-02-30")
    mini.write("roles/supervisor.yaml", "title: 主管\norder: [2\n")
    result = mini.validate_cli()
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        'data/playbook.yaml:6:11  released  日期不存在："2027-02-30"；请检查月份和日期（格式 YYYY-MM-DD）',
        'data/roles/agent.yaml:2:1  titel  未知的键 "titel"，是不是 "title"？'
        "（可用的键：title、aliases、order、positioning、duties、reports_to、daily_model、note、assumption）",
        "data/roles/agent.yaml:2:1  title  缺少必填字段 title（角色名称，如“营销员”）；"
        "请补上，如 title: 营销员",
        "data/roles/supervisor.yaml:3:1  YAML 语法错误：while parsing a flow sequence；"
        "did not find expected ',' or ']'；请检查缩进、冒号和引号",
        "共 4 处错误，未生成任何输出。",
    ]


def test_billion_laughs_exits_1_quickly(mini):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    mini.write("roles/agent.yaml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    result = mini.validate_cli()
    assert time.perf_counter() - started < 10  # a child Python starts in well under a second
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "data/roles/agent.yaml:1:4  不支持 YAML 锚点 &a；请把内容直接写出来，不要用 & 和 * 引用"
    )
    assert result.stderr.splitlines()[-1] == "共 81 处错误，未生成任何输出。"


def test_python_tag_exits_1_and_runs_nothing(mini, tmp_path):
    marker = tmp_path / "pwned"
    mini.replace(
        "roles/agent.yaml", "title: 营销员", f"title: !!python/object/apply:os.system [touch {marker}]"
    )
    result = mini.validate_cli()
    assert result.returncode == 1
    assert result.stderr == (
        "data/roles/agent.yaml:2:8  title  不支持 YAML 标签 !!python/object/apply:os.system；"
        "请去掉标签，只写普通的文本、数字、列表或键值对\n"
        "共 1 处错误，未生成任何输出。\n"
    )
    assert not marker.exists()


def test_non_utf8_file_exits_1(mini):
    mini.write("glossary.yaml", "terms: []  # 术语表\n".encode("gb18030"))
    result = mini.validate_cli()
    assert result.returncode == 1
    assert result.stderr == (
        "data/glossary.yaml:1:14  文件不是 UTF-8 编码（第 14 字节 0xCA 无法解码）；"
        "请在编辑器中以 UTF-8 编码重新保存\n"
        "共 1 处错误，未生成任何输出。\n"
    )


def test_missing_data_folder_exits_1(mini):
    shutil.rmtree(mini.data)
    result = mini.validate_cli()
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "data  找不到数据文件夹\n共 1 处错误，未生成任何输出。\n",
    )
