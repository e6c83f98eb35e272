"""The offline planner: a deterministic chat model that answers without an LLM endpoint.

`agent.offline.planner.OfflinePlanner` is the chat model the agent runs offline; `agent.offline.plan.plan`
is its pure routing and argument-extraction step, and `agent.offline.compose.compose` writes the answer.
"""
