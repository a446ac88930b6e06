"""The synthetic run folders of ``scripts/make_sample_runs.py``, for the tests."""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

from tests.conftest import REPO


@lru_cache(maxsize=1)
def maker():
    """The script as a module (it is not part of the package)."""
    spec = importlib.util.spec_from_file_location("make_sample_runs", REPO / "scripts" / "make_sample_runs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_sample_runs", module)
    spec.loader.exec_module(module)
    return module


def make_runs(out: Path, **options):
    """A run folder at ``out`` made from the bundled samples; returns the trajectories used."""
    return maker().make(out, **options)
