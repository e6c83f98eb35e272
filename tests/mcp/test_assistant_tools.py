"""search_knowledge, review_proposal, diagnose_rag_trace and ask through the real server, against a built index
holding the cards and one ingested document: each returns the same object as the matching `--json` command."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from mcp import ClientSession

from pm_assistant.agent.testing.loopback_openai import LoopbackOpenAI, Reply
from pm_assistant.core.config import Settings
from pm_assistant.knowledge.ingest import ingest_paths
from pm_assistant.knowledge.search import KnowledgeBase
from tests.mcp.conftest import PM_ASSISTANT, REPO, call_error, call_ok, mcp_client, read_text, server_env

pytestmark = pytest.mark.anyio

MEDICAL = "examples/proposals/high_risk_medical_triage.md"
BROKEN_TRACE = "examples/traces/retrieval_broken.jsonl"
REVIEW_KEYS = {"title", "domain_class", "five_questions", "scoring", "financials", "hallucination_budget", "risks",
               "poc_plan", "missing_information", "questions_before_approval", "verdict"}
ASK_KEYS = {"mode", "question", "answer", "sources", "tool_calls", "self_check", "usage"}


@pytest.fixture(scope="module")
def home(built_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's built index plus one ingested note (the shared index stays untouched)."""
    home = tmp_path_factory.mktemp("mcp-kb") / "home"
    shutil.copytree(built_home, home)
    note = tmp_path_factory.mktemp("notes") / "capybara.md"
    note.write_text("# Capybara launch plan\nThe capybara support pilot goes live in May for 40 agents.\n",
                    encoding="utf-8")
    outcomes, _ = ingest_paths(KnowledgeBase(Settings(home=home)), [note])
    assert outcomes[0].status == "added"
    return home


@pytest.fixture(scope="module")
async def client(home: Path) -> AsyncIterator[ClientSession]:
    async with mcp_client(home) as connected:
        yield connected


def cli_json(home: Path, *args: str) -> dict:
    """What `pm-assistant ARGS --json` prints, run in the repository like the server."""
    done = subprocess.run([str(PM_ASSISTANT), *args, "--json"], cwd=REPO, env=server_env(home),
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


async def test_search_finds_cards_and_ingested_documents_with_citable_ids(client: ClientSession, home: Path) -> None:
    found = await call_ok(client, "search_knowledge", {"query": "How do I run a proof of concept?", "k": 3})
    assert found == cli_json(home, "search", "How do I run a proof of concept?", "--k", "3")
    assert found["query"] == "How do I run a proof of concept?"
    assert found["results"][0]["id"] == "poc-four-steps"
    assert set(found["results"][0]) >= {"id", "title", "section", "score", "text"}

    mine = await call_ok(client, "search_knowledge", {"query": "When does the capybara pilot go live?", "k": 5})
    user = [r for r in mine["results"] if r["id"].startswith("user:")]
    assert user and "May" in user[0]["text"]
    only_mine = await call_ok(client, "search_knowledge", {"query": "capybara pilot", "source": "user"})
    assert {r["id"] for r in only_mine["results"]} == {user[0]["id"]}


async def test_documents_resource_lists_the_ingested_note(client: ClientSession) -> None:
    text, mime = await read_text(client, "pm://documents")
    listed = json.loads(text)
    assert mime == "application/json"
    (document,) = listed["documents"]
    assert document["id"].startswith("user:") and document["title"] == "Capybara launch plan"


async def test_review_of_an_example_proposal_is_the_review_json(client: ClientSession, home: Path) -> None:
    review = await call_ok(client, "review_proposal", {"path": MEDICAL})
    expected = cli_json(home, "review", MEDICAL)
    assert REVIEW_KEYS <= set(review)
    assert {k: v for k, v in review.items() if k != "usage"} == {k: v for k, v in expected.items() if k != "usage"}
    assert review["domain_class"] == "high-risk" and review["hallucination_budget"]["threshold"] == 0.01

    inline = await call_ok(client, "review_proposal", {"text": (REPO / MEDICAL).read_text(encoding="utf-8")})
    assert inline["file"] == "<text>" and inline["scoring"] == review["scoring"]


async def test_review_needs_exactly_one_of_path_and_text(client: ClientSession) -> None:
    assert await call_error(client, "review_proposal", {}) == \
        "pm-assistant: review_proposal: path: is required (or give text)"
    assert "not both" in await call_error(client, "review_proposal", {"path": MEDICAL, "text": "x"})
    missing = await call_error(client, "review_proposal", {"path": "examples/proposals/nope.md"})
    assert missing == "pm-assistant: examples/proposals/nope.md: no such file; give the path of a .md, .txt, " \
                      ".pdf or .docx proposal"


async def test_diagnosis_of_an_example_trace_is_the_diagnose_json(client: ClientSession, home: Path) -> None:
    diagnosis = await call_ok(client, "diagnose_rag_trace", {"path": BROKEN_TRACE})
    assert diagnosis == cli_json(home, "diagnose", BROKEN_TRACE)
    assert 0 < diagnosis["summary"]["failing"] <= diagnosis["summary"]["samples"]
    assert diagnosis["summary"]["by_layer"]["retrieval"] > 0 and diagnosis["summary"]["top_fixes"]
    assert {"index", "metrics", "layer", "failure_points", "findings"} <= set(diagnosis["samples"][0])
    unreadable = await call_error(client, "diagnose_rag_trace", {"path": "examples/traces"})
    assert unreadable.startswith("pm-assistant: ") and "folder" in unreadable


async def test_ask_answers_offline_with_its_self_check(client: ClientSession) -> None:
    question = "We invest ¥800k and expect ¥1.5M a year in savings - what's the payback?"
    answer = await call_ok(client, "ask", {"question": question})
    assert set(answer) == ASK_KEYS and answer["mode"] == "offline" and answer["question"] == question
    (roi,) = [call for call in answer["tool_calls"] if call["name"] == "roi_payback"]
    assert roi["result"]["payback_months"] == 6.4 and "6.4 months" in answer["answer"]
    assert {c["name"] for c in answer["self_check"]["checks"]} == {"prompt", "retrieval", "grounding", "knowledge"}


async def test_ask_goes_through_the_configured_llm_and_endpoint_failures_are_one_line(home: Path) -> None:
    script = [
        Reply(tool_calls=[{"name": "roi_payback", "arguments": {"investment": 800000, "annual_benefit": 1500000}}]),
        Reply(content="The project pays back in 6.4 months."),
        Reply(status=401, content="bad key"),
    ]
    with LoopbackOpenAI(script) as llm:
        env = {"OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": llm.url, "PM_ASSISTANT_MODEL": "loopback-model",
               "PM_ASSISTANT_MAX_RETRIES": "0"}
        async with mcp_client(home, env=env) as client:
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
            assert tools["ask"].annotations is not None and tools["ask"].annotations.openWorldHint
            answer = await call_ok(client, "ask", {"question": "We invest 800k and save 1.5M a year: payback?"})
            assert answer["mode"] == "llm" and answer["answer"] == "The project pays back in 6.4 months."
            assert answer["tool_calls"][0]["result"]["payback_months"] == 6.4
            assert answer["usage"]["llm_calls"] == 2
            failed = await call_error(client, "ask", {"question": "And the ROI?"})
            assert failed.startswith("pm-assistant: ") and "API key" in failed
            assert (await call_ok(client, "cache_savings", {"monthly_cost_without_cache": 210_000,
                                                           "hit_rate_before": 0.45, "hit_rate_after": 0.65}))
    assert len(llm.requests) == 3
