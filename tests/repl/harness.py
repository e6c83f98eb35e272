"""Drive the REPL without a terminal: a scripted assistant, a console that records, and scripted input."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from rich.console import Console

from pm_assistant.agent.engine.assistant import Assistant, build_assistant
from pm_assistant.agent.repl.loop import run_chat
from pm_assistant.agent.repl.session import ChatSession
from pm_assistant.agent.repl.terminal import PlainReader
from pm_assistant.agent.repl.transcript import TranscriptStore
from pm_assistant.core.config import Settings, load_settings
from tests.agent.fakes import call, knowledge_base, scripted

POC_QUESTION = "How do I run a POC?"
POC_ANSWER = "Set a goal, compare at most 3 options within 10 days [poc-four-steps]."


def poc_replies() -> list[AIMessage]:
    """A model turn that searches, then answers citing what it found."""
    return [AIMessage(content="", tool_calls=[call("search_knowledge", {"query": "POC four steps"})]),
            AIMessage(content=POC_ANSWER)]


def recording_console() -> Console:
    """A console writing to memory, as a non-terminal of width 100."""
    return Console(file=io.StringIO(), width=100, force_terminal=False)


def output_of(console: Console) -> str:
    """Everything printed so far."""
    return console.file.getvalue()  # type: ignore[attr-defined]


def llm_settings(**overrides: object) -> Settings:
    """Settings for LLM mode (the endpoint is a fake or a loopback server)."""
    values = {"api_key": "test-key", "model": "gpt-4o-mini", "max_retries": 0, "timeout_s": 5.0, **overrides}
    return Settings(home=load_settings().home, **values)  # type: ignore[arg-type]


def factory_of(models: dict[str, Callable[[], BaseChatModel]], settings: Settings,
               ) -> Callable[[bool, str | None], Assistant]:
    """An assistant factory over fakes: `models["offline"]` for offline, `models[name]` (or `"llm"`) otherwise."""
    kb = knowledge_base()

    def factory(offline: bool, model_name: str | None) -> Assistant:
        if offline:
            return build_assistant(settings, model=models["offline"](), kb=kb, mode="offline")
        key = model_name if model_name in models else "llm"
        return build_assistant(settings, model=models[key](), kb=kb, mode="llm", model_name=model_name)

    return factory


def make_session(*replies: AIMessage, mode: str = "offline", settings: Settings | None = None,
                 factory: Callable[[bool, str | None], Assistant] | None = None,
                 model: BaseChatModel | None = None) -> ChatSession:
    """A session whose assistant runs a scripted model (standing in for the planner or an LLM)."""
    settings = settings or (llm_settings() if mode == "llm" else load_settings())
    model = model or scripted(*replies)
    assistant = build_assistant(settings, model=model, kb=knowledge_base(), mode=mode)  # type: ignore[arg-type]
    factory = factory or factory_of({"offline": lambda: scripted(), "llm": lambda: scripted()}, settings)
    return ChatSession(settings, assistant, factory, TranscriptStore(settings.transcripts_dir))


def run_script(session: ChatSession, lines: Iterable[str], *, resume: bool = False,
               console: Console | None = None, debug: bool = False) -> str:
    """Run the REPL over these input lines (then end of input); returns what it printed."""
    console = console or recording_console()
    reader = PlainReader(io.StringIO("".join(f"{line}\n" for line in lines)), console)
    assert run_chat(session, reader, console, resume=resume, debug=debug) == 0
    return output_of(console)
