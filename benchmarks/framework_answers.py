"""Offline framework answers: is the right card cited first, and does the answer carry the key sentence?

Run: `python benchmarks/framework_answers.py [--questions FILE] [--show-misses]`.

Each line of the questions file is `{"question", "lang", "card", "key": [phrases]}`: the card a good answer
leads with and the phrases (any one suffices) of the sentence it must contain, judged before running. The
questions go through `pm-assistant ask --json` in one process, offline (no LLM variables), against a fresh
temporary home whose index is built from the shipped vectors. Printed per language and overall: the share
whose first source is the card (target >= 90%) and the share whose answer holds a key phrase (target >= 85%).
The default file (`benchmarks/data/framework_answers.jsonl`) is held out: run it to report, never to tune;
develop against `tests/offline/data/framework_dev.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = HERE / "data" / "framework_answers.jsonl"
_LLM_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PM_ASSISTANT_MODEL", "PM_ASSISTANT_LANG")


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled questions, one JSON object per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def answer_all(questions: list[str]) -> list[dict[str, Any]]:
    """The `ask --json` object of every question, from one offline process in a temporary home."""
    cli = str(Path(sys.executable).with_name("pm-assistant"))
    env = {k: v for k, v in os.environ.items() if k not in _LLM_VARIABLES}
    with tempfile.TemporaryDirectory() as home:
        env["PM_ASSISTANT_HOME"] = home
        subprocess.run([cli, "index"], env=env, capture_output=True, text=True, check=True)
        done = subprocess.run([cli, "ask", "--json"], env=env, input="\n".join(questions) + "\n",
                              capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def has_key(answer: str, phrases: list[str]) -> bool:
    """Whether the answer holds any of the key phrases (case and spacing ignored)."""
    flat = " ".join(answer.lower().replace("**", "").split())
    return any(" ".join(p.lower().split()) in flat for p in phrases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--show-misses", action="store_true", help="print each miss (dev sets only)")
    args = parser.parse_args()
    rows = load(args.questions)
    answers = answer_all([row["question"] for row in rows])
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row, got in zip(rows, answers, strict=True):
        first = got["sources"][0]["id"] if got.get("sources") else None
        card_ok, key_ok = first == row["card"], has_key(got.get("answer", ""), row["key"])
        for lang in (row.get("lang", "en"), "all"):
            tally[lang][0] += 1
            tally[lang][1] += card_ok
            tally[lang][2] += key_ok
        if args.show_misses and not (card_ok and key_ok):
            print(f"  miss: {row['question'][:70]!r}: card {first} (want {row['card']}), key {'ok' if key_ok else 'missing'}")
    print(f"framework answers: {args.questions.name}")
    for lang in sorted(tally, key=lambda name: (name == "all", name)):
        n, cards, keys = tally[lang]
        print(f"  {lang:>3}: right card first {cards}/{n} = {cards / n:.0%} (target 90%); "
              f"key sentence present {keys}/{n} = {keys / n:.0%} (target 85%)")


if __name__ == "__main__":
    main()
