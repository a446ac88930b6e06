"""URLs from input (paper metadata): allow-listed, or dropped.

Only absolute ``http``, ``https`` and ``mailto`` URLs reach a page; anything else — another
scheme (``javascript:``, ``data:``, ``vbscript:``, in any case or spelling), a relative
path, a URL with spaces or control characters — gives ``None`` and the page shows no link.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SCHEMES = ("http", "https", "mailto")
_UNSAFE = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")


def safe_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) or mailto URL, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url
