"""The `pm-assistant chat` REPL: session state, slash commands, transcripts, terminal input and rendering.

The loop (`agent.repl.loop.run_chat`) reads lines from any `read_line` callable, so tests drive it with
scripted input while the terminal uses prompt_toolkit (`agent.repl.terminal`).
"""
