"""Search: a Pagefind index (static, chunked, loaded on demand) of the pages' content.

Pagefind ships as a binary inside its PyPI wheel (``pagefind[extended]``, which also
segments CJK text). It does not index the built pages: the MkDocs hook hands over each
page's rendered content as soon as it exists, and Pagefind, running as a service in its
own process (the protocol its Python and Node APIs use), indexes it on the other core
while MkDocs goes on; the index is written into ``site/pagefind/`` when the build ends.

The Python package's own client (``pagefind.index``) waits between replies, which would
cost minutes on a corpus (bench/README.md), so this module speaks the protocol itself: each
message is base64-encoded JSON followed by a comma, answered in the same form.
"""

from __future__ import annotations

import base64
import html
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

from generator import layout

EXCLUDE = (".headerlink", ".tj-noindex", ".tj-links", ".tj-others", ".tj-prevnext", ".tj-source", ".tj-provenance",
           ".tj-chart", ".tj-observation", ".tj-runbar", ".tj-step-label", ".tj-step-meta")
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
DOCUMENT = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            "</head><body><article>{content}</article></body></html>\n")
_DONE = object()
READ_PAUSE = 0.02  # seconds between reads of Pagefind's replies


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message says what to do."""


class StreamingIndex:
    """Index pages ``add``-ed one by one, in Pagefind's own process; ``install`` when done."""

    def __init__(self, lang: str = "en", start: bool = True):
        self.lang = self._lang = lang
        self.fed: set[str] = set()  # the pages added so far (site paths)
        self._started = time.perf_counter()
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._replies: dict[int, dict] = {}
        self._replied = threading.Condition()
        self._errors: list[str] = []
        self._indexed = 0
        self._next_id = 0
        self._finisher: threading.Thread | None = None
        try:
            self._process = subprocess.Popen(_on_one_cpu([str(_executable()), "--service"]), stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchIndexError(f"could not run Pagefind ({exc}); install it with "
                                   "`pip install 'pagefind[extended]'` (make site does)") from exc
        self._writer = threading.Thread(target=self._write, daemon=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._starting = threading.Lock()
        if start:
            self.start()

    def start(self) -> None:
        """Start talking to Pagefind (two threads), unless started already. An index made with
        ``start=False`` is only the process, so that this one may still fork (no thread runs)."""
        with self._starting:
            if self._writer.ident is None:
                self._reader.start()
                self._writer.start()

    def add(self, dest: str, title: str, content: str) -> None:
        """A page (its site path, e.g. ``papers/x/index.html``, title and content HTML)."""
        self.fed.add(dest)
        self._queue.put((dest, title, content))

    def finish(self, site_dir: Path) -> None:
        """No more pages: Pagefind builds the index and writes it to ``site_dir/pagefind`` now,
        in the background (the longest part of its work: start it as early as possible)."""
        if self._finisher is not None:
            return
        self.start()
        self._queue.put(_DONE)
        _on_every_cpu(self._process.pid)  # (writing the index is the last task of a build)
        target = Path(site_dir).resolve() / "pagefind"
        self._finisher = threading.Thread(target=self._write_files, args=(target,), daemon=True)
        self._finisher.start()

    def _write_files(self, target: Path) -> None:
        self._writer.join()
        try:
            if not self._errors:
                self._call({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(target)})
        except SearchIndexError as exc:
            self._errors.append(str(exc))
        finally:
            self._close()

    def install(self, site_dir: Path) -> str:
        """Wait for the index in ``site_dir/pagefind``; return a summary (raise on failure)."""
        self.finish(site_dir)
        self._finisher.join()
        target = Path(site_dir).resolve() / "pagefind"
        if self._errors:
            raise SearchIndexError("Pagefind failed to index the site:\n" + "\n".join(self._errors[:10]))
        for unused in UNUSED:  # Pagefind's own UIs: the site has Material's search box
            for path in target.glob(unused):
                path.unlink()
        return f"{self._indexed} pages in {time.perf_counter() - self._started:.1f} s"

    def discard(self) -> None:
        """Stop without writing anything."""
        self.start()
        if self._finisher is None:
            self._queue.put(_DONE)
        self._writer.join()
        self._close()

    # -- the protocol ------------------------------------------------------------------------

    def _write(self) -> None:
        try:
            config = {"exclude_selectors": list(EXCLUDE)}
            self._index_id = self._call({"type": "NewIndex", "config": config})["index_id"]
            done = False
            while not done:  # everything queued so far in one write: few GIL hand-overs
                batch = [self._queue.get()]
                while not self._queue.empty():
                    batch.append(self._queue.get())
                done = batch[-1] is _DONE
                for dest, title, content in batch[:-1] if done else batch:
                    self._send({"type": "AddFile", "index_id": self._index_id, "url": layout.search_url(dest), "file_path": None,
                                "file_contents": DOCUMENT.format(lang=self._lang, title=html.escape(title),
                                                                 content=content)}, flush=False)
                self._process.stdin.flush()
        except (OSError, SearchIndexError, KeyError) as exc:
            self._errors.append(f"the Pagefind service stopped ({exc})")
            while self._queue.get() is not _DONE:  # let install() go on
                pass

    def _send(self, payload: dict, flush: bool = True) -> int:
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}).encode("utf-8")
        self._process.stdin.write(base64.b64encode(message) + b",")
        if flush:
            self._process.stdin.flush()
        return self._next_id

    def _call(self, payload: dict) -> dict:
        """Send and wait for the reply."""
        message_id = self._send(payload)
        with self._replied:
            self._replied.wait_for(lambda: message_id in self._replies or self._process.poll() is not None)
            reply = self._replies.pop(message_id, None)
        if reply is None or reply.get("type") == "Error":
            raise SearchIndexError(f"{payload['type']} failed: "
                                   + (str(reply.get("message")) if reply else "Pagefind exited"))
        return reply

    def _read(self) -> None:
        buffer = b""
        while chunk := self._process.stdout.read1(1 << 20):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                self._receive(json.loads(base64.b64decode(message)))
            # Let replies pile up: each wake-up costs a GIL hand-over (slow while the
            # main thread is busy), so reading them one by one would hold Pagefind back.
            time.sleep(READ_PAUSE)
        with self._replied:
            self._replied.notify_all()

    def _receive(self, reply: dict) -> None:
        payload = reply.get("payload") or {}
        kind = payload.get("type")
        if kind == "IndexedFile":
            self._indexed += 1
            return
        if kind == "Error":
            self._errors.append(str(payload.get("message")))
        with self._replied:
            self._replies[reply.get("message_id")] = payload
            self._replied.notify_all()

    def _close(self) -> None:
        try:
            self._process.stdin.close()
        except OSError:
            pass
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
        if self._reader.ident is not None:
            self._reader.join()  # (its pipe is closed now)


def _on_one_cpu(command: list[str]) -> list[str]:
    """``command`` run on one CPU (the last this process may use), where ``taskset`` exists.

    Pagefind's work is mostly one thread's, but its threads free memory all the time, and
    with them on two CPUs each free interrupts the other CPU (a TLB flush): on the real
    corpus that cost it CPU time and slowed the build running beside it (bench/README.md).
    """
    try:
        cpus = os.sched_getaffinity(0)
    except AttributeError:  # not Linux
        return command
    taskset = shutil.which("taskset")
    if len(cpus) < 2 or taskset is None:
        return command
    return [taskset, "-c", str(max(cpus)), *command]


def _on_every_cpu(pid: int) -> None:
    """Let Pagefind run on every CPU this process may use (see :func:`_on_one_cpu`): once it
    has every page, writing the index is what the build waits for, and it goes faster there."""
    try:
        os.sched_setaffinity(pid, os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux, or Pagefind is gone (its error is reported)
        pass


def _executable() -> Path:
    from pagefind.service import get_executable  # the binary from the pagefind_bin wheels

    path = get_executable()
    if path is None:
        raise SearchIndexError("Pagefind's binary is missing; install it with "
                               "`pip install 'pagefind[extended]'` (make site does)")
    return path
