"""The same diagnosis under Ray Data, for traces beyond one machine (optional extra: `pip install -e ".[distributed]"`).

The per-sample work is `batch.diagnose_records`, mapped unchanged over the blocks of a dataset: `diagnose_lines` is
the whole map function (JSONL lines in, JSON result records out), so it runs in local mode, on a laptop, or on a
cluster (`ray.init(address=...)` before calling). The driver streams the results back in input order and computes
the summary from them alone (`runner.finish`, the same code as a local run), so a cluster run and a local run of
one trace agree sample for sample.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pm_assistant.agent.diagnose.batch import BATCH_SAMPLES, diagnose_records
from pm_assistant.agent.diagnose.results import SampleResult, Summary
from pm_assistant.agent.diagnose.runner import Sink, finish
from pm_assistant.core.errors import UserInputError

INSTALL_HINT = 'distributed diagnosis needs Ray Data: pip install -e ".[distributed]"'


def diagnose_lines(batch: Mapping[str, Any]) -> dict[str, list[str]]:
    """The map function: a batch of JSONL lines (column "text") to JSON result records (column "result")."""
    records = [json.loads(line) for line in batch["text"] if str(line).strip()]
    return {"result": [json.dumps(r, ensure_ascii=False) for r in diagnose_records(records)]}


def ray_diagnose(path: str | Path, sink: Sink, *, batch_size: int = BATCH_SAMPLES, local_cpus: int | None = None) -> Summary:
    """Diagnose a JSONL trace with Ray Data; results reach `sink` in input order, numbered from 0.

    Connects to a running Ray cluster when one is initialised, else starts Ray in local mode with `local_cpus`.
    """
    try:
        import ray
    except ImportError:
        raise UserInputError(INSTALL_HINT) from None
    if not Path(path).is_file():
        raise UserInputError(f"trace not found: {path} (give a .jsonl file)")
    if not ray.is_initialized():
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no telemetry
        ray.init(num_cpus=local_cpus, include_dashboard=False, log_to_driver=False,
                 _node_ip_address="127.0.0.1", configure_logging=False)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    dataset = ray.data.read_text(str(path)).map_batches(diagnose_lines, batch_size=batch_size, batch_format="numpy")

    def results():
        for position, row in enumerate(dataset.iter_rows()):
            result = SampleResult.from_record(json.loads(row["result"]))
            result.index = position
            yield result

    return finish(results(), sink)
