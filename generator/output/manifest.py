"""The manifest: which files of the docs folder the generator owns (one API for all readers).

``.generated.json`` in the output folder (MkDocs and Zensical ignore dot-files) maps each
generated file to ``{"size", "key"}``: its size when written and its render key (see
:mod:`generator.pages.plan`). A file not listed was written by hand and is never touched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import orjson

from generator.output import jsontext
from generator.output.atomic import atomic_write

MANIFEST = ".generated.json"
VERSION = 3


def load(root: Path) -> dict[str, dict]:
    """{path: {"size", "key"}}; an unreadable manifest owns nothing."""
    try:
        data = orjson.loads((Path(root) / MANIFEST).read_bytes())
        files = data.get("files", {})
        if not isinstance(files, dict):
            return {}
        return {str(k): (v if isinstance(v, dict) else {}) for k, v in files.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def owned(root: Path) -> set[str]:
    """The paths the generator wrote into ``root`` (relative, '/'-separated)."""
    return set(load(root))


def save(root: Path, files: Mapping[str, dict]) -> None:
    data = {"generator": "trajectory-site", "version": VERSION, "files": dict(sorted(files.items()))}
    text = jsontext.dumps(data)
    if not text.isascii():  # json's default: non-ASCII characters as \u escapes
        text = json.dumps(data, separators=(",", ":"))
    payload = (text + "\n").encode("utf-8")
    path = Path(root) / MANIFEST
    try:
        if path.read_bytes() == payload:
            return
    except OSError:
        pass
    atomic_write(path, payload)
