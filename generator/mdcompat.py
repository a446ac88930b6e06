"""Make model-written (CommonMark-style) Markdown read the same under Python-Markdown.

Models write lists straight after a paragraph line and nest them with two spaces;
Python-Markdown needs a blank line before a list and four-space nesting. This is a
presentation fix applied when rendering pages: the data files keep the text as written.
"""

from __future__ import annotations

import re

_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def commonmark_lists(text: str) -> str:
    """Insert the blank line Python-Markdown needs before a list; widen 2-space nesting."""
    if "\n" not in text:
        return text
    out: list[str] = []
    fence: str | None = None
    in_list = False
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)[0]
            fence = None if fence == marker else (fence or marker)
            out.append(line)
            continue
        if fence:
            out.append(line)
            continue
        item = _ITEM.match(line)
        if item:
            indent = len(item.group("indent").expandtabs(4))
            if not in_list and out and out[-1].strip():
                out.append("")
            if in_list and 0 < indent < 4:
                line = " " * (indent * 2) + line.lstrip(" \t")
            in_list = True
        elif not line.strip():
            pass  # a blank line may sit between items
        elif not line.startswith((" ", "\t")):
            in_list = False
        out.append(line)
    return "\n".join(out)
