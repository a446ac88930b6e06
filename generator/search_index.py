"""Search: a Pagefind index (static, chunked, loaded on demand) of the pages' content.

Pagefind ships as a binary inside its PyPI wheel (``pagefind[extended]``, which also
segments CJK text). It does not index the built pages: the MkDocs hook hands over each
page's rendered content as soon as it exists, and Pagefind indexes those small documents
(same URLs as the site) in the background while MkDocs is still rendering the theme around
them; the index is moved into ``site/pagefind/`` when the build ends.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Mapping

EXCLUDE = (".headerlink", ".tj-links", ".tj-prevnext", ".tj-source", ".tj-provenance", ".tj-chart")
DOCUMENT = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            "</head><body><article>{content}</article></body></html>\n")


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message says what to do."""


class BackgroundIndex:
    """Index documents ``{dest path: (title, content html)}`` in a thread; ``install`` when done."""

    def __init__(self, documents: Mapping[str, tuple[str, str]], lang: str = "en"):
        self._work = Path(tempfile.mkdtemp(prefix="tj-search-"))
        self._documents = dict(documents)
        self._lang = lang
        self._result: str | SearchIndexError | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def install(self, site_dir: Path) -> str:
        """Wait for the index, put it at ``site_dir/pagefind``; return Pagefind's summary."""
        self._thread.join()
        try:
            if isinstance(self._result, SearchIndexError):
                raise self._result
            target = site_dir / "pagefind"
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(str(self._work / "index"), str(target))
            return str(self._result)
        finally:
            shutil.rmtree(self._work, ignore_errors=True)

    def _run(self) -> None:
        started = time.perf_counter()
        docs = self._work / "docs"
        for dest, (title, content) in self._documents.items():
            path = docs / dest
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(DOCUMENT.format(lang=self._lang, title=html.escape(title), content=content),
                            encoding="utf-8")
        cmd = [sys.executable, "-m", "pagefind", "--site", str(docs), "--output-path", str(self._work / "index")]
        for selector in EXCLUDE:
            cmd += ["--exclude-selectors", selector]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            self._result = SearchIndexError(f"could not run Pagefind ({exc}); install it with "
                                            "`pip install 'pagefind[extended]'` (make site does)")
            return
        if done.returncode != 0:
            self._result = SearchIndexError("Pagefind failed to index the site:\n"
                                            + (done.stderr or done.stdout)[-2000:])
            return
        pages = next((ln.strip() for ln in done.stdout.splitlines() if "Indexed" in ln and "page" in ln), "")
        self._result = f"{pages or 'done'} in {time.perf_counter() - started:.1f} s (in the background)"
