"""Framework cards: markdown files with YAML front matter, one folder per language, parsed into `Card` objects.

A card is a `---` block of YAML (`id`, `lang`, `title`, `source`, `tags`, `use_when`, optionally `keywords`)
followed by `## ` sections. English cards live in `frameworks/en/`, their Chinese twins (same id) in
`frameworks/zh/`. Section headings are written in the card's language and mapped to the canonical English
keys (`What it is` … `Related`), so code and checks address a section the same way in both languages.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pm_assistant.core.errors import PMAssistantError
from pm_assistant.core.text.lang import LANGS, Lang

CARDS_DIR = Path(__file__).parent / "frameworks"
REQUIRED_FIELDS = ("id", "lang", "title", "source", "tags", "use_when")
REQUIRED_SECTIONS = ("What it is", "How to apply it", "Worked example", "Pitfalls", "Related")
HEADINGS: dict[Lang, tuple[str, ...]] = {
    "en": REQUIRED_SECTIONS,
    "zh": ("是什么", "怎么用", "案例", "常见误区", "相关"),
}
"""Each language's section headings, in the order of REQUIRED_SECTIONS (the canonical keys)."""
_CANONICAL = {heading: key for headings in HEADINGS.values() for heading, key in zip(headings, REQUIRED_SECTIONS, strict=True)}
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)(?:\s+#+)?\s*$")
_RELATED_LINE = re.compile(r"^\s*[-*]\s*(card|calculator)\s*:\s*`?([\w.-]+)`?\s*$", re.IGNORECASE)


class CardError(PMAssistantError, ValueError):
    """A card file that cannot be parsed; the message is one line naming the file."""


@dataclass(frozen=True)
class Card:
    """One framework card in one language.

    `sections` maps canonical section keys (REQUIRED_SECTIONS; other headings as written) to their text, in
    file order; `headings` maps the same keys to the headings as written in the card's language.
    """

    id: str
    lang: Lang
    title: str
    source: str
    tags: list[str]
    use_when: str
    sections: dict[str, str]
    headings: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    related_cards: list[str] = field(default_factory=list)
    related_calculators: list[str] = field(default_factory=list)
    content_hash: str = ""
    path: Path | None = None

    @property
    def name(self) -> str:
        """How messages name the card: `<folder>/<file>` when it has a file, else `<lang>/<id>`."""
        return f"{self.path.parent.name}/{self.path.name}" if self.path else f"{self.lang}/{self.id}"


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader (libyaml's when installed: a few times faster), refusing a mapping that repeats a
    key (plain YAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise CardError(f"front matter field '{key}' appears twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_front_matter(block: str, name: str) -> dict[str, Any]:
    """The front matter block read as YAML (a mapping); CardError naming `name` and the line otherwise."""
    try:
        meta = yaml.load(block, Loader=_UniqueKeyLoader)  # noqa: S506 - a safe loader
    except CardError as exc:
        raise CardError(f"{name}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 for 0-based, +1 for the '---' line
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise CardError(f"{name}: front matter is not valid YAML ({problem}{where}); quote values with ': ' or '\"'") from None
    if not isinstance(meta, dict):
        raise CardError(f"{name}: front matter must be 'key: value' lines")
    return meta


def _words(value: object, name: str, key: str) -> list[str]:
    """A YAML list of non-empty strings (flow `[a, b]` or block `- a`), else CardError."""
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) and str(v).strip() for v in value):
        raise CardError(f"{name}: {key} must be a list of words, e.g. [poc, validation]")
    return [str(v).strip() for v in value]


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
    missing = [f for f in REQUIRED_FIELDS if meta.get(f) in (None, "", [])]
    if missing:
        raise CardError(f"{name}: front matter lacks {', '.join(missing)}")
    if meta["lang"] not in LANGS:
        raise CardError(f"{name}: lang must be one of {', '.join(LANGS)}, got {meta['lang']!r}")
    texts = {key: meta[key] for key in ("id", "title", "source", "use_when")}
    wrong = [key for key, value in texts.items() if not isinstance(value, str)]
    if wrong:
        raise CardError(f"{name}: {', '.join(wrong)} must be text (quote it)")
    sections: dict[str, str] = {}
    headings: dict[str, str] = {}
    for heading, section_text in split_sections("\n".join(parts[end + 1 :])):
        if heading is None:
            continue
        key = _CANONICAL.get(heading, heading)
        if key in sections:
            raise CardError(f"{name}: section '## {heading}' appears twice")
        sections[key], headings[key] = section_text, heading
    related = [m.groups() for line in sections.get("Related", "").splitlines() if (m := _RELATED_LINE.match(line))]
    return Card(
        id=texts["id"].strip(),
        lang=meta["lang"],
        title=texts["title"].strip(),
        source=texts["source"].strip(),
        tags=[t.lower() for t in _words(meta["tags"], name, "tags")],
        use_when=texts["use_when"].strip(),
        sections=sections,
        headings=headings,
        keywords=_words(meta.get("keywords") or [], name, "keywords"),
        related_cards=[target for kind, target in related if kind.lower() == "card"],
        related_calculators=[target for kind, target in related if kind.lower() == "calculator"],
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        path=path,
    )


def load_card(path: Path) -> Card:
    """Read and parse one card file (UTF-8); messages name it `<folder>/<file>`."""
    name = f"{path.parent.name}/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CardError(f"{name}: cannot read the card ({exc.__class__.__name__})") from exc
    return parse_card(text, name, path)


def card_files(directory: Path | None = None, lang: Lang | None = None) -> list[Path]:
    """The card files of one language (or all), `<directory>/<lang>/*.md`, in language then file-name order."""
    root = directory or CARDS_DIR
    return [path for code in ((lang,) if lang else LANGS) for path in sorted((root / code).glob("*.md"))]


def load_cards(directory: Path | None = None, lang: Lang | None = None) -> list[Card]:
    """The cards in `directory` (default: the packaged frameworks), English then Chinese, or one language;
    an id is unique within its language."""
    cards = [load_card(path) for path in card_files(directory, lang)]
    seen: dict[tuple[str, str], str] = {}
    for card in cards:
        if (card.lang, card.id) in seen:
            raise CardError(f"{card.name}: card id '{card.id}' is already used by {seen[card.lang, card.id]}")
        seen[card.lang, card.id] = card.name
    return cards


def _card_problems(card: Card, ids: set[str], calculator_names: set[str] | None) -> list[str]:
    """Problems of one card on its own: file name, folder, sections, links."""
    name = card.name
    problems: list[str] = []
    if card.path is not None and card.path.stem != card.id:
        problems.append(f"{name}: id '{card.id}' does not match the file name")
    if card.path is not None and card.path.parent.name != card.lang:
        problems.append(f"{name}: lang '{card.lang}' but the card is in the '{card.path.parent.name}' folder")
    present = [card.headings[s] for s in card.sections if s in REQUIRED_SECTIONS]
    if present != list(HEADINGS[card.lang]):
        problems.append(f"{name}: sections must be {', '.join(HEADINGS[card.lang])} in that order, got {present}")
    problems += [f"{name}: section '{card.headings[s]}' is empty" for s in REQUIRED_SECTIONS if s in card.sections and not card.sections[s]]
    problems += [f"{name}: Related names unknown card '{c}'" for c in card.related_cards if c not in ids]
    if calculator_names is not None:
        problems += [f"{name}: Related names unknown calculator '{c}'" for c in card.related_calculators if c not in calculator_names]
    return problems


def _twin_problems(card: Card, english: Card | None) -> list[str]:
    """A translation must say the same about the same things: its English twin's tags, source and links."""
    if english is None:
        return [f"{card.name}: has no English twin (every card exists in en/ first)"]
    fields = {
        "tags": (card.tags, english.tags),
        "source": (card.source, english.source),
        "Related cards": (card.related_cards, english.related_cards),
        "Related calculators": (card.related_calculators, english.related_calculators),
    }
    return [f"{card.name}: {what} differ from {english.name}" for what, (mine, theirs) in fields.items() if mine != theirs]


def card_problems(cards: list[Card], calculator_names: set[str] | None = None) -> list[str]:
    """One-line problems across a card set in every language: id/file and lang/folder mismatches, missing or
    out-of-order sections, empty sections, dangling `- card:` links, unknown `- calculator:` names (when
    `calculator_names` is given), and translations that differ from their English twin in tags, source or
    Related links."""
    ids = {card.id for card in cards}
    english = {card.id: card for card in cards if card.lang == "en"}
    problems: list[str] = []
    for card in cards:
        problems += _card_problems(card, ids, calculator_names)
        if card.lang != "en":
            problems += _twin_problems(card, english.get(card.id))
    return problems
