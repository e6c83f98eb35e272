"""The runner: batches across samples, caches repeated texts, keeps order, and adds judge verdicts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from pm_assistant.agent.diagnose.batch import EmbeddingCache, diagnose_records
from pm_assistant.agent.diagnose.judge import FaithfulnessJudge
from pm_assistant.agent.diagnose.results import SampleResult
from pm_assistant.agent.diagnose.runner import (
    diagnose_sample,
    diagnose_samples,
    diagnose_trace,
    stream_trace,
)
from pm_assistant.core.errors import UserInputError

from .conftest import HashEmbedder, sample

RETURNS = "Returns. You can return most items within 30 days of delivery."
DELIVERY = "Delivery. Standard delivery takes 3 to 5 business days."


def many(n: int) -> list:
    """n samples sharing two chunks; every fifth answer invents a number."""
    return [
        sample(
            f"How long do I have to return item number {i}?",
            [RETURNS, DELIVERY],
            "You can return most items within 30 days of delivery."
            if i % 5
            else "You can return items within 45 days of delivery.",
            index=i,
        )
        for i in range(n)
    ]


def test_words_and_figures_decide_without_any_embedding(embedder: HashEmbedder) -> None:
    diagnosis = diagnose_samples(many(150), embedder=embedder)
    assert embedder.calls == []  # every claim passed or failed on words and figures alone
    assert [s.index for s in diagnosis.samples] == list(range(150))


def test_relevance_asks_the_embedding_only_when_no_context_shares_a_word(embedder: HashEmbedder) -> None:
    rent = sample("Which documents do I need to rent a car?", ["Rental requirements. Bring a valid driving licence."],
                  "Bring a valid driving licence.")
    diagnosis = diagnose_samples([rent, *many(3)], embedder=embedder)
    assert embedder.calls and set(embedder.calls[0]) >= {rent.user_input, rent.retrieved_contexts[0]}
    assert all(RETURNS not in call for call in embedder.calls)
    assert len(diagnosis.samples) == 4


def test_results_and_summary_agree(embedder: HashEmbedder) -> None:
    diagnosis = diagnose_samples(many(20), embedder=embedder)
    wrong = [s.index for s in diagnosis.samples if s.failing]
    assert wrong == [0, 5, 10, 15]
    assert all("FP4" in diagnosis.samples[i].failure_points for i in wrong)
    assert diagnosis.summary.failing == 4 and diagnosis.summary.by_failure_point["FP4"] == 4
    payload = json.loads(json.dumps(diagnosis.to_dict()))
    assert set(payload) == {"samples", "summary"}
    assert {"samples", "failing", "by_layer", "by_failure_point", "top_fixes"} <= set(payload["summary"])


def test_cache_embeds_each_language_with_its_own_model() -> None:
    from .conftest import HashEmbedder

    english, chinese = HashEmbedder(), HashEmbedder()
    cache = EmbeddingCache(english, chinese=chinese)
    cache.warm(["Refunds take five days.", "退款需要五天。"])
    assert english.calls == [["Refunds take five days."]] and chinese.calls == [["退款需要五天。"]]
    assert cache.covers("退款需要五天。") and not EmbeddingCache(english).covers("退款需要五天。")
    assert EmbeddingCache(english).covers("Refunds take five days.")


def test_cache_evicts_the_least_recently_used(embedder: HashEmbedder) -> None:
    cache = EmbeddingCache(embedder, max_items=2)
    cache.warm(["alpha words", "beta words"])
    cache.warm(["alpha words", "gamma words"])  # alpha is reused, so beta is the oldest
    cache.warm(["beta words"])
    assert embedder.calls == [["beta words", "alpha words"], ["gamma words"], ["beta words"]]
    vector = cache.get("beta words")
    assert vector is not None and np.isclose(float(vector @ vector), 1.0)
    assert cache.get("alpha words") is None


def test_streaming_hands_results_in_order_and_summarises_them(embedder: HashEmbedder, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(s.model_dump()) + "\n" for s in many(30)), encoding="utf-8")
    seen: list[SampleResult] = []
    summary = stream_trace(path, seen.append, embedder=embedder)
    assert [r.index for r in seen] == list(range(30))
    assert summary.samples == 30 and summary.failing == sum(r.failing for r in seen) == 6


@pytest.mark.real_model
def test_workers_give_the_same_results_as_one_process(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(s.model_dump()) + "\n" for s in many(40)), encoding="utf-8")
    one = diagnose_trace(path)
    two = diagnose_trace(path, workers=2)
    assert [r.to_record() for r in one.samples] == [r.to_record() for r in two.samples]
    assert one.summary.to_dict() == two.summary.to_dict()


def test_a_bad_worker_count_is_a_usage_error(embedder: HashEmbedder) -> None:
    with pytest.raises(UserInputError, match="--workers"):
        diagnose_samples(many(1), embedder=embedder, workers=0)


def test_the_batch_function_takes_and_returns_plain_records() -> None:
    records = [s.model_dump() for s in many(6)]
    results = diagnose_records(records)
    assert [r["index"] for r in results] == list(range(6))
    assert json.loads(json.dumps(results)) == results
    assert SampleResult.from_record(results[0]).to_record() == results[0]
    assert results[0]["layer"] == "model" and results[1]["layer"] == "ok"


def test_single_sample_helper(embedder: HashEmbedder) -> None:
    result = diagnose_sample(sample(contexts=[]), embedder=embedder)
    assert result.layer == "retrieval" and result.failure_points == ["FP2"]


def test_trace_file_is_validated_before_any_embedding(embedder: HashEmbedder, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    good = {"user_input": "Q?", "retrieved_contexts": [], "response": "R"}
    path.write_text(json.dumps(good) + "\n" + "not json\n", encoding="utf-8")
    with pytest.raises(UserInputError, match=r"^t\.jsonl line 2: invalid JSON"):
        diagnose_trace(path, embedder=embedder)
    assert embedder.calls == []


class _Scripted(GenericFakeChatModel):
    disable_streaming: bool = True


def test_judge_verdicts_become_metrics_and_findings(embedder: HashEmbedder) -> None:
    replies = iter([AIMessage('{"faithfulness": 0.25, "reason": "45 days is not in the context."}')] * 2)
    judge = FaithfulnessJudge(_Scripted(messages=replies), cap=1)
    diagnosis = diagnose_samples(many(2), embedder=embedder, judge=judge)
    first, second = diagnosis.samples
    assert first.metrics["judged_faithfulness"] == 0.25
    assert first.findings[-1] == "Judge (LLM): faithfulness 0.25: 45 days is not in the context."
    assert "judged_faithfulness" not in second.metrics
    assert diagnosis.summary.metric_means["judged_faithfulness"] == 0.25
    assert any("1 samples were not judged" in note for note in diagnosis.summary.notes)


CANCEL = "Orders can be cancelled free of charge until they ship. After shipping, use the returns process."
PARAPHRASED = "Nothing to pay while the order has not left."


SYNONYMS = {"nothing": "free", "pay": "charge", "left": "ship"}


class SynonymEmbedder(HashEmbedder):
    """The hash embedder with a few synonyms mapped to one word first, so that a paraphrase can meet its source."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        mapped = [" ".join(SYNONYMS.get(w.lower().strip(",."), w) for w in text.split()) for text in texts]
        vectors = super().embed(mapped)
        self.calls[-1] = list(texts)
        return vectors


def test_claims_failing_the_word_test_are_embedded_in_one_call_for_their_batch() -> None:
    embedder = SynonymEmbedder()
    healthy = sample("Can I cancel my order?", [CANCEL], "Orders can be cancelled free of charge until they ship.")
    paraphrased = sample("Can I cancel my order?", [CANCEL], PARAPHRASED, index=1)
    diagnosis = diagnose_samples([healthy, paraphrased], embedder=embedder)
    assert len(embedder.calls) == 1  # only the paraphrase and what it is compared with
    assert any(text.startswith("Nothing to pay") for text in embedder.calls[0])
    assert [s.metrics["faithfulness"] for s in diagnosis.samples] == [1.0, 1.0]
    assert [s.layer for s in diagnosis.samples] == ["ok", "ok"]


def test_without_a_close_embedding_the_paraphrase_stays_unsupported(embedder: HashEmbedder) -> None:
    result = diagnose_sample(sample("Can I cancel my order?", [CANCEL], PARAPHRASED), embedder=embedder)
    assert result.metrics["faithfulness"] == 0.0
