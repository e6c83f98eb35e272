"""Fixed replies of the offline planner: help, out of scope, and the request for missing inputs.

These answers call no tool, so they contain no figures at all: what is missing is named in words.
"""

from __future__ import annotations

from collections.abc import Sequence

# What each calculator works out, in the words used when asking for its inputs.
PURPOSE: dict[str, str] = {
    "roi_payback": "the payback period and ROI",
    "ai_cost_estimate": "the monthly running cost",
    "custom_model_cost": "the cost of a custom model",
    "investment_score": "the investment score and priority",
    "risk_cost_matrix": "where each risk sits on the risk-cost matrix",
    "classification_metrics": "precision, recall and F1",
    "poc_compare": "which proof-of-concept option wins",
    "hallucination_budget": "whether the hallucination rate is within budget",
    "cache_savings": "the savings from a better cache hit rate",
    "differentiation_matrix": "where each capability sits on the differentiation matrix",
    "token_count": "the token count",
}

PURPOSE_ZH: dict[str, str] = {
    "roi_payback": "回收期和投资回报率",
    "ai_cost_estimate": "每月运行成本",
    "custom_model_cost": "定制模型的成本",
    "investment_score": "投资评分和优先级",
    "risk_cost_matrix": "每个风险在风险-成本矩阵中的位置",
    "classification_metrics": "精确率、召回率和 F1",
    "poc_compare": "哪个 PoC 方案胜出",
    "hallucination_budget": "幻觉率是否在预算之内",
    "cache_savings": "提高缓存命中率带来的节省",
    "differentiation_matrix": "每项能力在差异化矩阵中的位置",
    "token_count": "token 数",
}

# How to send the missing inputs back, worded for what each calculator takes.
_REPLY_WITH_AMOUNTS = "Reply with those figures (in your own words and currency) and I'll run the calculator."
REPLY_WITH: dict[str, str] = {
    "ai_cost_estimate": "Reply with those figures (token counts, prices in your currency, or today's bill) and "
                        "I'll run the calculator.",
    "investment_score": "Reply with those scores and I'll run the calculator.",
    "risk_cost_matrix": "Reply with those scores (one to five, or high/medium/low) and costs, and I'll run the "
                        "calculator.",
    "differentiation_matrix": "Reply with those scores (one to five, or high/medium/low) and I'll run the calculator.",
    "classification_metrics": "Reply with those counts (or the rates as percentages) and I'll run the calculator.",
    "poc_compare": "Reply with each option's accuracy (and latency or cost if they matter) and I'll run the "
                   "calculator.",
    "hallucination_budget": "Reply with the rate (a percentage) and what the product does, and I'll run the "
                            "calculator.",
    "token_count": "Reply with the text in quotes and I'll count its tokens.",
}

CAPABILITIES = (
    "- **Frameworks** — ask how to run a PoC, score an AI investment, set hallucination thresholds, pitch ROI "
    "to executives, hire an AI PM and more; answers cite the framework cards.\n"
    "- **Calculators** — payback and ROI, AI running cost, custom-model cost, investment scoring, risk-cost "
    "and differentiation matrices, precision/recall, PoC comparison, hallucination budget, cache savings, "
    "token counts (`pm-assistant tools` lists them).\n"
    "- **Proposal review** — `pm-assistant review FILE` (or `/review PATH` in chat).\n"
    "- **RAG diagnosis** — ask \"why is my RAG bot failing?\", or run `pm-assistant diagnose TRACE` on a trace file."
)


def help_reply() -> str:
    """What the assistant can do, for greetings and "help"."""
    return ("Hi — I'm PM Assistant, an adviser for product managers building AI products. I can help with:\n\n"
            f"{CAPABILITIES}")


def out_of_scope_reply() -> str:
    """A polite refusal that says what the assistant is for."""
    return ("That's outside what I can help with: I'm PM Assistant, built for product managers working on AI "
            f"products. Here is what I can do:\n\n{CAPABILITIES}")


def missing_inputs_reply(tool: str, missing: Sequence[str], lang: str = "en", notes: Sequence[str] = ()) -> str:
    """Ask for exactly the inputs a calculator still needs, by name; nothing is guessed. `notes` (what a
    follow-up changed, figures that fit no input) come first."""
    asks = "\n".join(f"- {item}" for item in missing)
    lead = "".join(f"{note}\n\n" for note in notes)
    if lang == "zh":
        purpose = PURPOSE_ZH.get(tool, tool)
        return f"{lead}要计算{purpose}，还需要你提供：\n\n{asks}\n\n请用你自己的话和币种回复这些数字，我再运行计算器。我不会替你猜。"
    purpose = PURPOSE.get(tool, f"this ({tool})")
    return (f"{lead}To work out {purpose} I need a little more from you:\n\n{asks}\n\n"
            f"{REPLY_WITH.get(tool, _REPLY_WITH_AMOUNTS)} I won't guess them.")


def calculator_offer(tool: str, missing: Sequence[str], lang: str = "en") -> str:
    """The line under a framework answer that offers the calculator: which inputs to give it (no figures)."""
    if lang == "zh":
        return f"**需要算出数字吗？** 告诉我{'；'.join(missing)}，我会用 `{tool}` 计算器算出{PURPOSE_ZH.get(tool, tool)}。"
    asks = "; ".join(missing)
    return f"**Want the figures?** Give me {asks}, and I'll work out {PURPOSE.get(tool, tool)} with the `{tool}` calculator."


def unused_note(figure: str, tool: str, lang: str = "en") -> str:
    """A figure of the question that fits no input of the calculator: reported, never forced in."""
    if lang == "zh":
        return f"未使用：“{figure}”（`{tool}` 没有对应的输入）"
    return f"Not used: “{figure}” (no input of `{tool}` takes it)"


def unavailable_reply(tool: str) -> str:
    """The calculator a question needs is not among the tools this agent was given."""
    return (f"Working out {PURPOSE.get(tool, tool)} needs the `{tool}` calculator, which is not available in this "
            "session. Run it directly with `pm-assistant calc " + tool + " --args '{...}'`.")
