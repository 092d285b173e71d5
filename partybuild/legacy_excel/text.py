"""Text as legacy files write it: full-width characters, stray spaces."""

from __future__ import annotations

import re
from typing import Any

_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_TO_HALF[0x3000] = 0x20  # ideographic space
_SPACES = re.compile(r"\s+")
_ALL_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def normalize_text(value: Any) -> str:
    """Full-width letters, digits and punctuation → half-width; trim; collapse runs of spaces."""
    if value is None:
        return ""
    text = str(value).replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return _SPACES.sub(" ", text.translate(_FULL_TO_HALF)).strip()


def normalize_header(value: Any) -> str:
    """A header cell reduced for matching: half-width, no spaces at all ("序  号" → "序号"), no "*"/colon."""
    text = _ALL_SPACES.sub("", normalize_text(value))
    return text.strip("*:").lower()


_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")
