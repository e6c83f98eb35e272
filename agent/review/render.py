"""One layout of a review (`blocks`), drawn two ways: rich tables in the terminal and markdown for `--out`.

Every figure shown comes from the review object (the proposal's own figures or a calculator's result),
formatted with the calculators' own formatters, so the markdown passes the self-check's number tracing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from pm_assistant.agent.review.five_questions import report_words
from pm_assistant.agent.review.schema import Review
from pm_assistant.core.fileio import check_out_path, write_text_atomic
from pm_assistant.core.markdown import md_table
from pm_assistant.core.terminal import stdout_console
from pm_assistant.tools.fmt import money, num, pct

STATUS_STYLE = {"addressed": "green", "partial": "yellow", "missing": "red", "not applicable": "dim"}
CARD_FOR = {
    "five": "technical-review-five-questions",
    "scoring": "investment-scoring-card",
    "financials": "value-bridge",
    "budget": "hallucination-control-thresholds",
    "data": "data-demand-five-steps",
    "ethics": "ethics-checklist",
    "risks": "risk-cost-matrix",
    "poc": "poc-four-steps",
}
NARROW = {"Status": 9, "Score": 5, "Max": 3, "#": 2, "Risk 1-5": 4, "Cost 1-5": 4, "Quadrant": 9}
WIDE = {
    "Evidence": 4,
    "Gap": 3,
    "Rationale": 5,
    "What the proposal says": 5,
    "Plan": 5,
    "Mitigation": 3,
    "Note": 3,
    "From": 3,
    "Risk": 3,
    "Question": 2,
    "Step": 2,
    "Item": 2,
    "Value": 2,
}
QUADRANT_NAMES = {"act_now": "act now", "plan": "plan", "quick_win": "quick win", "monitor": "monitor"}


@dataclass
class Block:
    """A titled part of the report: a table (columns + rows), a paragraph, or a list."""

    heading: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    text: str = ""
    items: list[str] = field(default_factory=list)
    numbered: bool = False
    card: str | None = None  # the card cited for this part (only when it was retrieved)


def _cite(review: Review, key: str) -> str | None:
    card = CARD_FOR[key]
    return card if any(s.get("id") == card for s in review.sources) else None


def _money(value: float | None, currency: str | None) -> str:
    return "not stated" if value is None else money(value, currency)


def _financial_rows(review: Review) -> list[list[str]]:
    f, cur = review.financials, review.financials.currency
    rows = [
        ["Investment", _money(f.investment, cur), f.sources.get("investment", "")],
        ["Benefit per year", _money(f.annual_benefit, cur), f.sources.get("annual_benefit", "")],
    ]
    if f.monthly_benefit is not None:
        rows.append(["Benefit per month", _money(f.monthly_benefit, cur), f.sources.get("monthly_benefit", "")])
    if f.annual_running_cost is not None:
        rows.append(["Running cost per year", money(f.annual_running_cost, cur), f.sources["annual_running_cost"]])
    if f.monthly_running_cost is not None:
        rows.append(
            ["Running cost per month", money(f.monthly_running_cost, cur), f.sources.get("monthly_running_cost", "")]
        )
    payback = "not computed" if f.payback_months is None else f"{num(f.payback_months)} months"
    rows.append(["Payback", payback, f.note])
    if f.roi_ratio is not None:
        rows.append(
            [f"ROI over {f.horizon_months} months", pct(f.roi_ratio), f"net benefit {_money(f.net_benefit, cur)}"]
        )
    return rows


def _budget_text(review: Review) -> str:
    hb = review.hallucination_budget
    text = f"Domain class **{hb.domain_class}** ({review.domain_reason}): budget {pct(hb.threshold)}."
    if hb.rate is not None:
        verdict = "within budget" if hb.within_budget else "over budget"
        text += f" Stated rate {pct(hb.rate)}: {verdict}."
    return text + f" Source: {hb.source}."


def _poc_rows(review: Review) -> list[list[str]]:
    poc = review.poc_plan
    rows = [["1. Goal", poc.goal or "not stated: set one measurable pass/fail goal"]]
    for option in poc.options:
        figures = []
        if option.get("accuracy") is not None:
            figures.append(f"accuracy {pct(option['accuracy'])}")
        if option.get("latency_s") is not None:
            figures.append(f"latency {num(option['latency_s'])} s")
        detail = option.get("description") or ""
        rows.append(
            [
                f"2. Option {option['name']}"
                if not option["name"].lower().startswith("option")
                else f"2. {option['name']}",
                (detail + (" (" + ", ".join(figures) + ")" if figures and not detail else "")).strip()
                or option["name"],
            ]
        )
    if not poc.options:
        rows.append(["2. Options", "none stated: design at most three to compare"])
    limits = ", ".join(f"{k.replace('_', ' ')} ≤ {num(v)}" for k, v in poc.limits.items() if k != "source")
    rows.append(["3. Limits", f"{limits} ({poc.limits.get('source', '')})"])
    if poc.winner:
        rows.append(["Winner (poc_compare)", poc.winner])
    rows.append(["4. Report", poc.report])
    return rows


def _quadrant_rows(review: Review) -> list[list[str]]:
    names = {q: [r.risk for r in review.risks if r.quadrant == q] for q in QUADRANT_NAMES}
    cell = lambda q: "; ".join(names[q]) or "—"  # noqa: E731
    return [
        ["high risk", f"act now: {cell('act_now')}", f"plan: {cell('plan')}"],
        ["low risk", f"quick win: {cell('quick_win')}", f"monitor: {cell('monitor')}"],
    ]


def blocks(review: Review) -> list[Block]:
    """The report's parts in reading order; both renderers walk this list."""
    s = review.scoring
    score_rows = [
        [
            name.replace("_", " "),
            num(sub.score),
            str(sub.max),
            sub.rationale
            + ("" if sub.judged else " (cannot judge)")
            + (" (provisional)" if sub.provisional and sub.judged else ""),
        ]
        for name, sub in s.subscores.items()
    ]
    score_rows.append(
        [
            "total (investment_score)",
            num(s.total),
            "100",
            f"{s.priority}: {s.priority_label}" + (f"; {s.note}" if s.provisional else ""),
        ]
    )
    decision = [f"**{review.decision}**"] + [f"{i}. {c}" for i, c in enumerate(review.conditions, start=1)]
    parts = [
        Block("Decision", text="\n".join(decision)),
        Block(
            "What is proposed",
            ["Field", "What the proposal says", "Section"],
            [[name, f.value or "missing", f.section or ""] for name, f in review.proposal.items()],
        ),
        Block(
            "Technical review: five questions",
            ["Question", "Status", "Evidence", "Gap"],
            [[q.question, q.status, q.evidence or "—", q.gap or "—"] for q in review.five_questions],
            card=_cite(review, "five"),
        ),
        Block("Scoring card", ["Part", "Score", "Max", "Rationale"], score_rows, card=_cite(review, "scoring")),
        Block("Financials", ["Item", "Value", "From"], _financial_rows(review), card=_cite(review, "financials")),
        Block("Hallucination budget", text=_budget_text(review), card=_cite(review, "budget")),
        Block(
            "Data readiness (data-demand five steps)",
            ["Step", "Status", "Evidence", "Gap"],
            [[d.name, d.status, d.evidence or "—", d.gap or "—"] for d in review.data_readiness],
            card=_cite(review, "data"),
        ),
        Block(
            "Ethics checklist",
            ["Item", "Status", "Evidence", "Note"],
            [[e.name, e.status, e.evidence or "—", e.gap or "—"] for e in review.ethics],
            card=_cite(review, "ethics"),
        ),
        Block(
            "Risks (risk-cost matrix, in the order to act)",
            ["#", "Risk", "Quadrant", "Risk 1-5", "Cost 1-5", "Mitigation"],
            [
                [
                    str(r.rank),
                    r.risk,
                    QUADRANT_NAMES.get(r.quadrant, r.quadrant),
                    str(r.business_risk),
                    str(r.mitigation_cost),
                    r.mitigation,
                ]
                for r in review.risks
            ],
            card=_cite(review, "risks"),
        ),
        Block("Risk quadrants", ["", "low mitigation cost", "high mitigation cost"], _quadrant_rows(review)),
        Block("POC plan (four steps)", ["Step", "Plan"], _poc_rows(review), card=_cite(review, "poc")),
        Block("Missing information", items=review.missing_information or ["nothing essential"]),
        Block("Questions before approval", items=review.questions_before_approval or ["none"], numbered=True),
        Block("Verdict", text=review.verdict),
    ]
    if review.notes:
        parts.append(Block("Notes", items=review.notes))
    parts.append(
        Block("Calculations", items=[f"{c['name']}: {c['result'].get('formula', '')}" for c in review.tool_calls])
    )
    return [_translated(b, review.language) for b in parts]


def _tr(text: str, lang: str) -> str:
    """The report label in the review's language (labels are keyed by their English wording)."""
    return str(report_words()["labels"].get(text, text)) if lang == "zh" else text


def _translated(block: Block, lang: str) -> Block:
    """A block with its heading, column names, first-column labels and statuses in the review's language."""
    if lang != "zh":
        return block
    rows = [[_tr(c, lang) if i == 0 or c in STATUS_STYLE else c for i, c in enumerate(row)] for row in block.rows]
    text = block.text.replace(f"**{_tr_key(block.text)}**", f"**{_tr(_tr_key(block.text), lang)}**")
    return Block(_tr(block.heading, lang), [_tr(c, lang) for c in block.columns], rows, text, block.items,
                 block.numbered, block.card)


def _tr_key(text: str) -> str:
    """The bold word a paragraph opens with (the decision), or ""."""
    return text[2 : text.index("**", 2)] if text.startswith("**") and "**" in text[2:] else ""


def _header(review: Review) -> str:
    score = f"{num(review.scoring.total)}/100{' (provisional)' if review.scoring.provisional else ''}"
    if review.language == "zh":
        klass = report_words()["summary"][review.domain_class]["zh"]
        decision = _tr(review.decision, "zh")
        return f"评审：{review.title} — {review.mode} 模式，{klass}领域；得分 {score} → {review.scoring.priority}；{decision}"
    return (
        f"Review of {review.title} — {review.mode} mode, {review.domain_class} domain; "
        f"score {score} → {review.scoring.priority}; {review.decision.replace('_', ' ')}"
    )


def to_markdown(review: Review) -> str:
    """The review as a markdown document (what `--out` writes)."""
    lines = [f"# Review: {review.title}", "", f"*{_header(review)}* — file `{Path(review.file).name}`", ""]
    for block in blocks(review):
        lines += [f"## {block.heading}" + (f" [{block.card}]" if block.card else ""), ""]
        if block.columns:
            lines += md_table(block.columns, block.rows)
        if block.text:
            lines.append(block.text)
        for i, item in enumerate(block.items, start=1):
            lines.append(f"{i}. {item}" if block.numbered else f"- {item}")
        lines.append("")
    if review.self_check:
        lines.append(f"*{_self_check_line(review)}*")
    return "\n".join(lines).rstrip() + "\n"


def _self_check_line(review: Review) -> str:
    checks = review.self_check.get("checks", [])
    marks = {"pass": "✓", "warn": "!", "fail": "✗"}
    layers = "  ".join(f"{marks.get(c['status'], '?')} {c['name']}" for c in checks)
    return f"self-check {'passed' if review.self_check.get('passed') else 'FAILED'}: {layers}"


def print_review(review: Review, console: Console | None = None) -> None:
    """Draw the review in the terminal with rich tables, coloured statuses and the risk quadrants."""
    out = console or stdout_console()
    out.print(Panel(f"[bold]{review.title}[/bold]\n{_header(review)}", expand=False))
    for block in blocks(review):
        title = f"[bold]{block.heading}[/bold]" + (f" [dim]\\[{block.card}][/dim]" if block.card else "")
        if block.columns:
            table = Table(title=title, title_justify="left", show_lines=True, expand=True)
            for column in block.columns:
                if column in NARROW:
                    table.add_column(column, no_wrap=True, min_width=NARROW[column])
                else:
                    table.add_column(column, overflow="fold", ratio=WIDE.get(column, 1))
            for row in block.rows:
                table.add_row(*[f"[{_style(c)}]{c}[/]" if _style(c) else _escape(c) for c in row])
            out.print(table)
        else:
            out.print(title)
            if block.text:
                out.print(Markdown(block.text))
            for i, item in enumerate(block.items, start=1):
                out.print(f"  {i}. " if block.numbered else "  • ", _escape(item), sep="")
        out.print()
    if review.self_check:
        style = "green" if review.self_check.get("passed") else "red"
        out.print(_self_check_line(review), style=f"dim {style}", highlight=False)


def _style(cell: str) -> str | None:
    """The colour of a status cell, in either language."""
    if cell in STATUS_STYLE:
        return STATUS_STYLE[cell]
    english = {v: k for k, v in report_words()["labels"].items()}.get(cell)
    return STATUS_STYLE.get(english or "")


def _escape(text: str) -> str:
    return escape(str(text))


def write_markdown(review: Review, path: str | Path) -> Path:
    """Write the markdown report atomically (temp file + rename), so a failure never leaves half a file."""
    target = check_out_path(str(path), "review.md")
    write_text_atomic(target, to_markdown(review))
    return target
