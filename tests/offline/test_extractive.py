"""Extractive framework answers: reading the question, choosing the card by meaning, picking the units that answer
it, in English and Chinese, from cards and from the user's own documents."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from pm_assistant.agent.engine.assistant import build_assistant
from pm_assistant.agent.offline.asking import asks_advice, read_question, topic_terms
from pm_assistant.agent.offline.choice import card_scores, facets_of
from pm_assistant.agent.offline.extractive import candidates, extractive_answer, score
from pm_assistant.agent.offline.plan import plan
from pm_assistant.agent.selfcheck.checks import cited_ids
from pm_assistant.core.config import Settings
from pm_assistant.knowledge.cards import load_cards
from pm_assistant.knowledge.chunking import chunk_card
from pm_assistant.knowledge.ingest import ingest_paths
from pm_assistant.knowledge.search import KnowledgeBase
from pm_assistant.knowledge.units import load_shipped_units, passage_units, unit_key
from tests.offline.fakes import fake_search

DEV_SET = Path(__file__).parent / "data" / "framework_dev.jsonl"


def overlap(question: str, texts: Sequence[str]) -> np.ndarray:
    """A stand-in similarity for unit tests: the share of the question's topic terms each text holds."""
    wanted = topic_terms(question)
    return np.array([len(wanted & topic_terms(t)) / max(1, len(wanted)) for t in texts])


def test_a_decision_question_names_its_two_options_in_either_language() -> None:
    english = read_question("Should we build a RAG bot or fine-tune a model for 40k tickets a month?")
    assert english.decision and english.labels == ("RAG bot", "fine-tune a model")
    chinese = read_question("AI 写作工具该用订阅制还是按量计费？")
    assert chinese.decision and chinese.lang == "zh" and chinese.labels == ("订阅制", "按量计费")
    assert not read_question("How do I run a proof of concept?").decision


def test_what_a_question_wants_from_a_card() -> None:
    assert read_question("What are the pitfalls of a POC?").wants >= {"pitfalls", "definition"}
    assert "steps" in read_question("怎么写 PR/FAQ？").wants
    assert "definition" in read_question("什么是逆向工作法？").wants


@pytest.mark.parametrize(("question", "advice"), [
    ("Our recommender team traded accuracy for recall. How do I judge whether that was right?", True),
    ("We get 30k tickets a month. Should we go with RAG or fine-tune our own model?", True),
    ("做 POC 的时候方案最多几个，资源怎么限制？", True),
    ("拿用户聊天记录训练模型之前要检查什么？", True),
    ("We invest ¥800k and save ¥1.5M a year. What's the payback?", False),
    ("我们投入80万，每年节省150万，多久回本？", False),
])
def test_advice_is_told_from_a_request_for_figures(question: str, advice: bool) -> None:
    assert asks_advice(question) is advice
    if advice:  # answered from the cards, with the calculator offered, never a request for inputs
        decided = plan(question)
        assert decided.intent == "framework" and decided.calls and decided.reply is None


@pytest.mark.parametrize(("question", "facets"), [
    ("What should I tell our execs so they don't expect magic?", ["executives"]),
    ("怎么跟老板汇报 AI 项目的价值？", ["executives"]),
    ("AI PM 面试问什么", ["being-hired"]),
    ("我要招一个 AI 产品经理，JD 该怎么写？", ["hiring"]),
    ("Users say our image generator is rubbish", ["end-users"]),
    ("New users drop off while installing our AI plugin", []),  # "our … users" apart is no cue
])
def test_audience_and_intent_are_read_from_the_question(question: str, facets: list[str]) -> None:
    assert [f.name for f in facets_of(question)] == facets


def test_the_audience_outweighs_a_better_retrieval_rank() -> None:
    passages = [{"id": "managing-ai-expectations"}, {"id": "value-bridge"}]
    fits = {"managing-ai-expectations": [1.0, 0.8], "value-bridge": [0.9, 0.7]}
    executives = card_scores("How do I set expectations with our CFO?", passages, fits)
    users = card_scores("How do I set expectations with our users?", passages, fits)
    assert max(executives, key=executives.__getitem__) == "value-bridge"
    assert max(users, key=users.__getitem__) == "managing-ai-expectations"


def test_a_decision_answer_gives_the_criteria_for_each_option() -> None:
    question = "Should we charge for our AI tool by subscription or usage-based billing?"
    passages = fake_search(question, k=6)["results"]
    answer = extractive_answer(question, passages, similarities=overlap)
    assert "Choose subscription when" in answer and "Choose usage-based billing when" in answer
    assert "**What decides between subscription and usage-based billing**" in answer
    assert cited_ids(answer)[0] == "ai-business-models"


def test_a_decision_gets_the_cards_parallel_criteria_even_when_an_option_shares_another_criterions_words() -> None:
    question = "Should we charge per seat or per API call for our document AI?"  # "API" is in "API licensing"
    passages = fake_search("subscription usage-based billing API licensing", k=6)["results"]
    answer = extractive_answer(question, passages, similarities=overlap)
    assert "Choose subscription when" in answer and "Choose usage-based billing when" in answer


@pytest.mark.parametrize(("question", "lang"), [("How do I explain the value bridge to our CFO?", "en"),
                                               ("怎么向老板解释价值桥梁？", "zh")])
def test_a_sentence_addressed_to_another_reader_yields_to_the_one_addressed_to_the_questions_reader(
        question: str, lang: str) -> None:
    reader, other = {"en": ("For executives", "For users"), "zh": ("对高管", "对用户")}[lang]
    chunks = [c for card in load_cards(lang=lang) if card.id == "value-bridge" for c in chunk_card(card)]
    found = candidates([{"id": c.source_id, "title": c.title, "section": c.section, "text": c.text} for c in chunks])

    def closer_to_the_other_reader(_question: str, texts: Sequence[str]) -> np.ndarray:
        """Similarities spread evenly, the sentence for the other reader well above the one for this reader (as
        the model sees "explain … to users" next to "explain … to the CEO")."""
        spread = np.linspace(0.0, 1.0, len(texts))
        return np.array([0.75 if t.startswith(other) else 0.4 if t.startswith(reader) else v
                         for t, v in zip(texts, spread, strict=True)])

    score(question, read_question(question), found, similarities=closer_to_the_other_reader)
    best = {prefix: max(c.score for c in found if c.unit.text.startswith(prefix)) for prefix in (reader, other)}
    assert best[reader] > best[other]


def test_every_line_is_carried_over_from_a_passage_and_cited() -> None:
    question = "How do I set up an annotation SOP for point clouds?"
    passages = fake_search(question, k=6)["results"]
    answer = extractive_answer(question, passages, similarities=overlap)
    source = " ".join(" ".join(str(p["text"]).replace("**", "").split()) for p in passages)
    for line in answer.splitlines():
        quoted = line.split(":** ", 1)[-1].removeprefix("- ").split(" [")[0]
        if line.startswith(("- ", "**In short")) and "**:" not in line:
            assert quoted in source, line
    assert answer.splitlines()[-1].startswith("Sources: [annotation-sop]")


def test_pitfalls_and_examples_only_when_asked() -> None:
    question = "How do I run a proof of concept?"
    plain = extractive_answer(question, fake_search(question, k=6)["results"], similarities=overlap)
    assert "Pitfalls to avoid" not in plain and "Worked example" not in plain
    asked = "What mistakes should we avoid in a proof of concept?"
    answer = extractive_answer(asked, fake_search(asked, k=6)["results"], similarities=overlap)
    assert "**Pitfalls to avoid:**" in answer


def test_a_chinese_question_gets_a_chinese_answer_from_the_chinese_card() -> None:
    chunks = [c for card in load_cards(lang="zh") if card.id == "poc-four-steps" for c in chunk_card(card)]
    passages = [{"id": c.source_id, "title": c.title, "section": c.section, "text": c.text} for c in chunks]
    answer = extractive_answer("做 POC 的时候方案最多几个？", passages, similarities=overlap)
    assert answer.startswith("**简短回答:**") and "来源: [poc-four-steps]" in answer
    assert "3 个方案" in answer


def test_a_card_retrieved_by_its_worked_example_alone_does_not_lead_an_empty_answer() -> None:
    def passages(card_id: str, sections: set[str]) -> list[dict[str, str]]:
        chunks = [c for card in load_cards(lang="zh") if card.id == card_id for c in chunk_card(card)]
        return [{"id": c.source_id, "title": c.title, "section": c.section, "text": c.text}
                for c in chunks if c.section in sections]

    question = "客服机器人引用了过期的政策文档，问题出在哪一层？"
    retrieved = [*passages("rag-failure-points", {"案例"}), *passages("hallucination-diagnosis-checklist", {"怎么用"})]
    answer = extractive_answer(question, retrieved, similarities=overlap)
    assert answer.startswith("**简短回答:**") and "[hallucination-diagnosis-checklist]" in answer.splitlines()[0]


def test_nothing_retrieved_says_so_in_the_question_language() -> None:
    assert "found nothing" in extractive_answer("anything?", [], similarities=overlap)
    assert "没有找到" in extractive_answer("这是什么？", [], similarities=overlap)


def test_list_items_are_units_with_their_heading() -> None:
    units = passage_units("Steps:\n1. **Write the SOP.** Define the class list.\n2. **Automate pre-checks.** Reject bad files.")
    assert [(u.kind, u.heading) for u in units] == [("item", "Write the SOP"), ("item", "Automate pre-checks")]
    assert units[0].text == "Write the SOP. Define the class list."


def test_every_card_unit_has_a_shipped_vector() -> None:
    shipped = load_shipped_units()
    assert shipped is not None
    texts = {u.text for card in load_cards() for chunk in chunk_card(card) for u in passage_units(chunk.text)}
    missing = [t for t in texts if unit_key(t) not in shipped.rows]
    assert not missing, f"{len(missing)} units lack a vector: run `python -m pm_assistant.knowledge.build_vectors`"


# -- through the agent, with the real index and model --------------------------------------------------------------


@pytest.fixture(scope="module")
def real_kb(built_home: Path) -> KnowledgeBase:
    return KnowledgeBase(Settings(home=built_home))


@pytest.mark.real_model
@pytest.mark.parametrize(("question", "card", "phrase"), [
    ("How do I write a PR/FAQ?", "working-backwards", "press release"),
    ("what is working backwards?", "working-backwards", "press release"),
    ("How do I manage stakeholder expectations about AI?", "value-bridge", "executives"),
    ("AI PM 面试问什么", "pm-interview-questions", "估算"),
    ("Should we build a RAG bot or fine-tune a model for 40k tickets a month, and how do I decide?",
     "ai-knowledge-checklist", "Prefer RAG first"),
])
def test_framework_questions_through_the_agent(real_kb: KnowledgeBase, built_home: Path, question: str, card: str,
                                               phrase: str) -> None:
    answer = build_assistant(Settings(home=built_home), kb=real_kb, offline=True).ask(question)
    assert answer.sources[0]["id"] == card, answer.answer
    assert phrase in answer.answer and "outside what I can help with" not in answer.answer
    assert answer.self_check.passed, answer.self_check.checks


@pytest.mark.real_model
def test_an_off_topic_question_without_a_named_subject_is_declined_after_retrieval(real_kb: KnowledgeBase,
                                                                                    built_home: Path) -> None:
    answer = build_assistant(Settings(home=built_home), kb=real_kb, offline=True).ask("how do I fix a flat bike tyre?")
    assert "outside what I can help with" in answer.answer


@pytest.mark.real_model
def test_an_answer_from_an_ingested_document_keeps_the_line_that_answers(built_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(built_home, home)
    note = tmp_path / "stt-vendors.md"
    note.write_text(
        "# Transcription vendor review\n\nThis review covers the speech-to-text vendors we trialled for call-centre "
        "transcription. The trial ran for four weeks on 1,200 recorded calls.\n\n## Method\n\nEach vendor received "
        "the same audio. We measured word error rate, median latency and price per minute.\n\n## Results\n\n"
        "VoxScribe: 7.9% word error rate at $0.012 a minute. Its diarisation was the best.\n\nParlance: 8.4% at "
        "$0.009 a minute, with on-premise deployment.\n\nEchoText: 10.3% at $0.006 a minute.\n\n## Outcome\n\n"
        "After the review with compliance, we went with Parlance for its price and the on-premise option. "
        "VoxScribe stays as the fallback.\n\n## Next steps\n\nSign the contract by 15 October.\n", encoding="utf-8")
    settings = Settings(home=home)
    kb = KnowledgeBase(settings)
    ingest_paths(kb, [note])
    answer = build_assistant(settings, kb=kb, offline=True).ask("Which speech-to-text vendor did we pick?")
    assert "we went with Parlance" in answer.answer.splitlines()[0]  # the line that answers leads
    assert answer.sources[0]["id"].startswith("user:") and answer.sources[0]["title"] == "Transcription vendor review"
    chinese = build_assistant(settings, kb=kb, offline=True).ask("我们最后选了哪家语音转写供应商？")
    assert "we went with Parlance" in chinese.answer


def test_the_dev_set_is_well_formed() -> None:
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    cards = {card.id for card in load_cards()}
    assert len(rows) >= 40 and sum(r["lang"] == "zh" for r in rows) >= len(rows) // 3
    assert all(r["card"] in cards and r["key"] for r in rows)
