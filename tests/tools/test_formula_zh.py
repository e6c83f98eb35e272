"""Working lines in Chinese: every term the calculators write has its Chinese wording, and no figure changes."""

from __future__ import annotations

import re

import pytest

from pm_assistant.tools.formula_zh import formula_zh
from pm_assistant.tools.registry import TOOLS, run_tool

# Inputs that reach the branches the published examples do not (never pays back, over budget, a falling hit
# rate, no qualifying option, fixed cost, daily volumes, GPU days, error costs and a met target).
BRANCHES: list[tuple[str, dict]] = [
    ("roi_payback", {"investment": 500000, "monthly_benefit": 20000, "monthly_running_cost": 30000}),
    ("hallucination_budget", {"domain": "contract review", "domain_class": "high-risk", "rate": 0.03}),
    ("hallucination_budget", {"domain": "marketing copy", "rate": 0.02, "threshold": 0.04}),
    ("cache_savings", {"monthly_cost_without_cache": 10000, "hit_rate_before": 0.5, "hit_rate_after": 0.3}),
    ("poc_compare", {"options": [{"name": "A", "accuracy": 0.7}, {"name": "B", "accuracy": 0.75}],
                     "constraints": {"min_accuracy": 0.9}}),
    ("ai_cost_estimate", {"current_monthly_cost": 40000, "fixed_monthly_cost": 10000, "usage_multiplier": 2}),
    ("ai_cost_estimate", {"daily_input_tokens": 1200000, "daily_output_tokens": 300000, "price_per_1k_input": 0.0005,
                          "price_per_1k_output": 0.0015, "gpus": 2, "gpu_hours_per_day": 8, "gpu_hourly_rate": 2.1}),
    ("custom_model_cost", {"gpus": 4, "gpu_hourly_rate": 3.2, "gpu_days": 5, "people": 3, "day_rate": 900, "days": 20}),
    ("classification_metrics", {"tp": 90, "fp": 10, "fn": 30, "cost_per_false_positive": 5,
                                "cost_per_false_negative": 50, "target_recall": 0.7, "target_precision": 0.95}),
    ("risk_cost_matrix", {"items": [{"name": "leak", "risk": 5, "mitigation_cost": 4},
                                    {"name": "drift", "risk": 2, "mitigation_cost": 1}], "cost_scale": "level"}),
]
# What stays in Latin letters in a Chinese working line: abbreviations, symbols, encodings and the user's names.
KEPT = {"GPU", "ROI", "F1", "tp", "fp", "fn", "tn", "TP", "FP", "FN", "TN", "P", "R", "PR", "C", "P0", "P1", "P2",
        "USD", "token", "tiktoken", "cl100k_base", "o200k_base", "2tp"}


def _cases() -> list[tuple[str, dict]]:
    examples = [(name, example) for name, spec in TOOLS.items()
                for example in spec.input_model.model_json_schema().get("examples", [])]
    return [*examples, *BRANCHES]


def _user_words(args: dict) -> set[str]:
    """Latin words the user supplied (option, item and domain names), which stay as written."""
    names = [str(args.get("domain", ""))]
    names += [str(item.get("name", "")) for key in ("options", "items") for item in args.get(key, [])]
    return {word for name in names for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", name)}


@pytest.mark.parametrize(("name", "args"), _cases(), ids=lambda v: v if isinstance(v, str) else "")
def test_the_chinese_working_line_keeps_every_figure_and_no_english_term(name: str, args: dict) -> None:
    result = run_tool(name, args)
    for english in filter(None, (result.get("formula"), result.get("explanation"))):
        if english == result.get("explanation") and len(english) > 80:
            continue  # long advice sentences are shown in the answer's own language by the composer
        chinese = formula_zh(english)
        assert re.findall(r"\d[\d,.]*", chinese) == re.findall(r"\d[\d,.]*", english)
        left = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", chinese)) - KEPT - _user_words(args)
        assert not left, f"{name}: {sorted(left)} in {chinese}"


def test_quoted_user_terms_and_words_inside_longer_words_are_left_alone() -> None:
    assert formula_zh("domain class high-risk ('legal' marks a high-risk domain)") == \
        "领域类别：高风险 ('legal' 表明这是高风险领域)"
    assert formula_zh("dataset x 2") == "dataset × 2"  # 'data' only as a whole word
