"""Side inputs: the model alias table and optional per-paper metadata files.

Both are untrusted like the trajectories: anything wrong with them is a
:class:`MetadataError` whose message names the file, says what is wrong and what to do
(the command line prints it as ``error: <file>: <reason>`` and exits with status 2).
Metadata files are decoded as trajectories are (UTF-8, UTF-16, a legacy code page);
the model table is TOML, which is UTF-8 by definition. Paper URLs that are not absolute
``http``, ``https`` or ``mailto`` URLs are dropped with a warning in the build report.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path
from typing import Iterable

from generator.pipeline.decode import DecodeError, decode
from generator.records import Issue, ModelInfo, PaperInfo
from generator.untrusted.urls import safe_url

MAX_SIDE_FILE_BYTES = 64 * 1024 * 1024
MAX_FIELD_CHARS = 128 * 1024  # (the csv module's own default limit, stated)
FIELDS = ("title", "url", "task")
_SURROGATE = re.compile("[\ud800-\udfff]")


class MetadataError(ValueError):
    """A metadata or model file that cannot be used; the message names the file."""


class ModelTable:
    """Canonical model ids, display names and aliases, loaded from TOML data."""

    def __init__(self, models: Iterable[ModelInfo]):
        self.models = {m.id: m for m in models}
        self._alias = {}
        for m in self.models.values():
            for name in (m.id, *m.aliases):
                self._alias[name.lower()] = m.id

    @classmethod
    def load(cls, path: Path) -> "ModelTable":
        data = _read_bytes(path, "model table")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MetadataError(f"{path}: not UTF-8 text (byte {exc.start}); TOML files are UTF-8: "
                                "save it as UTF-8") from exc
        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise MetadataError(f"{path}: not valid TOML: {exc}") from exc
        entries = table.get("models", {})
        if not isinstance(entries, dict):
            raise MetadataError(f"{path}: `models` must be a table of [models.\"<id>\"] entries")
        models = [_model(path, model_id, entry) for model_id, entry in entries.items()]
        _check_aliases(path, models)
        return cls(models)

    def canonical(self, model: str) -> str:
        return self._alias.get(model.lower(), model)

    def info(self, model_id: str) -> ModelInfo:
        return self.models.get(model_id) or ModelInfo(model_id, model_id)


def _model(path: Path, model_id: str, entry: object) -> ModelInfo:
    where = f'{path}: [models."{model_id}"]'
    if not isinstance(entry, dict):
        raise MetadataError(f'{where} must be a table with name = "..." and aliases = [...]')
    name = entry.get("name", "")
    if not isinstance(name, str):
        raise MetadataError(f'{where}: name must be a string, e.g. name = "GPT-4o"')
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise MetadataError(f'{where}: aliases must be a list of strings, e.g. aliases = ["gpt4o"]')
    if not model_id.strip() or any(not a.strip() for a in aliases):
        raise MetadataError(f"{where}: a model id or alias is empty")
    return ModelInfo(model_id, name or model_id, tuple(aliases))


def _check_aliases(path: Path, models: list[ModelInfo]) -> None:
    """Every spelling (id or alias, ignoring case) names one model: no conflict, no cycle."""
    owner: dict[str, str] = {}
    for m in models:
        for name in dict.fromkeys(n.lower() for n in (m.id, *m.aliases)):
            other = owner.setdefault(name, m.id)
            if other != m.id:
                raise MetadataError(
                    f"{path}: {name!r} names two models, {other!r} and {m.id!r} (an alias may not be "
                    "another model's id or alias, in any case): keep it under one of them")


def title_from_id(paper_id: str) -> str:
    """'Reformer__A_Deep_Learning_Model' -> 'Reformer: A Deep Learning Model'.

    Short ids without underscores (``apt``, ``swin-transformer``) are kept as written.
    """
    if "_" not in paper_id:
        return paper_id
    title = paper_id.replace("__", ": ").replace("_", " ")
    return re.sub(r"\s+", " ", title).strip() or paper_id


def load_paper_metadata(paths: Iterable[Path], warnings: list[Issue] | None = None) -> dict[str, PaperInfo]:
    """Read CSV or JSON files with a ``paper`` key and any of ``title``, ``url``, ``task``.

    A URL that is not an absolute http(s) or mailto URL is dropped; ``warnings`` gets why."""
    out: dict[str, PaperInfo] = {}
    for path in paths:
        for row in _rows(path):
            paper = (row.get("paper") or row.get("id") or "").strip()
            if not paper:
                continue
            url = (row.get("url") or "").strip()
            if url and safe_url(url) is None:
                if warnings is not None:
                    warnings.append(Issue(str(path), f"paper {paper!r}: url {url!r} dropped: not an absolute "
                                                     "http, https or mailto URL (write it as https://...)"))
                url = ""
            old = out.get(paper, PaperInfo(paper, ""))
            out[paper] = PaperInfo(
                id=paper,
                title=(row.get("title") or "").strip() or old.title,
                url=url or old.url,
                task=(row.get("task") or "").strip() or old.task,
            )
    return out


def _read_bytes(path: Path, what: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_SIDE_FILE_BYTES:
            raise MetadataError(f"{path}: {size / 2**20:.0f} MiB; a {what} over "
                                f"{MAX_SIDE_FILE_BYTES // 2**20} MiB is not read (is it the right file?)")
        return path.read_bytes()
    except OSError as exc:
        raise MetadataError(f"{path}: cannot read the {what}: {exc.strerror or exc} "
                            "(check the path and its permissions)") from exc


def _text(path: Path) -> str:
    try:
        return decode(_read_bytes(path, "metadata file")).text
    except DecodeError as exc:
        reason = str(exc).split("; expected")[0]
        raise MetadataError(f"{path}: {reason}; expected a CSV or JSON metadata file") from exc


def _rows(path: Path) -> list[dict[str, str]]:
    text = _text(path)
    if path.suffix.lower() == ".json":
        return _json_rows(path, text)
    try:
        # (a StringIO, not splitlines(): that also breaks quoted fields at \x0c, \x85, \u2028...)
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "paper" not in reader.fieldnames:
            raise MetadataError(f"{path}: expected a CSV header with a 'paper' column (and title, url or task)")
        rows = []
        for row in reader:
            for key in ("paper", "id", *FIELDS):
                value = row.get(key)
                if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
                    raise MetadataError(f"{path}: line {reader.line_num}: the {key!r} field is over "
                                        f"{MAX_FIELD_CHARS // 1024} KB (is this the right file? check its quotes)")
            rows.append({k: v for k, v in row.items() if isinstance(k, str) and isinstance(v, str)})
        return rows
    except csv.Error as exc:
        raise MetadataError(f"{path}: line {reader.line_num}: not valid CSV ({exc}); "
                            "check its quotes and separators") from exc


def _json_rows(path: Path, text: str) -> list[dict[str, str]]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise MetadataError(f"{path}: not valid JSON: {str(exc)[:200]}") from exc
    if isinstance(data, dict):
        data = [{"paper": k, **(v if isinstance(v, dict) else {})} for k, v in data.items()]
    if not isinstance(data, list):
        raise MetadataError(f"{path}: expected a list of objects with a 'paper' key")
    rows = []
    for n, row in enumerate(data, 1):
        if not isinstance(row, dict):
            continue
        clean: dict[str, str] = {}
        for key in ("paper", "id", *FIELDS):
            value = row.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise MetadataError(f"{path}: entry {n}: {key!r} must be a string, not {type(value).__name__}")
            value = str(value)
            if _SURROGATE.search(value):
                raise MetadataError(f"{path}: entry {n}: {key!r} holds a lone surrogate escape (\\ud800-\\udfff), "
                                    "which is not text: fix the string's \\u escapes")
            if len(value) > MAX_FIELD_CHARS:
                raise MetadataError(f"{path}: entry {n}: {key!r} is over {MAX_FIELD_CHARS // 1024} KB "
                                    "(is this the right file?)")
            clean[key] = value
        rows.append(clean)
    return rows
