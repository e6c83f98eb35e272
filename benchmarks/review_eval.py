"""Print how far offline proposal reviews agree with hand-written expected outcomes, by language.

Usage: python benchmarks/review_eval.py [--data DIR] [--verbose]
DIR holds proposals and an `expected.json` written by hand before any run (default: the held-out set
benchmarks/data/proposals). Figures printed per language: risk class, payback exact (±0.01 months), stated
rate (value and measured vs target), release blockers, five-question status agreement, must-raise risks
(any keyword of an item found in what the review raises) and the verdict.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "benchmarks" / "data" / "proposals"
PAYBACK_TOLERANCE = 0.01
RATE_TOLERANCE = 1e-4


def raised_text(review: dict[str, Any]) -> str:
    """What the review raises (risks, conditions, questions, missing information, verdict), lower-cased; the
    proposal's own quotes used as evidence for the five questions are left out."""
    parts: list[str] = [review.get("verdict", "")]
    for risk in review.get("risks", []):
        parts += [risk.get("risk", ""), risk.get("mitigation", ""), risk.get("why", "") or "", risk.get("ask", "") or ""]
    parts += review.get("conditions", []) + review.get("questions_before_approval", [])
    parts += review.get("missing_information", []) + [b.get("reason", "") for b in review.get("blockers", [])]
    return "\n".join(p for p in parts if p).lower()


def score(review: dict[str, Any], want: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """(hits, total) per measure for one proposal."""
    out: dict[str, tuple[float, float]] = {}
    out["class"] = (float(review["domain_class"] == want["domain_class"]), 1.0)
    got = review["financials"].get("payback_months")
    expected = want["payback_months"]
    same = got is None if expected is None else got is not None and abs(got - expected) <= PAYBACK_TOLERANCE
    out["payback exact"] = (float(same), 1.0)
    hb = review["hallucination_budget"]
    rate = want["stated_rate"]
    if rate is None:
        same = hb.get("rate") is None
    else:
        same = (
            hb.get("rate") is not None
            and abs(hb["rate"] - rate["value"]) <= RATE_TOLERANCE
            and bool(hb.get("measured")) == rate["measured"]
        )
    out["stated rate"] = (float(same), 1.0)
    out["blocker"] = (float(bool(review.get("blockers")) == want["blocker"]), 1.0)
    statuses = [q["status"] for q in review["five_questions"]]
    out["five questions"] = (float(sum(a == b for a, b in zip(statuses, want["five_questions"], strict=True))), 5.0)
    text = raised_text(review)
    keywords = want["must_raise_keywords"]
    out["must-raise risks"] = (float(sum(any(k.lower() in text for k in item) for item in keywords)), float(len(keywords)))
    out["verdict"] = (float(review.get("decision") == want["verdict"]), 1.0)
    return out


def main() -> None:
    """Review every proposal listed in expected.json offline and print agreement by language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with proposals and expected.json")
    parser.add_argument("--verbose", action="store_true", help="print each proposal's misses")
    args = parser.parse_args()
    os.environ["PM_ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="pm-review-eval-")
    os.environ.pop("OPENAI_API_KEY", None)
    from pm_assistant.agent.review.build import review_file  # lazy: after the home is redirected

    expected = json.loads((args.data / "expected.json").read_text(encoding="utf-8"))
    totals: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    start = time.perf_counter()
    for name, want in expected.items():
        review = review_file(args.data / name, offline=True, search=None).to_json_dict()
        measures = score(review, want)
        for measure, (hits, total) in measures.items():
            for lang in (want["lang"], "all"):
                totals[lang][measure][0] += hits
                totals[lang][measure][1] += total
        if args.verbose:
            misses = [m for m, (h, t) in measures.items() if h < t]
            print(f"{name}: {', '.join(misses) or 'all agree'}")
            if "five questions" in misses:
                print(f"    five: got {[q['status'] for q in review['five_questions']]} want {want['five_questions']}")
            if "verdict" in misses:
                print(f"    verdict: got {review.get('decision')} want {want['verdict']}")
            if "payback exact" in misses:
                print(f"    payback: got {review['financials'].get('payback_months')} want {want['payback_months']}")
            if "stated rate" in misses:
                hb = review["hallucination_budget"]
                print(f"    rate: got {hb.get('rate')} measured={hb.get('measured')} want {want['stated_rate']}")
    elapsed = time.perf_counter() - start
    languages = [lang for lang in ("en", "zh", "all") if lang in totals]
    print(f"review agreement on {len(expected)} proposals ({args.data.name}), offline, {elapsed:.1f} s")
    print(f"{'measure':18}" + "".join(f"{lang:>14}" for lang in languages))
    for measure in totals["all"]:
        cells = []
        for lang in languages:
            hits, total = totals[lang][measure]
            cells.append(f"{hits:g}/{total:g} {100 * hits / total:3.0f}%" if total else "—")
        print(f"{measure:18}" + "".join(f"{c:>14}" for c in cells))


if __name__ == "__main__":
    main()
