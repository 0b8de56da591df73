"""A kind of entity is declared once: a new kind, defined here, gets everything from the registry.

``Product`` below is not part of the playbook. Registering it (its class and one :class:`Kind`)
is all it takes — no other module changes — for ``data/products/<id>.yaml`` to be loaded and
checked (unknown keys, missing fields, unknown references, duplicate ids), for each product to get
a page and a link target, a navigation section, a JSON Schema and a heading in ``playbook diff``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import MiniPlaybook

from generator.diff.compare import diff_playbooks
from generator.diff.text import render_diff_text
from generator.model.entities import Entity, doc
from generator.model.kinds import REGISTRY, Kind, target_of
from generator.model.schema import render_schemas
from generator.render.links import Linker
from generator.render.nav import build_nav
from generator.site import generate


@dataclass(frozen=True, kw_only=True)
class Product(Entity):
    """An insurance product an agent sells (产品). One file per product in ``data/products/``."""

    id: str = doc("产品 id（即文件名）。")
    title: str = doc("产品名称，如“年金保险”。")
    order: int = doc("排序，数字小的在前。", default=0)
    summary: str = doc("产品简介。")
    system: str = doc("主要用到的系统 id。", ref="system")
    sold_by: tuple[str, ...] = doc("销售该产品的角色 id。", ref="role", default=())


PRODUCT = Kind("product", Product, "产品", "products/{id}.md", "产品", folder="products", required=False)

ANNUITY = """\
title: 年金保险
summary: 养老规划的主力产品
system: tracking-supervision
sold_by: [agent, supervisor]
"""


@pytest.fixture
def products(mini: MiniPlaybook) -> Iterator[MiniPlaybook]:
    with REGISTRY.registered(PRODUCT):
        mini.write("products/annuity.yaml", ANNUITY)
        yield mini


def test_a_new_kind_is_loaded(products: MiniPlaybook) -> None:
    p = products.load()
    [annuity] = p.of(Product)
    assert annuity.title == "年金保险" and annuity.sold_by == ("agent", "supervisor")
    assert p.get("annuity", Product) is annuity
    assert annuity.src is not None and annuity.src.file == "data/products/annuity.yaml"


def test_a_new_kind_is_checked(products: MiniPlaybook) -> None:
    products.write(
        "products/annuity.yaml", ANNUITY.replace("summary:", "sumary:").replace("[agent,", "[agnet,")
    )
    products.write("products/agent.yaml", ANNUITY)  # an id the role already has
    assert products.problems() == [
        "data/products/annuity.yaml:1:1  summary  缺少必填字段 summary（产品简介）；请补上",
        'data/products/annuity.yaml:2:1  sumary  未知的键 "sumary"，是不是 "summary"？'
        "（可用的键：title、order、summary、system、sold_by、note、assumption）",
        'data/products/annuity.yaml:4:11  sold_by[1]  未知角色 "agnet"，是不是 "agent"？'
        "（可选：agent、branch-manager、supervisor）",
        'data/roles/agent.yaml  重复的 id "agent"：已在 data/products/agent.yaml 定义为产品；整个手册中 id 必须唯一，请换一个文件名',
    ]


def test_a_new_kind_gets_pages_links_and_a_navigation_section(products: MiniPlaybook) -> None:
    p = products.load()
    pages = generate(p, site_url="https://handbook.example.invalid/").pages
    page = pages["products/annuity.md"]
    assert page.startswith("# 年金保险\n")
    assert "**产品简介**：养老规划的主力产品" in page
    assert "- [营销员](../roles/agent.md)" in page  # references are links
    assert target_of(p.get("annuity", Product)) == "products/annuity.md"
    assert Linker(p, "catalog/glossary.md").to("annuity") == "[年金保险](../products/annuity.md)"
    nav = build_nav(p, [])
    assert {"产品": ["products/annuity.md"]} in nav


def test_a_new_kind_gets_a_schema(products: MiniPlaybook) -> None:
    schema = json.loads(render_schemas()["product.schema.json"])
    assert schema["additionalProperties"] is False
    assert "id" not in schema["properties"]  # the file name is the id
    assert schema["properties"]["summary"]["description"] == "产品简介。"
    assert schema["required"] == ["title", "summary", "system"]


def test_a_new_kind_gets_a_heading_in_the_diff(products: MiniPlaybook) -> None:
    old = products.load()
    products.write("products/annuity.yaml", ANNUITY.replace("养老规划的主力产品", "养老规划"))
    products.write("products/health.yaml", ANNUITY.replace("年金保险", "健康保险"))
    text = render_diff_text(diff_playbooks(old, products.load()))
    assert (
        "【产品】\n- 产品“年金保险”：产品简介由“养老规划的主力产品”改为“养老规划”\n- 新增产品“健康保险”\n"
        in text
    )


def test_the_registry_is_left_as_it_was() -> None:
    assert REGISTRY.kind_of(Product) is None
    assert "product.schema.json" not in render_schemas()
