"""Error and hallucination rates a proposal states, each told apart as measured or target.

A percentage or an "N of M" ratio is an error rate when an error word sits in its clause ("hallucinated",
"unsupported", "wrong", 幻觉, 错误, 没有依据…) and no positive-metric word claims it instead ("accuracy",
"accepted", 准确率) — a hand-off rate or a traffic share is not one. Two plain counts in an error clause,
the larger first ("500份摘要中有9份…错误"), make a ratio too. A rate stated for the
weak slice ("worst on glare, where the error was 6%") is a bottleneck, not the headline. A rate is a target
when target words stand in its clause ("we aim for < 2%", "目标…低于1%", "控制在3%以内"); otherwise it is what was measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pm_assistant.agent.review.sections import Reading
from pm_assistant.agent.review.structure import Sentence, normalise
from pm_assistant.agent.review.vocab import question_cues, rate_cues
from pm_assistant.core.text.quantities import read_quantities
from pm_assistant.core.text.sentences import split_clauses
from pm_assistant.tools.fmt import num


@dataclass(frozen=True)
class StatedRate:
    """A stated error rate (a fraction), whether it was measured (False: a target), and where it is written."""

    value: float
    measured: bool
    text: str  # the figure as written
    source: str  # the sentence
    sentence: Sentence
    derived: bool = False  # a share of two counts the text states separately, not a rate as written
    baseline: bool = False  # today's process (the problem statement), not the proposed system
    subset: bool = False  # the rate on a weak slice ("worst on glare: 6%"), a bottleneck, not the headline


def clauses(sentence: Sentence) -> list[str]:
    """The sentence's clauses, with its label (or a table row's header and row label) in front of each."""
    if sentence.table:
        return _cell_clauses(sentence)
    text = normalise(sentence.body)
    prefix = f"{sentence.label} " if sentence.label else ""
    clauses = [c.text for c in split_clauses(text)] or [text]
    merged: list[str] = []
    for clause in clauses:  # a clause with no figure of its own lends its words to the next one
        if merged and not read_quantities(merged[-1]):
            merged[-1] = f"{merged[-1]}，{clause}"
        else:
            merged.append(clause)
    return [prefix + c for c in merged]


def _cell_clauses(row: Sentence) -> list[str]:
    """A table row read cell by cell: each cell with a figure, after its row label and its column header, so
    a "Target" column and a "POC result" column of one metric are two clauses (a target and a measurement)."""
    cells = [normalise(c) for c in row.cells]
    headers = list(row.header) + [""] * (len(cells) - len(row.header))
    label = f"{headers[0]} {cells[0]}" if cells else ""
    out = [f"{label} {headers[i]} {cell}".strip() for i, cell in enumerate(cells) if i and read_quantities(cell)]
    return out or [" ".join(f"{h} {c}" for h, c in zip(headers, cells, strict=False))]


def _share_of_errors(clause: str, end: int) -> bool:
    """True when a ratio counts within the errors themselves ("7 of the 11 wrong fields"): an error word
    names the whole, right after the figure, not a verb saying the part was wrong ("10 of 400 were wrong")."""
    words = re.findall(r"[A-Za-z]+", clause[end : end + 30])[:2]
    return bool(words) and not rate_cues().has("measured", words[0]) and rate_cues().has("error", " ".join(words))


def _rate_in(clause: str, earlier: list[float]) -> tuple[float, str, bool] | None:
    """The error rate a clause states, as (fraction, text as written); `earlier` holds the whole numbers of the
    paragraph before the clause ("在300份合同上测试…；其中6份…" reads as 6 of 300)."""
    cues = rate_cues()
    if not cues.has("error", clause) or cues.has("not_error", clause):
        return None
    quantities = read_quantities(clause)
    for q in quantities:
        if q.kind in ("percent", "ratio") and 0 <= q.value <= 1:
            if q.kind == "ratio" and _share_of_errors(clause, q.span[1]):
                continue
            before = clause[max(0, q.span[0] - 24) : q.span[0]]
            if cues.has("positive", before) and not cues.has("error", before):
                continue
            return q.value, q.text, False
    counts = [q for q in quantities if q.kind in ("number", "count") and q.value >= 1 and q.value.is_integer()]
    if len(counts) == 2 and counts[0].value > counts[1].value:
        whole, part = counts
        return part.value / whole.value, f"{num(part.value)} / {num(whole.value)}", True
    larger = [n for n in earlier if counts and n > counts[0].value]
    if len(counts) == 1 and larger:
        return counts[0].value / larger[-1], f"{num(counts[0].value)} / {num(larger[-1])}", True
    return None


def _whole_numbers(text: str) -> list[float]:
    return [q.value for q in read_quantities(text) if q.kind in ("number", "count") and q.value.is_integer()]


def stated_rates(reading: Reading) -> list[StatedRate]:
    """Every error rate the proposal states, in document order."""
    cues = rate_cues()
    read_figures = {s.index: _whole_numbers(normalise(s.body)) for s in reading.sentences}
    problem = {s.index for s in reading.of_kind("problem")}
    opening = reading.sentences[0].block if reading.sentences and not reading.kinds(reading.sentences[0]) else None
    found = []
    for sentence in reading.sentences:
        earlier = [n for s in reading.sentences if s.block == sentence.block and s.index < sentence.index
                   for n in read_figures[s.index]]
        since_last = ""  # the words since the sentence's previous rate: a weak-slice cue there belongs to this one
        for clause in clauses(sentence):
            rate = _rate_in(clause, earlier)
            earlier = earlier + _whole_numbers(clause)  # "抽检200条，错误6条": the whole comes a clause earlier
            since_last += f" {clause}"
            if rate is None:
                continue
            baseline = sentence.index in problem or sentence.block == opening or (
                cues.has("baseline", clause[: clause.find(rate[1])][-30:] + rate[1]) and not cues.has("target", clause)
            )
            target = not rate[2] and cues.has("target", clause) and not (  # counts found are a measurement
                cues.has("measured", clause) and not cues.has("target", clause[: clause.find(rate[1])][-30:])
            )
            subset, since_last = question_cues("bottlenecks").has("weak", since_last), ""
            found.append(StatedRate(rate[0], not target, rate[1], sentence.text, sentence, rate[2], baseline, subset))
    return found


def worse_slices(rates: list[StatedRate]) -> list[StatedRate]:
    """Measured rates stated after a lower measured rate of the same section: the overall figure comes first
    and the slices where it is worse follow ("1.8% … omitted; in long stays the rate was 4.5%")."""
    out = []
    rates = [r for r in rates if not r.baseline]  # today's process is not the system's overall figure
    for i, rate in enumerate(rates):
        earlier = [r for r in rates[:i] if r.measured and r.sentence.section == rate.sentence.section]
        if rate.measured and earlier and rate.value > earlier[0].value:
            out.append(rate)
    return out


def headline_rate(rates: list[StatedRate]) -> StatedRate | None:
    """The rate the budget is judged on: the highest measured one, else the first target (today's baseline
    rates are never judged; the rate of a weak slice is a bottleneck, judged only when no overall rate is
    stated)."""
    rates = [r for r in rates if not r.baseline]
    slices = worse_slices(rates)
    rates = [r for r in rates if not r.subset and r not in slices] or rates
    measured = [r for r in rates if r.measured]
    if measured:
        return max(measured, key=lambda r: r.value)
    return rates[0] if rates else None
