"""`pm-assistant ask`: one answer, or with `--json` and no question a JSONL batch from stdin in one process."""

from __future__ import annotations

import argparse
import json
import sys

from pm_assistant.core.config import load_settings
from pm_assistant.core.errors import UserInputError


def run(args: argparse.Namespace) -> int:
    """Answer the question (or each stdin line) and print it as markdown or JSON."""
    if args.question is None and not args.json:
        raise UserInputError('give a QUESTION, e.g. pm-assistant ask "what is the POC method?", '
                             "or use --json to read questions from stdin")
    if args.question is not None and not args.question.strip():
        raise UserInputError("the question is empty: type a question in quotes")
    if args.conversation and (args.question is not None or not args.json):
        raise UserInputError("--conversation reads the turns from stdin: use it with --json and no QUESTION")
    from pm_assistant.agent.engine.assistant import build_assistant
    from pm_assistant.agent.engine.endpoint import EndpointError
    from pm_assistant.agent.present.notices import OFFLINE_NOTICE, notify_once

    assistant = build_assistant(load_settings(), offline=args.offline, model_name=args.model)
    if assistant.mode == "offline":
        notify_once(OFFLINE_NOTICE)
    assistant.ensure_knowledge()
    if args.question is None:
        return _batch(assistant, EndpointError, remember=args.conversation)
    try:
        answer = assistant.ask(args.question, remember=False)
    except EndpointError as exc:
        raise EndpointError(f"{exc} (or add --offline)", exc.kind) from exc
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        from pm_assistant.agent.present.render import print_answer

        print_answer(answer)
    return 0


def _batch(assistant, endpoint_error: type[Exception], *, remember: bool = False) -> int:
    """One JSON object per stdin line, in order, so output line N answers input line N; a blank or failed line
    gets an object with an `error` and the batch goes on. With `remember` the lines are the turns of one
    conversation: each answer sees the earlier turns."""
    failed = 0
    for line in sys.stdin:
        question = _question_of(line)
        if not question:
            record = {"mode": assistant.mode, "question": "", "error": "empty line: no question to answer"}
            sys.stdout.write(json.dumps(record) + "\n")
            continue
        try:
            record = assistant.ask(question, remember=remember).to_json()
        except endpoint_error as exc:
            failed += 1
            record = {"mode": assistant.mode, "question": question, "error": str(exc)}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if failed else 0


def _question_of(line: str) -> str:
    """The question a stdin line holds: the line itself, or the `question` of a JSON object line
    ({"question": "…"}), so a JSONL file of questions can be piped in as it is."""
    text = line.strip()
    if text.startswith("{"):
        try:
            record = json.loads(text)
        except json.JSONDecodeError:
            return text
        if isinstance(record, dict) and isinstance(record.get("question"), str):
            return record["question"].strip()
    return text
