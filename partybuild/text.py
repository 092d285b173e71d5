"""Small helpers for the Chinese text the portal writes around user data."""

from __future__ import annotations


def quoted(text: object) -> str:
    """“text”: quotes inside become ‘ ’ (Chinese nests single quotes inside double), so a title such as
    “我是党员”主题讲坛 reads “‘我是党员’主题讲坛”, never ““我是党员”主题讲坛”."""
    inner = str(text).strip()
    if inner.startswith("“") and inner.endswith("”") and inner.count("“") == 1 and inner.count("”") == 1:
        inner = inner[1:-1]  # already quoted as a whole: keep one pair
    return "“" + inner.replace("“", "‘").replace("”", "’") + "”"
