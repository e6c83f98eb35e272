"""Benchmark `diagnose`: samples per second and peak memory on generated traces (default 10,000 samples).

Each measurement runs in a fresh child process, so its peak RSS is its own: a small and a large trace show
whether memory grows with the trace, and a trace whose every context is unique shows the cost without the
embedding cache (real traces repeat chunks, so the cached figure is the usual case). The embedding model is
the real offline MiniLM. Run: python benchmarks/diagnose_throughput.py [--samples 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

TOPICS = [
    ("return", "items can be returned", "days of delivery"),
    ("refund", "refunds reach the original payment method", "business days"),
    ("delivery", "standard delivery arrives", "business days"),
    ("warranty", "furniture is covered against defects", "months"),
    ("price match", "the price difference is refunded", "days of purchase"),
    ("assembly", "professional assembly can be booked", "days after delivery"),
    ("gift card", "gift cards stay valid", "years"),
    ("membership", "members get free express delivery", "days of joining"),
]
PRODUCTS = ["lamp", "sofa", "rug", "table", "chair", "mirror", "bookcase", "vase", "bed frame", "desk"]
CITIES = ["Chicago", "Denver", "Austin", "Boston", "Seattle", "Atlanta", "Phoenix", "Portland"]
EXTRAS = [
    "Keep the receipt and the original packaging of the {product}.",
    "Orders placed in the {city} showroom follow the same rules as online orders.",
    "Clearance sales and personalised products are handled by the support team case by case.",
    "Customers in {city} can also ask for help by phone on weekdays.",
    "A {product} that was assembled by our team counts as delivered on the assembly date.",
    "Marketplace sellers set their own terms, which this page does not cover.",
    "The support team answers questions about the {product} range within one working day.",
    "Members of the loyalty programme see the same terms in their account page.",
]


def chunk_text(rng: random.Random, topic: tuple[str, str, str], number: int) -> tuple[str, str]:
    """A help-centre chunk of 50-80 words about one topic, and one of its extra sentences."""
    name, rule, unit = topic
    extras = [e.format(product=rng.choice(PRODUCTS), city=rng.choice(CITIES)) for e in rng.sample(EXTRAS, 3)]
    text = f"{name.title()} policy, section {rng.randint(1, 99)}. Under this policy {rule} within {number} {unit}. "
    return text + " ".join(extras), extras[0]


def generate(path: Path, samples: int, corpus_size: int, per_sample: int, seed: int = 7) -> None:
    """Write a JSONL trace: mostly healthy samples, with invented numbers, empty and unrelated retrieval mixed in."""
    rng = random.Random(seed)
    corpus = [
        (t, n, *chunk_text(rng, t, n))
        for t, n in ((rng.choice(TOPICS), rng.randint(2, 90)) for _ in range(corpus_size))
    ]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(samples):
            topic, number, text, extra = rng.choice(corpus)
            others = [c[2] for c in rng.sample(corpus, per_sample - 1)]  # the rest of the top-k: other chunks
            product = rng.choice(PRODUCTS)
            question = (
                f"Within how many {topic[2]} can a customer with order {i} use the {topic[0]} policy for a {product}?"
            )
            kind = i % 10
            contexts = [] if kind == 8 else [text, *others] if kind != 9 else others
            said = rng.choice([n for n in range(2, 400) if n != number]) if kind in (6, 7) else number
            response = f"Under the {topic[0]} policy, {topic[1]} within {said} {topic[2]}. {extra}"
            record = {
                "user_input": question,
                "retrieved_contexts": contexts,
                "response": response,
                "reference": f"{topic[1].capitalize()} within {number} {topic[2]}.",
            }
            handle.write(json.dumps(record) + "\n")


def measure(samples: int, corpus_size: int, per_sample: int) -> dict:
    """Generate a trace, diagnose it in this process and report time and memory."""
    from pm_assistant.agent.diagnose.runner import diagnose_trace
    from pm_assistant.knowledge.embedding import get_embedder

    get_embedder().embed(["warm up"])
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "trace.jsonl"
        generate(path, samples, corpus_size, per_sample)
        started = time.perf_counter()
        diagnosis = diagnose_trace(path)
        seconds = time.perf_counter() - started
        size_mb = path.stat().st_size / 2**20
    return {
        "samples": samples,
        "distinct_contexts": min(corpus_size, samples * per_sample),
        "trace_mb": round(size_mb, 1),
        "seconds": round(seconds, 1),
        "samples_per_s": round(samples / seconds, 1),
        "rss_after_model_load_mb": round(rss_loaded),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "by_layer": diagnosis.summary.by_layer,
    }


def child(samples: int, corpus_size: int, per_sample: int) -> dict:
    """Run `measure` in a fresh interpreter so the peak RSS belongs to that run alone."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(samples), str(corpus_size), str(per_sample)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000, help="the smaller trace, to compare memory")
    parser.add_argument("--corpus", type=int, default=400, help="distinct chunks in the generated corpus")
    parser.add_argument("--contexts", type=int, default=4, help="contexts per sample")
    parser.add_argument("--child", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return
    runs = [
        ("small trace, shared corpus", child(args.small, args.corpus, args.contexts)),
        ("large trace, shared corpus", child(args.samples, args.corpus, args.contexts)),
        ("small trace, every context unique", child(args.small, args.small * args.contexts, args.contexts)),
    ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"diagnose throughput: {os.cpu_count()} cores (load average {load}), real MiniLM embeddings, "
        f"{args.contexts} contexts per sample"
    )
    print(
        f"{'run':36} {'samples':>8} {'contexts':>9} {'trace MB':>9} {'seconds':>8} {'samples/s':>10} "
        f"{'RSS loaded':>11} {'peak RSS':>9}"
    )
    for label, r in runs:
        print(
            f"{label:36} {r['samples']:>8} {r['distinct_contexts']:>9} {r['trace_mb']:>9} {r['seconds']:>8} "
            f"{r['samples_per_s']:>10} {r['rss_after_model_load_mb']:>9}MB {r['peak_rss_mb']:>7}MB"
        )
    print("layers (large trace):", runs[1][1]["by_layer"])


if __name__ == "__main__":
    main()
