"""Cards as resources in both languages, the resource templates, and the three prompts with their cards."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from mcp import ClientSession, McpError, types

from pm_assistant.knowledge.cards import CARDS_DIR
from tests.mcp.conftest import mcp_client, read_text

pytestmark = pytest.mark.anyio

CONTRACT_CARD_IDS = (
    "working-backwards act-now-mvp hallucination-diagnosis-checklist annotation-sop pmf-vs-tpf "
    "managing-ai-expectations ai-onboarding ai-pm-roles-hiring ai-pm-skill-stack ai-product-metrics "
    "ai-business-models pm-interview-questions ai-product-characteristics ai-pm-core-skills human-ai-collaboration "
    "data-demand-five-steps risk-cost-matrix value-bridge ai-knowledge-checklist architecture-bottlenecks "
    "metrics-to-business hallucination-control-thresholds ai-cost-calculator technical-review-five-questions "
    "poc-four-steps investment-scoring-card differentiation-matrix tech-trend-radar lifelong-learning "
    "ethics-checklist rag-failure-points rag-triad"
).split()


@pytest.fixture(scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ClientSession]:
    async with mcp_client(tmp_path_factory.mktemp("mcp-home")) as connected:
        yield connected


async def test_every_card_is_a_resource_in_each_of_its_languages(client: ClientSession) -> None:
    resources = {str(r.uri): r for r in (await client.list_resources()).resources}
    english = {f"pm://cards/{card_id}" for card_id in CONTRACT_CARD_IDS}
    chinese = {f"pm://cards/zh/{p.stem}" for p in (CARDS_DIR / "zh").glob("*.md")}
    assert english <= set(resources) and chinese and chinese <= set(resources)
    assert "pm://documents" in resources
    poc = resources["pm://cards/poc-four-steps"]
    assert poc.mimeType == "text/markdown" and poc.title == "Proof-of-concept in four steps"
    templates = {t.uriTemplate for t in (await client.list_resource_templates()).resourceTemplates}
    assert templates == {"pm://cards/{id}", "pm://cards/zh/{id}"}


async def test_a_card_reads_as_its_markdown_in_english_and_chinese(client: ClientSession) -> None:
    english = (CARDS_DIR / "en" / "poc-four-steps.md").read_text(encoding="utf-8")
    assert await read_text(client, "pm://cards/poc-four-steps") == (english, "text/markdown")
    chinese = (CARDS_DIR / "zh" / "poc-four-steps.md").read_text(encoding="utf-8")
    for uri in ("pm://cards/zh/poc-four-steps", "pm://cards/poc-four-steps?lang=zh"):
        assert await read_text(client, uri) == (chinese, "text/markdown")


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("pm://cards/no-such-card", "no such card"),
        ("pm://cards/poc-four-steps?lang=fr", "no cards in language 'fr'"),
        ("pm://cards/../../pyproject.toml", "no such"),
        ("file:///etc/passwd", "no such resource"),
    ],
)
async def test_an_unknown_resource_is_a_one_line_protocol_error(client: ClientSession, uri: str, says: str) -> None:
    with pytest.raises(McpError) as caught:
        await client.read_resource(uri)
    assert says in str(caught.value) and "\n" not in str(caught.value)
    assert (await client.read_resource("pm://cards/rag-triad")).contents  # still serving


async def prompt(client: ClientSession, name: str, args: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A rendered prompt: its instruction text and the cards embedded after it (URI -> markdown)."""
    first, *rest = (await client.get_prompt(name, args)).messages
    assert first.role == "user" and isinstance(first.content, types.TextContent)
    cards = {}
    for message in rest:
        assert isinstance(message.content, types.EmbeddedResource)
        assert isinstance(message.content.resource, types.TextResourceContents)
        cards[str(message.content.resource.uri)] = message.content.resource.text
    return first.content.text, cards


async def test_the_three_prompts_steer_to_the_tools_and_embed_their_cards(client: ClientSession) -> None:
    prompts = {p.name: p for p in (await client.list_prompts()).prompts}
    assert set(prompts) == {"review-proposal", "why-is-my-rag-failing", "estimate-ai-running-cost"}
    assert all(not a.required for p in prompts.values() for a in p.arguments or [])

    text, _ = await prompt(client, "review-proposal", {"path": "examples/proposals/thin_idea.txt"})
    assert 'review_proposal` tool with path="examples/proposals/thin_idea.txt"' in text
    text, cards = await prompt(client, "why-is-my-rag-failing", {"symptoms": "answers cite the wrong policy"})
    assert "diagnose_rag_trace" in text and "answers cite the wrong policy" in text
    assert list(cards) == ["pm://cards/hallucination-diagnosis-checklist", "pm://cards/rag-failure-points"]
    text, cards = await prompt(client, "estimate-ai-running-cost", {"currency": "¥"})
    assert "ai_cost_estimate" in text and "in ¥, never converted" in text
    assert cards["pm://cards/ai-cost-calculator"].startswith("---\nid: ai-cost-calculator")

    with pytest.raises(McpError, match="unknown prompt 'nope'"):
        await client.get_prompt("nope")
    with pytest.raises(McpError, match="path: is not a known argument"):
        await client.get_prompt("estimate-ai-running-cost", {"path": "x"})
