"""What each input file is, from its name and the shape of its content.

A SOURCE folder may hold the Markdown pages AblationBench's authors exported (any name,
any extension), and the folders ``ablation-bench plan`` and ``ablation-bench eval`` write:
plans, completion logs, SWE-agent trajectories, judge verdicts, dataset files. Each file is
given one :class:`Kind`; the build hands each kind to its reader. A file no reader takes is
reported as skipped, with the reason, never silently dropped.

Only names that AblationBench or SWE-agent write are claimed here (``.jsonl``, ``.json``,
``.json.log``, ``.traj``, ``.parquet``, ...); every other file is read as a Markdown
trajectory, as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import Enum

from generator.records import SourceFile


class Kind(str, Enum):
    MARKDOWN = "Markdown trajectory"
    LM_PLAN = "LM-planner plan (<paper>.jsonl)"
    LM_LOG = "LM-planner completion log (<paper>.json.log)"
    RUN_PLANS = "run summary (plans.json)"
    AGENT_TRAJECTORY = "SWE-agent trajectory (.traj)"
    AGENT_PREDICTIONS = "SWE-agent predictions (preds.json, .pred)"
    JUDGE_EVALUATIONS = "judge scores (evaluations.json)"
    JUDGE_MATCHES = "judge verdicts (<paper>.jsonl)"
    JUDGE_LOG = "judge completion log (<paper>.json.log)"
    DATASET = "benchmark dataset (Parquet, JSON or JSONL)"
    BOOKKEEPING = "run bookkeeping (configuration, debug log)"
    UNKNOWN_DATA = "JSON of no known AblationBench shape"


PLAN_FIELDS = frozenset({"name", "ablated_part", "action", "metrics"})
DATASET_FIELDS = frozenset({"id", "paper_title"})
_BOOKKEEPING_SUFFIXES = (".debug.log", ".config.yaml", ".yaml", ".yml", ".log", ".patch", ".txt.log")


def classify(file: SourceFile) -> Kind:
    """The kind of one input file."""
    name = file.source.rsplit("/", 1)[-1].lower()
    in_eval = "/eval/" in f"/{file.source.lower()}"
    if name.endswith(".traj"):
        return Kind.AGENT_TRAJECTORY
    if name.endswith(".parquet"):
        return Kind.DATASET
    if name.endswith(".json.log"):
        return Kind.JUDGE_LOG if in_eval else Kind.LM_LOG
    if name == "plans.json":
        return Kind.RUN_PLANS
    if name == "preds.json" or name.endswith(".pred"):
        return Kind.AGENT_PREDICTIONS
    if name == "evaluations.json":
        return Kind.JUDGE_EVALUATIONS
    if name.endswith(".jsonl"):
        return _jsonl_kind(file.data, in_eval)
    if name.endswith(".json"):
        return _json_kind(file.data)
    if name.endswith(_BOOKKEEPING_SUFFIXES) or name in ("run_batch_exit_statuses.yaml", "sweagent_instances.yaml"):
        return Kind.BOOKKEEPING
    return Kind.MARKDOWN


def group(files: Iterable[SourceFile]) -> dict[Kind, list[SourceFile]]:
    """The files by kind, each list in the order given."""
    out: dict[Kind, list[SourceFile]] = {}
    for file in files:
        out.setdefault(classify(file), []).append(file)
    return out


def _first_object(data: bytes) -> dict | None:
    """The first non-blank line of a JSONL file, if it is a JSON object."""
    for line in data.splitlines():
        if line.strip():
            try:
                value = json.loads(line)
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
    return None


def _jsonl_kind(data: bytes, in_eval: bool) -> Kind:
    first = _first_object(data)
    if first is None:  # empty (a plan the model's reply could not give) or not JSON
        return Kind.JUDGE_MATCHES if in_eval else Kind.LM_PLAN
    keys = set(first)
    if "name_in_paper" in keys or "appears_in_review" in keys or ("name_in_plan" in keys and in_eval):
        return Kind.JUDGE_MATCHES
    if DATASET_FIELDS <= keys:
        return Kind.DATASET
    if keys & PLAN_FIELDS:
        return Kind.LM_PLAN
    return Kind.UNKNOWN_DATA


def _json_kind(data: bytes) -> Kind:
    try:
        value = json.loads(data)
    except ValueError:
        return Kind.UNKNOWN_DATA
    rows = value if isinstance(value, list) else None
    if rows and isinstance(rows[0], dict):
        keys = set(rows[0])
        if DATASET_FIELDS <= keys:
            return Kind.DATASET
        if {"f1_score", "precision", "recall"} & keys:
            return Kind.JUDGE_EVALUATIONS
    return Kind.UNKNOWN_DATA
