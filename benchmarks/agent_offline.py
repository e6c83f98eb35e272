"""Offline agent speed: `--help` start-up, first answer cold, and marginal time per answer in a batch.

Run: python benchmarks/agent_offline.py   (uses a temporary PM_ASSISTANT_HOME; builds the index first)
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTIONS = [
    "We invest ¥800k and expect ¥1.5M a year in savings - what's the payback?",
    "How do I run a proof of concept?",
    "Score a project: business value 35, maturity 25, resources 22",
    "Is a 3% hallucination rate OK for a legal assistant?",
    "precision and recall with 90 true positives, 10 false positives and 30 false negatives",
    "What are the five questions of a technical review?",
    "my RAG bot answers with the wrong policy, why?",
    "How should I explain the ROI of an AI project to executives?",
]


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], env: dict[str, str], stdin: str | None = None, cpu: list[float] | None = None) -> float:
    """Wall seconds of one run; its CPU seconds are appended to `cpu` (less disturbed by other work on a shared
    machine than the wall time)."""
    used, started = _children_cpu_s(), time.perf_counter()
    subprocess.run(args, env=env, input=stdin, text=True, capture_output=True, check=True)
    if cpu is not None:
        cpu.append(_children_cpu_s() - used)
    return time.perf_counter() - started


def _median(args: list[str], env: dict[str, str], runs: int = 7) -> float:
    return statistics.median(_run(args, env) for _ in range(runs))


def main() -> None:
    cli = str(Path(sys.executable).with_name("pm-assistant"))
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PM_ASSISTANT_HOME": home}
        # PYTHONDONTWRITEBYTECODE: children cache bytecode as an installed package has it (else an editable install
        # compiles every module from source on every start and the figures measure the compiler)
        for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PM_ASSISTANT_CHROMA_URL", "PYTHONDONTWRITEBYTECODE"):
            env.pop(var, None)
        bare = _median([sys.executable, "-c", "pass"], env)
        help_s = _median([cli, "--help"], env)
        build_s = _run([cli, "index"], env)
        cold_cpu: list[float] = []
        cold = [_run([cli, "ask", "--json", QUESTIONS[i]], env, cpu=cold_cpu) for i in range(3)]
        one_cpu: list[float] = []
        one = _run([cli, "ask", "--json"], env, stdin=QUESTIONS[0] + "\n", cpu=one_cpu)
        batch_questions = QUESTIONS * 5
        batch_cpu: list[float] = []
        batch = _run([cli, "ask", "--json"], env, stdin="\n".join(batch_questions) + "\n", cpu=batch_cpu)
        marginal_ms = (batch - one) / (len(batch_questions) - 1) * 1000
        marginal_cpu_ms = (batch_cpu[0] - one_cpu[0]) / (len(batch_questions) - 1) * 1000
    print(f"bare interpreter start        {bare * 1000:8.0f} ms")
    print(f"pm-assistant --help           {help_s * 1000:8.0f} ms  ({(help_s - bare) * 1000:.0f} ms above bare)")
    print(f"index build (all cards)       {build_s * 1000:8.0f} ms")
    print(f"first answer, cold (median 3) {statistics.median(cold) * 1000:8.0f} ms  (target <= 1500; "
          f"cpu {statistics.median(cold_cpu) * 1000:.0f} ms)")
    print(f"batch of {len(batch_questions)} answers         {batch * 1000:8.0f} ms")
    print(f"marginal time per answer      {marginal_ms:8.1f} ms  (target <= 30; cpu {marginal_cpu_ms:.1f} ms)")


if __name__ == "__main__":
    main()
