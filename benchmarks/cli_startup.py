"""Startup time of the light CLI commands (`--help`, `tools`, `calc`) against a bare interpreter.

Run: python benchmarks/cli_startup.py [RUNS]   (prints the median wall time of each command in ms, and its least
CPU time: on a machine shared with other work the wall time mostly measures the queue for a core, the CPU time
much less so)
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROI_ARGS = json.dumps({"investment": 800000, "annual_benefit": 1500000, "currency": "¥"})
TEXT_ARGS = json.dumps({"text": "How many tokens is this sentence?"})
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "pm-assistant --help": ["-m", "pm_assistant.agent.cli.app", "--help"],
    "pm-assistant tools": ["-m", "pm_assistant.agent.cli.app", "tools"],
    "pm-assistant tools --json": ["-m", "pm_assistant.agent.cli.app", "tools", "--json"],
    "pm-assistant calc roi_payback --json": ["-m", "pm_assistant.agent.cli.app", "calc", "roi_payback", "--args", ROI_ARGS, "--json"],
    "pm-assistant calc roi_payback": ["-m", "pm_assistant.agent.cli.app", "calc", "roi_payback", "--args", ROI_ARGS],
    "pm-assistant calc token_count --json": ["-m", "pm_assistant.agent.cli.app", "calc", "token_count", "--args", TEXT_ARGS, "--json"],
}


# Children may cache bytecode, as an installed package has it: with PYTHONDONTWRITEBYTECODE set, an editable
# install compiles every one of its modules from source on every start and the figures measure the compiler.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timings_ms(argv: list[str], runs: int) -> tuple[float, float]:
    """(median wall time, least CPU time) in milliseconds of `python argv` over `runs` runs (after one warm-up)."""
    walls, cpus = [], []
    for attempt in range(runs + 1):
        cpu, start = _children_cpu_s(), time.perf_counter()
        subprocess.run([sys.executable, *argv], check=True, capture_output=True, env=ENV)
        if attempt:
            walls.append((time.perf_counter() - start) * 1000)
            cpus.append((_children_cpu_s() - cpu) * 1000)
    return statistics.median(walls), min(cpus)


def main() -> None:
    """Print one line per command: median ms and the overhead over a bare interpreter, then the least CPU ms."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    baseline = None
    for label, argv in COMMANDS.items():
        ms, cpu = timings_ms(argv, runs)
        baseline = ms if baseline is None else baseline
        print(f"{label:<40} {ms:7.1f} ms  (+{ms - baseline:6.1f} ms over bare python; median of {runs})  "
              f"cpu {cpu:6.1f} ms (least)")


if __name__ == "__main__":
    main()
