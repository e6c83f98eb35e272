"""Confusion-matrix counts read from prose and from tables, as PMs report them.

"We flagged 120; 90 were really fraud; we missed 30" names no TP or FP, but each count has a role told by the words
around it, in English and Chinese (one cue table): true positives, false positives, false negatives, true negatives,
or a total of predicted positives, of actual positives or of all cases. Missing counts then follow by arithmetic
(FP = predicted − TP, FN = actual − TP, TN = all − TP − FP − FN). A table with actual rows and predicted columns
gives the four cells, the positive class being the first row and column unless its label says negative.
"""

from __future__ import annotations

import re

from pm_assistant.agent.offline.reading import BARE
from pm_assistant.agent.offline.rows import tables
from pm_assistant.core.text.quantities import Quantity, read_quantities

# Roles in the order they are tried: the more specific cue first ("missed … didn't flag" is a miss, not a flag).
_ROLES: tuple[tuple[str, str, str], ...] = (
    # (role, cue before the count, cue after the count)
    ("tn", r"passed correctly|correctly (?:passed|cleared|ignored)|真阴性|正确放行",
     r"^[^,，;；。.]{0,30}?(?:passed correctly|correctly (?:passed|cleared|ignored)|真阴性)"),
    ("fp", r"wrongly|mistakenly|incorrectly|false alarms?|误报|误判|错判|错杀|误拦",
     r"^[^,，;；。.]{0,30}?(?:false alarms?|false positives?|wrongly|mistakenly|incorrectly|by mistake|误报|误判|误拦)"),
    ("fn", r"missed|漏掉|漏报|漏检|漏判|漏过|没(?:有)?(?:识别|发现|抓)到|another|sent elsewhere",
     r"^[^,，;；。.]{0,40}?(?:missed|were missed|漏|(?:didn'?t|did not|never) (?:flag|catch|detect)\w*|let through"
     r"|slipped through|got through"
     r"|没有?被|未被)"),
    ("actual", r"there (?:were|are)\b", r"^[^,，;；。.]{0,40}?\b(?:in total|altogether)\b"),
    ("tp", r"really|actually|truly|genuine(?:ly)?|confirmed|确实|真正|是真的|真的是|确认|判对|caught|抓到|抓住|识别对|判断正确",
     r"^[^,，;；。.]{0,30}?(?:really|actually|truly|genuine|correct|true hits?|caught|detected|确实|真正|正确|是真的|判对)"),
    ("predicted", r"flagg\w*|says?\b.{0,20}\bfor|predict\w*|sent to|blocked|removed|rejected|fired|triggered|alerted|marked|tagged|labell?ed as|classified as"
                  r"|报警|预测|命中|识别出|判定为|判为|标记|标出|检出|拦截|报出",
     r"^[^,，;；。.]{0,40}?(?:flagged|predicted|sent to)"),
    ("actual", r"overall|in all|实际|真实|正样本|ground truth|所有|全部", r"^[^,，;；。.]{0,12}?(?:were|are)\b"),
    ("total", r"out of|test set|dataset|eval\w* on|\bran\b.{0,30}\b(?:over|on)|测试集|测试样本|样本总|总共|一共有|evaluated|tested",
     r"^[^,，;；。.]{0,24}?(?:in the test set|in total|labell?ed|test|reviewed|checked|audited|测试|样本)"),
)
_OF = re.compile(r"(?:\bof (?:the|them|all|those)?|其中)\s*$", re.I)
_NEGATIVE = re.compile(r"\b(?:not|no|non|negative|ham|legit\w*|good|normal|benign|clean)\b|负|非|正常|良品|否", re.I)
_ACTUAL = re.compile(r"actual|true|real|truth|实际|真实", re.I)
_PREDICTED = re.compile(r"pred\w*|model says|classified|预测|判为", re.I)


_PART_OF = re.compile(r"(\d[\d,]*)(\s*(?:of|out of)\s*(?:the\s+)?)(\d[\d,]*)", re.I)
_WHOLE_HAS = re.compile(r"(\d[\d,]*)(\D{0,3}?(?:里|中|之中)有?)(\d[\d,]*)")  # "300条里有240条": whole, then part


def _counts(text: str) -> list[Quantity]:
    """The whole-number counts of the text; "188 of the 200" gives both counts."""
    found = []
    for q in read_quantities(text):
        part = _PART_OF.fullmatch(q.text) if q.kind == "ratio" else None
        whole = _WHOLE_HAS.match(q.text) if q.kind == "ratio" and part is None else None
        if whole:  # the whole first ("模型判为正的300条里有240条判对了"), its part after
            start = q.span[0]
            found += [Quantity(float(whole.group(1).replace(",", "")), "count", (start, start + whole.end(1)),
                               whole.group(1)),
                      Quantity(float(whole.group(3).replace(",", "")), "count", (start + whole.start(3), q.span[1]),
                               whole.group(3))]
        elif part:
            start = q.span[0]
            found += [Quantity(float(part.group(1).replace(",", "")), "count", (start, start + part.end(1)),
                               part.group(1)),
                      Quantity(float(part.group(3).replace(",", "")), "count", (start + part.start(3), q.span[1]),
                               part.group(3))]
        elif q.kind in BARE and float(q.value).is_integer():
            found.append(q)
    return found


def _role(text: str, q: Quantity, start: int, end: int) -> str | None:
    """The role of one count from the words between it and its neighbouring counts in its sentence."""
    head = re.split(r"[.;。；!?？,，]\s*", text[start:q.span[0]])[-1]
    own = re.sub(r"^[\d,.\s]+", "", q.text)  # the noun the reader took with the count ("个测试样本")
    tail = re.split(r"[.;。；!?？,，]|\b(?:and|but)\b", own + text[q.span[1]:end])[0]
    return next((role for role, before, after in _ROLES if re.search(before, head, re.I) or re.search(after, tail, re.I)),
                None)


def prose_counts(text: str) -> dict[str, int]:
    """tp, fp, fn and tn as far as the text's counts and their roles give them."""
    qs = _counts(text)
    roles: dict[str, int] = {}
    for i, q in enumerate(qs):
        start = qs[i - 1].span[1] if i else 0
        end = qs[i + 1].span[0] if i + 1 < len(qs) else len(text)
        role = _role(text, q, start, end)
        if i and re.search(r"(?:其中的?|of (?:them|those))\s*$", text[start:q.span[0]]) and roles.get("predicted") \
                == int(qs[i - 1].value) and role in (None, "actual"):
            role = "tp"  # "预测会流失的500人，实际流失了其中的350人": the part of the predicted that was real
        if role is None and i and _OF.search(text[start:q.span[0]]):
            role = "actual"  # "caught 188 of the 200 bad parts": the whole the part was caught from
        if role is not None:
            roles.setdefault(role, int(q.value))
    return derive(roles)


def derive(roles: dict[str, int]) -> dict[str, int]:
    """The four cells from the counts and totals given (only differences that stay non-negative)."""
    cells = {k: v for k, v in roles.items() if k in ("tp", "fp", "fn", "tn")}
    tp = cells.get("tp")
    if tp is not None and "fp" not in cells and roles.get("predicted", -1) >= tp:
        cells["fp"] = roles["predicted"] - tp
    if tp is not None and "fn" not in cells and roles.get("actual", -1) >= tp:
        cells["fn"] = roles["actual"] - tp
    known = [cells.get(k) for k in ("tp", "fp", "fn")]
    if "tn" not in cells and "total" in roles and None not in known:
        rest = roles["total"] - sum(v for v in known if v is not None)
        if rest >= 0:
            cells["tn"] = rest
    return cells


def table_counts(text: str) -> dict[str, int]:
    """The four cells of a confusion-matrix table (actual classes as rows, predicted as columns, or the reverse)."""
    for table in tables(text):
        if len(table.rows) != 2 or len(table.header) < 3:
            continue
        try:
            grid = [[int(float(c.replace(",", ""))) for c in row[1:3]] for row in table.rows]
        except ValueError:
            continue
        # the side whose labels say "predicted" is the prediction; else the side that says "actual" is the truth;
        # else rows are the truth (the usual layout)
        rows_actual = not _PREDICTED.search(" ".join(r[0] for r in table.rows)) and (
            bool(_PREDICTED.search(" ".join(table.header))) or not _ACTUAL.search(" ".join(table.header)))
        row_pos = 1 if _NEGATIVE.search(table.rows[0][0]) else 0
        col_pos = 1 if _NEGATIVE.search(table.header[1]) else 0
        if not rows_actual:  # predicted classes as rows: transpose
            grid = [list(col) for col in zip(*grid, strict=True)]
            row_pos, col_pos = col_pos, row_pos
        tp, fn = grid[row_pos][col_pos], grid[row_pos][1 - col_pos]
        fp, tn = grid[1 - row_pos][col_pos], grid[1 - row_pos][1 - col_pos]
        return {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
    return {}
