"""Text made safe to show: control characters and escape sequences removed, lines and tabs kept.

Traces, proposals, ingested documents and model output can hold terminal escape sequences (colour, cursor
moves, window titles, hyperlinks) or bidirectional overrides that make text read differently than it is. None
of them is ever content a user needs, so they are dropped wherever text is shown.
"""

from __future__ import annotations

import re

# ESC-introduced sequences first (CSI, OSC up to BEL or ST, and two-character escapes), then lone controls:
# C0 except tab and newline, DEL, C1, and the bidirectional embedding/override/isolate marks.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """`text` without escape sequences and control characters (newlines and tabs stay; CR becomes nothing)."""
    if text.isprintable():  # the common case costs one scan
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))
