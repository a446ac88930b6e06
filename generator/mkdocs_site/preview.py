"""`make serve`: regenerate the docs folder as soon as a trajectory file changes.

Watches the source folders (inotify, through watchdog) and regenerates ``docs_dir``
incrementally in a thread of its own, while the preview server keeps serving; when pages
changed it asks the server for one rebuild. It also watches ``docs_dir`` itself for
hand-written pages (``about.md``, ``_intro.md``), ignoring the files the generator owns,
so its own writes never cause a second rebuild; an output folder inside a source folder is
not watched as a source (the build does not read it either), so the preview never triggers
itself. A page whose source is gone is removed from the served site too (``mkdocs serve
--dirty`` would keep serving it). (MkDocs' own watcher polls every 0.5 s,
and a rebuild started from inside the build, as a regenerating ``on_pre_build`` hook
would, is followed by a second one that holds up the browser's reload.)
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator import layout
from generator.build import build
from generator.config import DEFAULT_MODELS, BuildConfig
from generator.output import manifest

log = logging.getLogger("mkdocs.plugins.trajectories")
SETTLE = 0.05  # seconds without further changes before regenerating (an editor's save is several events)


class Preview:
    """Regenerate ``out`` from ``sources`` on change; ``rebuild()`` when the site must follow."""

    def __init__(self, sources: Sequence[Path], metadata: Sequence[Path], out: Path, rebuild: Callable[[], None],
                 models: Path | None = None, site_dir: Path | None = None):
        self.config = BuildConfig(sources=tuple(sources), out=out, metadata=tuple(metadata),
                                  models=models or DEFAULT_MODELS)
        self.rebuild = rebuild
        self.out = out.resolve()
        self.site_dir = site_dir.resolve() if site_dir is not None else None
        self._changed = threading.Event()
        self._owned: set[str] = set()
        self._observer = Observer()
        self._observer.daemon = True
        self._stopped = threading.Event()
        self._loop_thread: threading.Thread | None = None

    def start(self, watch_docs: bool = True) -> None:
        """Start watching; the first regeneration brings ``out`` up to date."""
        self._load_owned()
        for source in self.config.sources:
            self._observer.schedule(_Handler(self._source_changed), str(source), recursive=True)
        if watch_docs:
            self._observer.schedule(_Handler(self._docs_changed), str(self.out), recursive=True)
        self._observer.start()
        self._loop_thread = threading.Thread(target=self._loop, daemon=True)
        self._loop_thread.start()
        self._changed.set()

    def stop(self) -> None:
        """Stop watching and regenerating (the server is shutting down)."""
        self._stopped.set()
        self._changed.set()
        self._observer.stop()
        self._observer.join()
        if self._loop_thread is not None:
            self._loop_thread.join()

    def _source_changed(self, path: str) -> None:
        if not _inside(path, self.out):  # (the output folder in a source folder: our own writes)
            self._changed.set()

    def _docs_changed(self, path: str) -> None:
        try:
            rel = Path(path).resolve().relative_to(self.out)
        except ValueError:
            return
        if any(part.startswith(".") for part in rel.parts) or rel.as_posix() in self._owned:
            return  # the generator's own output, cache or temporary files
        self.rebuild()

    def _loop(self) -> None:
        while not self._stopped.is_set():
            self._changed.wait()
            if self._stopped.is_set():
                return
            while self._changed.is_set():  # let a burst of events settle
                self._changed.clear()
                time.sleep(SETTLE)
            try:
                result = build(self.config)
            except Exception as exc:  # keep serving; the message says what went wrong
                log.error("Regenerating %s failed: %s", self.out, exc)
                continue
            self._load_owned()
            self._unpublish(result.written.removed)
            changed = len(result.written.written) + len(result.written.removed)
            log.info("Regenerated %s: %d files written, %d removed in %.2f s", self.out,
                     len(result.written.written), len(result.written.removed), result.seconds)
            if changed:
                self.rebuild()

    def _load_owned(self) -> None:
        self._owned = manifest.owned(self.out)

    def _unpublish(self, removed: Sequence[str]) -> None:
        """Remove from the served site the pages and data files the generator removed."""
        if self.site_dir is None:
            return
        for rel in removed:
            page = self.site_dir / (layout.dest_of(rel) if layout.is_page(rel) else rel)
            try:
                page.unlink()
                page.parent.rmdir()  # (its folder, when the page was all it held)
            except OSError:
                pass


def _inside(path: str, folder: Path) -> bool:
    try:
        real = Path(path).resolve()
    except OSError:
        return False
    return real == folder or folder in real.parents


class _Handler(FileSystemEventHandler):
    def __init__(self, callback: Callable[[str], None]):
        self.callback = callback

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path:
                self.callback(str(path))
