"""Which calculator result an answer's sentence or clause names, so a figure can be checked against the quantity
its words say it is: a passage figure that contradicts the result it names, or a result quoted under another
result's name ("you'd save $7,200" when $7,200 is the cost before caching and the savings are $3,600).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pm_assistant.agent.selfcheck.grounding import Figure, matches
from pm_assistant.agent.selfcheck.sources import TEXT_FIELDS, Source, field_words
from pm_assistant.core.text.sentences import split_sentences
from pm_assistant.core.text.tokens import tokenize

FIELD_ALIASES = {
    "payback": ("回本", "收回", "回收"), "cost": ("成本", "费用", "花费", "开销"), "savings": ("节省", "节约", "省下"),
    "threshold": ("阈值", "门槛", "上限"), "rate": ("率",), "benefit": ("收益", "效益"), "investment": ("投资", "投入"),
    "monthly": ("每月", "月"), "annual": ("每年", "年"), "total": ("总", "合计"), "roi": ("回报", "投资回报"),
    "precision": ("精确", "精准"), "recall": ("召回",), "accuracy": ("准确",), "tokens": ("token", "令牌"),
    "score": ("得分", "分数", "评分"), "compute": ("算力",), "labor": ("人力", "人工", "labour"), "data": ("数据",),
    "net": ("净",),
}
"""Other words for the words of calculator field names (Chinese, and British spellings), so a sentence in either
language can name a result's quantity."""
GENERIC_FIELD_WORDS = frozenset({"s", "ms", "months", "days", "hours", "years", "per", "after", "before", "needed"})
"""Field words that name no quantity of their own (units and qualifiers)."""
_PERIOD_WORDS = frozenset({"monthly", "annual", "daily", "hourly", "weekly", "yearly"})
"""A period says how a figure is counted, not which result it is ("$30k a month" may be any monthly field)."""
_SAME_KINDS = {"money": ("money",), "duration": ("duration",), "percent": ("percent", "number")}
"""The kinds of result a figure of each kind may be quoted as (a ratio over 1 is a plain number: ROI 1,100%)."""
_OPERATOR_BEFORE = re.compile(r"[-+x×*/÷]\s*\Z")
_OPERATOR_AFTER = re.compile(r"\s*(?:[-+x×*/÷](?=\s|\d)|=)")
_CLAUSE_END = re.compile(r"[,，;；、()（）\n]|\s[-–—]\s")


def _sentence_span(answer: str, figure: Figure) -> tuple[int, int]:
    start = figure.quantity.span[0]
    return next((s.span for s in split_sentences(answer) if s.span[0] <= start < s.span[1]), (0, len(answer)))


def sentence_of(answer: str, figure: Figure) -> str:
    """The sentence of the answer that holds the figure."""
    begin, end = _sentence_span(answer, figure)
    return answer[begin:end]


def words_of(answer: str, figure: Figure, others: Iterable[Figure]) -> str:
    """The words that go with a figure: its clause (its sentence cut at commas, semicolons, brackets and lines),
    from the figure before it to the figure after it, so each figure of a list keeps the words written next
    to it ("the cacheable half costs $20k and a 60% hit rate takes $12k off": $12k goes with "hit rate takes")."""
    begin, end = _sentence_span(answer, figure)
    start, stop = figure.quantity.span
    cuts = [m.start() for m in _CLAUSE_END.finditer(answer, begin, end)]
    left = max((c for c in cuts if c < start), default=begin)
    right = min((c for c in cuts if c >= stop), default=end)
    spans = [f.quantity.span for f in others if f.quantity.span != figure.quantity.span]
    left = max([left, *(e for s, e in spans if e <= start)])
    right = min([right, *(s for s, e in spans if s >= stop)])
    return answer[left:right]


def names_field(text: str, source: Source, generic: Iterable[str] = GENERIC_FIELD_WORDS) -> bool:
    """True when the text names the result field's quantity (a shared word, or another word for it)."""
    terms = set(tokenize(text))
    lowered = text.lower()
    skipped = set(generic)
    for word in field_words(source.label):
        if word in skipped:
            continue
        if set(tokenize(word)) & terms or any(alias in lowered for alias in FIELD_ALIASES.get(word, ())):
            return True
    return False


def swapped_result(figure: Figure, answer: str, found: list[Source], computed: list[Source],
                   figures: Iterable[Figure] = ()) -> Source | None:
    """The result the figure's words name, when the figure is another result of the call and matches none of
    the results its words name (the savings quoted as $7,200, the cost before caching). Words naming no
    result, or naming one the figure matches, say nothing against it."""
    quantity = figure.quantity
    if quantity.kind not in _SAME_KINDS or not any(_result(s) for s in found) or _operand(answer, figure):
        return None
    clause = words_of(answer, figure, figures)
    named = [s for s in computed if _result(s) and s.kind in _SAME_KINDS[quantity.kind]
             and names_field(clause, s, GENERIC_FIELD_WORDS | _PERIOD_WORDS)]
    if not named or any(matches(figure, s) for s in named):
        return None
    return named[0]


def _operand(answer: str, figure: Figure) -> bool:
    """True for a figure written as an operand of arithmetic ("savings = 48,000 - 30,000 = 18,000"): the words
    before the equation name its result, not the figures it is worked from."""
    start, stop = figure.quantity.span
    return bool(_OPERATOR_BEFORE.search(answer, 0, start) or _OPERATOR_AFTER.match(answer, stop))


def _result(source: Source) -> bool:
    """True for a result field a calculator computed (not an echoed input, a default or a formula's text)."""
    return source.origin == "tool" and not source.echo and source.field not in TEXT_FIELDS and "." in source.label \
        and not any(op in source.label for op in (" - ", " + ", " → ", " / ", " x ", " of "))
