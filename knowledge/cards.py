"""Framework cards: markdown files with front matter, parsed into `Card` objects for indexing and validation.

A card is `---` front matter (`id`, `title`, `source`, `tags`, `use_when`) followed by `## ` sections. The
front matter is read one `key: value` line at a time and each value goes through YAML when YAML reads it as
the expected type; otherwise the raw text is kept. That accepts the documented card format, whose `source:`
line (`"Article" (Publisher)`) and colon-bearing titles are not strict YAML.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pm_assistant.core.errors import PMAssistantError

CARDS_DIR = Path(__file__).parent / "frameworks"
REQUIRED_FIELDS = ("id", "title", "source", "tags", "use_when")
REQUIRED_SECTIONS = ("What it is", "How to apply it", "Worked example", "Pitfalls", "Related")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)(?:\s+#+)?\s*$")
_FIELD_LINE = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*)$")
_RELATED_LINE = re.compile(r"^\s*[-*]\s*(card|calculator)\s*:\s*`?([\w.-]+)`?\s*$", re.IGNORECASE)


class CardError(PMAssistantError, ValueError):
    """A card file that cannot be parsed; the message is one line naming the file."""


@dataclass(frozen=True)
class Card:
    """One framework card: front matter, its `## ` sections in file order, and its Related links."""

    id: str
    title: str
    source: str
    tags: list[str]
    use_when: str
    sections: dict[str, str]
    related_cards: list[str] = field(default_factory=list)
    related_calculators: list[str] = field(default_factory=list)
    content_hash: str = ""
    path: Path | None = None


def _value(raw: str, expected: type) -> object:
    """YAML-decode `raw` when that yields the expected type (e.g. a flow list), else keep the raw text."""
    try:
        decoded = yaml.safe_load(raw) if raw else ""
    except yaml.YAMLError:
        return raw
    return decoded if isinstance(decoded, expected) else raw


def parse_front_matter(block: str, name: str) -> dict[str, object]:
    """Parse `key: value` lines (indented lines continue the previous value) into a dict."""
    pairs: dict[str, str] = {}
    key = None
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FIELD_LINE.match(line)
        if match and not line[0].isspace():
            key = match.group(1)
            if key in pairs:
                raise CardError(f"{name}: front matter field '{key}' appears twice")
            pairs[key] = match.group(2).strip()
        elif key is not None:
            pairs[key] = f"{pairs[key]} {line.strip()}".strip()
        else:
            raise CardError(f"{name}: front matter line is not 'key: value': {line.strip()!r}")
    return {k: _value(v, list if k == "tags" else str) for k, v in pairs.items()}


def split_sections(text: str, levels: range = range(2, 3)) -> list[tuple[str | None, str]]:
    """Split markdown at headings whose level is in `levels`: (heading, stripped body) pairs in order; text
    before the first heading comes first with heading None (only when it is not blank). Lines inside
    fenced code blocks are never headings."""
    pieces: list[tuple[str | None, str]] = []
    heading: str | None = None
    lines: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match and len(match.group(1)) in levels:
            if heading is not None or "".join(lines).strip():
                pieces.append((heading, "\n".join(lines).strip()))
            heading, lines = match.group(2).strip(), []
        else:
            lines.append(line)
    if heading is not None or "".join(lines).strip():
        pieces.append((heading, "\n".join(lines).strip()))
    return pieces


def parse_card(text: str, name: str = "<card>", path: Path | None = None) -> Card:
    """Parse one card's markdown; raises CardError (one line naming `name`) when it is malformed."""
    parts = text.lstrip("\ufeff").split("\n")
    if not parts or parts[0].strip() != "---":
        raise CardError(f"{name}: missing front matter (the file must start with a '---' line)")
    try:
        end = next(i for i in range(1, len(parts)) if parts[i].strip() == "---")
    except StopIteration:
        raise CardError(f"{name}: front matter is not closed by a '---' line") from None
    meta = parse_front_matter("\n".join(parts[1:end]), name)
    missing = [f for f in REQUIRED_FIELDS if not meta.get(f)]
    if missing:
        raise CardError(f"{name}: front matter lacks {', '.join(missing)}")
    tags = meta["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        raise CardError(f"{name}: tags must be a list of words, e.g. [poc, validation]")
    sections: dict[str, str] = {}
    for heading, section_text in split_sections("\n".join(parts[end + 1 :])):
        if heading is None:
            continue
        if heading in sections:
            raise CardError(f"{name}: section '## {heading}' appears twice")
        sections[heading] = section_text
    related = [m.groups() for line in sections.get("Related", "").splitlines() if (m := _RELATED_LINE.match(line))]
    return Card(
        id=str(meta["id"]),
        title=str(meta["title"]),
        source=str(meta["source"]),
        tags=[t.strip().lower() for t in tags],
        use_when=str(meta["use_when"]),
        sections=sections,
        related_cards=[target for kind, target in related if kind.lower() == "card"],
        related_calculators=[target for kind, target in related if kind.lower() == "calculator"],
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        path=path,
    )


def load_card(path: Path) -> Card:
    """Read and parse one card file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CardError(f"{path.name}: cannot read the card ({exc.__class__.__name__})") from exc
    return parse_card(text, path.name, path)


def load_cards(directory: Path | None = None) -> list[Card]:
    """All cards in `directory` (default: the packaged frameworks), sorted by file name; ids must be unique."""
    cards = [load_card(p) for p in sorted((directory or CARDS_DIR).glob("*.md"))]
    seen: dict[str, str] = {}
    for card in cards:
        name = card.path.name if card.path else card.id
        if card.id in seen:
            raise CardError(f"{name}: card id '{card.id}' is already used by {seen[card.id]}")
        seen[card.id] = name
    return cards


def card_problems(cards: list[Card], calculator_names: set[str] | None = None) -> list[str]:
    """One-line problems across a card set: id/file mismatch, missing or out-of-order sections, dangling
    `- card:` links, unknown `- calculator:` names (when `calculator_names` is given)."""
    ids = {card.id for card in cards}
    problems: list[str] = []
    for card in cards:
        name = card.path.name if card.path else card.id
        if card.path is not None and card.path.stem != card.id:
            problems.append(f"{name}: id '{card.id}' does not match the file name")
        present = [s for s in card.sections if s in REQUIRED_SECTIONS]
        if present != list(REQUIRED_SECTIONS):
            problems.append(f"{name}: sections must be {', '.join(REQUIRED_SECTIONS)} in that order, got {present}")
        empty = [s for s in REQUIRED_SECTIONS if s in card.sections and not card.sections[s]]
        problems += [f"{name}: section '{s}' is empty" for s in empty]
        problems += [f"{name}: Related names unknown card '{c}'" for c in card.related_cards if c not in ids]
        if calculator_names is not None:
            problems += [
                f"{name}: Related names unknown calculator '{c}'"
                for c in card.related_calculators
                if c not in calculator_names
            ]
    return problems
