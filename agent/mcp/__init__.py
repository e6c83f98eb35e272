"""`pm-assistant mcp`: the assistant's tools, cards and prompts served over the Model Context Protocol.

Only `server` imports the `mcp` SDK; the other modules are plain Python over the assistant's own layers, so they
can be tested and reused without it. Nothing here writes files: tools only read (under the allowed roots) and
compute; the knowledge index may be built into PM_ASSISTANT_HOME on first search, as the CLI does.
"""
