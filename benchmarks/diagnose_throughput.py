"""Benchmark `diagnose` against the Ragas non-LLM metrics in one run: samples/s and peak memory, plus memory on a
1M-sample trace.

Every measurement runs in a fresh child process, so its peak RSS is its own. The generated trace mixes healthy
samples with invented figures, unrelated retrieval and refusals, in English and Chinese; each sample carries
`reference` and `reference_contexts`, so Ragas' NonLLMContextRecall, NonLLMContextPrecisionWithReference and
NonLLMStringSimilarity can score it. Ragas pins langchain-openai below our pins, so it runs in its own virtual
environment, which this script creates on first use (`--ragas-venv`, needs the package registry once) with
`RAGAS_DO_NOT_TRACK=true`. Run:

    python benchmarks/diagnose_throughput.py [--samples 10000] [--workers 2] [--million]

`--million` adds the memory runs: the same diagnosis over 10,000 and 1,000,000 samples (`--json` to a null sink),
reporting peak RSS for both.
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

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAGAS_VENV = Path(tempfile.gettempdir()) / "pm-assistant-bench-ragas"
RAGAS_PACKAGES = ["ragas", "langchain-community<0.4"]

TOPICS_EN = [
    ("return", "Items can be returned within {n} days of delivery.", "How many days do I have to return a {p}?"),
    ("refund", "Refunds reach the original card within {n} business days.", "How fast is the refund for a {p}?"),
    ("delivery", "Standard delivery of a {p} takes {n} business days.", "How long does delivery of a {p} take?"),
    ("warranty", "A {p} is covered against defects for {n} months.", "How long is the warranty on a {p}?"),
]
TOPICS_ZH = [
    ("退货", "商品签收后{n}天内可申请退货。", "{p}签收后多少天内可以退货？"),
    ("保修", "{p}整机保修{n}个月。", "{p}保修多久？"),
]
PRODUCTS = ["lamp", "sofa", "rug", "table", "chair", "mirror", "bookcase", "vase", "desk", "bed frame"]
PRODUCTS_ZH = ["台灯", "沙发", "地毯", "餐桌", "椅子", "书柜", "花瓶", "书桌"]
FILLER = [
    "Keep the receipt and the original packaging.", "Orders placed in a showroom follow the same rules.",
    "Clearance items are handled by the support team case by case.", "Members see the same terms in their account.",
]


def generate(path: Path, samples: int, seed: int = 7) -> None:
    """Write a JSONL trace (see the module docstring); contexts repeat across samples as in real traces."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(samples):
            chinese = i % 3 == 2
            topics, products = (TOPICS_ZH, PRODUCTS_ZH) if chinese else (TOPICS_EN, PRODUCTS)
            name, rule, ask = rng.choice(topics)
            product, n = rng.choice(products), rng.randint(2, 60)
            chunk = rule.format(n=n, p=product) + ("" if chinese else " " + rng.choice(FILLER))
            others = [t[1].format(n=rng.randint(2, 60), p=rng.choice(products)) for t in rng.sample(topics, 2)]
            kind = i % 10
            contexts = others if kind == 9 else [chunk, *others]
            said = n + rng.randint(1, 9) if kind in (6, 7) else n
            response = rule.format(n=said, p=product)
            if kind == 8:
                response = "抱歉，知识库中没有相关信息。" if chinese else "I don't know: the documents do not say."
            record = {
                "user_input": ask.format(p=product) + ("" if chinese else f" (order {i})"),
                "retrieved_contexts": contexts,
                "response": response,
                "reference": rule.format(n=n, p=product),
                "reference_contexts": [chunk],
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_diagnose(path: str, workers: int) -> dict:
    """Diagnose the trace as `diagnose --json` does (results streamed to a sink), in this process."""
    from pm_assistant.agent.diagnose.runner import stream_trace

    count = 0

    def sink(result: object) -> None:
        nonlocal count
        count += 1

    started = time.perf_counter()
    summary = stream_trace(path, sink, workers=workers)
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"samples": count, "seconds": seconds, "peak_rss_mb": peak_rss_mb(), "worker_peak_rss_mb": children,
            "failing": summary.failing}


RAGAS_CHILD = r"""
import json, resource, sys, time, warnings
warnings.filterwarnings("ignore")
from ragas.dataset_schema import SingleTurnSample
from ragas.metrics import NonLLMContextPrecisionWithReference, NonLLMContextRecall, NonLLMStringSimilarity
metrics = [NonLLMContextRecall(), NonLLMContextPrecisionWithReference(), NonLLMStringSimilarity()]
count, started = 0, time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        r = json.loads(line)
        sample = SingleTurnSample(user_input=r["user_input"], retrieved_contexts=r["retrieved_contexts"],
                                  response=r["response"], reference=r["reference"],
                                  reference_contexts=r["reference_contexts"])
        for metric in metrics:
            metric.single_turn_score(sample)
        count += 1
seconds = time.perf_counter() - started
print(json.dumps({"samples": count, "seconds": seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def ragas_python(venv: Path) -> Path:
    """The interpreter of the Ragas environment, created (ragas and its langchain-community pin) when missing."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating the Ragas environment in {venv} (once) …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *RAGAS_PACKAGES], check=True)
    return python


def run_ragas(path: str, venv: Path) -> dict:
    env = {**os.environ, "RAGAS_DO_NOT_TRACK": "true"}
    done = subprocess.run([str(ragas_python(venv)), "-c", RAGAS_CHILD, path], capture_output=True, text=True,
                          check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(path: str, workers: int) -> dict:
    """`run_diagnose` in a fresh interpreter, so the peak RSS belongs to that run alone."""
    done = subprocess.run([sys.executable, __file__, "--child", path, str(workers)], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(label: str, r: dict) -> str:
    rate = r["samples"] / r["seconds"]
    workers = f" (+ workers {r['worker_peak_rss_mb']:.0f} MB each at most)" if r.get("worker_peak_rss_mb") else ""
    return f"{label:44} {r['samples']:>9} {r['seconds']:>9.1f} {rate:>10.0f} {r['peak_rss_mb']:>8.0f} MB{workers}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="processes for the multi-process diagnose run")
    parser.add_argument("--million", action="store_true", help="also measure memory on a 1,000,000-sample trace")
    parser.add_argument("--ragas-venv", type=Path, default=DEFAULT_RAGAS_VENV)
    parser.add_argument("--no-ragas", action="store_true", help="skip the Ragas comparison")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_diagnose(args.child[0], int(args.child[1]))))
        return
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"diagnose throughput: {os.cpu_count()} cores (load average {load}); generated trace, 1/3 Chinese")
    print(f"{'run':44} {'samples':>9} {'seconds':>9} {'samples/s':>10} {'peak RSS':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "trace.jsonl"
        generate(path, args.samples)
        print(row("diagnose, 1 process", child(str(path), 1)), flush=True)
        if args.workers > 1:
            print(row(f"diagnose --workers {args.workers}", child(str(path), args.workers)), flush=True)
        if not args.no_ragas:
            print(row("Ragas non-LLM metrics (3 metrics, 1 process)", run_ragas(str(path), args.ragas_venv)),
                  flush=True)
        if args.million:
            for n in (10_000, 1_000_000):
                big = Path(tmp) / f"trace-{n}.jsonl"
                generate(big, n, seed=11)
                print(row(f"diagnose --workers {args.workers}, memory run", child(str(big), args.workers)), flush=True)
                big.unlink()


if __name__ == "__main__":
    main()
