"""Accuracy of `diagnose` on a labelled trace: healthy vs broken, right layer, failure-point precision/recall/F1.

Each line of the labelled file holds a trace sample plus `lang` and `label` ({"healthy", "layer",
"failure_points", "case"}); the diagnosis ignores the extra keys. Figures are printed overall and per language;
`--by-case` adds one row per planted case and `--misses` lists the samples it got wrong (use these on a
development set, not on the held-out one). Run:

    python benchmarks/diagnose_eval.py [FILE] [--by-case] [--misses]

FILE defaults to the held-out set benchmarks/data/traces/planted.jsonl. The embedding model is the real one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from pm_assistant.agent.diagnose.runner import diagnose_samples  # noqa: E402
from pm_assistant.agent.diagnose.trace import sample_from_record  # noqa: E402

HELD_OUT = Path(__file__).resolve().parent / "data" / "traces" / "planted.jsonl"


@dataclass
class Tally:
    """Counts for one group of samples."""

    n: int = 0
    health_right: int = 0
    layer_right: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, label: dict, layer: str, points: list[str]) -> bool:
        """Count one sample; True when health, layer and failure points were all right."""
        self.n += 1
        healthy = layer == "ok"
        self.health_right += healthy == bool(label["healthy"])
        self.layer_right += layer == label["layer"]
        wanted, got = set(label["failure_points"]), set(points)
        self.tp += len(wanted & got)
        self.fp += len(got - wanted)
        self.fn += len(wanted - got)
        return healthy == bool(label["healthy"]) and layer == label["layer"] and wanted == got

    def row(self, name: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return (
            f"{name:28} {self.n:>5} {self.health_right / self.n:>9.1%} {self.layer_right / self.n:>9.1%} "
            f"{precision:>8.2f} {recall:>7.2f} {f1:>6.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(HELD_OUT))
    parser.add_argument("--by-case", action="store_true", help="one row per planted case")
    parser.add_argument("--misses", action="store_true", help="list the samples diagnosed wrongly")
    args = parser.parse_args()
    records = [json.loads(line) for line in Path(args.file).read_text(encoding="utf-8").splitlines() if line.strip()]
    samples = [sample_from_record(record, i) for i, record in enumerate(records)]
    started = time.perf_counter()
    diagnosis = diagnose_samples(samples)
    seconds = time.perf_counter() - started
    groups: dict[str, Tally] = defaultdict(Tally)
    for record, result in zip(records, diagnosis.samples, strict=True):
        label = record["label"]
        keys = ("all", f"lang {record.get('lang', '?')}", *((f"case {label.get('case', '?')}",) if args.by_case else ()))
        right = all([groups[key].add(label, result.layer, result.failure_points) for key in keys])
        if not right:
            groups["all"].misses.append(
                f"{record.get('id', result.index)} [{record.get('lang', '?')}] {label.get('case')}: wanted "
                f"{label['layer']} {label['failure_points']}, got {result.layer} {result.failure_points} | "
                + " / ".join(result.findings[:3])
            )
    print(f"diagnose on {Path(args.file).name}: {len(samples)} samples in {seconds:.1f} s")
    print(f"{'group':28} {'n':>5} {'healthy?':>9} {'layer':>9} {'FP prec':>8} {'recall':>7} {'F1':>6}")
    for key in sorted(groups, key=lambda k: (k != "all", not k.startswith("lang"), k)):
        print(groups[key].row(key))
    if args.misses:
        print("\nmisses:")
        print("\n".join(groups["all"].misses) or "none")


if __name__ == "__main__":
    sys.exit(main())
