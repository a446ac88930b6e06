"""Search: a Pagefind index of the built site (static, chunked, loaded on demand).

Pagefind ships as a binary inside its PyPI wheel (``pagefind[extended]``, which also
segments CJK text); it reads the built HTML and writes ``pagefind/`` into the site.
Only the page's ``<article>`` is indexed: navigation, permalinks and provenance notes
would only add noise to results.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

EXCLUDE = (".headerlink", ".tj-links", ".tj-prevnext", ".tj-source", ".tj-provenance", ".md-source-file")


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message says what to do."""


def build_search_index(site_dir: Path) -> str:
    """Index ``site_dir`` in place; return Pagefind's one-line summary."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--root-selector", "article",
           "--glob", "**/index.html", "--output-subdir", "pagefind"]
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    started = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind ({exc}); install it with "
                               "`pip install 'pagefind[extended]'` (make site does)") from exc
    if done.returncode != 0:
        raise SearchIndexError("Pagefind failed to index the site:\n" + (done.stderr or done.stdout)[-2000:])
    pages = next((line.strip() for line in done.stdout.splitlines() if "Indexed" in line and "page" in line), "")
    return f"{pages or 'done'} in {time.perf_counter() - started:.1f} s"
