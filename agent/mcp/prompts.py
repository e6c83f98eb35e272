"""MCP prompts: ready-made requests a user can pick in their client, each steering the model to the right tools.

Three prompts: review a proposal, why is my RAG failing, estimate AI running cost. Each renders to one user
message with the instructions plus the framework cards it relies on (as resource URIs the server embeds), so
the model works from the same cards the assistant cites. Arguments are optional; what is not given, the model
is told to ask for rather than invent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pm_assistant.core.errors import UserInputError

ARGUMENT_CHARS = 4000  # a prompt argument is a path or a sentence, not a document


@dataclass(frozen=True)
class PromptArgument:
    """One optional argument of a prompt."""

    name: str
    description: str


@dataclass(frozen=True)
class RenderedPrompt:
    """A prompt's text and the cards (resource URIs) to embed after it."""

    text: str
    cards: tuple[str, ...]


@dataclass(frozen=True)
class PromptSpec:
    """One prompt as `prompts/list` shows it and the function that renders it from its arguments."""

    name: str
    title: str
    description: str
    arguments: tuple[PromptArgument, ...]
    render: Callable[[Mapping[str, str]], RenderedPrompt]


def _review(args: Mapping[str, str]) -> RenderedPrompt:
    path = args.get("path")
    source = (
        f'Call the `review_proposal` tool with path="{path}".' if path
        else "Ask me for the proposal's path (or its text), then call the `review_proposal` tool with it."
    )
    return RenderedPrompt(
        f"Review my AI project proposal. {source} From the tool's result, give me: the verdict and priority "
        "(P0/P1/P2) with the score; each technical-review question that is missing or partial, with its gap; "
        "the financials (payback in months) exactly as the tool computed them; the top risks with their "
        "mitigations; and the questions I must answer before approval. Quote numbers only from the tool result "
        "or the proposal, never estimate figures the proposal does not state, and cite the framework cards by "
        "id, e.g. [technical-review-five-questions].",
        ("pm://cards/technical-review-five-questions", "pm://cards/investment-scoring-card"),
    )


def _rag(args: Mapping[str, str]) -> RenderedPrompt:
    trace, symptoms = args.get("trace"), args.get("symptoms")
    evidence = (
        f'Call the `diagnose_rag_trace` tool with path="{trace}" and explain its summary.' if trace
        else "If I have a trace file (JSONL, JSON or CSV with user_input, retrieved_contexts, response and "
        "optionally reference), ask for its path and call the `diagnose_rag_trace` tool; otherwise ask me for "
        "two or three failing examples (question, retrieved passages, answer)."
    )
    return RenderedPrompt(
        f"Help me find out why my RAG system is failing.{f' What I see: {symptoms}.' if symptoms else ''} "
        f"{evidence} Walk the hallucination-diagnosis checklist in order (prompt, retrieval/parsing, base model, "
        "training data), stop at the first layer that fails, and name the failure points (FP1-FP7, Barnett et "
        "al. 2024) that fit. Give the fix for that layer first. Use `search_knowledge` for more on a layer and "
        "cite the cards by id.",
        ("pm://cards/hallucination-diagnosis-checklist", "pm://cards/rag-failure-points"),
    )


def _cost(args: Mapping[str, str]) -> RenderedPrompt:
    usage, currency = args.get("usage"), args.get("currency")
    return RenderedPrompt(
        f"Estimate the monthly running cost of my AI feature.{f' Usage: {usage}.' if usage else ''} Use the "
        "`ai_cost_estimate` tool: it needs the monthly input and output tokens with their prices per 1,000 tokens "
        "(or a model name from its price table), and GPU hours per month with the hourly rate when we self-host; "
        "its usage_multiplier answers what-ifs such as 3x traffic. Ask me for any figure you do not have: never "
        "invent an input. Use `token_count` on a typical prompt if I paste one and `cache_savings` if caching is "
        f"in play. Keep every amount in {currency or 'my currency'}, never converted; show the tool's formula and "
        "say which input drives the cost. Cite the card [ai-cost-calculator].",
        ("pm://cards/ai-cost-calculator",),
    )


PROMPTS: dict[str, PromptSpec] = {
    spec.name: spec
    for spec in (
        PromptSpec(
            "review-proposal", "Review a proposal",
            "Review an AI project proposal: verdict, priority, gaps, risks and questions before approval.",
            (PromptArgument("path", "Path of the proposal (.md, .txt, .pdf, .docx) under an allowed folder."),),
            _review,
        ),
        PromptSpec(
            "why-is-my-rag-failing", "Why is my RAG failing?",
            "Find the failing layer of a RAG system (from a trace file or examples) and the fix to try first.",
            (
                PromptArgument("trace", "Path of a trace file (.jsonl, .json, .csv) under an allowed folder."),
                PromptArgument("symptoms", "What goes wrong, in a sentence or two."),
            ),
            _rag,
        ),
        PromptSpec(
            "estimate-ai-running-cost", "Estimate AI running cost",
            "Estimate the monthly token and GPU cost of an AI feature, asking for any missing input.",
            (
                PromptArgument("usage", "Expected traffic, e.g. '20k chats a day, about 1,500 tokens each'."),
                PromptArgument("currency", "Currency of the prices, e.g. ¥ or $ (never converted)."),
            ),
            _cost,
        ),
    )
}


def render_prompt(name: str, args: Mapping[str, str] | None) -> RenderedPrompt:
    """The rendered prompt; UserInputError for an unknown prompt or argument, or an over-long value."""
    spec = PROMPTS.get(name)
    if spec is None:
        raise UserInputError(f"unknown prompt '{name}'; available: {', '.join(PROMPTS)}")
    known = {a.name for a in spec.arguments}
    given = {key: value.strip() for key, value in (args or {}).items() if value and value.strip()}
    for key, value in given.items():
        if key not in known:
            raise UserInputError(f"{name}: {key}: is not a known argument (expected: {', '.join(sorted(known))})")
        if len(value) > ARGUMENT_CHARS:
            raise UserInputError(f"{name}: {key}: is longer than {ARGUMENT_CHARS} characters")
    return spec.render(given)
