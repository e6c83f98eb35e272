"""MCP resources: every framework card as markdown, in English and Chinese, and the list of ingested documents.

URIs: `pm://cards/{id}` (English), `pm://cards/zh/{id}` or `pm://cards/{id}?lang=zh` (Chinese, where the
card has a Chinese file), and `pm://documents` (JSON). Cards are looked up by id among the parsed card files,
never by building a path from the URI, so a URI cannot reach any other file. The cards are parsed on first use,
and the card parser and document registry are imported then too: the server's start-up does not wait for them.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from pm_assistant.core.config import Settings
from pm_assistant.core.errors import UserInputError
from pm_assistant.core.text.lang import LANGS

if TYPE_CHECKING:
    from pm_assistant.knowledge.cards import Card

CARD_TEMPLATES = {"en": "pm://cards/{id}", "zh": "pm://cards/zh/{id}"}
DOCUMENTS_URI = "pm://documents"
MARKDOWN, JSON = "text/markdown", "application/json"


class ResourceNotFound(UserInputError):
    """No resource has this URI; the message says which URIs exist."""


@dataclass(frozen=True)
class ResourceEntry:
    """One readable resource as `resources/list` shows it."""

    uri: str
    name: str
    title: str
    description: str
    mime_type: str


def card_uri(lang: str, card_id: str) -> str:
    """The URI of a card in a language (`en` or `zh`)."""
    return CARD_TEMPLATES[lang].format(id=card_id)


class Library:
    """The cards of both languages and the user's document registry, read-only."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._cards: dict[tuple[str, str], Card] | None = None
        self._lock = threading.Lock()

    def cards(self) -> dict[tuple[str, str], Card]:
        """Every card by (lang, id), English first, each language in file order."""
        # lazy: yaml and the card parser load on the first resource request, not before the first tools/list
        from pm_assistant.knowledge.cards import load_cards

        with self._lock:
            if self._cards is None:
                self._cards = {(lang, card.id): card for lang in LANGS for card in load_cards(lang=lang)}
            return self._cards

    def entries(self) -> list[ResourceEntry]:
        """Every card in each language it exists in, then the documents list."""
        cards = [
            ResourceEntry(
                uri=card_uri(lang, card.id),
                name=card.id if lang == "en" else f"{lang}/{card.id}",
                title=card.title,
                description=f"Framework card ({lang}). Use when: {card.use_when}",
                mime_type=MARKDOWN,
            )
            for (lang, _), card in self.cards().items()
        ]
        documents = ResourceEntry(
            uri=DOCUMENTS_URI,
            name="documents",
            title="Ingested documents",
            description="The user's own documents in the knowledge base (id as cited in search results, title, "
            "format, size, when added, original path).",
            mime_type=JSON,
        )
        return [*cards, documents]

    def read(self, uri: str) -> tuple[str, str]:
        """(text, MIME type) of the resource at `uri`; ResourceNotFound when there is none."""
        if uri == DOCUMENTS_URI:
            return self._documents_json(), JSON
        lang, card_id = self._card_key(uri)
        card = self.cards().get((lang, card_id))
        if card is None or card.path is None:
            raise ResourceNotFound(f"{uri}: no such card{' in Chinese' if lang == 'zh' else ''}; "
                                   f"list the resources for the card ids (e.g. {card_uri('en', 'poc-four-steps')})")
        return Path(card.path).read_text(encoding="utf-8"), MARKDOWN

    def _card_key(self, uri: str) -> tuple[str, str]:
        """(lang, id) from a card URI in any of its spellings."""
        parts = urlsplit(uri)
        segments = [s for s in parts.path.split("/") if s]
        if parts.scheme != "pm" or parts.netloc != "cards" or not segments or len(segments) > 2:
            raise ResourceNotFound(
                f"{uri}: no such resource; the resources are {CARD_TEMPLATES['en']}, {CARD_TEMPLATES['zh']} "
                f"and {DOCUMENTS_URI}"
            )
        lang = segments[0] if len(segments) == 2 else "en"
        query_lang = parse_qs(parts.query).get("lang", [])
        if query_lang:
            lang = query_lang[-1]
        if lang not in LANGS:
            raise ResourceNotFound(f"{uri}: no cards in language '{lang}'; use en or zh")
        return lang, segments[-1]

    def _documents_json(self) -> str:
        """The ingested documents as JSON (reads the registry only: no index, no model)."""
        # lazy: the registry (and the chunker it imports) loads on the first read, not before the first tools/list
        from pm_assistant.knowledge.documents import DocumentRegistry

        records = DocumentRegistry(self.settings.documents_dir).records()
        documents = [
            {"id": r.source_id, "title": r.title, "format": r.fmt, "chars": r.chars, "chunks": r.chunks,
             "added_at": r.added_at, "path": r.path}
            for r in records
        ]
        return json.dumps({"documents": documents}, ensure_ascii=False, indent=2)
