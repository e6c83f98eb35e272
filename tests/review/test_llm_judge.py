"""LLM mode with a scripted model: the model drafts typed judgements, the calculators compute every number."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from pm_assistant.agent.review.build import review_file
from pm_assistant.core.config import Settings
from pm_assistant.prompts import load_prompt
from pm_assistant.tools.registry import run_tool
from tests.review.conftest import COMPLETE, MEDICAL, HashEmbedder, draft, judgement_call, scripted_judge


def review_with(model, tmp_path: Path, path: Path = COMPLETE):
    """Review a sample with the given model, a fake embedder and no card search."""
    return review_file(path, Settings(home=tmp_path), model, embedder=HashEmbedder(), search=None)


def test_the_tools_not_the_model_compute_total_priority_and_payback(tmp_path: Path) -> None:
    model = scripted_judge(judgement_call(draft(total=99, priority="P0", payback_months=1)))
    review = review_with(model, tmp_path)
    assert review.mode == "llm"
    expected = run_tool("investment_score", {"business_value": 33, "technical_maturity": 22, "resource_demand": 18})
    assert (review.scoring.total, review.scoring.priority) == (expected["total"], expected["priority"]) == (73, "P1")
    (roi,) = [c for c in review.tool_calls if c["name"] == "roi_payback"]
    assert review.financials.payback_months == roi["result"]["payback_months"] != 1
    assert review.scoring.subscores["technical_maturity"].rationale == "RAG on a hosted model, POC figures"
    assert review.verdict.endswith("A well-prepared proposal; add a liability statement before launch.")
    assert [r.risk for r in review.risks] == ["wrong refund answers", "index goes stale"]  # ordered by risk_cost_matrix
    assert review.risks[0].quadrant == "act_now" and review.risks[1].quadrant == "monitor"
    assert review.usage["llm_calls"] == 1


def test_the_model_gets_the_prompt_the_schema_and_the_facts(tmp_path: Path) -> None:
    model = scripted_judge(judgement_call(draft()))
    review_with(model, tmp_path)
    ((tools, kwargs),) = model.bound
    assert tools[0].__name__ == "ReviewJudgements" and kwargs["tool_choice"] == "any"
    (messages,) = model.received
    assert isinstance(messages[0], SystemMessage) and messages[0].content == load_prompt("review")
    assert isinstance(messages[1], HumanMessage)
    assert "Total investment: ¥800k" in messages[1].content and '"investment": 800000.0' in messages[1].content


def test_quotes_not_in_the_proposal_are_dropped(tmp_path: Path) -> None:
    questions = draft()["five_questions"]
    questions[3] = {
        "id": "peak_load",
        "status": "addressed",
        "evidence": "We handle a million users per second.",
        "gap": "",
    }
    review = review_with(scripted_judge(judgement_call(draft(five_questions=questions))), tmp_path)
    assert review.five_questions[3].evidence is None
    assert review.five_questions[0].evidence.startswith("We propose a retrieval-augmented")
    assert any("peak_load" in note and "dropped" in note for note in review.notes)


@pytest.mark.parametrize(
    "bad",
    [
        draft(five_questions=draft()["five_questions"][:4]),  # a question left out
        draft(scores={**draft()["scores"], "business_value": {"score": 45, "rationale": "too high"}}),  # over 40
    ],
)
def test_invalid_judgements_fall_back_to_the_offline_judge(tmp_path: Path, bad: dict) -> None:
    review = review_with(scripted_judge(judgement_call(bad)), tmp_path)
    assert review.mode == "offline"
    assert any("did not validate" in note and "offline judge" in note for note in review.notes)
    assert [q.status for q in review.five_questions] == ["addressed"] * 5  # the offline judge's reading


def test_a_plain_text_reply_falls_back_too(tmp_path: Path) -> None:
    review = review_with(scripted_judge(AIMessage(content="Looks fine to me.")), tmp_path)
    assert review.mode == "offline" and any("no structured reply" in note for note in review.notes)


def test_a_failing_endpoint_falls_back_with_a_note(tmp_path: Path) -> None:
    model = scripted_judge()  # an exhausted script raises on the first call
    review = review_with(model, tmp_path)
    assert review.mode == "offline"
    assert any(note.startswith("the LLM call failed") for note in review.notes)


def test_a_domain_class_from_the_model_gets_its_own_budget(tmp_path: Path) -> None:
    review = review_with(scripted_judge(judgement_call(draft(domain_class="high-risk"))), tmp_path)
    budget_calls = [c for c in review.tool_calls if c["name"] == "hallucination_budget"]
    assert [c["args"]["domain_class"] for c in budget_calls] == ["standard", "high-risk"]
    assert review.hallucination_budget.threshold == 0.01 and review.hallucination_budget.within_budget is False


def test_llm_mode_end_to_end_through_the_openai_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import json

    from pm_assistant.agent.cli.app import main
    from pm_assistant.agent.testing.loopback_openai import LoopbackOpenAI, Reply

    medical = draft(
        domain_class="high-risk",
        five_questions=[
            {
                "id": q,
                "status": "partial",
                "evidence": "On peak days the clinic sees about 10,000 consultations.",
                "gap": "no plan",
            }
            for q in ("core_technology", "cost_vs_alternatives", "bottlenecks", "peak_load", "data_sustainability")
        ],
    )
    reply = Reply(
        tool_calls=[{"name": "ReviewJudgements", "arguments": medical}], prompt_tokens=900, completion_tokens=400
    )
    with LoopbackOpenAI([reply]) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        assert main(["review", str(MEDICAL), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mode"] == "llm" and data["hallucination_budget"]["threshold"] == 0.01
    assert data["usage"]["prompt_tokens"] == 900 and data["usage"]["completion_tokens"] == 400
    assert data["financials"]["payback_months"] == round(2_400_000 / (1_200_000 / 12 - 30_000), 2)  # net of ¥30k/month
    (request,) = server.requests
    assert request["tools"][0]["function"]["name"] == "ReviewJudgements"


def test_a_figure_the_model_invents_fails_the_grounding_check(tmp_path: Path) -> None:
    scores = draft()["scores"] | {"business_value": {"score": 33, "rationale": "saves ¥9.7M a year"}}
    review = review_with(scripted_judge(judgement_call(draft(scores=scores))), tmp_path)
    grounding = next(c for c in review.self_check["checks"] if c["name"] == "grounding")
    assert grounding["status"] == "fail" and "9.7M" in grounding["detail"] and not review.self_check["passed"]
