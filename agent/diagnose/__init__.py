"""RAG trace diagnosis without an LLM: metrics, hygiene checks, checklist layers, failure points, ranked fixes.

Entry points: `runner.diagnose_trace(path)` / `runner.diagnose_samples(samples)` / `runner.diagnose_sample(sample)`
return results (`results.Diagnosis`, `results.SampleResult`); `report.render_terminal` / `report.render_markdown`
show them. Reusable vocabulary: `taxonomy.LAYERS`, `taxonomy.FAILURE_POINTS`, `fixes.FIXES`, `fixes.ISSUES`.
"""
