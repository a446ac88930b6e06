"""The Pagefind service: started without threads (so the generator may still fork), on one CPU."""

from __future__ import annotations

import os
import shutil
import threading


from generator.mkdocs_site import pagefind as search_index
from generator.mkdocs_site.pagefind import StreamingIndex


def test_pagefind_runs_on_one_cpu_where_it_can(monkeypatch):
    command = ["pagefind", "--service"]
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5})
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/taskset")
    assert search_index._on_one_cpu(command) == ["/usr/bin/taskset", "-c", "5", "pagefind", "--service"]
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {2})
    assert search_index._on_one_cpu(command) == command  # one CPU: nothing to choose
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert search_index._on_one_cpu(command) == command  # no taskset: as is


def test_an_index_made_unstarted_runs_no_thread_until_started(tmp_path):
    before = threading.active_count()
    index = StreamingIndex(start=False)
    assert threading.active_count() == before  # the process only: forking is still safe
    index.add("a/index.html", "A", "<h1>Alpha</h1><p>harmony coefficient</p>")
    index.start()
    index.start()  # (once)
    assert threading.active_count() == before + 2
    summary = index.install(tmp_path)
    assert summary.startswith("1 pages") and (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 1


def test_an_index_never_started_can_be_discarded(tmp_path):
    index = StreamingIndex(start=False)
    index.discard()
    assert index._process.poll() is not None
    assert not (tmp_path / "pagefind").exists()
