"""Print how long an offline proposal review takes for each sample proposal: cold (a fresh process, as
`pm-assistant review FILE --json` runs) and warm (the same process again, as the REPL's /review runs).

Usage: python benchmarks/review_timing.py [--runs N] [--home DIR]
With --home pointing at a PM_ASSISTANT_HOME that has a knowledge index, the timing includes card retrieval;
by default a fresh temporary home is used (no index, so no card search).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "examples" / "proposals").glob("*.*"))


def cold_seconds(path: Path, env: dict[str, str]) -> float:
    """Wall time of one `pm-assistant review FILE --json --offline` in a new process."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pm_assistant.agent.cli.app", "review", str(path), "--json", "--offline"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    return time.perf_counter() - start


def warm_seconds(path: Path, runs: int) -> list[float]:
    """Wall times of repeated reviews in this process after the model and imports are loaded."""
    from pm_assistant.agent.review.build import review_file

    review_file(path, offline=True)  # warm-up: imports, embedding model
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        review_file(path, offline=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Measure and print one line per sample."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per sample (default 5)")
    parser.add_argument("--home", help="PM_ASSISTANT_HOME to use (default: a fresh temporary one)")
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="pm-review-bench-")
    os.environ["PM_ASSISTANT_HOME"] = home
    os.environ.pop("OPENAI_API_KEY", None)
    env = dict(os.environ)
    print(f"offline review timing ({os.cpu_count()} CPUs, home {'given' if args.home else 'fresh, no index'})")
    print(f"{'proposal':34} {'chars':>6} {'cold s':>7} {'warm median s':>14} {'warm min s':>11}")
    for path in SAMPLES:
        cold = cold_seconds(path, env)
        warm = warm_seconds(path, args.runs)
        chars = len(path.read_text(encoding="utf-8"))
        print(f"{path.name:34} {chars:>6} {cold:>7.2f} {statistics.median(warm):>14.3f} {min(warm):>11.3f}")


if __name__ == "__main__":
    main()
