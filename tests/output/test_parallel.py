import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from generator.output import parallel
from generator.build import build
from generator.config import BuildConfig
from generator.output.parallel import parallel_map

from tests.conftest import SAMPLES, TASKS, corpus_or_skip

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin",
    reason="no (safe) fork on this platform")


@pytest.fixture(autouse=True)
def _single_threaded():
    """A pool forks only when no other thread runs (one left by another test would block it)."""
    if threading.active_count() > 1:
        pytest.skip("another test left a thread running")


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@needs_fork
def test_results_come_in_order_from_worker_processes():
    offset = 7  # a closure reaches the workers by fork, unpickled
    with parallel_map(lambda x: (x + offset, os.getpid()), range(1000), workers=2) as futures:
        results = [f.result() for f in futures]
    assert [r for r, _ in results] == [x + offset for x in range(1000)]
    assert os.getpid() not in {pid for _, pid in results}


def test_small_inputs_and_one_core_stay_in_this_process(monkeypatch):
    with parallel_map(_square_and_pid, range(10)) as futures:  # below MIN_ITEMS
        assert [f.result() for f in futures] == [(x * x, os.getpid()) for x in range(10)]
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    with parallel_map(_square_and_pid, range(1000)) as futures:
        assert {f.result()[1] for f in futures} == {os.getpid()}
    with parallel_map(_square_and_pid, []) as futures:
        assert futures == []


@needs_fork
def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with parallel_map(_square_and_pid, range(1000), workers=2) as futures:
            assert {f.result()[1] for f in futures} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


@needs_fork
def test_a_failing_item_fails_its_future_and_workers_are_gone_after_the_block():
    def fn(x: int) -> int:
        if x == 500:
            raise ValueError("bad item")
        return x

    with parallel_map(fn, range(1000), workers=2) as futures:
        assert futures[0].result() == 0 and futures[999].result() == 999
        with pytest.raises(ValueError, match="bad item"):
            futures[500].result()
    assert threading.active_count() == 1
    assert not multiprocessing.active_children()


def test_in_this_process_an_exception_propagates_at_once():
    with pytest.raises(ZeroDivisionError):
        with parallel_map(lambda x: 1 // x, [1, 0, 2]):
            pass


def test_chunks_cover_every_item_once_and_shrink_towards_the_end():
    for n in (1, 2, 7, 100, 4725):
        chunks = list(parallel._chunks(n, 2))
        assert [i for a, b in chunks for i in range(a, b)] == list(range(n))
        sizes = [b - a for a, b in chunks]
        assert max(sizes) <= parallel.MAX_CHUNK and sizes == sorted(sizes, reverse=True)


def _listing(root: Path) -> list[tuple[str, bytes]]:
    return sorted((p.relative_to(root).as_posix(), p.read_bytes())
                  for p in root.rglob("*") if p.is_file() and ".cache" not in p.parts)


def _build_twice(sources: tuple[Path, ...], metadata: tuple[Path, ...], tmp_path: Path, monkeypatch):
    serial, forked = tmp_path / "serial", tmp_path / "parallel"
    with monkeypatch.context() as m:
        m.setattr(parallel, "cores", lambda: 1)
        build(BuildConfig(sources=sources, out=serial, metadata=metadata))
    with monkeypatch.context() as m:
        m.setattr(parallel, "MIN_ITEMS", 1)  # even the samples' few files and pages are forked out
        m.setattr(parallel, "cores", lambda: 2)
        result = build(BuildConfig(sources=sources, out=forked, metadata=metadata))
    return serial, forked, result


@needs_fork
def test_parallel_build_writes_what_a_serial_build_writes(tmp_path, monkeypatch):
    serial, forked, result = _build_twice((SAMPLES,), (), tmp_path, monkeypatch)
    assert result.rendered == len(result.written.written) > 20
    assert _listing(serial) == _listing(forked)


@needs_fork
@pytest.mark.corpus
def test_parallel_corpus_build_writes_what_a_serial_build_writes(tmp_path, monkeypatch):
    serial, forked, _ = _build_twice((corpus_or_skip(),), (TASKS,), tmp_path, monkeypatch)
    assert _listing(serial) == _listing(forked)


def test_futures_are_plain_concurrent_futures():
    with parallel_map(str, [1, 2]) as futures:
        assert all(isinstance(f, Future) and f.done() for f in futures)


def test_workers_end_when_their_parent_is_killed(tmp_path):
    """A build killed with SIGKILL leaves no worker process behind."""
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    script = ("import os, sys, time\nfrom generator.output.parallel import parallel_map\n"
              "folder = sys.argv[1]\n"
              "def work(i):\n"
              "    open(os.path.join(folder, str(os.getpid())), 'w').close()\n"
              "    time.sleep(60)\n"
              "with parallel_map(work, list(range(4)), min_items=1, workers=2) as futures:\n"
              "    [f.result() for f in futures]\n")
    parent = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=REPO)
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(p.name) for p in tmp_path.iterdir()]
    assert len(workers) == 2 and parent.pid not in workers
    parent.send_signal(signal.SIGKILL)
    parent.wait()

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as f:
                return f.read().split(") ")[1][0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:  # (not to leave them running when the test fails)
        os.kill(pid, signal.SIGKILL)
    assert not left
