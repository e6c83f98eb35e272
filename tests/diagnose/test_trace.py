"""Trace loading: JSONL, JSON lists and CSV, both field-name schemes, and one-line errors for bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pm_assistant.agent.diagnose.trace import TraceFile, parse_list_cell
from pm_assistant.core.errors import UserInputError

from .conftest import EXAMPLES

NEW = {
    "user_input": "Q?",
    "retrieved_contexts": ["a", "b"],
    "response": "R.",
    "reference": "Ref.",
    "reference_contexts": ["a"],
}
OLD = {"question": "Q?", "contexts": ["a", "b"], "answer": "R.", "ground_truth": "Ref."}


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(UserInputError) as caught:
        list(TraceFile(path))
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_jsonl_with_ragas_names(tmp_path: Path) -> None:
    samples = list(TraceFile(write_jsonl(tmp_path / "t.jsonl", [NEW, NEW])))
    assert [s.index for s in samples] == [0, 1]
    first = samples[0]
    assert (first.user_input, first.retrieved_contexts, first.response) == ("Q?", ["a", "b"], "R.")
    assert (first.reference, first.reference_contexts) == ("Ref.", ["a"])


def test_old_names_map_to_the_same_sample(tmp_path: Path) -> None:
    old = next(iter(TraceFile(write_jsonl(tmp_path / "old.jsonl", [OLD]))))
    new = next(
        iter(
            TraceFile(
                write_jsonl(tmp_path / "new.jsonl", [{k: v for k, v in NEW.items() if k != "reference_contexts"}])
            )
        )
    )
    assert old == new


def test_optional_fields_may_be_absent_or_null(tmp_path: Path) -> None:
    row = {"question": "Q?", "contexts": [], "answer": "", "ground_truth": None}
    sample = next(iter(TraceFile(write_jsonl(tmp_path / "t.jsonl", [row]))))
    assert sample.reference is None and sample.reference_contexts is None and sample.retrieved_contexts == []


def test_json_list_streams_samples(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps([NEW, OLD], indent=2), encoding="utf-8")
    trace = TraceFile(path)
    assert trace.format == "json"
    assert [s.user_input for s in trace] == ["Q?", "Q?"]
    assert trace.scan() == 2


def test_blank_lines_in_jsonl_are_skipped_but_counted(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(NEW) + "\n\n" + json.dumps(NEW) + "\n{broken\n", encoding="utf-8")
    assert error_of(path).startswith("t.jsonl line 4: invalid JSON")


def test_csv_with_old_names_and_every_list_cell_style(tmp_path: Path) -> None:
    rows = [
        ["Q1?", json.dumps(["one", "two"]), "A1.", "G1."],
        ["Q2?", "['one', 'two']", "A2.", ""],
        ["Q3?", "one\ntwo", "A3.", ""],
        ["Q4?", "one | two", "A4.", ""],
        ["Q5?", "", "A5.", ""],
    ]
    path = write_csv(tmp_path / "t.csv", ["question", "contexts", "answer", "ground_truth"], rows)
    samples = list(TraceFile(path))
    assert [s.retrieved_contexts for s in samples] == [["one", "two"]] * 4 + [[]]
    assert samples[0].reference == "G1." and samples[1].reference is None


def test_csv_line_numbers_count_multiline_cells(tmp_path: Path) -> None:
    rows = [["Q1?", "one\ntwo\nthree", "A1."], ["Q2?", "[not json", "A2."]]
    path = write_csv(tmp_path / "t.csv", ["user_input", "retrieved_contexts", "response"], rows)
    message = error_of(path)
    assert message.startswith("t.csv line 5: column retrieved_contexts (or contexts):")


def test_deeply_nested_list_cell_is_a_one_line_error_not_a_crash(tmp_path: Path) -> None:
    rows = [["Q1?", "[" * 50_000 + "]" * 50_000, "A1."]]
    path = write_csv(tmp_path / "t.csv", ["user_input", "retrieved_contexts", "response"], rows)
    assert "not a valid JSON or Python list" in error_of(path)


def test_example_csv_uses_the_older_names() -> None:
    trace = TraceFile(EXAMPLES / "legacy_fields.csv")
    samples = list(trace)
    assert trace.format == "csv" and len(samples) == 6
    assert samples[4].retrieved_contexts[0].startswith("Store locations.")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("t.jsonl", "", "t.jsonl: the file is empty"),
        ("t.jsonl", "  \n\n", "t.jsonl: the file is empty"),
        ("t.json", "[]", "t.json: no samples found"),
        (
            "t.jsonl",
            json.dumps(NEW) + "\n" + '{"user_input": "x",, }\n',
            "t.jsonl line 2: invalid JSON (Expecting property name",
        ),
        ("t.jsonl", "[1, 2]\n", "t.jsonl line 1: expected a JSON object"),
        ("t.json", "[\n" + json.dumps(NEW) + ',\n {"a": 1,,}\n]', "t.json line 3: invalid JSON"),
        (
            "t.json",
            json.dumps([NEW, {"user_input": "Q", "response": "R"}]),
            "t.json item 2: missing field retrieved_contexts (or contexts)",
        ),
        (
            "t.csv",
            "question,answer\nQ,A\n",
            "t.csv: missing column retrieved_contexts (or contexts); found columns: question, answer",
        ),
        ("t.csv", "user_input,contexts,answer\nQ,c,A,extra\n", "t.csv line 2: 4 cells but the header has 3 columns"),
        ("t.txt", "hello", "t.txt: cannot tell the format"),
    ],
)
def test_bad_input_names_the_line_or_field(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert error_of(path).startswith(expected)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"question": "Q", "contexts": ["c"]}, "line 1: missing field response (or answer)"),
        (
            {"user_input": "Q", "retrieved_contexts": "just one string", "response": "R"},
            "line 1: field retrieved_contexts (or contexts) must be a list of strings, got str",
        ),
        (
            {"user_input": "Q", "retrieved_contexts": ["ok", 7], "response": "R"},
            "line 1: field retrieved_contexts (or contexts)[1] must be a string, got int",
        ),
        (
            {"user_input": None, "retrieved_contexts": [], "response": "R"},
            "line 1: field user_input (or question) must be a string, got null",
        ),
        (
            {"user_input": "Q", "retrieved_contexts": [], "response": "R", "reference": ["a"]},
            "line 1: field reference (or ground_truth) must be a string, got list",
        ),
    ],
)
def test_field_errors_name_the_field(tmp_path: Path, row: dict, expected: str) -> None:
    assert error_of(write_jsonl(tmp_path / "t.jsonl", [row])) == f"t.jsonl {expected}"


def test_missing_file_and_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="trace not found"):
        TraceFile(tmp_path / "nope.jsonl")
    path = tmp_path / "t.jsonl"
    path.write_bytes(json.dumps(NEW).encode() + b"\n" + b'{"user_input": "caf\xe9"}\n')
    assert error_of(path) == "t.jsonl line 2: not UTF-8 text (save the trace as UTF-8)"


def test_list_cell_rejects_non_string_items() -> None:
    with pytest.raises(ValueError, match="list of strings"):
        parse_list_cell("[1, 2]")


def test_a_folder_is_named_as_a_folder(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "run.jsonl", [NEW])
    with pytest.raises(UserInputError) as caught:
        TraceFile(tmp_path)
    assert str(caught.value) == f"{tmp_path} is a folder: give a trace file (.jsonl, .json or .csv); it holds run.jsonl"


@pytest.mark.parametrize("key", ["samples", "data"])
@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_object_wrapping_the_samples_is_accepted(tmp_path: Path, key: str, indent: int | None) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps({"name": "run 7", "meta": {"data": 1}, key: [NEW, OLD]}, indent=indent), encoding="utf-8"
    )
    trace = TraceFile(path)
    assert trace.format == "json"
    assert [s.response for s in trace] == ["R.", "R."]


def test_a_wrapped_sample_error_names_the_item(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"samples": [NEW, {"user_input": "Q?"}]}), encoding="utf-8")
    assert error_of(path) == "t.json item 2: missing field retrieved_contexts (or contexts)"


def test_jsonl_whose_records_have_a_data_field_stays_jsonl(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.json", [{**NEW, "data": "x"}, NEW])
    trace = TraceFile(path)
    assert trace.format == "jsonl" and trace.scan() == 2


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_cell_separator_is_detected(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["question", "contexts", "answer"])
        writer.writerow(["Q1, or not?", json.dumps(["one", "two"]), "A1; fine."])
    assert [(s.user_input, s.retrieved_contexts, s.response) for s in TraceFile(path)] == [
        ("Q1, or not?", ["one", "two"], "A1; fine.")
    ]


def test_comma_csv_with_pipe_separated_list_cells_stays_comma(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["question", "contexts", "answer"], [["Q?", "one | two | three", "A."]] * 3)
    assert [s.retrieved_contexts for s in TraceFile(path)] == [["one", "two", "three"]] * 3


def test_unknown_semicolon_columns_are_listed_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("q;ctx;ans\nWhat?;a;b\nWhy?;c;d\n", encoding="utf-8")
    assert error_of(path) == ("t.csv: missing column user_input (or question); found columns: q, ctx, ans")
