"""Retrieval benchmark: hit@1, hit@3 and MRR for dense, BM25 and hybrid search over the knowledge cards, in
English and Chinese; relevance calibration on off-topic questions; index build time (with the shipped card
vectors, and optionally without), unchanged re-index time and warm query latency. Prints figures; asserts
nothing.

Question sets (one JSON object per line, `question` or `query` plus the expected `card`):
- English: benchmarks/retrieval_questions.jsonl (66; tuned against in the past, so not held out);
- Chinese dev: benchmarks/data/retrieval_zh_dev.jsonl (40, written for tuning);
- Chinese held-out: benchmarks/data/retrieval_zh.jsonl (60): reported, never tuned against;
- off-topic: benchmarks/data/retrieval_offtopic.jsonl (24, en + zh; no card): their best passage should
  fall below `ON_TOPIC`.

Run: python benchmarks/retrieval.py [--repeat N] [--misses] [--embed-cards]
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

HERE = Path(__file__).parent
SETS = {
    "English": HERE / "retrieval_questions.jsonl",
    "Chinese dev": HERE / "data" / "retrieval_zh_dev.jsonl",
    "Chinese held-out": HERE / "data" / "retrieval_zh.jsonl",
}
OFF_TOPIC = HERE / "data" / "retrieval_offtopic.jsonl"
MODES = ("dense", "bm25", "hybrid")
DEPTH = 10  # results looked at for MRR


def load_questions(path: Path) -> list[dict[str, str]]:
    """One {"question", "card"} per line (a `query` key is read as the question)."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"question": item.get("question") or item["query"], "card": item.get("card", "")} for item in items]


def evaluate(kb: object, questions: list[dict[str, str]], mode: str) -> tuple[dict[str, float], list[str]]:
    """hit@1, hit@3 and MRR@10 of one ranking mode, and the questions whose card missed the top 3."""
    hits1 = hits3 = 0
    reciprocal = 0.0
    misses = []
    for item in questions:
        ids = list(dict.fromkeys(p.id for p in kb.search(item["question"], k=DEPTH, mode=mode)))  # type: ignore[attr-defined]
        rank = ids.index(item["card"]) + 1 if item["card"] in ids else None
        hits1 += rank == 1
        hits3 += rank is not None and rank <= 3
        reciprocal += 1.0 / rank if rank else 0.0
        if rank is None or rank > 3:
            misses.append(f"{item['card']:<34} got {', '.join(ids[:3])}  <- {item['question']}")
    n = len(questions)
    return {"hit@1": hits1 / n, "hit@3": hits3 / n, "MRR": reciprocal / n}, misses


def relevance_split(kb: object, on_topic: list[dict[str, str]], off_topic: list[dict[str, str]]) -> str:
    """How often the top passage clears ON_TOPIC for answerable questions (its card right) and stays below
    it for off-topic ones."""
    from pm_assistant.knowledge.relevance import ON_TOPIC

    def top(question: str) -> object:
        return kb.search(question, k=1)[0]  # type: ignore[attr-defined]

    right = [top(q["question"]) for q in on_topic]
    cleared = sum(p.relevance >= ON_TOPIC for p, q in zip(right, on_topic, strict=True) if p.id == q["card"])
    correct = sum(p.id == q["card"] for p, q in zip(right, on_topic, strict=True))
    below = sum(top(q["question"]).relevance < ON_TOPIC for q in off_topic)
    return (f"relevance >= {ON_TOPIC} for {cleared}/{correct} right top-1 passages; "
            f"< {ON_TOPIC} for {below}/{len(off_topic)} off-topic questions")


def percentile(samples: list[float], q: float) -> float:
    """The q-quantile (0..1) of the samples, by linear interpolation."""
    return statistics.quantiles(samples, n=100, method="inclusive")[round(q * 100) - 1]


def timed(action: object) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, result) of calling `action`."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> int:
    """Build the index in a temporary home, measure, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the questions (default 3)")
    parser.add_argument("--misses", action="store_true",
                        help="list the questions whose card missed the top 3 (not for the held-out set)")
    parser.add_argument("--embed-cards", action="store_true",
                        help="also time a build that embeds every card passage (no shipped vectors; minutes)")
    args = parser.parse_args()
    sets = {name: load_questions(path) for name, path in SETS.items()}

    with tempfile.TemporaryDirectory(prefix="pm-bench-") as home:
        os.environ["PM_ASSISTANT_HOME"] = home
        os.environ.pop("PM_ASSISTANT_CHROMA_URL", None)
        from pm_assistant.knowledge import search as search_module
        from pm_assistant.knowledge.multilingual import get_e5, model_identity
        from pm_assistant.knowledge.search import KnowledgeBase

        load_s, _, _ = timed(get_e5)
        build_s, build_cpu, report = timed(lambda: KnowledgeBase().refresh())
        reindex_s, _, unchanged = timed(lambda: KnowledgeBase().refresh())
        cli_s, _, cli = timed(lambda: subprocess.run(
            [sys.executable, "-m", "pm_assistant.agent.cli.app", "index"], capture_output=True, text=True, check=True))
        embedded = None
        if args.embed_cards:
            shipped = search_module.load_shipped
            search_module.load_shipped = lambda: None  # type: ignore[assignment]
            embedded = timed(lambda: KnowledgeBase().refresh(rebuild=True))
            search_module.load_shipped = shipped  # type: ignore[assignment]

        kb = KnowledgeBase()
        results = {name: {mode: evaluate(kb, questions, mode) for mode in MODES} for name, questions in sets.items()}
        calibration = relevance_split(kb, sets["English"] + sets["Chinese dev"], load_questions(OFF_TOPIC))
        latencies, cpu_times = [], []
        everything = [q for questions in sets.values() for q in questions]
        for _ in range(args.repeat):
            for item in everything:
                wall, cpu, _ = timed(lambda item=item: kb.search(item["question"], k=5))
                latencies.append(wall * 1000)
                cpu_times.append(cpu * 1000)

    print(f"model: {model_identity()}; index: {report.summary()}")  # type: ignore[attr-defined]
    for name, by_mode in results.items():
        questions = sets[name]
        print(f"\n{name}: {len(questions)} questions covering {len({q['card'] for q in questions})} cards")
        print(f"{'ranking':<8} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")
        for mode in MODES:
            m = by_mode[mode][0]
            print(f"{mode:<8} {m['hit@1']:>6.3f} {m['hit@3']:>6.3f} {m['MRR']:>6.3f}")
    print(f"\n{calibration}")
    print(f"model load: {load_s:.2f} s")
    print(f"cold build with shipped vectors ({report.chunks_shipped} shipped, {report.chunks_embedded} embedded): "  # type: ignore[attr-defined]
          f"{build_s:.2f} s wall, {build_cpu:.2f} s CPU; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if embedded is not None:
        wall, cpu, rebuilt = embedded
        print(f"cold build embedding every card passage ({rebuilt.chunks_embedded} chunks): "  # type: ignore[attr-defined]
              f"{wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"unchanged re-index, in process: {reindex_s * 1000:.1f} ms ({unchanged.summary()})")  # type: ignore[attr-defined]
    print(f"unchanged re-index, `pm-assistant index` process: {cli_s:.2f} s ({cli.stdout.strip()})")  # type: ignore[attr-defined]
    print(f"query latency warm, hybrid k=5 (n={len(latencies)}): p50 {percentile(latencies, 0.5):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms; CPU per query p50 {percentile(cpu_times, 0.5):.1f} ms "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    if args.misses:
        for name, by_mode in results.items():
            if name == "Chinese held-out":
                continue  # held out: its misses are not for reading while tuning
            for mode in MODES:
                print(f"\n{name} {mode} misses (top 3):", *by_mode[mode][1], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
