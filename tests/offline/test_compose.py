"""The composed answers: the RAG-failure walk, the review pointer, framework syntheses and key figures."""

from __future__ import annotations

import re

import pytest

from pm_assistant.agent.offline.compose import compose, framework_answer, tool_error_answer
from pm_assistant.agent.offline.diagnosis import LAYERS, suspects
from pm_assistant.agent.offline.headlines import headline
from pm_assistant.agent.selfcheck.checks import check_grounding, cited_ids
from pm_assistant.agent.selfcheck.evidence import Evidence, collect_evidence
from pm_assistant.tools.registry import run_tool
from tests.offline.fakes import fake_search, run_turn, turn_calls

RAG_QUESTION = "my RAG bot answers with the wrong policy"
HEADINGS = [f"**{layer.heading}.**" for layer in LAYERS]


def _only(*card_ids: str):
    """A search that only ever returns passages of these cards."""
    def search(**args):
        """`fake_search` filtered to the chosen cards."""
        found = fake_search(**args)
        return {**found, "results": [p for p in found["results"] if p["id"] in card_ids]}
    return search


def test_rag_failure_walks_the_four_layers_in_order_with_their_failure_points(planner) -> None:
    messages = run_turn(planner, RAG_QUESTION)
    answer = messages[-1].content
    positions = [answer.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    blocks = [answer[a:b] for a, b in zip(positions, [*positions[1:], len(answer)], strict=True)]
    for layer, block in zip(LAYERS, blocks, strict=True):
        assert set(re.findall(r"FP[1-7]", block)) == set(layer.failure_points), layer.key
    assert "Read the exact prompt the model received" in blocks[0]  # the card's own check, not invented
    assert "paste the right passage in by hand" in blocks[1] or "top-k results" in blocks[1]


def test_rag_failure_asks_for_the_evidence_that_separates_the_layers(planner) -> None:
    messages = run_turn(planner, RAG_QUESTION)
    answer = messages[-1].content
    for evidence in ("the question exactly as asked", "the passages that were retrieved", "the answer the bot gave",
                     "pm-assistant diagnose TRACE"):
        assert evidence in answer
    calls = turn_calls(messages)
    assert len(calls) >= 2 and {c["name"] for c in calls} == {"search_knowledge"}
    assert cited_ids(answer) == ["hallucination-diagnosis-checklist", "rag-failure-points"]
    assert check_grounding(RAG_QUESTION, answer, collect_evidence(messages)).status == "pass"


def test_rag_failure_cites_only_the_cards_that_came_back(planner) -> None:
    messages = run_turn(planner, RAG_QUESTION, search=_only("hallucination-diagnosis-checklist"))
    answer = messages[-1].content
    assert cited_ids(answer) == ["hallucination-diagnosis-checklist"]
    assert "FP2 Missed the top-ranked documents" in answer  # built-in names, uncited


def test_rag_failure_without_any_passage_still_walks_the_layers(planner) -> None:
    messages = run_turn(planner, RAG_QUESTION, search=lambda **_: {"query": "", "results": []})
    answer = messages[-1].content
    assert all(h in answer for h in HEADINGS) and cited_ids(answer) == []


@pytest.mark.parametrize(
    ("symptom", "first"),
    [("it ignores the table format", "FP5"), ("answers are too vague", "FP6"),
     ("gives incomplete answers", "FP7"), ("it makes up refund rules", "FP1"), ("it is slow", None)],
)
def test_symptoms_point_at_failure_points(symptom: str, first: str | None) -> None:
    found = suspects(symptom)
    assert (found[0] if found else None) == first


def test_review_points_to_the_command_and_lists_the_five_questions(planner) -> None:
    answer = run_turn(planner, "Can you review my proposal?")[-1].content
    assert "pm-assistant review FILE" in answer and "/review PATH" in answer
    assert len(re.findall(r"^[1-5]\. ", answer, re.M)) == 5
    assert "Core technology" in answer and cited_ids(answer) == ["technical-review-five-questions"]


def test_framework_answer_quotes_the_best_card_and_its_steps() -> None:
    passages = fake_search("How does the investment scoring card work?", k=4)["results"]
    answer = framework_answer("How does the investment scoring card work?", passages)
    assert answer.startswith("**In short:** ") and "[investment-scoring-card]" in answer.splitlines()[0]
    assert "P0" in answer and answer.splitlines()[-1].startswith("Sources: [investment-scoring-card]")


def test_framework_answer_without_passages_says_so() -> None:
    assert "found nothing" in framework_answer("anything", []) and "Sources" not in framework_answer("x", [])


def test_money_keeps_the_users_currency() -> None:
    result = run_tool("roi_payback", {"investment": 2_000_000, "annual_benefit": 500_000, "currency": "yuan"})
    assert headline("roi_payback", result).startswith("**Payback: 48 months.** On yuan 2,000,000 invested")
    result = run_tool("cache_savings", {"monthly_cost_without_cache": 210_000, "hit_rate_before": 0.45,
                                        "hit_rate_after": 0.65, "currency": "¥"})
    assert headline("cache_savings", result).startswith("**Saves ¥42,000 a month** (¥504,000 a year)")


def _calculated(tool: str, result: dict) -> Evidence:
    return Evidence(tool_calls=[{"name": tool, "args": {}, "result": result}])


def test_an_investment_that_never_pays_back_says_so() -> None:
    result = run_tool("roi_payback", {"investment": 100, "monthly_benefit": 10, "monthly_running_cost": 20})
    answer = compose("roi_payback", "payback?", _calculated("roi_payback", result))
    assert answer.startswith("**It never pays back:**") and result["explanation"] in answer


def test_an_unknown_result_shape_falls_back_to_the_working() -> None:
    answer = compose("roi_payback", "?", _calculated("roi_payback", {"formula": "a = b"}))
    assert answer.splitlines()[0] == "**roi_payback result:**" and "**Working:** a = b" in answer


def test_a_passing_mention_of_a_failure_point_is_not_taken_as_its_check() -> None:
    from pm_assistant.agent.offline.diagnosis import failure_points

    steps = {"id": "rag-failure-points", "section": "How to apply it",
             "text": "3. Base-model layer. FP4: the fact is in context but missed. FP5 persisting despite clear "
                     "instructions also belongs here."}
    assert failure_points([steps]) == {"FP4": "FP4 Not extracted: the fact is in context but missed."}


def test_a_tool_error_names_the_field_to_fix() -> None:
    answer = tool_error_answer("roi_payback", "roi_payback: Error: roi_payback: investment: must be greater than 0")
    assert answer.startswith("**The roi_payback calculator could not run:** roi_payback: investment: must be")
    assert "Please check **investment**" in answer


def test_a_failed_search_says_how_to_rebuild_the_index() -> None:
    evidence = Evidence(tool_errors=["search_knowledge: Error: search_knowledge failed (OSError: disk)"])
    assert "Run `pm-assistant index`" in compose("framework", "What is the RAG triad?", evidence)


def test_list_items_keep_the_text_after_their_heading(planner) -> None:
    answer = run_turn(planner, "How do I map the path to first value for a new AI feature?")[-1].content
    assert "Map the path to first value. List every download" in answer
    assert not re.search(r"^- [^.\n]{0,45}\.?$", answer, re.MULTILINE)  # no bullet that is a bare heading


def test_pitfalls_are_labelled_as_pitfalls_and_never_given_as_framework_steps(planner) -> None:
    answer = run_turn(planner, "What are the pitfalls of a proof of concept?")[-1].content
    assert "**Pitfalls to avoid:**\n- " in answer and answer.index("Pitfalls to avoid") < answer.index("Sources:")
    calculated = run_turn(planner, "Which should we pick: option B 88% at 2.3 s vs option A 91% at 2.6 s, "
                                   "max 2.5 s latency")[-1].content
    steps = calculated.split("**Framework —", 1)[1]
    assert "No pass bar set in advance" not in steps


def test_a_how_to_about_a_calculators_method_answers_from_its_card_and_offers_the_calculator(planner) -> None:
    messages = run_turn(planner, "How do I explain AI ROI to my CFO?")
    answer = messages[-1].content
    assert {c["name"] for c in turn_calls(messages)} == {"search_knowledge"}  # and one among executive cards
    assert "[value-bridge]" in answer.splitlines()[0] and cited_ids(answer)[0] == "value-bridge"
    assert "**Want the figures?** Give me the upfront investment" in answer and "`roi_payback`" in answer
    assert answer.splitlines()[-1].startswith("Sources: [value-bridge]")
    assert check_grounding("How do I explain AI ROI to my CFO?", answer, collect_evidence(messages)).status == "pass"


def test_abbreviations_do_not_end_a_sentence() -> None:
    from pm_assistant.agent.offline.passages import sentences

    assert sentences("Itemise costs, e.g. Compute and labour. Then add benefits.") == [
        "Itemise costs, e.g. Compute and labour.", "Then add benefits."]


def test_a_sentence_that_leans_on_the_one_before_is_not_quoted_alone() -> None:
    from pm_assistant.agent.offline.passages import key_sentences

    text = "Cards open with a definition of the method. Second, many teams forget the method entirely."
    assert key_sentences(text, "method teams forget", limit=1) == ["Cards open with a definition of the method."]
