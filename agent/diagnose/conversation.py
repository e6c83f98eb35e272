"""A `/diagnose` report as part of the conversation, so that a follow-up ("what should I fix first?") refers to it.

The REPL appends the report to the assistant's history as a finished tool exchange: the user's command, a call of
the `diagnose_rag_trace` tool, its result (a compact JSON digest of the report) and a short summary. An LLM reads
it like any tool result; the offline planner finds the digest with `agent.offline.diagnosis.last_report`; the
self-check accepts its figures as an earlier tool result.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from pm_assistant.agent.diagnose.fixes import ISSUES
from pm_assistant.agent.diagnose.results import Diagnosis
from pm_assistant.agent.diagnose.taxonomy import FAILURE_POINTS, LAYERS

REPORT_TOOL = "diagnose_rag_trace"  # the MCP tool of the same job; agent.offline.diagnosis looks for this name
EXAMPLES_PER_FIX = 3
FINDING_CHARS = 240


def report_digest(diagnosis: Diagnosis, source: str) -> dict[str, Any]:
    """The report in a few hundred tokens: counts, ranked fixes with example samples, the first failing samples."""
    summary = diagnosis.summary
    failing = [s for s in diagnosis.samples if s.failing]
    fixes = []
    for fix in summary.fixes[:5]:
        helped = [s for s in failing if any(fix.fix.id in _fix_ids(code) for code in s.issues)]
        fixes.append({
            "id": fix.fix.id, "title": fix.fix.title, "action": fix.fix.action, "samples": fix.samples,
            "issues": list(fix.issues), "example_samples": [s.index for s in helped[:EXAMPLES_PER_FIX]],
        })
    return {
        "trace": source,
        "samples": summary.samples,
        "failing": summary.failing,
        "by_layer": {k: v for k, v in summary.by_layer.items() if v},
        "by_failure_point": {k: v for k, v in summary.by_failure_point.items() if v},
        "failure_point_names": {k: FAILURE_POINTS[k].name for k, v in summary.by_failure_point.items() if v},
        "layer_meanings": {k: LAYERS[k] for k, v in summary.by_layer.items() if v},
        "fixes": fixes,
        "failing_samples": [
            {"index": s.index, "question": s.question, "layer": s.layer, "failure_points": s.failure_points,
             "finding": s.findings[0][:FINDING_CHARS]}
            for s in failing[:10]
        ],
    }


def _fix_ids(issue: str) -> set[str]:
    return set(ISSUES.get(issue, ("", {}))[1])


def report_messages(diagnosis: Diagnosis, path: str) -> list[BaseMessage]:
    """The messages that put a finished `/diagnose PATH` into the conversation history."""
    digest = report_digest(diagnosis, path)
    call_id = f"diagnose-{secrets.token_hex(4)}"
    top = digest["fixes"][0]["title"] if digest["fixes"] else "none needed"
    summary = (f"I diagnosed {path}: {digest['failing']} of {digest['samples']} samples fail "
               f"(by layer: {_counts(digest['by_layer'])}; failure points: {_counts(digest['by_failure_point'])}). "
               f"The most helpful fix: {top}.")
    return [
        HumanMessage(content=f"/diagnose {path}"),
        AIMessage(content="", tool_calls=[{"name": REPORT_TOOL, "args": {"path": path}, "id": call_id,
                                           "type": "tool_call"}]),
        ToolMessage(content=json.dumps(digest, ensure_ascii=False), tool_call_id=call_id, name=REPORT_TOOL),
        AIMessage(content=summary),
    ]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
