"""Start-up of `pm-assistant mcp` to its first `tools/list` answer, and a calculator round trip, over stdio.

Run: python benchmarks/mcp_startup.py [RUNS] [CALLS]
Prints medians: a bare interpreter and the SDK's own import time for scale; process start to the first `tools/list`
answer through the SDK's stdio client (what a desktop client waits for; RUNS fresh processes), with the CPU time
each of those server processes used (start-up, the list, exit: on a machine other jobs keep busy, wall time
swings with their load, CPU time much less); and one `roi_payback` call over an open connection (CALLS calls).
Targets on 2 cores: 0.5 s and 20 ms.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client

ROI_ARGS = {"investment": 800000, "annual_benefit": 1500000, "currency": "¥"}
SERVER = [sys.executable, "-m", "pm_assistant.agent.cli.app", "mcp"]


def bare_python_ms(runs: int) -> float:
    """Median wall time in ms of `python -c pass` (after one warm-up run): the floor of any start-up."""
    times = []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        if attempt:
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def sdk_import_ms(runs: int) -> float:
    """Median time in ms that `import mcp` takes inside a fresh interpreter (measured by that interpreter)."""
    code = "import time; start = time.perf_counter(); import mcp; print((time.perf_counter() - start) * 1000)"
    return statistics.median(
        float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
        for _ in range(runs)
    )


@asynccontextmanager
async def connected(params: StdioServerParameters) -> AsyncIterator[ClientSession]:
    """An initialized SDK client session to a freshly launched server (the process ends with the block)."""
    async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
        await client.initialize()
        yield client


async def first_list_ms(params: StdioServerParameters) -> float:
    """ms from launching the server to its first `tools/list` answer (handshake included)."""
    start = time.perf_counter()
    async with connected(params) as client:
        await client.list_tools()
        return (time.perf_counter() - start) * 1000


def children_cpu_ms() -> float:
    """CPU time (user + system) in ms of every child process that has ended so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


async def round_trips_ms(params: StdioServerParameters, calls: int) -> list[float]:
    """ms of each `roi_payback` call over one open connection (after one warm-up call)."""
    times = []
    async with connected(params) as client:
        await client.call_tool("roi_payback", ROI_ARGS)
        for _ in range(calls):
            start = time.perf_counter()
            result = await client.call_tool("roi_payback", ROI_ARGS)
            times.append((time.perf_counter() - start) * 1000)
            assert not result.isError and result.structuredContent["payback_months"] == 6.4
    return times


async def measure(runs: int, calls: int) -> None:
    """Print the start-up and round-trip medians."""
    with tempfile.TemporaryDirectory() as home:
        params = StdioServerParameters(command=SERVER[0], args=SERVER[1:], env={"PM_ASSISTANT_HOME": home})
        await first_list_ms(params)  # warm-up: file caches
        cpu_before = children_cpu_ms()
        startups = [await first_list_ms(params) for _ in range(runs)]
        server_cpu = (children_cpu_ms() - cpu_before) / runs
        trips = await round_trips_ms(params, calls)
    print(f"{'start-up to first tools/list answer':<40} {statistics.median(startups):7.1f} ms  "
          f"(median of {runs}; min {min(startups):.1f}, max {max(startups):.1f}; target 500 ms)")
    print(f"{'  server CPU per start-up, list and exit':<40} {server_cpu:7.1f} ms  (mean of {runs})")
    print(f"{'roi_payback round trip':<40} {statistics.median(trips):7.1f} ms  "
          f"(median of {calls}; p95 {statistics.quantiles(trips, n=20)[-1]:.1f}; target 20 ms)")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    print(f"{'python -c pass (process)':<40} {bare_python_ms(runs):7.1f} ms  (median of {runs})")
    print(f"{'import mcp (the SDK, in process)':<40} {sdk_import_ms(runs):7.1f} ms  (median of {runs})")
    anyio.run(measure, runs, calls)


if __name__ == "__main__":
    main()
