"""PM Assistant: the agent, its CLI and REPL, proposal review and RAG diagnosis."""
