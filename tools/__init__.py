"""Deterministic calculators for AI product decisions: the agent calls these so a model never does arithmetic.

`tools.registry` lists them (`TOOLS`, `run_tool`); `tools.langchain_tools` wraps them for the agent.
"""
