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

from pm_assistant.agent.review.schema import Review
from pm_assistant.agent.review.wording import formula, join, report_words, say, tr
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


def _money(value: float | None, currency: str | None, lang: str = "en") -> str:
    return tr("not stated", lang) if value is None else money(value, currency)


def _financial_rows(review: Review) -> list[list[str]]:
    f, cur, lang = review.financials, review.financials.currency, review.language
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
    payback = "not computed" if f.payback_months is None else say("payback_months", lang, months=num(f.payback_months))
    rows.append(["Payback", payback, f.note])
    if f.roi_ratio is not None:
        rows.append(
            [
                say("roi_over", lang, months=f.horizon_months),
                pct(f.roi_ratio),
                say("net_benefit", lang, amount=_money(f.net_benefit, cur, lang)),
            ]
        )
    return rows


def _budget_text(review: Review) -> str:
    hb, lang = review.hallucination_budget, review.language
    text = say("budget", lang, klass=tr(hb.domain_class, lang), reason=review.domain_reason, threshold=pct(hb.threshold))
    if hb.rate is not None:
        verdict = tr("within budget" if hb.within_budget else "over budget", lang)
        text += say("budget_rate", lang, rate=pct(hb.rate), verdict=verdict)
    return text + say("budget_source", lang, source=hb.source)


def _poc_rows(review: Review) -> list[list[str]]:
    poc, lang = review.poc_plan, review.language
    rows = [["1. Goal", poc.goal or say("poc_goal_missing", lang)]]
    for option in poc.options:
        figures = []
        if option.get("accuracy") is not None:
            figures.append(say("poc_accuracy", lang, value=pct(option["accuracy"])))
        if option.get("latency_s") is not None:
            figures.append(say("poc_latency", lang, value=num(option["latency_s"])))
        detail = option.get("description") or ""
        named = option["name"].lower().startswith("option")
        rows.append(
            [
                say("poc_option_named" if named else "poc_option", lang, name=option["name"]),
                (detail + (say("poc_figures", lang, figures=join(figures, lang, "comma")) if figures and not detail else "")).strip()
                or option["name"],
            ]
        )
    if not poc.options:
        rows.append(["2. Options", say("poc_no_options", lang)])
    limits = join(
        (say("poc_limit", lang, name=tr(k.replace("_", " "), lang), value=num(v)) for k, v in poc.limits.items() if k != "source"),
        lang,
        "comma",
    )
    rows.append(["3. Limits", say("poc_limits", lang, limits=limits, source=poc.limits.get("source", ""))])
    if poc.winner:
        rows.append(["Winner (poc_compare)", poc.winner])
    rows.append(["4. Report", poc.report])
    return rows


def _quadrant_rows(review: Review) -> list[list[str]]:
    lang = review.language
    names = {q: [r.risk for r in review.risks if r.quadrant == q] for q in QUADRANT_NAMES}

    def cell(q: str) -> str:
        return say("quadrant_cell", lang, name=tr(QUADRANT_NAMES[q], lang), items=join(names[q], lang) or "—")

    return [["high risk", cell("act_now"), cell("plan")], ["low risk", cell("quick_win"), cell("monitor")]]


def blocks(review: Review) -> list[Block]:
    """The report's parts in reading order; both renderers walk this list."""
    s, lang = review.scoring, review.language
    score_rows = [
        [
            name.replace("_", " "),
            num(sub.score),
            str(sub.max),
            sub.rationale
            + ("" if sub.judged else say("cannot_judge_mark", lang))
            + (say("provisional_mark", lang) if sub.provisional and sub.judged else ""),
        ]
        for name, sub in s.subscores.items()
    ]
    score_rows.append(
        [
            "total (investment_score)",
            num(s.total),
            "100",
            say("priority", lang, priority=s.priority, label=tr(s.priority_label, lang))
            + (say("priority_note", lang, note=s.note) if s.provisional else ""),
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
        Block("Calculations", items=[
            f"{c['name']}: {formula(c['result'].get('formula', ''), review.language)}" for c in review.tool_calls
        ])
    )
    return [_translated(b, review.language) for b in parts]


QUOTED = {"What the proposal says", "Evidence"}  # columns that quote the proposal: never translated


def _translated(block: Block, lang: str) -> Block:
    """A block with its heading, column names and generated cells (labels, statuses) in the review's language."""
    if lang != "zh":
        return block
    keep = {i for i, c in enumerate(block.columns) if c in QUOTED}
    rows = [[c if i in keep else tr(c, lang) for i, c in enumerate(row)] for row in block.rows]
    text = block.text.replace(f"**{_tr_key(block.text)}**", f"**{tr(_tr_key(block.text), lang)}**")
    return Block(tr(block.heading, lang), [tr(c, lang) for c in block.columns], rows, text, block.items,
                 block.numbered, block.card)


def _tr_key(text: str) -> str:
    """The bold word a paragraph opens with (the decision), or ""."""
    return text[2 : text.index("**", 2)] if text.startswith("**") and "**" in text[2:] else ""


def _header(review: Review) -> str:
    mark = say("provisional_mark", review.language) if review.scoring.provisional else ""
    score = f"{num(review.scoring.total)}/100{mark}"
    if review.language == "zh":
        klass = report_words()["summary"][review.domain_class]["zh"]
        decision = tr(review.decision, "zh")
        mode = tr(review.mode, "zh")
        return f"评审：{review.title} — {mode}模式，{klass}领域；得分 {score} → {review.scoring.priority}；{decision}"
    return (
        f"Review of {review.title} — {review.mode} mode, {review.domain_class} domain; "
        f"score {score} → {review.scoring.priority}; {review.decision.replace('_', ' ')}"
    )


def to_markdown(review: Review) -> str:
    """The review as a markdown document (what `--out` writes)."""
    lang = review.language
    title = say("md_title", lang, title=review.title)
    lines = [title, "", f"*{_header(review)}* — {say('md_file', lang, name=Path(review.file).name)}", ""]
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
    lang = review.language
    layers = "  ".join(f"{marks.get(c['status'], '?')} {tr(c['name'], lang)}" for c in checks)
    status = say("self_check_passed" if review.self_check.get("passed") else "self_check_failed", lang)
    return say("self_check", lang, status=status, layers=layers)


def print_review(review: Review, console: Console | None = None) -> None:
    """Draw the review in the terminal with rich tables, coloured statuses and the risk quadrants."""
    out = console or stdout_console()
    out.print(Panel(f"[bold]{review.title}[/bold]\n{_header(review)}", expand=False))
    for block in blocks(review):
        title = f"[bold]{block.heading}[/bold]" + (f" [dim]\\[{block.card}][/dim]" if block.card else "")
        if block.columns:
            table = Table(title=title, title_justify="left", show_lines=True, expand=True)
            for column in block.columns:
                key = _english(column)
                if key in NARROW:
                    table.add_column(column, no_wrap=True, min_width=NARROW[key])
                else:
                    table.add_column(column, overflow="fold", ratio=WIDE.get(key, 1))
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


def _english(label: str) -> str:
    """The English key of a translated label (itself when it is English or no label)."""
    return {v: k for k, v in report_words()["labels"].items()}.get(label, label)


def _style(cell: str) -> str | None:
    """The colour of a status cell, in either language."""
    return STATUS_STYLE.get(cell) or STATUS_STYLE.get(_english(cell))


def _escape(text: str) -> str:
    return escape(str(text))


def write_markdown(review: Review, path: str | Path) -> Path:
    """Write the markdown report atomically (temp file + rename), so a failure never leaves half a file."""
    target = check_out_path(str(path), "review.md")
    write_text_atomic(target, to_markdown(review))
    return target
