"""Planted hallucinations against the self-check, in LLM mode through the loopback server and the real client.

Each scenario (benchmarks/data/hallucinations.jsonl by default) is replayed by a scripted model, non-streaming
and streaming: it makes the recorded tool calls (the tools really run, retrieval searches the real index with
the scenario's documents ingested), writes the recorded answer, and writes it again if asked to repair. A
planted answer is detected when the self-check does not pass it; an honest one that fails is a false alarm.
Run: python benchmarks/hallucinations.py [--data FILE --docs DIR] [--show]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from pm_assistant.agent.testing.planted import knowledge_home, load_scenarios, replay  # noqa: E402

HERE = Path(__file__).parent / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "hallucinations.jsonl")
    parser.add_argument("--docs", type=Path, default=HERE / "hallucination_docs")
    parser.add_argument("--show", action="store_true", help="print each scenario the self-check got wrong")
    parser.add_argument("--modes", default="plain,stream")
    args = parser.parse_args()
    scenarios = load_scenarios(args.data)
    documents = sorted({args.docs / name for s in scenarios for name in s.documents})
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (mode, kind) -> [flagged, total]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as home, knowledge_home(Path(home), documents) as settings:
        for mode in args.modes.split(","):
            for scenario in scenarios:
                answer = replay(scenario, settings, stream=mode == "stream")
                flagged = not answer.self_check.passed
                tally = counts[(mode, scenario.kind)]
                tally[0] += flagged
                tally[1] += 1
                if args.show and flagged != scenario.planted:
                    failed = [f"{c.name}: {c.detail}" for c in answer.self_check.checks if c.status == "fail"]
                    print(f"[{mode}] {scenario.id} {scenario.kind}: {'missed' if scenario.planted else 'false alarm'}"
                          f" {failed if failed else ''}")
    kinds = sorted({kind for _, kind in counts})
    print(f"{len(scenarios)} scenarios ({sum(s.planted for s in scenarios)} planted), "
          f"{time.perf_counter() - started:.0f} s")
    for mode in args.modes.split(","):
        print(f"\n{mode}: kind                         flagged / total")
        detected = planted = alarms = honest = 0
        for kind in kinds:
            flagged, total = counts[(mode, kind)]
            print(f"  {kind:32} {flagged:3} / {total}")
            if kind == "honest":
                alarms, honest = alarms + flagged, honest + total
            else:
                detected, planted = detected + flagged, planted + total
        print(f"  detection   {detected}/{planted} = {detected / max(planted, 1):.1%}  (target >= 95%)")
        print(f"  false alarm {alarms}/{honest} = {alarms / max(honest, 1):.1%}  (target <= 5%)")


if __name__ == "__main__":
    main()
