"""The quantity reader on English and Chinese phrasing: kinds, multipliers, currencies, ranges, periods,
denominators, what is not a quantity, and properties over generated text."""

from __future__ import annotations

import math
from typing import Any

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pm_assistant.core.text.quantities import KINDS, Per, Quantity, parse_number, read_quantities


def read(text: str) -> list[dict[str, Any]]:
    """The quantities of a text as dicts without text and span, for compact expectations."""
    return [{k: v for k, v in q.as_dict().items() if k not in ("text", "span")} for q in read_quantities(text)]


def one(text: str) -> Quantity:
    found = read_quantities(text)
    assert len(found) == 1, f"{text!r}: {[q.as_dict() for q in found]}"
    return found[0]


def matches(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    """Every key of `expected` equal in `got` (floats within 1e-9 relative); keys not listed are not checked."""
    for key, want in expected.items():
        have = got.get(key)
        if isinstance(want, float | int) and isinstance(have, float | int):
            if not math.isclose(want, have, rel_tol=1e-9):
                return False
        elif want != have:
            return False
    return True


def check(text: str, *expected: dict[str, Any]) -> None:
    got = read(text)
    assert len(got) == len(expected) and all(matches(e, g) for e, g in zip(expected, got, strict=True)), (
        f"{text!r}: {got}")


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("The license is $49 per seat", 49, "USD"),
    ("We raised US$3.5M last year", 3.5e6, "USD"),
    ("USD 1,250 for the audit", 1250, "USD"),
    ("about 40 dollars", 40, "USD"),
    ("服务费人民币8000", 8000, "CNY"),
    ("预算两百万元", 2e6, "CNY"),
    ("每张卡每月¥1.2万", 12000, "CNY"),
    ("花了300块钱", 300, "CNY"),
    ("RMB 6.5k", 6500, "CNY"),
    ("a 2,000 yuan deposit", 2000, "CNY"),
    ("it costs 75 euros", 75, "EUR"),
    ("£1.2bn fund", 1.2e9, "GBP"),
    ("Rs. 45,000", 45000, "INR"),
    ("₹3 crore", 3e7, "INR"),
    ("8 lakh rupees", 8e5, "INR"),
    ("JPY 120,000", 120000, "JPY"),
    ("三千日元", 3000, "JPY"),
    ("5000美金", 5000, "USD"),
])
def test_money_needs_a_currency_marker(text: str, value: float, currency: str) -> None:
    q = one(text)
    assert (q.kind, q.currency) == ("money", currency)
    assert math.isclose(q.value, value)


@pytest.mark.parametrize(("text", "value"), [
    ("€2,5 Mio. for the rollout", 2.5e6),
    ("67.500 € per year", 67500),
    ("EUR 3.499,90", 3499.90),
    ("€1,200", 1200),
    ("€0.99 per call", 0.99),
    ("1,7 Mrd. €", 1.7e9),
])
def test_european_formats_read_by_euro_cues(text: str, value: float) -> None:
    q = one(text)
    assert q.currency == "EUR" and math.isclose(q.value, value)


def test_outside_euro_context_a_comma_groups_thousands_and_a_dot_is_decimal() -> None:
    check("1,250 users and 3.75 hours", {"value": 1250, "unit": "user"}, {"value": 3.75, "unit": "hour"})
    check("options 1,2 and 3", {"value": 1}, {"value": 2}, {"value": 3})


def test_amounts_without_a_currency_are_numbers() -> None:
    check("服务器成本4万", {"value": 40000, "kind": "number"})
    check("the quote came to 12k", {"value": 12000, "kind": "number"})


@pytest.mark.parametrize(("text", "value"), [
    ("retention is 87.5%", 0.875),
    ("up 12 percent", 0.12),
    ("down 3 per cent", 0.03),
    ("a 40 pct discount", 0.40),
    ("转化率百分之十五", 0.15),
    ("错误率千分之三", 0.003),
    ("毛利率３５％", 0.35),
    ("点击率提高了2个百分点", 0.02),
    ("churn moved by 4 percentage points", 0.04),
])
def test_percent_is_a_fraction(text: str, value: float) -> None:
    q = one(text)
    assert q.kind == "percent" and math.isclose(q.value, value)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("7 of 140 replies cited the wrong policy", 0.05, None),
    ("4 out of 80 documents were stale", 0.05, "document"),
    ("one in 25 tickets escalates", 0.04, "ticket"),
    ("about 1/4 of users churn", 0.25, "user"),
    ("300个样本中有15个标错", 0.05, "sample"),
    ("60条回答里有6条不准确", 0.1, "answer"),
    ("三分之二", 2 / 3, None),
])
def test_ratios(text: str, value: float, unit: str | None) -> None:
    q = one(text)
    assert (q.kind, q.unit) == ("ratio", unit) and math.isclose(q.value, value)


@pytest.mark.parametrize(("text", "value", "kind", "unit"), [
    ("we need 6 H800s", 6, "count", "gpu"),
    ("8x A100 nodes", 8, "count", "gpu"),
    ("租了4台GPU服务器", 4, "count", "gpu"),
    ("买两块4090", 2, "count", "gpu"),
    ("nine senior ML engineers", 9, "count", "engineer"),
    ("招聘12名算法工程师", 12, "count", "engineer"),
    ("a team of 5 people", 5, "count", "person"),
    ("团队共8人", 8, "count", "person"),
    ("3.2 million monthly active users", 3.2e6, "count", "user"),
    ("80万注册用户", 8e5, "count", "user"),
    ("1.5k API calls", 1500, "count", "request"),
    ("每天50万次调用", 5e5, "count", "request"),
    ("the backlog has 340 open tickets", 340, "count", "ticket"),
    ("积压了1200张工单", 1200, "count", "ticket"),
    ("两张 A100", 2, "count", "gpu"),  # a space between the measure word and a Latin noun
    ("4 张 H100", 4, "count", "gpu"),
    ("10k hand-labelled examples", 10000, "count", "sample"),
    ("3万条训练数据", 30000, "count", "sample"),
    ("2,400 PDFs", 2400, "count", "document"),
    ("500篇文档", 500, "count", "document"),
    ("a 128k-token context window", 128000, "tokens", "token"),
    ("4.5B tokens", 4.5e9, "tokens", "token"),
    ("500万个token", 5e6, "tokens", "token"),
    ("Active users: 45k", 45000, "count", "user"),
    ("客户数约3000", 3000, "count", "customer"),
    ("复核了20条", 20, "count", "sample"),
])
def test_counts_name_the_thing_counted(text: str, value: float, kind: str, unit: str) -> None:
    q = one(text)
    assert (q.kind, q.unit) == (kind, unit) and math.isclose(q.value, value)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("p50 is 180ms", 180, "ms"),
    ("a 1.5 s timeout", 1.5, "s"),
    ("15 minutes per review", 15, "min"),
    ("runs 6h", 6, "hour"),
    ("5 business days", 5, "day"),
    ("a two-week sprint", 2, "week"),
    ("18 months of runway", 18, "month"),
    ("3 yrs", 3, "year"),
    ("耗时200毫秒", 200, "ms"),
    ("等了30秒", 30, "s"),
    ("开会45分钟", 45, "min"),
    ("训练需要两天", 2, "day"),
    ("开发周期8周", 8, "week"),
    ("半年即6个月", 6, "month"),
    ("合同期3年", 3, "year"),
    ("about 200 GPU hours", 200, "hour"),
    ("1,000 GPU-hours of training", 1000, "hour"),
    ("训练约500卡时", 500, "hour"),
])
def test_durations(text: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.kind, q.unit) == ("duration", unit) and math.isclose(q.value, value)


@pytest.mark.parametrize(("text", "value"), [
    ("投入 80 万元", 800_000),  # a space between the digits and 万, as many Chinese documents write it
    ("年节省 720 万", 7_200_000),
    ("预算 1.5 亿元", 150_000_000),
    ("总共50w预算", 500_000),  # informal 万
    ("投入120w，月省8w。", 1_200_000),
])
def test_chinese_multipliers_after_a_space_or_as_w(text: str, value: float) -> None:
    assert math.isclose(read_quantities(text)[0].value, value)


def test_round_the_clock_is_24_hours_a_day() -> None:
    for text in ("support runs 24/7", "7×24小时值守"):
        q = one(text)
        assert (q.kind, q.value, q.unit, q.period) == ("duration", 24, "hour", "day")


@pytest.mark.parametrize(("text", "value"), [
    ("traffic doubles in Q4", 2), ("costs will triple", 3), ("volume quadrupled", 4), ("halving the latency", 0.5),
    ("a 4x cheaper model", 4), ("10 times more queries", 10), ("scale it ×5", 5), ("用量翻倍", 2), ("营收翻两番", 4),
    ("成本减半", 0.5), ("效率提升了3倍", 3),
])
def test_factors(text: str, value: float) -> None:
    q = one(text)
    assert q.kind == "factor" and math.isclose(q.value, value)


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("launched in 2024", "year", 2024), ("2027年上线", "year", 2027), ("FY27 budget", "year", 2027),
    ("the 3rd iteration", "ordinal", 3), ("21st release", "ordinal", 21), ("第8轮", "ordinal", 8),
    ("第二阶段", "ordinal", 2), ("评审得了92分", "score", 92), ("NPS up 12 points", "score", 12),
])
def test_years_ordinals_scores(text: str, kind: str, value: float) -> None:
    q = one(text)
    assert (q.kind, q.value) == (kind, value)


def test_a_year_counting_something_is_a_count() -> None:
    check("2024 users signed up", {"value": 2024, "kind": "count", "unit": "user"})


def test_ranges_share_the_unit_multiplier_and_currency_written_once() -> None:
    check("$20–30k per month", {"value": 20000, "high": 30000, "currency": "USD", "period": "month"})
    check("0.6 to 0.8", {"value": 0.6, "high": 0.8, "kind": "number"})
    check("2-4 weeks", {"value": 2, "high": 4, "kind": "duration", "unit": "week"})
    check("55–70%", {"value": 0.55, "high": 0.70, "kind": "percent"})
    check("5万到8万元", {"value": 5e4, "high": 8e4, "currency": "CNY"})
    check("需要3至6名标注员", {"value": 3, "high": 6, "kind": "count", "unit": "person"})
    check("between 10 and 12 GPUs", {"value": 10, "high": 12, "unit": "gpu"})
    check("$800-1.2k", {"value": 800, "high": 1200, "currency": "USD"})
    check("2025–2027", {"value": 2025, "high": 2027, "kind": "year"})
    check("三到五个工作日", {"value": 3, "high": 5, "kind": "duration", "unit": "day"})


def test_days_written_with_ri_are_durations_but_dates_and_yen_are_not() -> None:
    check("应当自受理之日起15日内发放", {"value": 15, "kind": "duration", "unit": "day"})
    check("最长可以延长至30日", {"value": 30, "kind": "duration", "unit": "day"})
    check("价格100日元", {"value": 100, "kind": "money", "currency": "JPY"})
    assert read_quantities("12月31日截止") == []


def test_changes_are_two_quantities() -> None:
    check("error rate went from 9% to 4.5%", {"value": 0.09, "kind": "percent"}, {"value": 0.045, "kind": "percent"})
    check("60→75%", {"value": 0.60, "kind": "percent"}, {"value": 0.75, "kind": "percent"})
    check("成本从12万降到8万元", {"value": 1.2e5, "currency": "CNY"}, {"value": 8e4, "currency": "CNY"})
    check("延迟降低到300ms以内", {"value": 300, "unit": "ms"})


@pytest.mark.parametrize(("text", "period"), [
    ("$300/hr", "hour"), ("$1.1k/wk", "week"), ("¥900/d", "day"), ("€40k/yr", "year"), ("$2k a month", "month"),
    ("$18k annually", "year"), ("£6k per annum", "year"), ("$5k p.a.", "year"), ("¥300 every day", "day"),
    ("3万元/月", "month"), ("50万/年", "year"), ("每周花费2000元", "week"), ("年均投入300万", "year"),
    ("Monthly spend is about $8k", "month"), ("Our annual budget: $1.5M", "year"), ("月费99元", "month"),
    ("日成本1500元", "day"), ("$210k per quarter", "quarter"), ("$12k quarterly", "quarter"),
    ("每季度节省费用约45万元", "quarter"), ("4万/季度", "quarter"),
])
def test_periods_after_and_before_the_amount(text: str, period: str) -> None:
    assert one(text).period == period


def test_a_quarterly_amount_is_a_third_of_it_per_month() -> None:
    assert one("$210k per quarter").monthly() == pytest.approx(70000)


def test_a_period_before_applies_only_without_another_figure_between() -> None:
    check("每月服务器费用4万，人工2万", {"value": 40000, "period": "month"}, {"value": 20000})


def test_a_period_after_coordinated_figures_applies_to_both() -> None:
    check("2M input and 500k output tokens a day", {"value": 2e6, "period": "day"},
          {"value": 5e5, "period": "day", "kind": "tokens"})


def test_a_figure_told_only_by_its_side_takes_the_tokens_of_the_one_before() -> None:
    check("700 tokens in and 250 out", {"value": 700, "kind": "tokens"}, {"value": 250, "kind": "tokens"})
    check("每次1500个输入token、500个输出token", {"value": 1500, "kind": "tokens"}, {"value": 500, "kind": "tokens"})
    check("700 tokens and 250 users", {"value": 700, "kind": "tokens"}, {"value": 250, "kind": "count"})


def test_a_price_pair_shares_its_denominator() -> None:
    million = {"value": 1e6, "unit": None}
    check("$0.15/$0.60 per million", {"value": 0.15, "per": million}, {"value": 0.6, "per": million})


def test_chinese_every_day_between_two_figures_belongs_to_the_second() -> None:
    check("3台服务器每天运行20小时", {"value": 3, "unit": "server", "period": None},
          {"value": 20, "unit": "hour", "period": "day"})


@pytest.mark.parametrize(("text", "per", "period"), [
    ("$2.50 per million input tokens", Per(1e6, "token"), None),
    ("¥0.008/1k tokens", Per(1000, "token"), None),
    ("$15 per 1,000 requests", Per(1000, "request"), None),
    ("$0.40 per million", Per(1e6, None), None),
    ("$12 per user per month", Per(1, "user"), "month"),
    ("$1.80/GPU-hour", Per(1, "gpu"), "hour"),
    ("$650 per engineer per day", Per(1, "engineer"), "day"),
    ("$9 per seat", Per(1, "seat"), None),
    ("每千次调用0.1元", Per(1000, "request"), None),
    ("每百万token 2美元", Per(1e6, "token"), None),
    ("2美元/百万token", Per(1e6, "token"), None),
    ("人均月薪2万元", Per(1, "person"), "month"),
    ("每个用户每月10元", Per(1, "user"), "month"),
])
def test_denominators(text: str, per: Per, period: str | None) -> None:
    q = one(text)
    assert q.per == per and q.period == period


def test_each_points_back_to_the_thing_counted() -> None:
    check("We label 8,000 samples at $0.05 each", {"value": 8000, "unit": "sample"},
          {"value": 0.05, "per": {"value": 1, "unit": "sample"}})
    check("共5000张工单，每张处理成本3元", {"value": 5000, "unit": "ticket"},
          {"value": 3, "per": {"value": 1, "unit": "ticket"}})


@pytest.mark.parametrize("text", [
    "GPT-4 and GPT 4o", "Llama 3 and Claude 3.5 Sonnet", "Qwen2.5-72B-Instruct", "an A100 node", "P0/P1 bugs",
    "FP8 quantisation", "Q3 OKRs and H2 planning", "v2.3.1", "version 3.11", "Python 3.12", "on 2026-04-30",
    "at 09:45", "call 415-555-0134", "+44 20 7946 0958", "ticket #8812", "ID: 5521", "see [4]",
    "https://example.com/v2/items/42", "mail ops2@corp.example.com", "a 1024x768 image", "step 3: deploy",
    "issue 10, part 1", "5G rollout", "3D assets", "一起开会", "统一口径", "万一失败", "千万注意", "十分关键", "三五成群",
    "3月上线", "5月20日发布", "the 80s", "one of them", "RTX 4090",
])
def test_not_quantities(text: str) -> None:
    assert read_quantities(text) == [], [q.as_dict() for q in read_quantities(text)]


def test_list_markers_and_heading_numbers_are_not_quantities() -> None:
    text = "## 2. Budget\n1. Hire 3 engineers\n2) Buy 2 GPUs\n(3) 续费\n### 4.1 Risks"
    check(text, {"value": 3, "unit": "engineer"}, {"value": 2, "unit": "gpu"})


def test_full_width_digits_and_signs() -> None:
    check("预算１２０万元，增长２５％", {"value": 1.2e6, "currency": "CNY"}, {"value": 0.25, "kind": "percent"})
    q = read_quantities("预算１２０万元")[0]
    assert q.text == "１２０万元"


def test_spans_cover_number_multiplier_currency_unit_and_period() -> None:
    text = "We pay $12k/mo for 2 A100s, then US$0.5 per million tokens."
    assert [q.text for q in read_quantities(text)] == ["$12k/mo", "2 A100s", "US$0.5 per million tokens"]


def test_english_number_words() -> None:
    check("twenty-five engineers and one hundred and five users",
          {"value": 25, "unit": "engineer"}, {"value": 105, "unit": "user"})
    check("a dozen annotators", {"value": 12, "unit": "person"})
    check("half a million tokens", {"value": 5e5, "kind": "tokens"})
    check("Three GPUs", {"value": 3, "unit": "gpu"})


def test_helpers() -> None:
    rate = one("$12k/mo")
    assert rate.monthly() == 12000
    assert one("¥300 a day").monthly() == 9000
    assert math.isclose(one("$700 per week").monthly() or 0, 3000)
    assert one("$1.2M a year").monthly() == 100000
    assert one("$2/hour").monthly() == 1440
    assert one("$500").monthly() is None
    assert one("250 ms").seconds() == 0.25
    assert one("2 years").seconds() == one("24 months").seconds()
    assert one("5%").seconds() is None
    data = one("$2.1/GPU-hour").as_dict()
    assert data == {"value": 2.1, "kind": "money", "text": "$2.1/GPU-hour", "span": [0, 13], "currency": "USD",
                    "period": "hour", "per": {"value": 1.0, "unit": "gpu"}}


@pytest.mark.parametrize(("token", "value"), [
    ("1,200", 1200), ("1.2M", 1.2e6), ("3 lakh", 3e5), ("2.5 bn", 2.5e9), ("八十万", 8e5), ("2.5万", 2.5e4),
    ("1,200万", 1.2e7), ("十二点五万", 1.25e5), ("一万二", 12000), ("两亿三千万", 2.3e8), ("3千5", 3500),
    ("twenty-five", 25), ("a dozen", 12), ("1.234,56", 1234.56), ("1,5", 1.5), ("１２", 12), ("1,50,000", 150000),
])
def test_parse_number(token: str, value: float) -> None:
    parsed = parse_number(token)
    assert parsed is not None and math.isclose(parsed, value)


@pytest.mark.parametrize("token", ["", "abc", "$5", "5 engineers", "3.11.2", "万万", "1,2,3"])
def test_parse_number_refuses_what_is_not_one_numeral(token: str) -> None:
    assert parse_number(token) is None


_MULTIPLIERS = [("", 1.0), ("k", 1e3), ("K", 1e3), ("M", 1e6), ("bn", 1e9), (" million", 1e6), ("万", 1e4),
                ("亿", 1e8)]
_CURRENCIES = [("${}", "USD"), ("US${}", "USD"), ("USD {}", "USD"), ("{} dollars", "USD"), ("¥{}", "CNY"),
               ("{}元", "CNY"), ("RMB {}", "CNY"), ("€{}", "EUR"), ("{} euros", "EUR"), ("£{}", "GBP"),
               ("₹{}", "INR"), ("{} yen", "JPY")]


@settings(max_examples=300, deadline=None)
@given(cents=st.integers(min_value=1, max_value=10**9), multiplier=st.sampled_from(_MULTIPLIERS),
       currency=st.sampled_from(_CURRENCIES), grouped=st.booleans())
def test_a_formatted_amount_reads_back(cents: int, multiplier: tuple[str, float], currency: tuple[str, str],
                                       grouped: bool) -> None:
    amount = cents / 100
    numeral = f"{amount:,.2f}" if grouped else f"{amount:.2f}"
    written = currency[0].format(numeral + multiplier[0])
    q = one(f"The budget is {written} for now.")
    assert q.kind == "money" and q.currency == currency[1]
    assert math.isclose(q.value, amount * multiplier[1], rel_tol=1e-9)
    assert q.text == written


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(min_value=100_000, max_value=10**10))
def test_a_european_amount_reads_back(cents: int) -> None:
    whole, fraction = divmod(cents, 100)
    numeral = f"{whole:,}".replace(",", ".") + f",{fraction:02d}"
    assert math.isclose(one(f"Angebot: {numeral} € netto").value, cents / 100)


@settings(max_examples=200, deadline=None)
@given(number=st.integers(min_value=1, max_value=10**12))
def test_chinese_numerals_read_back(number: int) -> None:
    assert parse_number(cn2an.an2cn(number)) == number


@settings(max_examples=200, deadline=None)
@given(basis_points=st.integers(min_value=0, max_value=100_000), sign=st.sampled_from(["%", "％", " percent"]))
def test_percentages_read_back_as_fractions(basis_points: int, sign: str) -> None:
    q = one(f"margin is {basis_points / 100:g}{sign} now")
    assert q.kind == "percent" and math.isclose(q.value, basis_points / 10_000, abs_tol=1e-12)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-/%$¥€kKM万亿千十一二三元天月年个条次人 of to per and\n")),
               max_size=60))
def test_any_text_reads_without_error_and_with_exact_ordered_spans(text: str) -> None:
    found = read_quantities(text)
    position = 0
    for q in found:
        assert q.kind in KINDS
        assert text[q.span[0]:q.span[1]] == q.text
        assert position <= q.span[0] < q.span[1]
        position = q.span[1]


def test_a_percentage_after_a_model_name_is_a_share_not_part_of_the_name() -> None:
    read = read_quantities("Claude 90% at 1.9s, Gemini 89% at 1.4 s; Llama 3 is slower")
    assert [(q.kind, q.value) for q in read if q.kind == "percent"] == [("percent", 0.9), ("percent", 0.89)]
    assert all(q.value != 3 for q in read)


def test_yuan_in_a_word_for_a_tuple_or_an_element_is_no_currency() -> None:
    """三元组 is a triple and 元素 an element; 三元 alone is three yuan."""
    assert not [q for q in read_quantities("RAG 三元组评估看三项") if q.kind == "money"]
    assert [(q.value, q.currency) for q in read_quantities("每条三元")] == [(3.0, "CNY")]
