"""The technical-review five questions judged by evidence: the passages that answer each one, and a status
that follows what they cover.

Candidates for a question are the sentences of the sections that answer it (alternatives, results, load,
maintenance…) and the sentences with its cue words (English and Chinese, `data/cues.yaml`); with an
embedder, the candidate nearest in meaning to the question is quoted. Status:

- core technology: a named model or technique (GPT-4o, XGBoost, RAG, 微调) is addressed, a family alone
  ("a large language model", 大模型) is partial;
- cost vs alternatives: at least two options with money (an options table, a sentence comparing costs) is
  addressed; alternatives without costs is partial; the project's own cost line is not an alternative;
- bottlenecks: a measured weakness (a weak spot with its figure, a results table) is addressed; a weak spot
  without a figure, or only an overall measured error rate, is partial (today's process and targets are not
  evidence);
- peak load: a plan for the peak (autoscaling, queueing, hand-off, 扩容, 转人工) with a load figure is
  addressed; either alone is partial;
- data sustainability: a refresh mechanism with a cadence or owner (or a line of the upkeep section giving
  one) is addressed; a mechanism alone is partial.

Sentences of the problem statement describe today, not the design, and are not evidence (except a load
figure for the peak).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from pm_assistant.agent.review.figures import read_money
from pm_assistant.agent.review.placement import Placer, place
from pm_assistant.agent.review.rates import StatedRate, headline_rate, worse_slices
from pm_assistant.agent.review.sections import Embedder, Reading
from pm_assistant.agent.review.structure import Sentence, normalise, quantities_in
from pm_assistant.agent.review.vocab import figure_cues, question_cues
from pm_assistant.agent.review.wording import report_words
from pm_assistant.core.text.quantities import read_quantities
from pm_assistant.core.text.sentences import split_clauses

QUESTION_IDS = ("core_technology", "cost_vs_alternatives", "bottlenecks", "peak_load", "data_sustainability")
SECTIONS = {
    "core_technology": ("solution",),
    "cost_vs_alternatives": ("alternatives",),
    "bottlenecks": ("results", "limits"),
    "peak_load": ("load",),
    "data_sustainability": ("maintenance",),
}
_MEASURE_KINDS = ("percent", "ratio", "duration", "score")


@dataclass(frozen=True)
class Answer:
    """One question's status, the sentence quoted as evidence (None when missing) and the gap."""

    id: str
    question: str
    status: str
    evidence: Sentence | None
    gap: str


def _has(question: str, group: str, text: str) -> bool:
    return question_cues(question).has(group, text)


def _figure(sentence: Sentence, kinds: tuple[str, ...] = _MEASURE_KINDS) -> bool:
    return any(q.kind in kinds for q in quantities_in(sentence))


def _money_count(sentence: Sentence) -> int:
    return sum(q.kind == "money" for q in quantities_in(sentence))


class FiveQuestions:
    """Judges the five questions on one proposal (`reading`), with its measured rates and an optional embedder."""

    def __init__(
        self,
        reading: Reading,
        rates: list[StatedRate],
        embedder: Embedder | None,
        lang: str,
        placer: Placer | None = None,
    ) -> None:
        self.reading = reading
        self.rates = rates
        self.embedder = embedder
        self.lang = lang
        self.content = [  # a question the text asks ("成本呢？") answers nothing
            s for s in reading.sentences if "problem" not in reading.kinds(s) and not s.text.rstrip().endswith(("?", "？"))
        ]
        self.placed = place(self.content, placer) if placer is not None else {}

    def _placed(self, qid: str) -> list[Sentence]:
        """The content sentences placed on a question by meaning (none without a placer)."""
        return self.placed.get(qid, [])

    def judge(self) -> list[Answer]:
        """The five answers, in the canonical order."""
        judges: dict[str, Callable[[], tuple[str, list[Sentence]]]] = {
            "core_technology": self._core,
            "cost_vs_alternatives": self._alternatives,
            "bottlenecks": self._bottlenecks,
            "peak_load": self._peak,
            "data_sustainability": self._data,
        }
        words = report_words()["questions"]
        out = []
        for qid in QUESTION_IDS:
            status, evidence = judges[qid]()
            text = words[qid]
            gap = "" if status == "addressed" else text[status][self.lang]
            out.append(Answer(qid, text["question"][self.lang], status, self._best(qid, evidence), gap))
        return out

    def _best(self, qid: str, candidates: list[Sentence]) -> Sentence | None:
        """The candidate nearest in meaning to the question (the first without an embedder)."""
        if not candidates:
            return None
        if self.embedder is None or len(candidates) == 1:
            return candidates[0]
        question = report_words()["questions"][qid]["question"][self.lang]
        vectors = self.embedder.embed([question, *(c.text for c in candidates)])
        return candidates[int(np.argmax(vectors[1:] @ vectors[0]))]

    def _in_sections(self, qid: str) -> list[Sentence]:
        return [s for s in self.content if set(self.reading.kinds(s)) & set(SECTIONS[qid])]

    def _core(self) -> tuple[str, list[Sentence]]:
        named = [s for s in self.content if _has("core_technology", "named", s.text)]
        if named:
            preferred = [s for s in named if "solution" in self.reading.kinds(s)]
            return "addressed", preferred or named
        generic = [s for s in self.reading.sentences if _has("core_technology", "generic", s.text)]
        generic += [s for s in self._placed("core_technology") if s not in generic]
        return ("partial", generic) if generic else ("missing", [])

    def _alternatives(self) -> tuple[str, list[Sentence]]:
        section = self._in_sections("cost_vs_alternatives")
        money = read_money(self.reading)
        priced = {m.sentence.index for m in money.mentions}  # amounts read as money ("| 80万 | 300万/年 |")

        def has_price(s: Sentence) -> bool:
            return bool(_money_count(s)) or s.index in priced

        chosen_tables = {  # a table with a row marked as the one taken ("| 边缘推理 | 1.1万元 | 选定 |") lists options
            s.block for s in self.content if s.table and any(figure_cues().has("chosen", c) for c in s.cells[1:])
        }
        option_rows = [
            s for s in self.content
            if s.table and has_price(s) and (figure_cues().has("option", s.cells[0]) or s.block in chosen_tables)
        ]
        costed_rows = [s for s in section if s.table and has_price(s)] or option_rows
        if len(costed_rows) >= 2:
            return "addressed", costed_rows
        options = {m.option for m in money.mentions if m.option}
        if len(options) >= 2:  # options priced in a table or a list ("A) … $3,200/month", "方案B … 3万")
            return "addressed", [m.sentence for m in money.mentions if m.option]
        compared = [s for s in self.content if _has("cost_vs_alternatives", "compare", s.text)]
        own_lines = " / ".join(f.source for f in (money.investment, money.running) if f is not None)
        compared += [  # placed by meaning; the project's own cost line is not an alternative
            s for s in self._placed("cost_vs_alternatives") if s not in compared and not s.table and s.text not in own_lines
        ]
        own_cost = money.investment is not None or money.running is not None
        costed = [s for s in compared + section if sum(_money_count(b) for b in self._block(s)) >= 2 or (
            own_cost and has_price(s) and s.text not in f"{money.investment and money.investment.source}"
            f"{money.running and money.running.source}")]  # an alternative's price beside the project's own
        if costed:
            return "addressed", costed
        mentioned = section + compared
        return ("partial", mentioned) if mentioned else ("missing", [])

    def _block(self, sentence: Sentence) -> list[Sentence]:
        """The sentences of the paragraph or item a sentence belongs to (Chinese often splits a comparison at ；)."""
        return [s for s in self.content if s.block == sentence.block]

    def _bottlenecks(self) -> tuple[str, list[Sentence]]:
        today = {r.sentence.index for r in self.rates if r.baseline or not r.measured}  # today's or a target
        weak = [s for s in self.content if _has("bottlenecks", "weak", s.text) and s.index not in today]
        rated = {r.sentence.index for r in self.rates if r.measured}
        weak += [s for s in self._placed("bottlenecks") if s not in weak and s.index not in today | rated]
        overall = headline_rate(self.rates)
        slice_rated = {r.sentence.index for r in self.rates if r.measured and r is not overall}  # not the overall
        measured_weak = [  # the weak spot with its figure, in its sentence or the next ("weakest: rare findings.
            s for s in weak  # On pneumothorax … recall was 71%"); the overall rate's counts are not its figure
            if any(
                (_figure(b) or b.index in slice_rated) and b.index - s.index in (0, 1) for b in self._block(s)
            )
        ]
        measured_weak += [r.sentence for r in worse_slices(self.rates) if r.sentence not in measured_weak]
        if measured_weak:  # a weak spot with its figure, or a rate worse than the overall one stated before it
            return "addressed", measured_weak
        results = [s for s in self._in_sections("bottlenecks") if s.table and _figure(s, ("percent", "ratio"))]
        if len(results) >= 2:
            return "addressed", results
        measured = [r.sentence for r in self.rates if r.measured and not r.baseline]  # overall, not where it fails
        partial = weak + measured + [s for s in self._in_sections("bottlenecks") if s.index not in today]
        return ("partial", partial) if partial else ("missing", [])

    def _peak(self) -> tuple[str, list[Sentence]]:
        plans = [s for s in self.content if _has("peak_load", "plan", s.text) and _has("peak_load", "load", s.text)]
        plans += [s for s in self._in_sections("peak_load") if _has("peak_load", "plan", s.text) and s not in plans]
        loads = [s for s in self.reading.sentences if self._load_figure(s)]
        loads += [  # in the load section a figure is the load ("## Month-end / Volume triples …")
            s for s in self._in_sections("peak_load") if s not in loads and _figure(s, ("count", "factor", "number"))
        ]
        plans += [  # placed by meaning: a plan when it says how, or when it sits in the load section
            s for s in self._placed("peak_load") if s not in plans and s not in loads
            and (_has("peak_load", "plan", s.text) or "load" in self.reading.kinds(s))
        ]
        if plans and (loads or any(_figure(p, ("count", "factor", "number")) for p in plans)):
            return "addressed", plans
        if plans:
            return "partial", plans
        design_loads = [s for s in loads if s in self.content] + self._in_sections("peak_load")
        return ("partial", design_loads) if design_loads else ("missing", [])

    @staticmethod
    def _load_figure(sentence: Sentence) -> bool:
        """True when a clause names the load and states a figure for it ("5x the usual volume", 每秒300个)."""
        return any(
            _has("peak_load", "load", c.text)
            and any(q.kind in ("percent", "ratio", "count", "factor", "number") for q in read_quantities(c.text))
            for c in split_clauses(normalise(sentence.body))
        )

    def _data(self) -> tuple[str, list[Sentence]]:
        mechanism = [  # a cost line ("covering compute and annotation") is not a plan for fresh data
            s for s in self.content if _has("data_sustainability", "mechanism", s.text) and not _money_count(s)
        ]
        mechanism += [s for s in self._placed("data_sustainability") if s not in mechanism and not _money_count(s)]
        section = self._in_sections("data_sustainability")
        steady = [  # a mechanism with a cadence or owner, or a line of the upkeep section that gives one
            s for s in mechanism + [s for s in section if s not in mechanism]
            if _has("data_sustainability", "cadence", s.text)
        ]
        if steady:
            return "addressed", steady
        mechanism += [s for s in section if s not in mechanism]
        return ("partial", mechanism) if mechanism else ("missing", [])
