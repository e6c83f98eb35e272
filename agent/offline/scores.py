"""Readers for the scoring and quality calculators: investment score, classification metrics,
hallucination budget and token count.
"""

from __future__ import annotations

import re

from pm_assistant.agent.offline.confusion import prose_counts, table_counts
from pm_assistant.agent.offline.reading import (
    BARE,
    Args,
    Extraction,
    before,
    currency_of,
    labels_lead,
    near,
)
from pm_assistant.core.text.quantities import Quantity

_SCORE_KEYS = {
    "business_value": (r"business[- ]value|value", "the business-value score (out of forty)"),
    "technical_maturity": (r"(?:technical |tech(?:nology)? )?maturity", "the technical-maturity score (out of thirty)"),
    "resource_demand": (r"resource(?:s)?(?: demand| need| needs| requirements?| cost)?",
                        "the resource-demand score (out of thirty; higher means lighter demand)"),
}
_SCORE_KEYS_ZH = {"business_value": "商业价值|业务价值|价值", "technical_maturity": "技术成熟度|成熟度",
                  "resource_demand": "资源需求|资源投入|资源"}


def investment_score(text: str, qs: list[Quantity]) -> Extraction:
    """The three scoring-card dimensions ("business value 35, maturity 25, resources 22")."""
    args: Args = {}
    missing = []
    for key, (pattern, label) in _SCORE_KEYS.items():
        named = _figure_after(text, qs, rf"\b(?:{pattern})\b", r"\s*(?:score\s*)?(?:of|is|=|:|at)?\s*", re.I) \
            or _figure_after(text, qs, _SCORE_KEYS_ZH[key], r"\s*(?:得分|分数)?\s*(?:为|是|[:：=])?\s*")
        match = re.search(rf"(\d+(?:\.\d+)?)(?:\s*/\s*\d+)?\s*(?:points?\s*)?(?:for|on|in)\s+(?:{pattern})\b",
                          text, re.I)
        if named is not None:
            args[key] = named
        elif match:
            args[key] = float(match.group(1))
        else:
            missing.append(label)
    name = re.search(r"[\"“'‘]([^\"”'’]{3,80})[\"”'’]"
                     r"|\bproject (?:called |named )?([A-Z][\w -]{2,40}?)(?=[:,.]|$)", text)
    if name:
        args["project"] = (name.group(1) or name.group(2)).strip()
    return Extraction("investment_score", args, missing)


def _figure_after(text: str, qs: list[Quantity], label: str, gap: str, flags: int = 0) -> float | None:
    """The value of the first figure read right after a label, only `gap` between ("业务价值三十", "maturity: 22/30"),
    in any numeral the quantity reader knows."""
    for found in re.finditer(label, text, flags):
        after = next((q for q in qs if q.span[0] >= found.end()), None)
        if after is not None and re.fullmatch(gap, text[found.end():after.span[0]], flags):
            part = re.match(r"[0-9]+(?:\.[0-9]+)?", after.text) if after.kind == "ratio" else None
            return float(part.group(0)) if part else after.value  # "15/30" on a card is 15 out of 30
    return None


_COUNT_NAMES = {
    "tp": r"true[- ]positives?|\btp\b|真阳性|真正例|识别(?:对了|正确)|正确识别", "fp": r"false[- ]positives?|\bfp\b|假阳性|假正例|误报",
    "fn": r"false[- ]negatives?|\bfn\b|假阴性|假反例|漏报", "tn": r"true[- ]negatives?|\btn\b|真阴性|真反例",
}
_TARGET = r"need|target|require|at least|≥|>=|goal|must|minimum|aim|至少|目标|要求|不低于"
_METRIC_NAMES = {"精确率": "precision", "精准率": "precision", "查准率": "precision", "召回率": "recall", "查全率": "recall"}


def classification_metrics(text: str, qs: list[Quantity]) -> Extraction:
    """Confusion-matrix counts (or precision and recall), optional targets and error costs."""
    args: Args = {}
    # "TP 50 FP 10" (label first) or "50 TP, 10 FP" (figure first): the style of the first label decides which
    # reading is tried first, so "TP 50 FP 10" is never read as "50 FP".
    label_first = labels_lead(text, "|".join(_COUNT_NAMES.values()))
    for key, noun in _COUNT_NAMES.items():
        said = _figure_after(text, qs, rf"(?:{noun})", r"\s*(?:=|:|：|of|is|are|为|是)?\s*", re.I)
        if label_first and said is not None and said.is_integer():
            args[key] = int(said)
            continue
        named = rf"(?:{noun})\s*(?:=|:|：|of|is|are|为|是)?\s*(\d[\d,]*\d|\d)(?!\d|\.\d)"
        counted = rf"(\d[\d,]*\d|\d)\s*(?:个|条|例|次)?\s*(?:(?:were|are|as|of them)\s+)?\(?(?:{noun})"
        for pattern in ((named, counted) if label_first else (counted, named)):
            match = re.search(pattern, text, re.I)
            if match:
                args[key] = int(match.group(1).replace(",", ""))
                break
    for key, count in {**prose_counts(text), **table_counts(text)}.items():  # counts told by their roles
        args.setdefault(key, count)
    for q in qs:
        head = before(text, q, 30)
        mentions = list(re.finditer(r"precision|recall|精确率|精准率|查准率|召回率|查全率", head))
        metric = mentions[-1] if mentions and len(head) - mentions[-1].end() <= 25 else None
        if (q.kind == "percent" or (q.kind in BARE and 0 < q.value < 1)) and metric:  # 82% or 0.82
            is_target = re.search(_TARGET, head[max(0, metric.start() - 20):])
            name = _METRIC_NAMES.get(metric.group(0), metric.group(0))
            key = f"target_{name}" if is_target and "tp" in args else name
            args.setdefault(key, q.value)
        elif q.kind == "percent" and (rate := _rate_role(text, q)):  # "caught 80% of fraud", "70% of alerts were real"
            args.setdefault(rate, q.value)
        elif q.kind == "money" and near(text, q, r"false[- ]negative|missed|miss\b"):
            args.setdefault("cost_per_false_negative", q.value)
        elif q.kind == "money" and near(text, q, r"false[- ]positive|false alarm"):
            args.setdefault("cost_per_false_positive", q.value)
    if "tp" in args:
        args.pop("precision", None), args.pop("recall", None)
    if currency_of(qs) and ("cost_per_false_negative" in args or "cost_per_false_positive" in args):
        args["currency"] = currency_of(qs)
    return Extraction("classification_metrics", args, _missing_counts(text, args))


_RECALL_SAID = re.compile(r"(?:caught|catch(?:es)?|detect(?:s|ed)?|finds?|found|flag(?:s|ged)?|抓到了?|识别出了?|找出了?|"
                          r"检出了?)\s*(?:about |around |only |roughly )?$", re.I)
_PRECISION_SAID = re.compile(r"\s*(?:of (?:the |our |its |all )?(?:alerts?|flags?|flagged\w*|predictions?|positives?|"
                             r"hits?|warnings?|alarms?)|的(?:告警|报警|预警|预测|命中)).{0,20}?(?:were|are|was|is|是)\s*"
                             r"(?:real|correct|right|true|genuine|accurate|准确的|对的|真的)", re.I)


def _rate_role(text: str, q: Quantity) -> str | None:
    """A rate said by what it measures: the share of the real cases caught is recall ("caught 80% of fraud"), the
    share of the alerts that were right is precision ("70% of alerts were real")."""
    if _PRECISION_SAID.match(text, q.span[1]) or (
            re.match(r"\s*(?:是真的|是对的|是准确的|属实|确实是)", text[q.span[1]:])
            and re.search(r"(?:告警|报警|预警|标记|拦截|命中|预测为正)[^，,。；;]{0,8}$", text[:q.span[0]])):
        return "precision"  # "70% of alerts were real", "告警里有90%是真的"
    if _RECALL_SAID.search(text[max(0, q.span[0] - 30):q.span[0]]):
        return "recall"
    return None


# With TP, each of FP and FN alone gives one metric: the missing count -> (its noun, the metric it would give, that
# metric's formula, the arguments that need it).
_PARTIAL = {
    "fp": ("false positives", "precision", "precision = TP / (TP + FP)",
           {"target_precision", "cost_per_false_positive"}),
    "fn": ("false negatives", "recall", "recall = TP / (TP + FN)", {"target_recall", "cost_per_false_negative"}),
}
_ASKED_METRICS = re.compile(r"\b(precision|recall|f1|f-score|accuracy)\b", re.I)


def _missing_counts(text: str, args: Args) -> list[str]:
    """The counts still needed. TP with FP alone gives precision and TP with FN alone gives recall (the tool
    reports the other metrics as null and says what they need), unless the question asks only for metrics the
    missing count would give, or sets a target or a cost that needs it."""
    if "precision" in args and "recall" in args:
        return []
    if "tp" not in args or ("fp" not in args and "fn" not in args):
        names = {"tp": "true positives", "fp": "false positives", "fn": "false negatives"}
        lacking = [n for k, n in names.items() if k not in args]
        return ["the counts of " + ", ".join(lacking) + " (or precision and recall)"]
    absent = next((count for count in _PARTIAL if count not in args), None)
    if absent is None:
        return []
    noun, _, formula, needs_it = _PARTIAL[absent]
    _, computable, given_formula, _ = next(v for k, v in _PARTIAL.items() if k != absent)
    asked = {m.lower() for m in _ASKED_METRICS.findall(text)}
    if (asked and computable not in asked) or needs_it & args.keys():
        return [f"the count of {noun}: {formula} (and so F1) needs them ({given_formula} needs only the counts "
                "you gave)"]
    return []


_DOMAIN_PATTERNS = (
    re.compile(r"\b(?:for|in|on|of|(?:applies|apply|applied) to) (?:a |an |our |my |the )?([a-z][\w '’&/-]{2,60}?)"
               r"\s*(?:[?.,;—]|$|\bwhen\b|"
               r"\bif\b|\bwith\b|\bare\b|\bis\b)", re.I),
    re.compile(r"\b(?:our|my|the|a|an) ([a-z][\w &/-]{2,50}?)\s+(?:hallucinat\w*|has|shows|makes|produces)\b", re.I),
)


# "医疗问答助手的幻觉率是3%": the product named before its hallucination rate (without "我们的" / "这个").
_DOMAIN_ZH = re.compile(r"(?:我们|我司|公司|这个|该)?的?([\u4e00-\u9fffA-Za-z]{2,20}?)(?:的|，|,)?\s*(?:幻觉|出错率|错误率)")

# A Chinese product named by its noun ("金融投顾助手测下来…"): the domain when no rate phrase names it.
_PRODUCT_ZH = re.compile(r"(?:我们的?|我司的?|这个|该)?([\u4e00-\u9fffA-Za-z]{2,12}?(?:助手|机器人|客服|问答|系统|工具|平台|应用|产品))")

# A product noun makes a domain even of "customer-service bot" (not just "our customers").
_PRODUCT_NOUN = re.compile(r"\b(?:bots?|chatbots?|assistants?|tools?|apps?|products?|services?|systems?|platforms?|"
                           r"copilots?|agents?|features?)\b", re.I)
_NOT_A_DOMAIN = re.compile(r"(?:hallucinat|rate\b|budget|(?:the )?time\b|cases?\b|(?:its |their )?(?:responses?|outputs?|"
                           r"replies|queries|requests|questions|conversations)\b|launch|release|production|prod\b|go-live|now\b|"
                           r"today|us\b|me\b|it\b|this\b|that\b|users?\b|customers?\b|answers?\b)", re.I)


# Asking what the budget is ("what hallucination rate is acceptable for a medical assistant?"), not whether
# a rate of one's own is within it: the domain alone answers it.
_ASKS_BUDGET = re.compile(r"\b(?:what|which|how (?:much|many|high|low))\b.{0,50}\b(?:acceptable|tolerable|allowed|"
                          r"ok(?:ay)?|budget|threshold|limit|max(?:imum)?|target|stay (?:under|below))\b"
                          r"|多少.{0,6}(?:可以|才能|能|算)?(?:接受|上线|合格|达标)|(?:上限|阈值|红线)是?多少", re.I)


def hallucination_budget(text: str, qs: list[Quantity]) -> Extraction:
    """The observed rate and the product's domain ("3% … for a legal assistant"); the domain alone when the
    question asks what the budget is."""
    args: Args = {}
    own_budget = r"(?:budget|threshold|limit|target)\w*\W*(?:of|is|=|:|at)?\s*$"
    rate = next((q for q in qs if q.kind == "percent" and not re.search(own_budget, before(text, q, 25))), None)
    if rate is None:  # "a hallucination rate of 0.03": a fraction written without "%"
        rate = next((q for q in qs if q.kind in BARE and 0 < q.value < 1 and re.search(
            r"hallucinat\w*(?: rate)?\s*(?:is|of|=|:|at|around|about|was)?\s*(?:around |about )?$",
            before(text, q, 40))), None)
    if rate:
        args["rate"] = rate.value
    own = next((q for q in qs if q.kind == "percent" and q is not rate), None)
    if own:
        args["threshold"] = own.value
    domain = _domain(text)
    if domain:
        args["domain"] = domain
    elif re.search(r"\bhigh[- ]risk\b", text, re.I):
        args["domain_class"] = "high-risk"
    missing = []
    if "rate" not in args and not _ASKS_BUDGET.search(text):
        missing.append("the observed hallucination rate (a percentage)")
    if "domain" not in args and "domain_class" not in args:
        missing.append("what the product does (its domain, e.g. legal, medical, marketing copy)")
    return Extraction("hallucination_budget", args, missing)


def _domain(text: str) -> str | None:
    """The product's domain: the named domain holding a high-risk term, else a high-risk term anywhere in the
    question ("our triage bot … medical"), else the first named domain ("of the time" names none)."""
    from pm_assistant.tools.hallucination import high_risk_terms

    named = [m.group(1).strip() for pattern in _DOMAIN_PATTERNS for m in pattern.finditer(text)
             if not _NOT_A_DOMAIN.match(m.group(1).strip()) or _PRODUCT_NOUN.search(m.group(1))]
    named += [m.group(1) for m in _DOMAIN_ZH.finditer(text)]
    named += [m.group(1) for m in _PRODUCT_ZH.finditer(text)]
    risky = next((d for d in named if high_risk_terms(d)), None)
    anywhere = high_risk_terms(text)
    return risky or (anywhere[0] if anywhere else None) or next(iter(named), None)


def token_count(text: str, qs: list[Quantity]) -> Extraction:
    """The quoted text to count ("how many tokens is 'hello world'?")."""
    quoted = re.search(r"[\"“”]([^\"“”]+)[\"“”]|(?<!\w)['‘’]([^'‘’]+)['‘’](?!\w)|`([^`]+)`|「([^」]+)」|『([^』]+)』"
                       r"|《([^》]+)》", text)
    trailing = re.search(r"(?:tokens?(?: are)? in|tokens? (?:is|does)|count the tokens (?:of|in)|token count (?:for|of)|"
                         r"tokeni[sz]e)"
                         r"\s*:\s*(.+)$",
                         text, re.I | re.S)
    body = next((g for g in quoted.groups() if g), None) if quoted else None
    if body is None and trailing:
        body = trailing.group(1).strip()
    args: Args = {"text": body} if body else {}
    return Extraction("token_count", args, [] if body else ["the text to count, in quotes"])
