"""Citations as an applicant reads them on a document: Chinese, with the law's full title."""

from __future__ import annotations

import re
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.cases import clock
from yichuang.cases.citations import LAW_TITLES, chinese_number, cite_zh
from yichuang.cases.workflow import articles as workflow_articles
from yichuang.registry.rules import articles as rules_articles

REG = "《不动产登记暂行条例》"
RULES = "《不动产登记暂行条例实施细则》"
CC = "《中华人民共和国民法典》"
SPC = "《最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定》"

SEPARATION = "自然资党发〔2018〕7号 (mission R15); ADR 0005"

# Every citation the workflow, the clock and the registry rules define, as printed.
EXPECTED = {
    # yichuang/cases/workflow/articles.py
    "REG art. 15 para. 1": f"{REG}第十五条第一款",
    "REG art. 15 para. 2": f"{REG}第十五条第二款",
    "REG art. 17(1)-(2)": f"{REG}第十七条第一项至第二项",
    "REG art. 17(1)": f"{REG}第十七条第一项",
    "REG art. 17(3)": f"{REG}第十七条第三项",
    "REG art. 17(4)": f"{REG}第十七条第四项",
    "REG art. 17 para. 2": f"{REG}第十七条第二款",
    "REG art. 18": f"{REG}第十八条",
    "REG art. 19": f"{REG}第十九条",
    "REG art. 21 para. 1": f"{REG}第二十一条第一款",
    "REG art. 21 para. 2": f"{REG}第二十一条第二款",
    "REG art. 22": f"{REG}第二十二条",
    "RULES art. 17": f"{RULES}第十七条",
    "RULES art. 67": f"{RULES}第六十七条",
    SEPARATION: SEPARATION,
    # yichuang/cases/clock.py
    "REG art. 20": f"{REG}第二十条",
    "REG art. 19 para. 1": f"{REG}第十九条第一款",
    "REG art. 19 para. 2": f"{REG}第十九条第二款",
    # yichuang/registry/rules/articles.py
    "REG art. 3": f"{REG}第三条",
    "REG art. 14": f"{REG}第十四条",
    "REG art. 22(1)": f"{REG}第二十二条第一项",
    "REG art. 22(2)": f"{REG}第二十二条第二项",
    "REG art. 22(3)": f"{REG}第二十二条第三项",
    "REG art. 22(4)": f"{REG}第二十二条第四项",
    "RULES art. 24": f"{RULES}第二十四条",
    "RULES art. 24 (unconfirmed)": f"{RULES}第二十四条（待核）",
    "CC art. 297": f"{CC}第二百九十七条",
    "CC art. 298": f"{CC}第二百九十八条",
    "RULES art. 10 (unconfirmed); CC art. 301": f"{RULES}第十条（待核）；{CC}第三百零一条",
    "CC art. 305": f"{CC}第三百零五条",
    "RULES arts. 26-27 (unconfirmed)": f"{RULES}第二十六条至第二十七条（待核）",
    "CC art. 220; RULES art. 79 (unconfirmed)": f"{CC}第二百二十条；{RULES}第七十九条（待核）",
    "RULES art. 80 (unconfirmed)": f"{RULES}第八十条（待核）",
    "RULES art. 81 (unconfirmed)": f"{RULES}第八十一条（待核）",
    "CC art. 220": f"{CC}第二百二十条",
    "RULES art. 83 (unconfirmed)": f"{RULES}第八十三条（待核）",
    "RULES art. 84": f"{RULES}第八十四条",
    "CC art. 221": f"{CC}第二百二十一条",
    "RULES art. 90 (unconfirmed); SPC seizure rules": f"{RULES}第九十条（待核）；{SPC}",
    "RULES art. 91 (unconfirmed)": f"{RULES}第九十一条（待核）",
    "RULES art. 92 (unconfirmed); SPC seizure rules": f"{RULES}第九十二条（待核）；{SPC}",
    "CC art. 400": f"{CC}第四百条",
    "CC art. 420": f"{CC}第四百二十条",
    "CC art. 409": f"{CC}第四百零九条",
    "CC art. 406": f"{CC}第四百零六条",
    "CC art. 414; RULES art. 67": f"{CC}第四百一十四条；{RULES}第六十七条",
    "CC art. 393": f"{CC}第三百九十三条",
    "CC art. 377": f"{CC}第三百七十七条",
    "CC art. 385": f"{CC}第三百八十五条",
    "RULES art. 28 (unconfirmed)": f"{RULES}第二十八条（待核）",
}

NOT_CITATIONS = {SEPARATION}


def _constants(module: ModuleType) -> dict[str, str]:
    """The module's upper-case string constants."""
    return {
        name: value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str)
    }


def _defined_citations() -> dict[str, str]:
    found: dict[str, str] = {}
    for module in (workflow_articles, rules_articles):
        found.update({f"{module.__name__}.{k}": v for k, v in _constants(module).items()})
    found["clock.REG_TIME_LIMIT"] = clock.REG_TIME_LIMIT
    for reason, article in clock.STATUTORY_SUSPENSIONS.items():
        found[f"clock.STATUTORY_SUSPENSIONS[{reason}]"] = article
    return found


DEFINED = _defined_citations()


def test_every_defined_citation_has_its_printed_form_here() -> None:
    # A new article constant must come with its Chinese form in EXPECTED.
    assert len(DEFINED) > 40
    assert set(DEFINED.values()) <= set(EXPECTED)


@pytest.mark.parametrize(("name", "article"), sorted(DEFINED.items()))
def test_a_defined_citation_prints_in_chinese(name: str, article: str) -> None:
    printed = cite_zh(article)
    assert printed == EXPECTED[article], name
    if article not in NOT_CITATIONS:
        # Nothing of the English short form is left on the document.
        assert not re.search(r"[A-Za-z]", printed), printed


@pytest.mark.parametrize(
    ("article", "printed"),
    [
        ("REG art. 17", f"{REG}第十七条"),
        ("REG art. 22 item 4", f"{REG}第二十二条第四项"),
        ("REG art. 17 item 3", f"{REG}第十七条第三项"),
        ("REG art. 16 para. 1 item 2", f"{REG}第十六条第一款第二项"),
        ("REG art. 16 para. 1(2)", f"{REG}第十六条第一款第二项"),
        ("CC art. 1260", f"{CC}第一千二百六十条"),
        ("CC art. 106", f"{CC}第一百零六条"),
        ("CC art. 110", f"{CC}第一百一十条"),
        ("CC arts. 393, 400, 406", f"{CC}第三百九十三条、第四百条、第四百零六条"),
        ("RULES art. 10, CC art. 301", f"{RULES}第十条、{CC}第三百零一条"),
        ("SPC seizure rules", SPC),
        ("REG art. 17(3); RULES art. 9", f"{REG}第十七条第三项；{RULES}第九条"),
    ],
)
def test_the_short_forms_in_use(article: str, printed: str) -> None:
    assert cite_zh(article) == printed


@pytest.mark.parametrize(
    "text",
    [
        "不动产登记暂行条例第16条第1款第2项",
        "《不动产登记暂行条例》第十七条第三项",
        "发改价格规〔2016〕2559号 第一条第（一）项",
        "自然资党发〔2018〕7号 (mission R15); ADR 0005",
        "REG art. 0",
        "REG art. 17 of something",
        "GB art. 5",
        "",
    ],
)
def test_text_in_no_short_form_is_kept_as_it_is(text: str) -> None:
    assert cite_zh(text) == text


def test_the_recognised_parts_of_a_list_are_converted_and_the_rest_kept() -> None:
    assert cite_zh("REG art. 18; ADR 0005; 不动产登记暂行条例第24条第2款") == (
        f"{REG}第十八条；ADR 0005；不动产登记暂行条例第24条第2款"
    )


@pytest.mark.parametrize(
    ("number", "numerals"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (17, "十七"),
        (20, "二十"),
        (22, "二十二"),
        (100, "一百"),
        (101, "一百零一"),
        (106, "一百零六"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (221, "二百二十一"),
        (300, "三百"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (1260, "一千二百六十"),
        (9999, "九千九百九十九"),
    ],
)
def test_article_numbers_in_chinese_numerals(number: int, numerals: str) -> None:
    assert chinese_number(number) == numerals


@pytest.mark.parametrize("number", [0, -1, 10000])
def test_numbers_outside_article_range_are_refused(number: int) -> None:
    with pytest.raises(ValueError, match="1 to 9999"):
        chinese_number(number)


_VALUES = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PLACES = {"十": 10, "百": 100, "千": 1000}


def _read_numerals(text: str) -> int:
    """Read Chinese numerals back, independently of how they were written."""
    total, digit = 0, 0
    for char in text:
        if char in _VALUES:
            digit = _VALUES[char]
        elif char in _PLACES:
            total += (digit or 1) * _PLACES[char]
            digit = 0
        else:
            assert char == "零", text
    return total + digit


@given(st.integers(min_value=1, max_value=9999))
def test_numerals_read_back_to_the_number(number: int) -> None:
    numerals = chinese_number(number)
    assert _read_numerals(numerals) == number
    assert "零零" not in numerals
    assert not numerals.endswith("零")
    assert not numerals.startswith(("零", "一十"))


@given(
    st.sampled_from(sorted(LAW_TITLES)),
    st.integers(min_value=1, max_value=1260),
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_any_article_paragraph_and_item_print_in_order(
    law: str, article: int, paragraph: int, item: int
) -> None:
    printed = cite_zh(f"{law} art. {article} para. {paragraph}({item})")
    expected = (
        f"{LAW_TITLES[law]}第{chinese_number(article)}条"
        f"第{chinese_number(paragraph)}款第{chinese_number(item)}项"
    )
    assert printed == expected
