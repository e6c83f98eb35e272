"""List-shaped questions read by their structure: tables, list lines and clauses as options or risks, and confusion
counts told by their roles in prose (English and Chinese)."""

from __future__ import annotations

import math

import pytest

from pm_assistant.agent.offline.confusion import derive, prose_counts, table_counts
from pm_assistant.agent.offline.extract import extract
from pm_assistant.agent.offline.plan import plan
from pm_assistant.agent.offline.rows import flatten, items, pieces, tables


def test_a_markdown_table_becomes_one_labelled_line_per_row() -> None:
    text = "Options:\n| model | accuracy | latency |\n|---|---|---|\n| Alpha | 90% | 1 s |\n| Beta | 85% | 0.5 s |\nPick one"
    assert flatten(text) == "Options:\nAlpha: accuracy 90%, latency 1 s\nBeta: accuracy 85%, latency 0.5 s\nPick one"
    assert [t.header for t in tables(text)] == [("model", "accuracy", "latency")]


def test_a_line_with_a_pipe_but_no_rule_row_is_not_a_table() -> None:
    text = "cost 3 | 4 maybe\nnext line"
    assert tables(text) == [] and flatten(text) == text


def test_bulleted_lines_keep_their_own_semicolons() -> None:
    assert pieces("Risks:\n- leak; costs $5k\n- drift; costs $9k") == ["Risks:", "leak; costs $5k", "drift; costs $9k"]


def test_a_run_on_sentence_is_cut_into_one_item_per_anchor() -> None:
    text = "the first, rules, gets 0.7 (fast), the second, a classifier, gets 0.8 at 90 ms"
    found = items(text, lambda s: s.count("gets"), lambda s: sum(ch.isdigit() for ch in s))
    assert [piece for piece, item in found if item] == [
        "the first, rules, gets 0.7 (fast)", "the second, a classifier, gets 0.8 at 90 ms"]


@pytest.mark.parametrize(("question", "names", "constraints"), [
    ("Claude Haiku got 88% right in 0.9s for $0.003; GPT-4o got 91% in 2.4s for $0.012. We need replies under 2 "
     "seconds.", ["Claude Haiku", "GPT-4o"], {"max_latency_s": 2}),
    ("两个模型：小模型准确率85%，延迟300毫秒；大模型准确率93%，延迟1.8秒。准确率不低于80%。", ["小模型", "大模型"],
     {"min_accuracy": 0.8}),
    ("| vendor | accuracy | monthly cost |\n|---|---|---|\n| X | 93% | $12k |\n| Y | 90% | $4k |\nBudget tops out at "
     "$10k/mo.", ["X", "Y"], {"max_cost": 10_000}),
])
def test_poc_options_come_from_items_and_limits_from_their_wording(question: str, names: list[str],
                                                                   constraints: dict[str, float]) -> None:
    found = extract("poc_compare", question)
    assert found.complete
    assert [o["name"] for o in found.args["options"]] == names
    assert found.args["constraints"] == constraints


def test_an_accuracy_limit_is_a_floor_whatever_the_direction_word() -> None:
    found = extract("poc_compare", "Mistral at 81% and 0.6 s, Llama at 88% and 2.1 s. Anything under 85% is not "
                                   "shippable.")
    assert found.args["constraints"] == {"min_accuracy": 0.85}


@pytest.mark.parametrize(("question", "counts"), [
    ("We flagged 120 transactions; 90 were really fraud, and we missed 30.", {"tp": 90, "fp": 30, "fn": 30}),
    ("Out of 1,000 emails, 150 were phishing. The filter caught 135 of them and wrongly blocked 20 legit emails.",
     {"tp": 135, "fp": 20, "fn": 15, "tn": 830}),
    ("The detector caught 188 of the 200 bad parts and raised 47 false alarms.", {"tp": 188, "fn": 12, "fp": 47}),
    ("模型一共报警了200次，其中160次确实是故障，另外还漏掉了40次故障。", {"tp": 160, "fp": 40, "fn": 40}),
    ("识别出的欺诈订单共150单，真正欺诈的有120单；实际欺诈订单共有200单。", {"tp": 120, "fp": 30, "fn": 80}),
])
def test_confusion_counts_are_told_by_their_roles(question: str, counts: dict[str, int]) -> None:
    assert prose_counts(question) == counts


def test_a_difference_that_would_be_negative_is_not_derived() -> None:
    assert derive({"tp": 50, "predicted": 40}) == {"tp": 50}


@pytest.mark.parametrize(("table", "cells"), [
    ("| | predicted spam | predicted ham |\n|---|---|---|\n| actual spam | 34 | 6 |\n| actual ham | 2 | 58 |",
     {"tp": 34, "fn": 6, "fp": 2, "tn": 58}),
    ("| | actual yes | actual no |\n|---|---|---|\n| predicted yes | 34 | 2 |\n| predicted no | 6 | 58 |",
     {"tp": 34, "fn": 6, "fp": 2, "tn": 58}),
    ("| | 预测为负 | 预测为正 |\n|---|---|---|\n| 实际为正 | 6 | 34 |\n| 实际为负 | 58 | 2 |",
     {"tp": 34, "fn": 6, "fp": 2, "tn": 58}),
])
def test_a_confusion_table_is_read_in_either_orientation(table: str, cells: dict[str, int]) -> None:
    assert table_counts(table) == cells


def test_likelihood_and_impact_make_the_risk_by_their_geometric_mean() -> None:
    found = extract("risk_cost_matrix", "- leak: likelihood low, impact severe, $12k\n- drift: likelihood 4, impact 4, "
                                        "$30k")
    assert [i["risk"] for i in found.args["items"]] == [round(math.sqrt(2 * 5), 4), 4]
    assert "sqrt(likelihood 2 × impact 5)" in found.notes[0]


def test_risk_words_carry_their_axis_in_both_languages() -> None:
    english = extract("risk_cost_matrix", "Bias is very likely and very damaging, an audit is $25k. Outage: unlikely, "
                                          "moderate damage, $10k for failover.")
    chinese = extract("risk_cost_matrix", "答错政策，可能性高、影响严重，复核4万；回复慢，可能性中、影响低，缓存1万。")
    assert [i["risk"] for i in english.args["items"]] == [5, round(math.sqrt(6), 4)]
    assert [i["risk"] for i in chinese.args["items"]] == [round(math.sqrt(20), 4), round(math.sqrt(6), 4)]
    assert [i["mitigation_cost"] for i in chinese.args["items"]] == [40_000, 10_000]


def test_a_costed_clause_joins_the_rated_clause_before_it() -> None:
    found = extract("risk_cost_matrix", "PII in logs is possible with a severe impact; a scrubber is $6k. Tone is "
                                        "likely but low impact; prompt tweaks cost $1k.")
    assert [(i["name"], i["mitigation_cost"]) for i in found.args["items"]] == [("PII in logs", 6000), ("Tone", 1000)]


@pytest.mark.parametrize(("question", "tool"), [
    ("We flagged 120 transactions last month; 90 were really fraud, and we missed 30.", "classification_metrics"),
    ("Vendor A hit 89% at $8k/month; vendor B is 91% at $5k/month.", "poc_compare"),
    ("数据泄露，风险5分，缓解成本10万；接口超时，风险3分，缓解成本1万。", "risk_cost_matrix"),
])
def test_a_complete_structured_reading_is_called_without_a_keyword(question: str, tool: str) -> None:
    assert plan(question).tool == tool


def test_an_error_rate_is_read_as_its_accuracy() -> None:
    found = extract("poc_compare", "版本一错误率8%，版本二错误率5%，选哪个？")
    assert [(o["name"], o["accuracy"]) for o in found.args["options"]] == [("版本一", 0.92), ("版本二", 0.95)]


def test_a_respectively_run_gives_one_figure_to_each_option() -> None:
    found = extract("poc_compare", "智谱准确率89%、月之暗面91%、通义87%，响应时间分别是1.3秒、2.6秒、0.9秒，要求2秒内。")
    assert [o["latency_s"] for o in found.args["options"]] == [1.3, 2.6, 0.9]
    assert found.args["constraints"] == {"max_latency_s": 2}


def test_abbreviated_likelihood_and_impact_and_bare_severity_words() -> None:
    abbreviated = extract("risk_cost_matrix", "- discounts — L4 / I4 — $10k\n- scraping — L2 / I3 — $2k")
    bare = extract("risk_cost_matrix", "(a) wrong dosages — critical, $50k; (b) slow replies — minor, $5k")
    assert [i["risk"] for i in abbreviated.args["items"]] == [4, round(math.sqrt(6), 4)]
    assert [(i["name"], i["risk"]) for i in bare.args["items"]] == [("wrong dosages", 5), ("slow replies", 2)]


def test_the_calculator_that_places_most_figures_wins() -> None:
    question = "两个候选：\nA. 开源模型：准确率87%，延迟0.8s，每月成本约1.5万\nB. 商用API：准确率92%，延迟2.2s，每月成本约4万"
    assert plan(question).tool == "poc_compare"


@pytest.mark.parametrize(("question", "rates"), [
    ("We caught 80% of fraud and 70% of alerts were real. F1?", {"recall": 0.8, "precision": 0.7}),
    ("模型识别出了85%的违规内容，告警里有90%是真的，F1多少？", {"recall": 0.85, "precision": 0.9}),
])
def test_rates_said_by_what_they_measure_are_recall_and_precision(question: str, rates: dict[str, float]) -> None:
    found = extract("classification_metrics", question)
    assert found.complete and found.args == rates
