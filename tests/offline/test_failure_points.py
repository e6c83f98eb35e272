"""The RAG failure points as a framework answer: every part of the split "What it is" section is searched for,
joined back in reading order, and all seven failure points are listed, with the real index and the agent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pm_assistant.agent.engine.assistant import build_assistant
from pm_assistant.agent.offline.passages import merge_parts
from pm_assistant.agent.offline.plan import FRAMEWORK_K, PART_SEARCHES, SEARCH_TOOL, plan
from pm_assistant.agent.selfcheck.checks import cited_ids
from pm_assistant.core.config import Settings
from pm_assistant.knowledge.search import KnowledgeBase
from tests.offline.fakes import fake_search, run_turn, turn_calls

ALL_SEVEN = [f"FP{n}" for n in range(1, 8)]
QUESTIONS = ["Tell me about the seven failure points of RAG", "What are the RAG failure points?"]


def _part(text: str, section: str = "What it is", score: float = 0.5) -> dict:
    return {"id": "card", "title": "Card", "section": section, "score": score, "text": text}


def test_overlapping_parts_are_joined_in_reading_order_whichever_comes_first() -> None:
    first = _part("Intro line that opens the section.\n- item one is here\n- item two repeats at the next start",
                  score=0.9)
    second = _part("- item two repeats at the next start\n- item three closes it", score=0.4)
    for parts in ([first, second], [second, first]):
        (joined,) = merge_parts(parts)
        assert joined["text"] == ("Intro line that opens the section.\n- item one is here\n"
                                  "- item two repeats at the next start\n- item three closes it")
        assert joined["score"] == parts[0]["score"]


def test_parts_that_do_not_overlap_or_differ_in_section_stay_apart() -> None:
    one = _part("- the first part has its own text only")
    other = _part("- a second part that shares no words")
    elsewhere = _part("- the first part has its own text only", section="Pitfalls")
    assert merge_parts([one, other, elsewhere]) == [one, other, elsewhere]


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_failure_points_question_searches_for_each_part(question: str) -> None:
    calls = plan(question).calls
    (searches,) = [searches for pattern, searches in PART_SEARCHES if pattern.search(question)]
    assert [c.name for c in calls] == [SEARCH_TOOL] * 3
    assert calls[0].args == {"query": question, "k": FRAMEWORK_K} and [c.args for c in calls[1:]] == list(searches)


@pytest.mark.parametrize("question", ["What is the RAG triad?", "What are the failure points of an AI project?"])
def test_other_framework_questions_search_once(question: str) -> None:
    assert [c.args for c in plan(question).calls] == [{"query": question, "k": FRAMEWORK_K}]


def test_every_failure_point_is_listed_from_lexical_search(planner) -> None:
    messages = run_turn(planner, QUESTIONS[0])
    answer = messages[-1].content
    assert len(turn_calls(messages)) == 3
    assert all(f"- {fp} " in answer for fp in ALL_SEVEN), answer
    assert answer.count("- FP5 Wrong format") == 1  # the overlap between the parts is not repeated


def test_with_one_search_only_the_retrieved_part_is_listed(planner) -> None:
    """Nothing is listed that was not retrieved: a search that returns only the first part gives FP1-FP5."""
    def first_part_only(**args):
        """`fake_search` without the second part of the section."""
        found = fake_search(**args)
        return {**found, "results": [p for p in found["results"] if "FP6 Incorrect" not in p["text"]
                                     or "FP1 Missing" in p["text"]]}
    answer = run_turn(planner, QUESTIONS[0], search=first_part_only)[-1].content
    listed = re.findall(r"^- (FP[1-7]) ", answer, re.MULTILINE)
    assert listed == ALL_SEVEN[:5]


@pytest.fixture(scope="module")
def real_kb(built_home: Path) -> KnowledgeBase:
    return KnowledgeBase(Settings(home=built_home))


@pytest.mark.parametrize("question", QUESTIONS)
def test_all_seven_with_the_real_index_through_the_agent(real_kb: KnowledgeBase, built_home: Path,
                                                         question: str) -> None:
    answer = build_assistant(Settings(home=built_home), kb=real_kb, offline=True).ask(question)
    listed = re.findall(r"^- (FP[1-7]) ", answer.answer, re.MULTILINE)
    assert listed == ALL_SEVEN, answer.answer
    retrieved = {p["id"] for call in answer.tool_calls for p in call["result"]["results"]}
    assert [c["name"] for c in answer.tool_calls] == [SEARCH_TOOL] * 3
    assert cited_ids(answer.answer)[0] == "rag-failure-points" and set(cited_ids(answer.answer)) <= retrieved
    assert answer.self_check.passed, answer.self_check.checks
