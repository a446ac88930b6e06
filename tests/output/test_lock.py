"""generator.output.lock: one writer at a time on an output folder, and no debris after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from generator.cli import main
from generator.output import lock
from generator.output.lock import OutputBusy, locked

from tests.conftest import REPO, SAMPLES


def test_a_second_build_waits_then_gives_up_with_a_message(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    monkeypatch.setattr(lock, "WAIT", 0.3)
    with locked(out):
        assert main(["build", str(SAMPLES), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert f"error: {out}: another build (pid {os.getpid()}) is writing this output folder" in err
    assert not (out / "index.md").exists()


def test_a_second_build_waits_for_the_first(tmp_path, capsys):
    out = tmp_path / "out"
    held = threading.Event()

    def first() -> None:
        with locked(out):
            held.set()
            time.sleep(0.5)

    t = threading.Thread(target=first)
    t.start()
    held.wait()
    started = time.monotonic()
    assert main(["build", str(SAMPLES), "--out", str(out), "-q"]) == 0
    assert time.monotonic() - started >= 0.4
    t.join()
    assert "waiting for another build" in capsys.readouterr().err


def test_two_builds_at_once_leave_every_listed_file_on_disk(tmp_path):
    out = tmp_path / "out"
    run = [sys.executable, "-m", "generator", "build", str(SAMPLES), "--out", str(out), "-q"]
    procs = [subprocess.Popen(run, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    listed = json.loads((out / ".generated.json").read_text())["files"]
    assert listed and all((out / rel).is_file() for rel in listed)


def test_a_killed_build_leaves_no_temporary_file_once_the_next_one_ends(tmp_path):
    out = tmp_path / "out"
    # a build killed while writing: it holds the lock and has a temporary file half written
    script = ("import os, signal, sys; from pathlib import Path; from generator.output.lock import locked\n"
              "out = Path(sys.argv[1])\n"
              "with locked(out):\n"
              "    (out / 'papers').mkdir()\n"
              "    (out / 'papers' / f'.tmp-{os.getpid()}-index.md').write_text('half')\n"
              "    os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", script, str(out)], cwd=REPO)
    assert done.returncode == -signal.SIGKILL
    assert list(out.rglob(".tmp-*"))
    assert main(["build", str(SAMPLES), "--out", str(out), "-q"]) == 0
    assert not list(out.rglob(".tmp-*"))


def test_a_build_that_failed_is_followed_by_a_sweep(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        with locked(out):
            (out / ".tmp-1-x.md").write_text("x")
            raise RuntimeError("boom")
    with locked(out):
        pass
    assert not (out / ".tmp-1-x.md").exists()


def test_the_holder_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(lock, "WAIT", 0.0)
    with locked(tmp_path):
        with pytest.raises(OutputBusy, match=f"pid {os.getpid()}"):
            with locked(tmp_path):
                pass


def test_writes_that_fail_half_way_exit_2_with_the_folder_named(tmp_path, monkeypatch, capsys):
    from generator.output import write

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(write, "atomic_write", refuse)
    out = tmp_path / "out"
    assert main(["build", str(SAMPLES), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {out}: cannot write") and "Permission denied" in err[0]
