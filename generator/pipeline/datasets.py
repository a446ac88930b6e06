"""Benchmark datasets: each paper's ground truth, from Parquet, JSON or JSONL rows.

AblationBench's datasets (``ai-coscientist/researcher-ablation-bench`` and
``…/reviewer-ablation-bench``) have one row per paper: ``id``, ``paper_title``,
``paper_abstract``, and for the author task ``ablations_in_paper`` (a JSON *string* holding
a list of ``{name, ablated_part, action, replacement?, metrics}``), for the reviewer task
``review_text`` (a JSON string: the reviews' texts) and ``num_ablation_suggestions``. A user
has them as the hub ships them (Parquet) or as a JSON/JSONL export (where the JSON strings
may also be plain lists). Every row becomes a :class:`~generator.records.Reference`; a bad
file is one error, a bad row one warning, a paper listed twice a duplicate or a warning.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.output import jsontext
from generator.records import AUTHOR_TASK, REVIEWER_TASK, Ablation, Duplicate, Issue, Reference, SourceFile


@dataclass(frozen=True)
class DatasetResult:
    references: dict[str, Reference] = field(default_factory=dict)  # paper id -> its row, first file wins
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()


class DatasetError(ValueError):
    """A file that holds no readable dataset rows."""


def read_datasets(files: Sequence[SourceFile]) -> DatasetResult:
    """Every paper's row, from every dataset file (in path order: the first row of a paper wins)."""
    references: dict[str, Reference] = {}
    errors: list[Issue] = []
    warnings: list[Issue] = []
    duplicates: list[Duplicate] = []
    for file in sorted(files, key=lambda f: f.source):
        try:
            rows = dataset_rows(file)
        except DatasetError as exc:
            errors.append(Issue(file.source, str(exc)))
            continue
        task = dataset_task(file.source, rows)
        same: dict[str, int] = {}
        for number, raw in enumerate(rows, 1):
            ref, problems = reference(raw, task, file.source)
            warnings.extend(Issue(file.source, f"row {number}: {p}") for p in problems)
            if ref is None:
                continue
            old = references.get(ref.paper)
            if old is None:
                references[ref.paper] = ref
            elif _content(old) == _content(ref):
                same[old.source] = same.get(old.source, 0) + 1
            else:
                warnings.append(Issue(file.source, f"row {number}: paper {ref.paper!r} is also in {old.source}, "
                                      "with different content; the first in path order is shown"))
        for kept, n in same.items():
            duplicates.append(Duplicate(file.source, kept, f"{n} of {len(rows)} rows: the same papers' rows, "
                                        "same content"))
    return DatasetResult(references, tuple(errors), tuple(warnings), tuple(duplicates))


def dataset_rows(file: SourceFile) -> list[dict]:
    """The rows of a Parquet, JSON (a list of objects) or JSONL file (raises DatasetError)."""
    if file.source.lower().endswith(".parquet"):
        return _parquet_rows(file.data)
    text = file.data.decode("utf-8-sig", errors="replace")
    try:
        if file.source.lower().endswith(".jsonl"):
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            rows = json.loads(text)
    except ValueError as exc:
        raise DatasetError(f"dataset file is not valid JSON ({exc}); expected one row per paper") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise DatasetError("expected a list of rows (objects with id and paper_title), one per paper")
    return rows


def _parquet_rows(data: bytes) -> list[dict]:
    import pyarrow as pa  # (only when there is a Parquet file: ~0.2 s to import)
    import pyarrow.parquet as pq

    try:
        return pq.read_table(pa.BufferReader(data)).to_pylist()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DatasetError(f"cannot read this Parquet file ({exc}); expected the benchmark's dataset") from None


def dataset_task(source: str, rows: Sequence[dict]) -> str | None:
    """The benchmark task of a dataset: from its columns, else from its name."""
    keys = set().union(*(r.keys() for r in rows)) if rows else set()
    if "ablations_in_paper" in keys:
        return AUTHOR_TASK
    if {"review_text", "num_ablation_suggestions"} & keys:
        return REVIEWER_TASK
    return task_from_name(source)


def task_from_name(text: str) -> str | None:
    """``researcher``/``author`` → the author task, ``reviewer`` → the reviewer task."""
    low = text.lower()
    if "reviewer" in low:
        return REVIEWER_TASK
    if "researcher" in low or "author" in low:
        return AUTHOR_TASK
    return None


def reference(row: dict, task: str | None, source: str) -> tuple[Reference | None, list[str]]:
    """One row as a Reference (None when it names no paper) and what was wrong with it."""
    problems: list[str] = []
    paper = row.get("id")
    if not isinstance(paper, str) or not paper.strip():
        return None, ["no paper id (the id column); row skipped"]
    ablations: tuple[Ablation, ...] = ()
    if row.get("ablations_in_paper") is not None:
        items = _json_list(row["ablations_in_paper"], "ablations_in_paper", problems)
        ablations = tuple(a for a in (_ablation(x, i, problems) for i, x in enumerate(items, 1)) if a)
    reviews: tuple[str, ...] = ()
    if row.get("review_text") is not None:
        reviews = tuple(str(x) for x in _json_list(row["review_text"], "review_text", problems) if x is not None)
    suggestions = row.get("num_ablation_suggestions")
    if suggestions is not None:
        if isinstance(suggestions, (int, float)) and not isinstance(suggestions, bool) \
                and math.isfinite(suggestions) and suggestions >= 0 and suggestions == int(suggestions):
            suggestions = int(suggestions)
        else:
            problems.append(f"paper {paper!r}: num_ablation_suggestions is not a count; ignored")
            suggestions = None
    title = row.get("paper_title")
    return Reference(
        paper=paper, task=task, title=title.strip() if isinstance(title, str) else "",
        abstract=str(row.get("paper_abstract") or ""), ablations=ablations, reviews=reviews,
        suggestions=suggestions, source=source,
    ), problems


def _json_list(value: object, column: str, problems: list[str]) -> list:
    """A column holding a list, or a JSON string of one (as the benchmark stores it)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            problems.append(f"{column} is not valid JSON; ignored")
            return []
    if not isinstance(value, list):
        problems.append(f"{column} is not a list; ignored")
        return []
    return value


def _ablation(item: object, number: int, problems: list[str]) -> Ablation | None:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        problems.append(f"reference ablation {number} has no name; skipped")
        return None
    replacement = item.get("replacement")
    if replacement is None:
        values = None
    elif isinstance(replacement, dict):
        values = tuple(f"{k}: {_text(v)}" for k, v in replacement.items())
    elif isinstance(replacement, list):
        values = tuple(_text(v) for v in replacement)
    else:
        values = (_text(replacement),)
    metrics = item.get("metrics")
    metrics = tuple(_text(m) for m in metrics) if isinstance(metrics, list) else (() if metrics is None else (_text(metrics),))
    return Ablation(name=item["name"].strip(), ablated_part=_text(item.get("ablated_part") or ""),
                    action=_text(item.get("action") or "").strip().upper(), replacement=values, metrics=metrics)


def _text(value: object) -> str:
    return value if isinstance(value, str) else jsontext.dumps(value)


def _content(ref: Reference) -> tuple:
    return (ref.task, ref.title, ref.abstract, ref.ablations, ref.reviews, ref.suggestions)
