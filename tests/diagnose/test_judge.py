"""The optional LLM judge: what it sends, how it reads verdicts, and its cap and error budget."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import Field

from pm_assistant.agent.diagnose.judge import MAX_CONSECUTIVE_ERRORS, FaithfulnessJudge, judge_prompt, parse_verdict

from .conftest import sample


class Recording(GenericFakeChatModel):
    """A scripted chat model that also keeps the messages it was sent."""

    disable_streaming: bool = True
    received: list[list[BaseMessage]] = Field(default_factory=list)

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.received.append(messages)
        return super()._generate(messages, *args, **kwargs)


class Failing(GenericFakeChatModel):
    disable_streaming: bool = True

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        raise TimeoutError("endpoint down")


def scripted(*replies: str) -> Recording:
    return Recording(messages=iter(AIMessage(r) for r in replies))


def test_judge_sends_the_prompt_and_the_sample_and_reads_the_verdict() -> None:
    model = scripted('Sure! ```json\n{"faithfulness": 0.5, "reason": "The 14 days are not in the context."}\n```')
    outcome = FaithfulnessJudge(model)(sample(response="Refunds take 14 days."))
    assert outcome is not None and outcome.score == 0.5
    assert outcome.finding == "Judge (LLM): faithfulness 0.50: The 14 days are not in the context."
    system, human = model.received[0]
    assert system.content == judge_prompt() and '"faithfulness"' in judge_prompt()
    assert '"response": "Refunds take 14 days."' in human.content


@pytest.mark.parametrize("reply", ["no json here", '{"faithfulness": 1.5, "reason": "x"}', '{"reason": "x"}'])
def test_unusable_verdicts_are_reported_not_raised(reply: str) -> None:
    outcome = FaithfulnessJudge(scripted(reply))(sample())
    assert outcome is not None and outcome.score is None
    assert outcome.finding.startswith("Judge (LLM): no usable verdict (")


def test_parse_verdict_rejects_missing_json() -> None:
    with pytest.raises(ValueError, match="no JSON object"):
        parse_verdict("I think it is fine.")


def test_cap_limits_the_number_of_calls() -> None:
    model = scripted(*['{"faithfulness": 1, "reason": "ok"}'] * 3)
    judge = FaithfulnessJudge(model, cap=2)
    outcomes = [judge(sample(index=i)) for i in range(3)]
    assert [o is not None for o in outcomes] == [True, True, False]
    assert len(model.received) == 2
    assert judge.notes()[-1] == "1 samples were not judged (cap 2 or judging stopped)."


def test_judging_stops_after_repeated_endpoint_failures() -> None:
    judge = FaithfulnessJudge(Failing(messages=iter([])))
    outcomes = [judge(sample(index=i)) for i in range(MAX_CONSECUTIVE_ERRORS + 2)]
    assert all(o.finding == "Judge (LLM): the call failed (TimeoutError)." for o in outcomes[:MAX_CONSECUTIVE_ERRORS])
    assert outcomes[MAX_CONSECUTIVE_ERRORS:] == [None, None]
    assert judge.stopped and any("stopped" in note for note in judge.notes())
