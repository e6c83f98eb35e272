"""Readers for the money calculators: payback, running cost, custom-model cost and cache savings.

Each reader returns the arguments it could read and, in plain words, the inputs still missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pm_assistant.agent.offline.numbers import NUMBER_WORDS, Quantity, find_quantities, parse_count, usage_multiplier
from pm_assistant.agent.offline.reading import (
    Args,
    Extraction,
    after,
    before,
    currency_in,
    labels_lead,
    near,
    own_label,
    period_of,
)

_RUNNING = (r"running|operat|mainten|upkeep|hosting|inference cost|licen|subscription|opex|ongoing|recurring|"
            r"运营|运维|维护")
_UPFRONT = r"invest|spend|cost|budget|up-?front|capex|one-?off|build|initial|price|pay|put in|fund|投资|投入"
# A recurring amount described as an expense rather than a gain ("¥50k monthly GPU costs") is a running cost.
_EXPENSE = r"\bcosts?\b|\bbills?\b|\bfees?\b|\bexpenses?\b|\bspend(?:ing)?\b|成本|费用|开销"
_GAIN = r"sav(?:e|es|ed|ing|ings)\b|benefit|revenue|profit|earn|brings?\b|gain|return|节省|收益|利润|收入"
_LABELS = f"{_RUNNING}|{_UPFRONT}|{_GAIN}"


def roi_payback(text: str, qs: list[Quantity]) -> Extraction:
    """Investment, benefit per year/month, optional running cost and horizon for `roi_payback`."""
    amounts = [q for q in qs if q.kind == "money" or (q.kind == "number" and q.value >= 100)]
    args: Args = {}
    breakdown = _breakdown(text, amounts)
    lead = labels_lead(text, _LABELS)
    for q in amounts:
        period = period_of(text, q)
        if q in breakdown.values():
            continue
        head, tail = _label_context(text, q, lead)
        running = bool(re.search(_RUNNING, head + " " + tail)) or _closest(head, tail, (_EXPENSE, _GAIN)) == _EXPENSE
        if period and running and not {"monthly_running_cost", "annual_running_cost"} & set(args):
            args["monthly_running_cost" if period == "month" else "annual_running_cost"] = q.value
        elif period and "annual_benefit" not in args and "monthly_benefit" not in args:
            args["annual_benefit" if period == "year" else "monthly_benefit"] = q.value
        elif not period and "investment" not in args and (re.search(_UPFRONT, head + " " + tail) or not args):
            args["investment"] = q.value
    if breakdown:
        args["investment_breakdown"] = {label: q.value for label, q in breakdown.items()}
    horizon = re.search(rf"\b(?:over|within|across) (?:the (?:next|first) )?(\d+|{NUMBER_WORDS})\s*(years?|months?)\b",
                        text, re.I)
    if horizon:
        count = int(parse_count(horizon.group(1)) or 0)
        args["horizon_months"] = count * 12 if horizon.group(2).lower().startswith("year") else count
    if currency_in(text, amounts):
        args["currency"] = currency_in(text, amounts)
    missing = []
    if "investment" not in args and not breakdown:
        missing.append("the upfront investment (one-off cost, in your currency)")
    if "annual_benefit" not in args and "monthly_benefit" not in args:
        missing.append("the expected benefit (savings or extra profit) per year or per month")
    return Extraction("roi_payback", args, missing)


def _label_context(text: str, q: Quantity, lead: bool) -> tuple[str, str]:
    """The words before and after a figure that may name its role: only its own label before it when the text
    puts labels first and this figure has one ("annual benefit 100000, annual running cost 40000")."""
    own = own_label(text, q)
    if lead and re.search(_LABELS, own):
        return own, ""
    return before(text, q), after(text, q)


def _closest(head: str, tail: str, patterns: tuple[str, ...], chars: int = 30) -> str | None:
    """Which of `patterns` occurs nearest to the figure (at the end of `head` or the start of `tail`), if any."""
    head, tail = head[-chars:], tail[:chars]
    distances = {}
    for pattern in patterns:
        ends = [len(head) - m.end() for m in re.finditer(pattern, head)]
        starts = [m.start() for m in re.finditer(pattern, tail)]
        if ends or starts:
            distances[pattern] = min([*ends, *starts])
    return min(distances, key=distances.__getitem__) if distances else None


def _breakdown(text: str, amounts: list[Quantity]) -> dict[str, Quantity]:
    """Labelled parts joined by "+" ("¥300k compute + ¥500k labour") → {label: amount}."""
    parts: dict[str, Quantity] = {}
    for a, b in pairwise(amounts):
        if "+" in text[a.span[1]:b.span[0]]:
            for q in (a, b):
                label = re.match(r"\s*(?:for |on |in )?([a-z][a-z-]+)", text[q.span[1]:].lower())
                if label and label.group(1) not in ("and", "per", "a", "plus"):
                    parts.setdefault(label.group(1), q)
    return parts if len(parts) >= 2 else {}


# "990M tokens", "1,200 input tokens", or "600 input and 150 output tokens" (the noun comes later).
_TOKENS_AFTER = (r"\s*(?:(?:input|prompt|output|completion)\s+)?tokens?\b"
                 r"|\s*(?:input|prompt|output|completion)\b(?=.{0,30}\btokens?\b)")
_PER_1K = r"\s*(?:(?:input|output|prompt|completion)\s+)?(?:per|/|for|every)\s?(?:1,?000|1k|k|thousand)\b"
_PER_1K_BEFORE = r"per (?:1,?000|1k|thousand)(?: \w+)? tokens?\W*(?:is|=|:|of|at|costs?)?\s*$"


_UNIT = r"(?:requests?|calls?|quer(?:y|ies)|questions?|messages?|conversations?|chats?|turns?|interactions?)"
_PER_UNIT = rf"\b(?:per|each|a|an|every)\s+{_UNIT}\b|^\s*(?:each|apiece)\b"
_DAILY = r"^\s*(?:(?:a|per|each|every)\s+day|daily|/\s?day)\b"
_ALL_MONTH = r"\ball (?:month|the time)\b|\b24/7\b|around the clock|round the clock|full[- ]time|always[- ]on|non-?stop"


def _volume(text: str, q: Quantity, tail: str, args: Args) -> None:
    """A request volume ("3 million requests a month", "5,000 questions a day") or daily users
    ("10,000 daily users" / "10,000 users a day") into `args`; "asking 5 questions a day" after daily users is
    the requests each user makes."""
    users = r"\s*(?:active\s+)?users?\b"
    if re.match(rf"\s*(?:daily(?: active)? users|dau\b|{users}\s+(?:a|per|each)\s+day)", tail) or (
            q.period == "day" and re.match(users, tail)):  # "10,000 daily users": "daily" is read with the figure
        args.setdefault("daily_users", q.value)
    elif re.match(rf"\s*{_UNIT}", tail):
        daily = re.match(_DAILY, re.sub(rf"^\s*(?:\w+\s+)?{_UNIT}", "", tail))
        if daily and "daily_users" in args:
            args.setdefault("requests_per_user_per_day", q.value)
        elif daily:
            args.setdefault("requests_per_day", q.value)
        else:
            args.setdefault("requests_per_month", q.value)


def ai_cost_estimate(text: str, qs: list[Quantity]) -> Extraction:
    """Token volumes (per month, or per request with requests a month or a day, or daily users), prices per
    1,000 tokens (or a model name) and GPU hours (or GPUs running all month), or else today's monthly bill;
    and a usage what-if. Per-day figures and GPU counts go to the tool as given: it converts them."""
    args: Args = {}
    lowered = text.lower()
    gpus: Quantity | None = None
    tokens: list[tuple[Quantity, str]] = []
    for q in qs:
        tail, head = after(text, q, 45, to_next_figure=False), before(text, q, 30)
        if q.kind == "money" and (re.match(_PER_1K, tail) or re.search(_PER_1K_BEFORE, head)):
            key = "price_per_1k_output" if re.search(r"\boutput|completion", tail) else "price_per_1k_input"
            args.setdefault(key, q.value)
        elif q.kind == "money" and re.match(r"\s*(?:per|/)\s?(?:1m|million)\b", tail):
            key = "price_per_1k_output" if re.search(r"\boutput|completion", tail) else "price_per_1k_input"
            args.setdefault(key, q.value / 1000)
        elif q.kind == "money" and (q.period == "hour" or (not q.period and re.search(r"\bgpu", head + tail))):
            args.setdefault("gpu_hourly_rate", q.value)
        elif q.kind == "number" and re.match(r"\s*gpu[- ]hours?", tail):
            args.setdefault("gpu_hours_per_month", q.value)
        elif q.kind == "number" and re.match(r"\s*(?:[\w-]+\s+)?gpus?\b", tail):
            gpus = gpus or q
        elif q.kind == "number" and (re.match(_TOKENS_AFTER, tail) or (  # "500 tokens in and 100 out"
                re.match(r"\s*out\b", tail) and re.search(r"\btokens?\b", head))):
            tokens.append((q, tail))
        elif q.kind == "number":
            _volume(text, q, tail, args)
    volume = any(k in args for k in ("requests_per_month", "requests_per_day", "daily_users"))
    for q, tail in tokens:  # per request when said so, or when a request volume is given and no month is
        side = "output" if re.match(r"\s*(?:tokens?\s+)?(?:out\b|output|completion)", tail) else "input"
        clause = re.split(r"[,;.]\s", tail)[0]
        each = re.search(rf"{_PER_UNIT}|\beach\b", clause) or (
            volume and q.period != "month" and not re.search(r"\b(?:a|per) month|monthly", clause))
        args.setdefault(f"{side}_tokens_per_request" if each else f"monthly_{side}_tokens", q.value)
    if gpus is not None and "gpu_hours_per_month" not in args and re.search(_ALL_MONTH, lowered):
        args["gpus"] = gpus.value
    if "price_per_1k_input" not in args:
        model = next((name for name in _priced_models() if re.search(
            rf"(?<![\w.-]){re.escape(name.lower())}(?![\w-]|\.\w)", lowered)), None)
        if model:
            args["model"] = model
    has_tokens = any(k in args for k in ("monthly_input_tokens", "monthly_output_tokens", "input_tokens_per_request",
                                         "output_tokens_per_request"))
    gpu_time = "gpu_hours_per_month" in args or "gpus" in args
    priced = has_tokens or volume or gpu_time or any(k.startswith("price_per_1k") for k in args)
    bill, missing = ({}, []) if priced else _read_bill(text, qs)
    if bill:  # a known bill is scaled as it is: a model name or GPU rate beside it prices nothing
        args = bill
    factor = usage_multiplier(text)
    if factor and factor != 1:
        args["usage_multiplier"] = factor
    if "model" not in args and currency_in(text, qs):
        args["currency"] = currency_in(text, qs)
    if bill or missing:
        return Extraction("ai_cost_estimate", args, missing)
    if gpus is not None and not gpu_time:
        missing.append("how many hours a month the GPUs run (or say they run all month)")
    if not has_tokens and not gpu_time and gpus is None:
        missing.append("the monthly token volume (or requests per month and tokens per request), or your current "
                       "monthly bill")
    elif volume and not has_tokens:
        missing.append("the tokens per request (input, and output if it is priced separately)")
    if has_tokens and "price_per_1k_input" not in args and "model" not in args:
        missing.append("the price per thousand tokens (or the model name)")
    if gpu_time and "gpu_hourly_rate" not in args:
        missing.append("the cost of one GPU hour")
    return Extraction("ai_cost_estimate", args, missing)


_BILL = r"\bbill|\bspend|\bpa(?:y|ying|id)\b|invoice|\bcosts?\b"
_FIXED = r"\bfixed|\bflat\b|subscription|licen[cs]e|reserv|platform fee|(?:does ?n[o']t|won'?t) (?:grow|scale|change)"


def _read_bill(text: str, qs: list[Quantity]) -> tuple[Args, list[str]]:
    """Today's monthly bill ("our GPT bill is ¥1,980 a month") and its fixed part, if stated, as arguments;
    or what is missing when a bill is stated but not per month. A monthly amount away from the word "bill"
    counts when the text speaks of one elsewhere (a follow-up: "how much do we spend?" … "¥1,980 a month")."""
    money = [q for q in qs if q.kind == "money"]
    fixed = next((q for q in money if near(text, q, _FIXED, 30)), None)
    bills = [q for q in money if q is not fixed and near(text, q, _BILL)]
    monthly = [q for q in money if q is not fixed and period_of(text, q) == "month"]
    bill = next((q for q in monthly if q in bills), None)
    if bill is None and monthly and re.search(_BILL, text, re.I):
        bill = monthly[0]
    if bill is None:
        return {}, ["the bill per month (what you pay each month today)"] if bills else []
    if any(q not in (bill, fixed) and re.match(r"[^.;?!]{0,40}?(?:\band|\bplus|\+|,)\s*$", text[bill.span[1]:q.span[0]])
           for q in money):  # "$5,000 a month in tokens and $2,000 in GPUs": the tool scales one bill
        return {}, [("your total monthly bill and the part of it that stays fixed as usage grows (the calculator "
                     "scales one bill, so say which part scales)")]
    args: Args = {"current_monthly_cost": bill.value}
    if fixed is not None:
        args["fixed_monthly_cost"] = fixed.value
    return args, []


def _priced_models() -> list[str]:
    """Model names in the calculator's price table (none if the user's price file is unreadable)."""
    from pm_assistant.tools.errors import FieldProblem
    from pm_assistant.tools.prices import load_price_table

    try:
        return list(load_price_table()[0].models)
    except FieldProblem:
        return []


def _clauses(text: str, anchors: dict[str, str]) -> dict[str, str]:
    """Split text into one clause per anchor ("8 GPUs at ¥30/hour for 20 days"): from the separator before
    the anchor's first match to the separator before the next anchor."""
    found = sorted((m.start(), name) for name, p in anchors.items() if (m := re.search(p, text, re.I)))
    starts: list[int] = []
    for start, _ in found:
        seps = [m.end() for m in re.finditer(r",(?!\d)|[;+\n(]|\band\b|\bplus\b", text[:start])]
        starts.append(max([0, *seps, *(s for s in starts)]))
    return {name: text[starts[i]:(starts[i + 1] if i + 1 < len(starts) else len(text))]
            for i, (_, name) in enumerate(found)}


def _leading_count(clause: str, noun: str) -> float | None:
    """The count right before `noun` in a clause ("3 engineers", "three engineers", "8 × A100 GPUs")."""
    figure = rf"(\d[\d,.]*\s*(?:k|K|thousand|million)?|{NUMBER_WORDS})"
    match = re.search(rf"{figure}\s*(?:[x×]\s*)?(?:[\w-]+\s+){{0,2}}{noun}", clause, re.I)
    if not match:
        return None
    count = parse_count(match.group(1))
    if count is None:
        figures = find_quantities(match.group(1))
        count = figures[0].value if figures else None
    return count


_PEOPLE = r"(?:engineers?|people|annotators?|scientists?|developers?|staff|ftes?|persons?)"


def custom_model_cost(text: str, qs: list[Quantity]) -> Extraction:
    """Labelled data, GPUs and people for `custom_model_cost` (each group is optional, but complete)."""
    clauses = _clauses(text, {
        "data": r"(?:labell?ed|annotated)?\s*(?:samples|examples|records|images|labels)\b",
        "gpu": r"\bgpus?\b|\ba100s?\b|\bh100s?\b",
        "people": rf"\b{_PEOPLE}\b",
    })
    args: Args = {}
    missing: list[str] = []
    if "data" in clauses:
        clause = clauses["data"]
        count = _leading_count(clause, r"(?:labell?ed |annotated )?(?:samples|examples|records|images|labels)")
        price = next((q for q in find_quantities(clause) if q.kind == "money"), None)
        if count is not None:
            args["labeled_samples"] = count
            _take(args, missing, "price_per_sample", price, "the cost of labelling one sample")
    if "gpu" in clauses and not _gpu_time(clauses["gpu"], args, missing):
        _read_group(_GPUS, clauses["gpu"], args, missing)
    if "people" in clauses:
        _read_group(_TEAM, clauses["people"], args, missing)
    if not any(k in args for k in ("labeled_samples", "gpus", "gpu_hours", "gpu_days", "people")):
        missing.append("the cost items: labelled samples and price per sample, GPUs with hourly rate and "
                       "training time, and people with day rate and days")
    if currency_in(text, qs):
        args["currency"] = currency_in(text, qs)
    return Extraction("custom_model_cost", args, missing)


@dataclass(frozen=True)
class _Group:
    """A count × rate × time group of `custom_model_cost`: its argument names and what to ask for when missing."""

    noun: str  # what the count is of, as a regex
    count: str
    rate: str
    days: str
    week_days: int  # days in a week of this resource's time
    ask_rate: str
    ask_time: str
    hours: str | None = None  # the argument for a time given in hours, if the calculator takes one


_GPUS = _Group(r"(?:a100|h100|gpu)s?", "gpus", "gpu_hourly_rate", "gpu_days", 7, "the cost of one GPU hour",
               "how long the GPUs train (hours or days)", hours="gpu_hours")
_TEAM = _Group(_PEOPLE, "people", "day_rate", "days", 5, "the day rate of one person",
               "how many days the people work on it")


def _read_group(group: _Group, clause: str, args: Args, missing: list[str]) -> None:
    """Read one group's clause ("8 GPUs at ¥30/hour for 3 weeks") into `args`; name what is missing."""
    count = _leading_count(clause, group.noun)
    if count is None:
        return
    found = find_quantities(clause)
    args[group.count] = count
    _take(args, missing, group.rate, next((q for q in found if q.kind == "money"), None), group.ask_rate)
    span = next((q for q in found if q.kind == "duration" and q.unit in ("day", "week")), None)
    hours = next((q for q in found if q.kind == "duration" and q.unit == "h"), None) if group.hours else None
    if span:
        args[group.days] = span.value * (group.week_days if span.unit == "week" else 1)
    elif hours and group.hours:
        args[group.hours] = hours.value
    else:
        missing.append(group.ask_time)


def _gpu_time(clause: str, args: Args, missing: list[str]) -> bool:
    """Total GPU time with no GPU count ("500 GPU hours at ¥25/hour"): the tool counts it as one GPU's time."""
    match = re.search(r"(\d[\d,.]*\s*(?:k|thousand)?)\s*gpu[- ](hours?|days?)\b", clause, re.I)
    total = find_quantities(match.group(1)) if match else []
    if match is None or not total:
        return False
    args["gpu_hours" if match.group(2).lower().startswith("hour") else "gpu_days"] = total[0].value
    rate = next((q for q in find_quantities(clause) if q.kind == "money"), None)
    _take(args, missing, "gpu_hourly_rate", rate, _GPUS.ask_rate)
    return True


def _take(args: Args, missing: list[str], key: str, quantity: Quantity | None, what: str) -> None:
    """args[key] = the quantity's value when it was read; otherwise `what` joins the missing inputs."""
    if quantity:
        args[key] = quantity.value
    else:
        missing.append(what)


_CALLS = r"\s*(?:model |api |llm )?(?:calls|queries|requests|questions|messages|conversations|lookups)\b"
_PER_CALL = r"\b(?:each|per (?:call|query|request|question|message)|a (?:call|query|request|question|message))\b"
_REPEATS = r"repeat|duplicat|same (?:question|query|request)|identical|cach(?:e|ed|eable)|hit"
_EXISTING_CACHE = r"\bfrom\b|\bcurrent|\btoday\b|\bnow\b|\balready\b|\bexisting\b|\bgoing\b|\braise|\bimprov|\bincreas"


def cache_savings(text: str, qs: list[Quantity]) -> Extraction:
    """Hit rate before and after (before defaults to none when there is no cache yet), and the cost of the
    cacheable traffic: per month, or calls per month and the cost of one call (the tool multiplies)."""
    args: Args = {}
    share_words = r"cacheable|share|of (?:our |the )?traffic"
    rates = [q for q in qs if q.kind == "percent" and not near(text, q, share_words, 25)]
    share = next((q for q in qs if q.kind == "percent" and q not in rates), None)
    bare = re.search(r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*(?:%\s*)?(?:to|->|→|–|-)\s*(\d{1,2}(?:\.\d+)?)\s*%", text)
    if bare:
        args["hit_rate_before"], args["hit_rate_after"] = float(bare.group(1)) / 100, float(bare.group(2)) / 100
    elif len(rates) >= 2:
        args["hit_rate_before"], args["hit_rate_after"] = rates[0].value, rates[1].value
    elif len(rates) == 1 and near(text, rates[0], _REPEATS) and not re.search(_EXISTING_CACHE, text, re.I):
        args["hit_rate_after"] = rates[0].value  # "40% are repeats" with no cache yet: a cache would serve them
    if share:
        args["cacheable_share"] = share.value
    calls = next((q for q in qs if q.kind == "number" and re.match(_CALLS, after(text, q, 30))), None)
    per_call = next((q for q in qs if q.kind == "money" and not q.period and near(text, q, _PER_CALL, 25)), None)
    cost = next((q for q in qs if q is not per_call and (q.kind == "money" or (q.kind == "number" and q.period))
                 and q is not calls), None)
    if calls and per_call:
        args["calls_per_month"], args["cost_per_call"] = calls.value, per_call.value
    elif cost:
        current = near(text, cost, r"currently|today|now|we (?:pay|spend)|bill|current")
        args["current_monthly_cost" if current else "monthly_cost_without_cache"] = cost.value
    if currency_in(text, qs):
        args["currency"] = currency_in(text, qs)
    missing = []
    if "hit_rate_after" not in args:
        missing.append("the cache hit rate now and after the change")
    if not (cost or (calls and per_call)):
        missing.append("the monthly cost of the traffic the cache serves (or calls per month and the cost of one "
                       "call)")
    return Extraction("cache_savings", args, missing)
