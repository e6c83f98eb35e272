"""The 11 calculators through the real server: same schemas as `tools --json`, the articles' worked figures, and
bad arguments as one-line `isError` results while the server keeps serving."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from typing import Any

import pytest
from mcp import ClientSession

from pm_assistant.tools.registry import TOOLS, run_tool
from tests.mcp.conftest import PM_ASSISTANT, call_error, call_ok, mcp_client

pytestmark = pytest.mark.anyio

MEDICAL_MODEL = {  # ai-knowledge-checklist: the medical specialty model
    "labeled_samples": 5000, "price_per_sample": 2, "gpus": 8, "gpu_hourly_rate": 10, "gpu_days": 7,
    "people": 2, "day_rate": 800, "days": 7, "currency": "¥",
}
POC_OPTIONS = [  # poc-four-steps: product descriptions with an 85% accuracy goal
    {"name": "A", "accuracy": 0.72, "latency_s": 1.5},
    {"name": "B", "accuracy": 0.88, "latency_s": 2.3},
    {"name": "C", "accuracy": 0.91, "latency_s": 1.8},
]
RISKS = [
    {"name": "typos in summaries", "risk": 1, "mitigation_cost": 5_000},
    {"name": "model drift", "risk": 4, "mitigation_cost": 150_000},
    {"name": "vendor lock-in", "risk": 2, "mitigation_cost": 90_000},
    {"name": "qualified candidates rejected", "risk": 5, "mitigation_cost": 20_000},
]
CAPABILITIES = [
    {"name": "commodity OCR", "user_value": 2, "imitation_cost": 1},
    {"name": "FAQ chatbot", "user_value": 4, "imitation_cost": 1},
    {"name": "multi-signal recommendations", "user_value": 5, "imitation_cost": 5},
]


@pytest.fixture(scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ClientSession]:
    async with mcp_client(tmp_path_factory.mktemp("mcp-home")) as connected:
        yield connected


async def calc(client: ClientSession, name: str, args: dict[str, Any]) -> dict[str, Any]:
    """The tool's result, checked to be exactly what `calc --json` computes, with its working."""
    result = await call_ok(client, name, args)
    assert result == run_tool(name, args)
    assert result["formula"]
    return result


async def test_tools_list_the_calculators_with_their_own_schemas_and_the_assistant_tools(client: ClientSession) -> None:
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert list(tools) == [*TOOLS, "search_knowledge", "review_proposal", "diagnose_rag_trace", "ask"]
    for name, spec in TOOLS.items():
        tool = tools[name]
        assert tool.inputSchema == spec.input_model.model_json_schema()  # as `tools --json` prints it
        assert "fractions" in (tool.description or "") and "never converted" in (tool.description or "")
        assert tool.annotations is not None and tool.annotations.readOnlyHint
    assert set(tools["search_knowledge"].inputSchema["properties"]) >= {"query", "k"}
    assert tools["search_knowledge"].inputSchema["required"] == ["query"]
    assert set(tools["review_proposal"].inputSchema["properties"]) == {"path", "text"}
    assert tools["diagnose_rag_trace"].inputSchema["required"] == ["path"]
    assert tools["ask"].inputSchema["required"] == ["question"]


async def test_roi_payback_800k_for_1_5m_a_year_pays_back_in_6_4_months(client: ClientSession) -> None:
    result = await calc(client, "roi_payback", {"investment": 800000, "annual_benefit": 1500000, "currency": "¥"})
    assert result["payback_months"] == 6.4
    assert result["net_benefit"] == 700000 and result["roi_ratio"] == 0.875


async def test_ai_cost_estimate_triples_1980_to_5940(client: ClientSession) -> None:
    args = {"monthly_input_tokens": 990_000_000, "price_per_1k_input": 0.002, "currency": "¥"}
    assert (await calc(client, "ai_cost_estimate", args))["monthly_cost"] == 1980
    tripled = await calc(client, "ai_cost_estimate", {**args, "usage_multiplier": 3})
    assert tripled["monthly_cost"] == 5940 and tripled["token_cost"] + tripled["gpu_cost"] == 5940


async def test_custom_model_cost_of_the_medical_model_is_34640(client: ClientSession) -> None:
    result = await calc(client, "custom_model_cost", MEDICAL_MODEL)
    assert (result["data_cost"], result["compute_cost"], result["labor_cost"]) == (10_000, 13_440, 11_200)
    assert result["total"] == 34_640


async def test_investment_score_80_is_p0(client: ClientSession) -> None:
    result = await calc(client, "investment_score",
                        {"business_value": 36, "technical_maturity": 24, "resource_demand": 20})
    assert (result["total"], result["priority"]) == (80, "P0")


async def test_risk_cost_matrix_acts_on_high_risk_low_cost_first(client: ClientSession) -> None:
    result = await calc(client, "risk_cost_matrix", {"items": RISKS, "cost_threshold": 50_000, "currency": "¥"})
    assert [(i["name"], i["quadrant"]) for i in result["items"]] == [
        ("qualified candidates rejected", "act_now"), ("model drift", "plan"),
        ("typos in summaries", "quick_win"), ("vendor lock-in", "monitor"),
    ]


async def test_classification_metrics_recruiting_filter_misses_its_recall_target(client: ClientSession) -> None:
    result = await calc(client, "classification_metrics",
                        {"tp": 70, "fp": 5, "fn": 30, "tn": 895, "target_recall": 0.95})
    assert result["recall"] == 0.7 and result["accuracy"] == 0.965 and result["meets_targets"] is False


async def test_poc_compare_picks_c_against_the_85_percent_goal(client: ClientSession) -> None:
    result = await calc(client, "poc_compare", {"options": POC_OPTIONS, "constraints": {"min_accuracy": 0.85}})
    assert result["winner"] == "C"
    assert result["qualifying"] == ["C", "B"]
    assert [r["name"] for r in result["ranking"]] == ["C", "B", "A"]


@pytest.mark.parametrize(
    ("args", "threshold", "domain_class", "within"),
    [
        ({"rate": 0.023, "domain": "medical triage"}, 0.01, "high-risk", False),
        ({"rate": 0.008, "domain": "legal Q&A"}, 0.01, "high-risk", True),
        ({"rate": 0.08, "domain": "finance news"}, 0.05, "standard", False),
        ({"rate": 0.023, "domain": "finance news"}, 0.05, "standard", True),
    ],
)
async def test_hallucination_budget_is_1_percent_high_risk_5_percent_otherwise(
    client: ClientSession, args: dict[str, Any], threshold: float, domain_class: str, within: bool
) -> None:
    result = await calc(client, "hallucination_budget", args)
    assert (result["threshold"], result["domain_class"], result["within_budget"]) == (threshold, domain_class, within)


async def test_cache_savings_45_to_65_percent_saves_42000_a_month(client: ClientSession) -> None:
    result = await calc(client, "cache_savings", {"monthly_cost_without_cache": 210_000, "hit_rate_before": 0.45,
                                                  "hit_rate_after": 0.65, "currency": "¥"})
    assert result["monthly_savings"] == 42_000 and "= ¥42,000" in result["formula"]


async def test_differentiation_matrix_puts_the_moat_first(client: ClientSession) -> None:
    result = await calc(client, "differentiation_matrix", {"items": CAPABILITIES})
    assert [(i["name"], i["quadrant"]) for i in result["items"]] == [
        ("multi-signal recommendations", "moat"), ("FAQ chatbot", "table_stakes"), ("commodity OCR", "commodity"),
    ]


async def test_token_count_counts_offline(client: ClientSession) -> None:
    result = await calc(client, "token_count", {"text": "How many tokens is this sentence?"})
    assert result["tokens"] > 0 and result["encoding"]


@pytest.fixture(scope="module")
def cli_line() -> str:
    """What `pm-assistant calc` prints on stderr for a negative investment (it exits 2)."""
    args = '{"investment": -800000, "annual_benefit": 1500000}'
    done = subprocess.run([str(PM_ASSISTANT), "calc", "roi_payback", "--args", args],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    return done.stderr.strip()


async def test_a_bad_argument_is_the_cli_line_as_an_error_result_and_the_server_keeps_serving(
    client: ClientSession, cli_line: str
) -> None:
    message = await call_error(client, "roi_payback", {"investment": -800000, "annual_benefit": 1500000})
    assert message == cli_line == "pm-assistant: roi_payback: investment: must be greater than 0"

    percents = {"monthly_cost_without_cache": 1, "hit_rate_before": 45, "hit_rate_after": 65}  # not fractions
    assert "hit_rate_before: must be less than or equal to 1" in await call_error(client, "cache_savings", percents)
    assert "is not a known argument" in await call_error(client, "poc_compare", {"options": POC_OPTIONS, "pick": "C"})
    assert "unknown tool 'roi'" in await call_error(client, "roi", {})
    assert "ask: question: must not be blank" in await call_error(client, "ask", {"question": "  "})
    result = await calc(client, "roi_payback", {"investment": 800000, "annual_benefit": 1500000})
    assert result["payback_months"] == 6.4
