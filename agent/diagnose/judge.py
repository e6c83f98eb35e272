"""Optional LLM-judged faithfulness (`diagnose --judge`): one JSON verdict per sample, capped and bounded.

The chat model is passed in (tests inject a fake; the CLI builds one with `agent.llm.build_chat_model`).
At most `cap` samples are judged, contexts are cut to `MAX_CONTEXT_CHARS`, and judging stops after
`MAX_CONSECUTIVE_ERRORS` failed calls in a row, so a down endpoint cannot stall a large trace.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from pm_assistant.agent.diagnose.trace import TraceSample
from pm_assistant.prompts import load_prompt

JUDGE_CAP = 100
MAX_CONTEXT_CHARS = 6000
MAX_CONSECUTIVE_ERRORS = 3
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class JudgeVerdict(BaseModel):
    """The JSON object the judge must return."""

    faithfulness: float = Field(ge=0.0, le=1.0)
    reason: str


@dataclass(frozen=True)
class JudgeOutcome:
    """What one judged sample adds: `judged_faithfulness` (None on failure) and a finding."""

    score: float | None
    finding: str


def judge_prompt() -> str:
    """The judge's system prompt (prompts/diagnose_judge.md)."""
    return load_prompt("diagnose_judge")


def parse_verdict(content: Any) -> JudgeVerdict:
    """Read the verdict from a model reply (tolerating prose or code fences around the JSON object)."""
    text = content if isinstance(content, str) else json.dumps(content)
    match = _JSON_OBJECT.search(text)
    if not match:
        raise ValueError("the reply holds no JSON object")
    try:
        return JudgeVerdict.model_validate_json(match.group(0))
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"]) from None


class FaithfulnessJudge:
    """Asks a chat model for a faithfulness verdict per sample, within the cap and error budget."""

    def __init__(self, model: Any, cap: int = JUDGE_CAP) -> None:
        self.model = model
        self.cap = cap
        self.judged = 0
        self.skipped = 0
        self._errors_in_row = 0

    @property
    def stopped(self) -> bool:
        """True once the endpoint failed `MAX_CONSECUTIVE_ERRORS` times in a row."""
        return self._errors_in_row >= MAX_CONSECUTIVE_ERRORS

    def __call__(self, sample: TraceSample) -> JudgeOutcome | None:
        """Judge one sample, or return None when the cap is reached or judging has stopped."""
        if self.judged >= self.cap or self.stopped:
            self.skipped += 1
            return None
        from langchain_core.messages import HumanMessage, SystemMessage

        self.judged += 1
        payload = {
            "question": sample.user_input,
            "contexts": _cut(sample.retrieved_contexts),
            "response": sample.response,
        }
        try:
            reply = self.model.invoke(
                [SystemMessage(judge_prompt()), HumanMessage(json.dumps(payload, ensure_ascii=False))]
            )
            verdict = parse_verdict(reply.content)
        except ValueError as exc:
            self._errors_in_row = 0
            return JudgeOutcome(None, f"Judge (LLM): no usable verdict ({exc}).")
        except Exception as exc:  # the endpoint failed: note it, and stop after a few in a row
            self._errors_in_row += 1
            return JudgeOutcome(None, f"Judge (LLM): the call failed ({type(exc).__name__}).")
        self._errors_in_row = 0
        return JudgeOutcome(
            verdict.faithfulness, f"Judge (LLM): faithfulness {verdict.faithfulness:.2f}: {verdict.reason}"
        )

    def notes(self) -> list[str]:
        """Summary notes on what was judged."""
        notes = [f"An LLM judged faithfulness for {self.judged} samples (metrics.judged_faithfulness)."]
        if self.stopped:
            notes.append(f"Judging stopped after {MAX_CONSECUTIVE_ERRORS} failed calls in a row.")
        if self.skipped:
            notes.append(f"{self.skipped} samples were not judged (cap {self.cap} or judging stopped).")
        return notes


def _cut(contexts: list[str]) -> list[str]:
    """Keep the contexts in order until `MAX_CONTEXT_CHARS` is reached (the last one shortened)."""
    kept, budget = [], MAX_CONTEXT_CHARS
    for text in contexts:
        if budget <= 0:
            break
        kept.append(text[:budget])
        budget -= len(text)
    return kept
