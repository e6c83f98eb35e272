"""The conversation uses what the user says: rank and top-k evidence, "retrieved but …", and follow-ups that refer
to the last `/diagnose` report (the REPL hook), with the real offline planner behind the real agent loop."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import ToolMessage

from pm_assistant.agent.diagnose.conversation import REPORT_TOOL, report_digest
from pm_assistant.agent.diagnose.runner import diagnose_trace
from pm_assistant.agent.offline.diagnosis import asks_about_report, evidence_verdict, last_report, read_evidence
from pm_assistant.agent.offline.planner import OfflinePlanner
from pm_assistant.agent.repl.slash import handle_slash_command
from tests.repl.harness import make_session, recording_console

from .conftest import EXAMPLES


@pytest.mark.parametrize(
    ("said", "rank", "top_k"),
    [
        ("the 2025 version ranks 6th and we use top-k 5", 6, 5),
        ("our retriever keeps top5 and the right chunk is ranked 9", 9, 5),
        ("新版文档排在第6位，我们只取前5条", 6, 5),
        ("检索召回top3，正确的段落排第四", 4, 3),
    ],
)
def test_rank_below_the_top_k_is_fp2(said: str, rank: int, top_k: int) -> None:
    evidence = read_evidence(said)
    assert (evidence.rank, evidence.top_k) == (rank, top_k)
    verdict = evidence_verdict(evidence) or ""
    assert "FP2" in verdict and f"at least {rank}" in verdict and "rerank" in verdict
    chinese = evidence_verdict(evidence, "zh") or ""
    assert "FP2" in chinese and f"至少{rank}" in chinese and "重排序" in chinese


def test_the_version_ranked_is_the_one_named_before_the_rank() -> None:
    evidence = read_evidence("the bot answers from the 2024 price list; the 2025 version ranks 6th and we use top-k 5")
    assert evidence.ranked_year == 2025 and "(the 2025 version) ranks 6" in (evidence_verdict(evidence) or "")


def test_a_rank_inside_the_top_k_clears_retrieval() -> None:
    verdict = evidence_verdict(read_evidence("the right chunk is ranked 2nd with top-k 5")) or ""
    assert "not the problem" in verdict and "FP2" not in verdict.split("not the problem")[0]


@pytest.mark.parametrize(
    ("said", "point"),
    [
        ("The right passage was retrieved but the bot still gives a wrong number", "FP4"),
        ("the policy page is retrieved, but the answer is vague and generic", "FP6"),
        ("正确的段落检索到了，但是回答只回答了一半，不全", "FP7"),
    ],
)
def test_retrieved_but_rules_out_retrieval(said: str, point: str) -> None:
    verdict = evidence_verdict(read_evidence(said)) or ""
    assert "rule out FP1 and FP2" in verdict and point in verdict


def test_the_offline_assistant_answers_rank_evidence_with_fp2() -> None:
    session = make_session(model=OfflinePlanner())
    answer = session.assistant.ask("the 2025 version ranks 6th and we use top-k 5")
    assert answer.answer.startswith("**That is FP2") and "raise top-k to at least 6" in answer.answer
    chinese = make_session(model=OfflinePlanner()).assistant.ask("新版文档排在第6位，我们只取前5条")
    assert chinese.answer.startswith("**这是 FP2") and "至少6" in chinese.answer


def _diagnosed_session():
    session = make_session(model=OfflinePlanner())
    result = handle_slash_command(f"/diagnose {EXAMPLES / 'unfaithful.jsonl'}", session)
    result.print_to(recording_console())
    return session


def test_diagnose_puts_its_report_into_the_conversation() -> None:
    session = _diagnosed_session()
    tools = [m for m in session.assistant.history if isinstance(m, ToolMessage)]
    assert [m.name for m in tools] == [REPORT_TOOL]
    report = last_report(session.assistant.history)
    assert report is not None and report["samples"] == 9 and report["fixes"][0]["id"] == "model"


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("what should I fix first?", "Fix first: Model choice"),
        ("先修哪个？", "先修：Model choice"),
    ],
)
def test_a_follow_up_after_diagnose_is_answered_from_the_report(follow_up: str, expected: str) -> None:
    session = _diagnosed_session()
    answer = session.assistant.ask(follow_up)
    assert expected in answer.answer
    assert answer.self_check.passed, answer.self_check
    assert answer.tool_calls == []


def test_a_follow_up_can_ask_about_one_sample() -> None:
    session = _diagnosed_session()
    answer = session.assistant.ask("why did sample 6 fail?")
    assert answer.answer.startswith("Sample 6") and "data layer" in answer.answer


def test_without_a_report_the_same_words_are_an_ordinary_question() -> None:
    session = make_session(model=OfflinePlanner())
    answer = session.assistant.ask("what should I fix first?")
    assert "Fix first" not in answer.answer
    assert asks_about_report("what should I fix first?") and not asks_about_report("what is a payback period?")


def test_the_digest_is_small_and_names_example_samples() -> None:
    diagnosis = diagnose_trace(Path(EXAMPLES / "unfaithful.jsonl"))
    digest = report_digest(diagnosis, "unfaithful.jsonl")
    assert digest["failing"] == 9 and set(digest["by_layer"]) == {"prompt", "model", "data"}
    assert all(fix["example_samples"] for fix in digest["fixes"])
