"""Claims checked against calculator results: a verdict, label or winner stated in words must be the result's.

A calculator answers some questions with a verdict (`within_budget`, `pays_back`), a label (`priority` P0-P2,
`domain_class`) or a choice (`winner`). An answer that says "within budget" when `within_budget` is false, or
names another option as the winner, contradicts the tool whatever its figures say. Each verdict field has its
phrases for either answer in English and Chinese; a negation just before a phrase turns it round.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pm_assistant.core.text.sentences import split_sentences


@dataclass(frozen=True)
class Verdict:
    """How a boolean result field is said in words, for (true, false): set phrases, and optionally patterns
    that say it with words in between ("over the 1% ceiling", "超出了法律场景的预算")."""

    field: str
    true: tuple[str, ...]
    false: tuple[str, ...]
    true_patterns: tuple[re.Pattern[str], ...] = ()
    false_patterns: tuple[re.Pattern[str], ...] = ()


BOUND_WORDS = ("budget", "threshold", "limit", "ceiling", "cap", "bar", "line", "maximum", "allowance",
               "预算", "阈值", "门槛", "上限", "红线", "限值", "标准线")
"""Words for the bound a verdict measures against, in both languages."""
OVER_WORDS = ("over", "above", "exceeds", "exceeding", "exceeded", "beyond", "breaches", "breaks",
              "超出", "超过", "高于", "突破", "超")
WITHIN_WORDS = ("within", "under", "below", "inside", "meets", "clears", "低于", "不超过", "没超过", "未超过", "未超出",
                "没有超出", "没有超过", "不高于", "符合")
"""Relation words saying a figure is over, or within, the bound that follows them."""
_GAP = r"(?:[\w%.$€£¥-]+\s+){0,4}?|[^，。；,.;:：!?！？\s]{0,12}?"  # up to four words, or a short Chinese phrase


def _relation(relations: tuple[str, ...], after: str = "") -> re.Pattern[str]:
    """A relation word, a short gap, a bound word (and what must follow it, e.g. 之内)."""
    words = "|".join(sorted(map(re.escape, relations), key=len, reverse=True))
    bounds = "|".join(sorted(map(re.escape, BOUND_WORDS), key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{words})(?![a-z])\s*(?:the\s+|its\s+|your\s+|our\s+|了)?(?:{_GAP})"
                      rf"(?:{bounds})(?![a-z]){after}", re.IGNORECASE)


_OVER = _relation(OVER_WORDS)
_WITHIN = (_relation(WITHIN_WORDS), _relation(("在", "处于"), "(?:之内|以内|内|范围内|范围之内)"))


VERDICTS = (
    Verdict("within_budget",
            true=("within budget", "within the budget", "within your budget", "within its budget", "under budget",
                  "under the budget", "below the threshold", "under the threshold", "within the threshold",
                  "within the limit", "below the limit", "meets the budget", "is acceptable", "acceptable for",
                  "在预算内", "在预算之内", "预算范围内", "低于阈值", "低于门槛", "未超出", "没有超出", "达标", "可以接受"),
            false=("over budget", "over the budget", "over its budget", "over your budget", "exceeds the budget",
                   "exceeds its budget", "exceeds your budget", "above the threshold", "over the threshold",
                   "exceeds the threshold", "above the limit", "over the limit", "exceeds the limit",
                   "not acceptable", "unacceptable", "too high for", "out of budget", "outside the budget",
                   "超出预算", "超预算", "超过预算", "高于阈值", "超过阈值", "超出阈值", "超标", "不达标", "不可接受",
                   "无法接受", "超过门槛", "高于门槛"),
            true_patterns=_WITHIN, false_patterns=(_OVER,)),
    Verdict("pays_back",
            true=("pays back in", "pays for itself", "pays back within", "breaks even in", "will pay back",
                  "回本周期", "个月回本", "个月即可回本", "能回本", "能够回本", "收回投资", "划算", "worth it"),
            false=("never pays back", "does not pay back", "doesn't pay back", "won't pay back", "will not pay back",
                   "never breaks even", "无法回本", "不能回本", "不会回本", "永远无法回本", "收不回")),
    Verdict("qualifies",
            true=("qualifies", "meets every constraint", "meets all constraints", "满足所有约束", "符合要求"),
            false=("does not qualify", "doesn't qualify", "fails the constraint", "不满足", "不符合要求")),
)
_NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bno longer)\s+(?:\w+\s+)?$|[不没未非]\s*$", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\b(?:if|whether|unless|until|once|to (?:get|be|stay|come|bring \w+))\b[^.;:,]*$"
                          r"|(?:如果|是否|若|假如|一旦|才能|才可以|才会|为了|要想)[^。；，]*$")
_BEFORE_WORDS = ("前", "之前", "以前")
"""Chinese words after a verdict phrase that make it a condition to reach ("达标前", "在预算内之前")."""
_PRIORITY = re.compile(r"(?<![A-Za-z0-9])P([0-3])(?![0-9])")
_WIN_CUES = re.compile(r"\b(?:wins?|winner|best|recommend(?:ed)?|go with|pick|choose|should use|comes out on top|"
                       r"ranks? first|top option|strongest)\b|胜出|最佳|最优|推荐|首选|排名第一|排第一|获胜|选择", re.IGNORECASE)
_NO_WINNER = re.compile(r"\bno (?:option|vendor|model|candidate)\b|\bnone of\b|\bneither\b|都不|没有.{0,6}(?:满足|符合|达标)",
                        re.IGNORECASE)
_DOMAIN_WORDS = {"high-risk": ("high-risk", "high risk", "高风险"), "standard": ("standard", "low-risk", "普通", "标准")}


def _said_at(lowered: str, start: int) -> bool | None:
    """For a phrase said at `start`: False when negated just before, None when conditional, else True."""
    if _CONDITIONAL.search(lowered[max(0, start - 40):start]):
        return None
    return not _NEGATION.search(lowered[max(0, start - 16):start])


def stated_verdict(sentence: str, verdict: Verdict) -> bool | None:
    """The value a sentence gives the verdict field, or None when it says nothing about it. The longer, more
    specific wording wins ("not within budget" is read as a false verdict, not a true one)."""
    lowered = sentence.lower()
    said: list[tuple[int, bool]] = []
    for value, phrases, patterns in ((True, verdict.true, verdict.true_patterns),
                                     (False, verdict.false, verdict.false_patterns)):
        spans = [(lowered.find(p), len(p)) for p in phrases if p in lowered]
        spans += [(m.start(), m.end() - m.start()) for pattern in patterns for m in pattern.finditer(lowered)]
        for start, length in spans:
            if lowered[start + length :].lstrip().startswith(_BEFORE_WORDS):
                continue  # "达标前不上线": not launched before it meets the bar, a condition not a verdict
            found = _said_at(lowered, start)
            if found is not None:
                said.append((length, value if found else not value))
    return max(said)[1] if said else None


def _bool_fields(result: object, name: str) -> Iterable[tuple[str, bool]]:
    if isinstance(result, Mapping):
        for key, value in result.items():
            if isinstance(value, bool) and key == name:
                yield key, value


def verdict_contradictions(answer: str, results: Iterable[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """Sentences whose verdict, label or winner disagrees with a calculator result, as one-line details."""
    results = list(results)
    sentences = [s.text for s in split_sentences(answer)]
    found: list[str] = []
    for tool, result in results:
        for verdict in VERDICTS:
            for key, value in _bool_fields(result, verdict.field):
                for sentence in sentences:
                    said = stated_verdict(sentence, verdict)
                    if said is not None and said != value:
                        found.append(f"'{_clip(sentence)}' contradicts {tool}.{key}={str(value).lower()}")
        found += _label_contradictions(tool, result, answer)
        found += _winner_contradictions(tool, result, sentences)
    return list(dict.fromkeys(found))


def _label_contradictions(tool: str, result: Mapping[str, Any], answer: str) -> list[str]:
    """A priority or domain class named in the answer that is not the result's."""
    found = []
    priority = result.get("priority")
    if isinstance(priority, str) and tool == "investment_score":
        named = {f"P{m}" for m in _PRIORITY.findall(_without_thresholds(answer))}
        if named and priority not in named:
            found.append(f"the answer gives priority {', '.join(sorted(named))} but {tool}.priority={priority}")
    domain = result.get("domain_class")
    if isinstance(domain, str) and domain in _DOMAIN_WORDS:
        other = next(k for k in _DOMAIN_WORDS if k != domain)
        lowered = answer.lower()
        if any(w in lowered for w in _DOMAIN_WORDS[other]) and not any(w in lowered for w in _DOMAIN_WORDS[domain]):
            found.append(f"the answer calls the domain {other} but {tool}.domain_class={domain}")
    return found


def _without_thresholds(answer: str) -> str:
    """The answer without the priority bands it may quote ("P0 >= 80, P1 60-79")."""
    return re.sub(r"P[0-3]\s*(?:>=|≥|<|:|\(|=)\s*\d+|P[0-3]\s+\d+\s*[-–]\s*\d+", " ", answer)


def _winner_contradictions(tool: str, result: Mapping[str, Any], sentences: list[str]) -> list[str]:
    """A sentence that names another option as the winner (or any winner when none qualified)."""
    if "winner" not in result or not isinstance(result.get("ranking"), list):
        return []
    winner = result.get("winner")
    names = [str(r.get("name")) for r in result["ranking"] if isinstance(r, Mapping) and r.get("name")]
    found = []
    for sentence in sentences:
        if not _WIN_CUES.search(sentence):
            continue
        named = [n for n in names if re.search(rf"(?<![A-Za-z0-9]){re.escape(n)}(?![A-Za-z0-9])", sentence)]
        if winner is None and named and not _NO_WINNER.search(sentence):
            found.append(f"'{_clip(sentence)}' names a winner but {tool}.winner is null (no option qualifies)")
        elif winner is not None and named and winner not in named:
            found.append(f"'{_clip(sentence)}' contradicts {tool}.winner={winner}")
    return found


def _clip(sentence: str, limit: int = 70) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def states_verdict(answer: str) -> bool:
    """True when the answer gives a verdict in words: a budget or payback verdict, a priority or a winner."""
    sentences = [s.text for s in split_sentences(answer)]
    if any(stated_verdict(s, v) is not None for s in sentences for v in VERDICTS):
        return True
    return bool(_PRIORITY.search(_without_thresholds(answer))) or any(_WIN_CUES.search(s) for s in sentences)
