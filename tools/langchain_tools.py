"""The calculators as langchain tools for the agent (only the agent imports this module: it loads langchain).

Each tool's content is the result as JSON text and its artifact the result dict itself, so the agent can
record exactly what the tool returned. Bad arguments never crash the tool loop: the model gets one line
"Error: <tool>: <field>: <problem>" back and can correct the call.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import ValidationError

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.model_schema import model_facing_schema
from pm_assistant.tools.registry import TOOLS, run_tool
from pm_assistant.tools.spec import ToolSpec


def _make_tool(spec: ToolSpec) -> StructuredTool:
    def call(**kwargs: Any) -> tuple[str, dict]:
        try:
            result = run_tool(spec.name, kwargs)
        except ToolInputError as exc:
            raise ToolException(f"Error: {exc}") from None
        return json.dumps(result, ensure_ascii=False), result

    def validation_message(exc: ValidationError) -> str:
        known = list(spec.input_model.model_fields)
        return f"Error: {ToolInputError.from_validation_error(spec.name, exc, known)}"

    return StructuredTool.from_function(
        func=call,
        name=spec.name,
        description=spec.summary,
        args_schema=model_facing_schema(spec.input_model),
        infer_schema=False,
        response_format="content_and_artifact",
        handle_tool_error=True,
        handle_validation_error=validation_message,
    )


def build_calculator_tools() -> list[BaseTool]:
    """One langchain StructuredTool per calculator, in registry order."""
    return [_make_tool(spec) for spec in TOOLS.values()]
