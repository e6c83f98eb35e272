"""Retrieval benchmark: hit@1, hit@3 and MRR for dense, BM25 and hybrid search over the knowledge cards,
plus index build time, unchanged re-index time and warm query latency. Prints figures; asserts nothing.

Run: python benchmarks/retrieval.py [--questions FILE] [--repeat N]
Uses a fresh temporary PM_ASSISTANT_HOME (the embedded store), so nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

QUESTIONS = Path(__file__).with_name("retrieval_questions.jsonl")
MODES = ("dense", "bm25", "hybrid")
DEPTH = 10  # results looked at for MRR


def load_questions(path: Path) -> list[dict[str, str]]:
    """The labelled question set: one {"question", "card"} object per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(kb: object, questions: list[dict[str, str]], mode: str) -> tuple[dict[str, float], list[str]]:
    """hit@1, hit@3 and MRR@10 of one ranking mode, and the questions whose card missed the top 3."""
    hits1 = hits3 = 0
    reciprocal = 0.0
    misses = []
    for item in questions:
        ids = [p.id for p in kb.search(item["question"], k=DEPTH, mode=mode)]  # type: ignore[attr-defined]
        rank = ids.index(item["card"]) + 1 if item["card"] in ids else None
        hits1 += rank == 1
        hits3 += rank is not None and rank <= 3
        reciprocal += 1.0 / rank if rank else 0.0
        if rank is None or rank > 3:
            misses.append(f"{item['card']:<34} got {', '.join(ids[:3])}  <- {item['question']}")
    n = len(questions)
    return {"hit@1": hits1 / n, "hit@3": hits3 / n, "MRR": reciprocal / n}, misses


def percentile(samples: list[float], q: float) -> float:
    """The q-quantile (0..1) of the samples, by linear interpolation."""
    return statistics.quantiles(samples, n=100, method="inclusive")[round(q * 100) - 1]


def main() -> int:
    """Build the index in a temporary home, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the questions (default 3)")
    parser.add_argument("--misses", action="store_true", help="list the questions whose card missed the top 3")
    args = parser.parse_args()
    questions = load_questions(args.questions)

    with tempfile.TemporaryDirectory(prefix="pm-bench-") as home:
        os.environ["PM_ASSISTANT_HOME"] = home
        os.environ.pop("PM_ASSISTANT_CHROMA_URL", None)
        from pm_assistant.knowledge.embedding import get_embedder
        from pm_assistant.knowledge.search import KnowledgeBase

        started = time.perf_counter()
        get_embedder()
        load_s = time.perf_counter() - started
        started, cpu_started = time.perf_counter(), time.process_time()
        report = KnowledgeBase().refresh()
        build_s, build_cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
        started = time.perf_counter()
        unchanged = KnowledgeBase().refresh()
        reindex_s = time.perf_counter() - started
        started = time.perf_counter()
        cli = subprocess.run([sys.executable, "-m", "pm_assistant.agent.cli.app", "index"], capture_output=True, text=True, check=True)
        cli_s = time.perf_counter() - started

        kb = KnowledgeBase()
        results = {mode: evaluate(kb, questions, mode) for mode in MODES}
        latencies = []
        for _ in range(args.repeat):
            for item in questions:
                started = time.perf_counter()
                kb.search(item["question"], k=5)
                latencies.append((time.perf_counter() - started) * 1000)

    cards = len({q["card"] for q in questions})
    print(f"questions: {len(questions)} covering {cards} cards; index: {report.summary()}")
    print(f"{'ranking':<8} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")
    for mode in MODES:
        m = results[mode][0]
        print(f"{mode:<8} {m['hit@1']:>6.3f} {m['hit@3']:>6.3f} {m['MRR']:>6.3f}")
    print(f"model load: {load_s:.2f} s")
    print(f"full build ({report.chunks_embedded} chunks, model loaded): {build_s:.2f} s wall, "
          f"{build_cpu_s:.2f} s CPU (all threads); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"unchanged re-index, in process: {reindex_s * 1000:.1f} ms ({unchanged.summary()})")
    print(f"unchanged re-index, `pm-assistant index` process: {cli_s:.2f} s ({cli.stdout.strip()})")
    print(f"query latency warm, hybrid k=5 (n={len(latencies)}): p50 {percentile(latencies, 0.5):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms")
    if args.misses:
        for mode in MODES:
            print(f"\n{mode} misses (top 3):", *results[mode][1], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
