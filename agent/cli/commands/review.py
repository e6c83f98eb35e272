"""`pm-assistant review FILE [--json] [--out REPORT.md] [--offline]`: review a project proposal."""

from __future__ import annotations

import argparse
import json

from pm_assistant.agent.present.notices import notify_once
from pm_assistant.agent.review.build import review_file
from pm_assistant.agent.review.render import print_review, write_markdown
from pm_assistant.core.config import load_settings
from pm_assistant.core.fileio import check_out_path
from pm_assistant.core.terminal import say

OFFLINE_REVIEW_NOTICE = (
    "Reviewing offline: judgements come from the built-in rules and the calculators. For LLM judgements set "
    "OPENAI_API_KEY (and OPENAI_BASE_URL for any OpenAI-compatible server, PM_ASSISTANT_MODEL for the model name)."
)


def run(args: argparse.Namespace) -> int:
    """Review the file; print the rich report (or the contract JSON) and optionally write markdown."""
    if args.out:
        check_out_path(args.out, "review.md")
    review = review_file(args.file, load_settings(), offline=args.offline)
    if review.mode == "offline":
        notify_once(OFFLINE_REVIEW_NOTICE)
    if args.out:
        write_markdown(review, args.out)
    if args.json:
        print(json.dumps(review.to_json_dict(), ensure_ascii=False))
    else:
        print_review(review)
        if args.out:
            say(f"markdown report written to {args.out}")
    return 0
