"""Calculator answers in Chinese, for a question asked in Chinese (or `--lang zh`): the result's key figures with
Chinese labels, the tool's own working (its terms in Chinese), the planner's notes (assumptions, what changed,
figures not used) and the card the method comes from. Every figure is the tool's or the user's, as in the English answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pm_assistant.tools.fmt import money, num, pct
from pm_assistant.tools.formula_zh import formula_zh

_QUADRANTS = {"act_now": "立即处理", "plan": "纳入计划", "quick_win": "顺手解决", "monitor": "持续观察",
              "moat": "护城河（重点投入）", "table_stakes": "基本要求（做到持平）", "niche": "小众（重新考虑）",
              "commodity": "大路货（购买或放弃）"}


def _amount(result: Mapping[str, Any], key: str) -> str:
    value = result.get(key)
    return money(float(value), result.get("currency")) if isinstance(value, int | float) else "—"


def _headline(tool: str, r: Mapping[str, Any]) -> str:
    """The lead line: what the calculator found, in Chinese."""
    if tool == "roi_payback":
        months = r.get("payback_months")
        payback = f"{num(months)} 个月" if isinstance(months, int | float) else "在计算期内无法回本"
        return (f"**回收期：{payback}。** 投资回报率（ROI）{pct(float(r.get('roi_ratio') or 0))}，"
                f"净收益 {_amount(r, 'net_benefit')}。")
    if tool == "ai_cost_estimate":
        parts = [f"token 成本 {_amount(r, 'token_cost')}", f"GPU 成本 {_amount(r, 'gpu_cost')}"] \
            if r.get("token_cost") is not None else []
        return f"**每月成本：{_amount(r, 'monthly_cost')}。**" + (f"（{'，'.join(parts)}）" if parts else "")
    if tool == "custom_model_cost":
        return (f"**定制模型总成本：{_amount(r, 'total')}。**（数据 {_amount(r, 'data_cost')}，算力 "
                f"{_amount(r, 'compute_cost')}，人力 {_amount(r, 'labor_cost')}）")
    if tool == "cache_savings":
        return f"**每月节省：{_amount(r, 'monthly_savings')}。**"
    if tool == "investment_score":
        return f"**总分 {num(float(r.get('total') or 0))}，优先级 {r.get('priority')}。**"
    if tool == "classification_metrics":
        shown = [(name, r.get(key)) for name, key in (("精确率", "precision"), ("召回率", "recall"), ("F1", "f1"),
                                                      ("准确率", "accuracy"))]
        return "**" + "，".join(f"{name} {pct(float(v))}" for name, v in shown if isinstance(v, int | float)) + "。**"
    if tool == "poc_compare":
        winner = r.get("winner")
        return f"**胜出方案：{winner}。**" if winner else "**没有方案满足全部约束。**"
    if tool == "hallucination_budget":
        verdict = "在预算之内" if r.get("within_budget") else "超出预算"
        threshold = r.get("threshold")
        limit = pct(float(threshold)) if isinstance(threshold, int | float) else "—"
        rate = r.get("rate")
        if rate is None:
            return f"**该领域可接受的幻觉率上限：{limit}。**"
        return f"**{pct(float(rate))} 的幻觉率{verdict}（上限 {limit}）。**"
    if tool == "token_count":
        return f"**{r.get('tokens')} 个 token**（{r.get('encoding')}）。"
    if tool in ("risk_cost_matrix", "differentiation_matrix"):
        items = r.get("items") or []
        return "**" + "；".join(f"{i.get('name')}：{_QUADRANTS.get(str(i.get('quadrant')), i.get('quadrant'))}"
                                for i in items) + "。**"
    return f"**{tool}**"


def calculator_answer_zh(tool: str, result: Mapping[str, Any], notes: Sequence[str] = (),
                         source: str | None = None) -> str:
    """The Chinese answer for one calculator result."""
    lines = [_headline(tool, result), ""]
    working = result.get("formula") or result.get("explanation")
    if working:
        lines.append(f"**计算过程：** {formula_zh(working)}")
    lines += [f"- {note}" for note in [*(result.get("notes") or []), *(result.get("warnings") or []), *notes]]
    if source:
        lines += ["", f"方法来源：[{source}]"]
    return "\n".join(lines).strip()
