"""Offline agent speed: `--help` start-up, first answer cold, and marginal time per answer in a batch.

Run: python benchmarks/agent_offline.py   (uses a temporary PM_ASSISTANT_HOME; builds the index first)
"""

from __future__ import annotations

import os
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


def _run(args: list[str], env: dict[str, str], stdin: str | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, input=stdin, text=True, capture_output=True, check=True)
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
        cold = [_run([cli, "ask", "--json", QUESTIONS[i]], env) for i in range(3)]
        one = _run([cli, "ask", "--json"], env, stdin=QUESTIONS[0] + "\n")
        batch_questions = QUESTIONS * 5
        batch = _run([cli, "ask", "--json"], env, stdin="\n".join(batch_questions) + "\n")
        marginal_ms = (batch - one) / (len(batch_questions) - 1) * 1000
    print(f"bare interpreter start        {bare * 1000:8.0f} ms")
    print(f"pm-assistant --help           {help_s * 1000:8.0f} ms  ({(help_s - bare) * 1000:.0f} ms above bare)")
    print(f"index build (all cards)       {build_s * 1000:8.0f} ms")
    print(f"first answer, cold (median 3) {statistics.median(cold) * 1000:8.0f} ms  (target <= 1500)")
    print(f"batch of {len(batch_questions)} answers         {batch * 1000:8.0f} ms")
    print(f"marginal time per answer      {marginal_ms:8.1f} ms  (target <= 30)")


if __name__ == "__main__":
    main()
