"""Side inputs: the model alias table and optional per-paper metadata files."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from pathlib import Path
from typing import Iterable

from generator.records import ModelInfo, PaperInfo


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
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise MetadataError(f"{path}: cannot read the model table: {exc}") from exc
        models = []
        for model_id, entry in data.get("models", {}).items():
            if not isinstance(entry, dict) or not isinstance(entry.get("name", ""), str):
                raise MetadataError(f"{path}: [models.\"{model_id}\"] needs name = \"...\"")
            models.append(ModelInfo(model_id, entry.get("name") or model_id,
                                    tuple(entry.get("aliases", ()))))
        return cls(models)

    def canonical(self, model: str) -> str:
        return self._alias.get(model.lower(), model)

    def info(self, model_id: str) -> ModelInfo:
        return self.models.get(model_id) or ModelInfo(model_id, model_id)


def title_from_id(paper_id: str) -> str:
    """'Reformer__A_Deep_Learning_Model' -> 'Reformer: A Deep Learning Model'.

    Short ids without underscores (``apt``, ``swin-transformer``) are kept as written.
    """
    if "_" not in paper_id:
        return paper_id
    title = paper_id.replace("__", ": ").replace("_", " ")
    return re.sub(r"\s+", " ", title).strip() or paper_id


def load_paper_metadata(paths: Iterable[Path]) -> dict[str, PaperInfo]:
    """Read CSV or JSON files with a ``paper`` key and any of ``title``, ``url``, ``task``."""
    out: dict[str, PaperInfo] = {}
    for path in paths:
        for row in _rows(path):
            paper = (row.get("paper") or row.get("id") or "").strip()
            if not paper:
                continue
            old = out.get(paper, PaperInfo(paper, ""))
            out[paper] = PaperInfo(
                id=paper,
                title=(row.get("title") or "").strip() or old.title,
                url=(row.get("url") or "").strip() or old.url,
                task=(row.get("task") or "").strip() or old.task,
            )
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MetadataError(f"{path}: cannot read metadata file: {exc.strerror}") from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MetadataError(f"{path}: not valid JSON: {exc}") from exc
        if isinstance(data, dict):
            data = [{"paper": k, **(v if isinstance(v, dict) else {})} for k, v in data.items()]
        if not isinstance(data, list):
            raise MetadataError(f"{path}: expected a list of objects with a 'paper' key")
        return [{k: str(v) for k, v in row.items() if v is not None} for row in data if isinstance(row, dict)]
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "paper" not in reader.fieldnames:
        raise MetadataError(f"{path}: expected a CSV header with a 'paper' column (and title, url or task)")
    return list(reader)
