"""LLM mode against the loopback OpenAI-compatible server: calls per calculator question, first-call tokens.

The server replays what a tool-using model does (one tool call, then the answer), so the figures measure
this agent's protocol: how many LLM calls a calculator question takes and how many prompt tokens the first
call sends (system prompt + tool schemas + question, as the server received them), counted offline with
tiktoken's cl100k_base.
Run: python benchmarks/llm_loopback.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from pm_assistant.agent.engine.assistant import build_assistant
from pm_assistant.agent.engine.usage import tool_schemas_text
from pm_assistant.agent.testing.loopback_openai import LoopbackOpenAI, Reply
from pm_assistant.core.config import Settings
from pm_assistant.tools.tokens import count_tokens

CASES = [
    ("We invest 800k and save 1.5M a year: payback?",
     {"name": "roi_payback", "arguments": {"investment": 800000, "annual_benefit": 1500000}},
     "It pays back in 6.4 months."),
    ("Score: business value 35, maturity 25, resources 22",
     {"name": "investment_score", "arguments": {"business_value": 35, "technical_maturity": 25,
                                                "resource_demand": 22}},
     "The project scores 82, priority P0."),
    ("Option A 92% at 1.2 s, option B 88% at 2.3 s, option C 85% at 0.9 s: which wins if we need 85% and under 2 s?",
     {"name": "poc_compare", "arguments": {"options": [{"name": "A", "accuracy": 0.92, "latency_s": 1.2},
                                                       {"name": "B", "accuracy": 0.88, "latency_s": 2.3},
                                                       {"name": "C", "accuracy": 0.85, "latency_s": 0.9}],
                                           "constraints": {"min_accuracy": 0.85, "max_latency_s": 2}}},
     "Option A wins."),
    ("Our GPT bill is 1,980 a month; what if usage triples?",
     {"name": "ai_cost_estimate", "arguments": {"current_monthly_cost": 1980, "usage_multiplier": 3}},
     "It would be 5,940 a month."),
    ("Is a 3% hallucination rate OK for a legal assistant?",
     {"name": "hallucination_budget", "arguments": {"rate": 0.03, "domain": "legal"}},
     "No: 3% is over the 1% budget."),
]


class _NoIndex:
    """Retrieval is not exercised here; the calculator path is."""

    def search(self, *args, **kwargs):
        return []

    def status(self):
        from types import SimpleNamespace

        return SimpleNamespace(present=True, current=True, detail="benchmark")


def main() -> None:
    calls, first_tokens, offered, counted = [], [], [], []
    with tempfile.TemporaryDirectory() as home:
        for question, tool_call, final in CASES:
            with LoopbackOpenAI([Reply(tool_calls=[tool_call]), Reply(content=final)]) as server:
                settings = Settings(home=Path(home), api_key="x", base_url=server.url, model="loopback",
                                    timeout_s=10, max_retries=0)
                assistant = build_assistant(settings, kb=_NoIndex())
                answer = assistant.ask(question)
            calls.append(answer.usage.llm_calls)
            first = server.requests[0]
            offered.append(len(first["tools"]))
            first_tokens.append(count_tokens(json.dumps(first["messages"], ensure_ascii=False))
                                + count_tokens(json.dumps(first["tools"], ensure_ascii=False)))
            counted.append(answer.usage.first_call_prompt_tokens)
        system = count_tokens(assistant._system_prompt)
        schemas = count_tokens(tool_schemas_text(assistant.tools))
    print(f"calculator questions                {len(CASES)}")
    print(f"LLM calls per calculator question   {max(calls)}  (target <= 2)")
    print(f"first-call prompt tokens (max)      {max(first_tokens)}  (target <= 2500)")
    print(f"  as the usage report estimates it  {max(counted)}  (server sent no usage)")
    print(f"  of which system prompt            {system}")
    print(f"  tools offered on the first call   {max(offered)} of {len(assistant.tools)}")
    print(f"  all {len(assistant.tools)} tool schemas would cost      {schemas}")


if __name__ == "__main__":
    main()
