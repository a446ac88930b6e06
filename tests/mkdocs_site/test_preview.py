"""`make serve`: sources are watched and regenerated; the site follows (generator/mkdocs_site/preview.py)."""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from generator.mkdocs_site.preview import Preview
from tests.conftest import REPO, SAMPLES

PAGE = "trajectories/lm-planner/o3-mini/apt"


def wait_until(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def edit(path: Path, marker: str) -> None:
    """Add a word to the reasoning box (the end of its first <div>)."""
    path.write_bytes(path.read_bytes().replace(b"</div>", f"\n{marker}\n</div>".encode(), 1))


def source_of(folder: Path, heading: str) -> Path:
    return next(f for f in sorted(folder.iterdir()) if heading.encode() in f.read_bytes())


@pytest.fixture
def preview(tmp_path):
    src, out = tmp_path / "src", tmp_path / "site_src"
    shutil.copytree(SAMPLES, src)
    out.mkdir()
    rebuilds = []
    p = Preview([src], [], out, lambda: rebuilds.append(time.monotonic()))
    p.start()
    assert wait_until(lambda: rebuilds and (out / PAGE / "index.md").is_file())  # the first regeneration
    time.sleep(0.5)
    rebuilds.clear()
    yield src, out, rebuilds
    p.stop()


def test_a_source_edit_regenerates_and_asks_for_one_rebuild(preview):
    src, out, rebuilds = preview
    edit(source_of(src, "# lm-planner/o3-mini/apt"), "previewmarker1")
    assert wait_until(lambda: "previewmarker1" in (out / PAGE / "index.md").read_text(encoding="utf-8"))
    assert wait_until(lambda: rebuilds)
    time.sleep(0.5)
    assert len(rebuilds) == 1  # the generator's own writes do not ask again


def test_a_hand_written_page_edit_asks_for_a_rebuild(preview):
    _, out, rebuilds = preview
    (out / "about.md").write_text("# About\n\nEdited by hand.\n", encoding="utf-8")
    assert wait_until(lambda: rebuilds)


def test_an_unchanged_save_asks_for_nothing(preview):
    src, _, rebuilds = preview
    f = next(src.iterdir())
    f.write_bytes(f.read_bytes())
    time.sleep(1.0)
    assert rebuilds == []


def test_an_output_folder_inside_the_source_never_triggers_a_regeneration(tmp_path, monkeypatch):
    from generator.mkdocs_site import preview as module

    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    out = src / "site_src"
    out.mkdir()
    builds = []
    real = module.build
    monkeypatch.setattr(module, "build", lambda config: builds.append(1) or real(config))
    p = Preview([src], [], out, lambda: None)
    p.start()
    try:
        assert wait_until(lambda: (out / PAGE / "index.md").is_file())
        time.sleep(1.5)  # its own writes (hundreds of events in a watched folder) ask for nothing
        assert len(builds) == 1
        edit(source_of(src, "# lm-planner/o3-mini/apt"), "insidemarker")
        assert wait_until(lambda: "insidemarker" in (out / PAGE / "index.md").read_text(encoding="utf-8"))
        time.sleep(1.0)
        assert len(builds) == 2
    finally:
        p.stop()


def test_a_deleted_source_leaves_the_served_site_too(tmp_path):
    src, out, site = tmp_path / "src", tmp_path / "site_src", tmp_path / "site"
    shutil.copytree(SAMPLES, src)
    out.mkdir()
    served = site / PAGE / "index.html"  # as `mkdocs serve --dirty` built it
    served.parent.mkdir(parents=True)
    served.write_text("<h1>apt</h1>")
    p = Preview([src], [], out, lambda: None, site_dir=site)
    p.start()
    try:
        assert wait_until(lambda: (out / PAGE / "index.md").is_file())
        source_of(src, "# lm-planner/o3-mini/apt").unlink()
        assert wait_until(lambda: not (out / PAGE / "index.md").exists())
        assert wait_until(lambda: not served.exists())
        assert not served.parent.exists()
    finally:
        p.stop()


def _descendants(pid: int) -> set[int]:
    """Processes below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def test_mkdocs_serve_shows_an_edit_and_keeps_search(tmp_path):
    """The real thing: `mkdocs serve` as `make serve` runs it, then one edit of a source file."""
    src, docs = tmp_path / "src", tmp_path / "site_src"
    shutil.copytree(SAMPLES, src)
    docs.mkdir()
    shutil.copy(REPO / "site_src" / "about.md", docs / "about.md")
    subprocess.run([sys.executable, "-m", "generator", "build", str(src), "--out", str(docs), "-q"],
                   cwd=REPO, check=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for old, new in (("docs_dir: site_src", f"docs_dir: {docs}"), ("site_dir: site", f"site_dir: {tmp_path / 'site'}"),
                     ("custom_dir: theme_overrides", f"custom_dir: {REPO / 'theme_overrides'}"),
                     ("- generator/mkdocs_site/hook.py", f"- {REPO / 'generator/mkdocs_site/hook.py'}")):
        assert old in config
        config = config.replace(old, new, 1)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    builds = tmp_path / "tmp"  # `mkdocs serve` builds into a temporary folder: this one
    builds.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(builds)}
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(src), "--out", str(docs), "-q",
                               "--config", str(tmp_path / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"], cwd=REPO,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(server.stdout), daemon=True).start()
    base = f"http://127.0.0.1:{port}/"

    def get(path: str) -> bytes:
        try:
            with urllib.request.urlopen(base + path, timeout=10) as r:
                return r.read()
        except OSError:
            return b""

    def fragments() -> str:
        """The text of the search index's page fragments, in the folder `mkdocs serve` builds into."""
        return " ".join(gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
                        for f in builds.glob("mkdocs_*/pagefind/fragment/*.pf_fragment"))

    try:
        assert wait_until(lambda: b"<h1" in get(f"{PAGE}/"), 60), "".join(log)
        assert wait_until(lambda: get("pagefind/pagefind.js"), 60), "".join(log)
        edit(source_of(src, "# lm-planner/o3-mini/apt"), "servemarker42")
        assert wait_until(lambda: b"servemarker42" in get(f"{PAGE}/"), 60), "".join(log)
        assert wait_until(lambda: "servemarker42" in fragments(), 60), "".join(log)  # search follows
        assert sum("Regenerated" in line for line in log) >= 1
        # a deleted trajectory's page is no longer served
        source_of(src, "# lm-planner/o3-mini/apt").unlink()
        assert wait_until(lambda: b"<h1" not in get(f"{PAGE}/"), 60), "".join(log)
        # Ctrl-C: every process the preview started (Pagefind, workers) ends with it
        children = _descendants(server.pid)
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        assert wait_until(lambda: not any(_alive(pid) for pid in children), 15), children
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
