"""Streaming trace loaders: JSONL, a JSON list or CSV of RAG samples, validated into `TraceSample`s.

Field names are the Ragas ones (`user_input`, `retrieved_contexts`, `response`, optional `reference`,
`reference_contexts`) or the older ones (`question`, `contexts`, `answer`, `ground_truth`); other keys are
ignored. A JSON list may also come wrapped in an object, under "samples" or "data". Files are read one record
at a time (JSON lists through ijson), so memory does not grow with the trace. CSV cells may be separated by
`,`, `;`, a tab or `|`: the separator that makes the header name the most known fields wins, else the one
`csv.Sniffer` finds. In CSV, a list cell (`retrieved_contexts`, `reference_contexts`) may be a JSON list, a Python list
literal (what pandas writes), one item per line, or items separated by `|` (in that order of precedence); an
empty cell is an empty list. Every problem raises `UserInputError` with one line naming the file and the line
(JSONL, CSV), the item (JSON list) or the column.
"""

from __future__ import annotations

import ast
import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from pm_assistant.core.errors import UserInputError

# canonical name -> accepted names, preferred first
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "user_input": ("user_input", "question"),
    "retrieved_contexts": ("retrieved_contexts", "contexts"),
    "response": ("response", "answer"),
    "reference": ("reference", "ground_truth"),
    "reference_contexts": ("reference_contexts",),
}
REQUIRED_FIELDS = ("user_input", "retrieved_contexts", "response")
LIST_FIELDS = ("retrieved_contexts", "reference_contexts")
FORMATS = ("jsonl", "json", "csv")
WRAPPER_KEYS = ("samples", "data")
CSV_DELIMITERS = ",;\t|"
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv"}
CSV_CELL_LIMIT = 64 * 1024 * 1024  # bytes in one cell; Python's default of 128 KiB is too small for contexts
_SNIFF_BYTES = 64 * 1024


class TraceSample(BaseModel):
    """One RAG interaction: the question, what was retrieved, what the model answered, and the reference."""

    model_config = ConfigDict(frozen=True, strict=True)

    index: int
    user_input: str
    retrieved_contexts: list[str]
    response: str
    reference: str | None = None
    reference_contexts: list[str] | None = None


def field_label(name: str) -> str:
    """A field's name as users may have written it, e.g. "user_input (or question)"."""
    names = FIELD_ALIASES.get(name, (name,))
    return names[0] if len(names) == 1 else f"{names[0]} (or {', '.join(names[1:])})"


def sample_from_record(record: Mapping[str, Any], index: int) -> TraceSample:
    """Map a raw record (either naming scheme) to a `TraceSample`; raises ValueError naming the field."""
    values: dict[str, Any] = {"index": index}
    for name, aliases in FIELD_ALIASES.items():
        present = [alias for alias in aliases if alias in record]
        if present:
            values[name] = record[present[0]]
        elif name in REQUIRED_FIELDS:
            raise ValueError(f"missing field {field_label(name)}")
    for optional in ("reference", "reference_contexts"):
        if values.get(optional) is None:
            values.pop(optional, None)
    try:
        return TraceSample(**values)
    except ValidationError as exc:
        raise ValueError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    """The first validation error as a short sentence naming the field (and list position)."""
    error = exc.errors()[0]
    name, *rest = error["loc"]
    where = field_label(str(name)) + "".join(f"[{part}]" for part in rest)
    got = type(error.get("input")).__name__
    got = "null" if got == "NoneType" else got
    if name in LIST_FIELDS and not rest:
        return f"field {where} must be a list of strings, got {got}"
    return f"field {where} must be a string, got {got}"


class TraceFile:
    """A trace on disk: `format` is detected up front; iterate it to stream validated samples."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = self.path.name
        if self.path.is_dir():
            raise UserInputError(_folder_message(self.path))
        if not self.path.is_file():
            raise UserInputError(f"trace not found: {path} (give a .jsonl, .json or .csv file)")
        self.items = "item"  # ijson prefix of the samples in a JSON file
        self.format = self._detect_format()

    def _detect_format(self) -> str:
        first = self._first_char()
        if first is None:
            raise UserInputError(f"{self.name}: the file is empty; expected JSONL, a JSON list or CSV of samples")
        suffix = self.path.suffix.lower()
        if _EXTENSIONS.get(suffix) == "csv":
            return "csv"
        if first == "{" and (key := self._wrapper_key()):
            self.items = f"{key}.item"
            return "json"
        if suffix in (".jsonl", ".ndjson"):
            return "jsonl"
        if first == "[":
            return "json"
        if first == "{":
            return "jsonl"
        if suffix == ".json":
            raise UserInputError(f"{self.name}: expected a JSON list of samples or one JSON object per line")
        raise UserInputError(f"{self.name}: cannot tell the format; use a .jsonl, .json or .csv file")

    def _wrapper_key(self) -> str | None:
        """The key of `WRAPPER_KEYS` whose list holds the samples when the file is one object wrapping them.

        Reads top-level keys only until the answer is clear; a sample record (JSONL) or broken JSON gives None.
        """
        import ijson

        with self.path.open("rb") as handle:
            key = None
            try:
                for prefix, event, value in ijson.parse(handle, multiple_values=True):
                    if prefix == "" and event == "map_key":
                        key = value
                    elif prefix == key and key in WRAPPER_KEYS and event == "start_array":
                        return key
                    elif prefix == "" and event == "end_map":
                        return None
            except ijson.JSONError:
                return None
        return None

    def _first_char(self) -> str | None:
        with self.path.open("rb") as handle:
            while chunk := handle.read(4096):
                text = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
                if text:
                    return chr(text[0])
        return None

    def __iter__(self) -> Iterator[TraceSample]:
        records = {"jsonl": self._jsonl, "json": self._json_list, "csv": self._csv}[self.format]()
        count = 0
        for where, record in records:
            try:
                yield sample_from_record(record, count)
            except ValueError as exc:
                raise UserInputError(f"{self.name} {where}: {exc}") from None
            count += 1
        if count == 0:
            raise UserInputError(f"{self.name}: no samples found")

    def scan(self) -> int:
        """Validate the whole file without keeping it; return the number of samples (fails fast on bad input)."""
        return sum(1 for _ in self)

    def _jsonl(self) -> Iterator[tuple[str, dict]]:
        for number, line in _numbered_lines(self.path):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UserInputError(
                    f"{self.name} line {number}: invalid JSON ({exc.msg} at column {exc.colno})"
                ) from None
            yield f"line {number}", _require_object(record, f"{self.name} line {number}")

    def _json_list(self) -> Iterator[tuple[str, dict]]:
        import ijson

        with self.path.open("rb") as handle:
            try:
                for number, record in enumerate(ijson.items(handle, self.items, use_float=True), start=1):
                    yield f"item {number}", _require_object(record, f"{self.name} item {number}")
            except ijson.JSONError as exc:
                raise UserInputError(self._json_error(exc)) from None

    def _json_error(self, exc: Exception) -> str:
        """Locate a JSON syntax error by line and column (the stdlib parser reports positions; ijson does not)."""
        try:
            json.loads(self.path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as precise:
            return f"{self.name} line {precise.lineno}: invalid JSON ({precise.msg} at column {precise.colno})"
        except UnicodeDecodeError:
            return f"{self.name}: not UTF-8 text"
        return f"{self.name}: invalid JSON ({str(exc).splitlines()[0]})"

    def _csv(self) -> Iterator[tuple[str, dict]]:
        csv.field_size_limit(max(csv.field_size_limit(), CSV_CELL_LIMIT))  # RAG contexts can be long
        reader = csv.reader((line for _, line in _numbered_lines(self.path)), delimiter=self._csv_delimiter())
        rows = iter(reader)
        previous_end = 0
        try:
            header = [cell.strip() for cell in next(rows, [])]
            columns = _csv_columns(header, self.name)
            previous_end = reader.line_num
            for row in rows:
                where = f"line {previous_end + 1}"
                previous_end = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise UserInputError(
                        f"{self.name} {where}: {len(row)} cells but the header has {len(header)} columns")
                yield where, _csv_record(row, columns, f"{self.name} {where}")
        except csv.Error as exc:
            raise UserInputError(f"{self.name} line {previous_end + 1}: not readable as CSV ({exc})") from None

    def _csv_delimiter(self) -> str:
        """The cell separator (see the module docstring); "," when nothing tells."""
        with self.path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            head = handle.read(_SNIFF_BYTES)
        header = head.splitlines()[0] if head else ""
        known = {alias for aliases in FIELD_ALIASES.values() for alias in aliases}

        def named_fields(delimiter: str) -> int:
            cells = next(csv.reader([header], delimiter=delimiter), [])
            return sum(cell.strip() in known for cell in cells)

        best = max(CSV_DELIMITERS, key=named_fields)
        if named_fields(best):
            return best
        try:
            return csv.Sniffer().sniff(head, delimiters=CSV_DELIMITERS).delimiter
        except csv.Error:
            return ","


def _folder_message(path: Path) -> str:
    """Say that a folder was given, naming a few trace files inside it when there are any."""
    found = sorted(p.name for p in path.iterdir() if p.is_file() and p.suffix.lower() in _EXTENSIONS)
    hint = f"; it holds {', '.join(found[:3])}{', …' if len(found) > 3 else ''}" if found else ""
    return f"{path} is a folder: give a trace file (.jsonl, .json or .csv){hint}"


def _numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    """A UTF-8 file's lines numbered from 1 (line endings kept); a decoding failure names its line."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise UserInputError(f"{path.name} line {number}: not UTF-8 text (save the trace as UTF-8)") from None


def _require_object(record: Any, where: str) -> dict:
    if not isinstance(record, dict):
        kind = "list" if isinstance(record, list) else type(record).__name__
        raise UserInputError(
            f"{where}: expected a JSON object with user_input, retrieved_contexts and response, got {kind}"
        )
    return record


def _csv_columns(header: list[str], name: str) -> dict[str, int]:
    """Map canonical field names to column positions; a missing required column is a one-line error."""
    if not any(header):
        raise UserInputError(f"{name}: no header row; the first line must name the columns")
    columns: dict[str, int] = {}
    for field, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            if alias in header:
                columns[field] = header.index(alias)
                break
        else:
            if field in REQUIRED_FIELDS:
                found = ", ".join(h for h in header if h) or "none"
                raise UserInputError(f"{name}: missing column {field_label(field)}; found columns: {found}")
    return columns


def _csv_record(row: list[str], columns: dict[str, int], where: str) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for field, position in columns.items():
        cell = row[position]
        if field in LIST_FIELDS:
            try:
                record[field] = parse_list_cell(cell) if cell.strip() or field in REQUIRED_FIELDS else None
            except ValueError as exc:
                raise UserInputError(f"{where}: column {field_label(field)}: {exc}") from None
        else:
            record[field] = cell if cell.strip() or field in REQUIRED_FIELDS else None
    return record


def parse_list_cell(cell: str) -> list[str]:
    """A CSV list cell as a list of strings: JSON list, Python list literal, one per line, or `|`-separated."""
    text = cell.strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            try:
                value = ast.literal_eval(text)  # pandas writes list columns as Python reprs: ['a', 'b']
            except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):  # deep nesting raises too
                raise ValueError("starts with '[' but is not a valid JSON or Python list") from None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValueError("must be a list of strings")
        return value
    separator = "\n" if "\n" in text else "|"
    return [part.strip() for part in text.split(separator) if part.strip()]
