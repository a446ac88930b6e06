"""Judge outputs: the scores (``evaluations.json``) and per-paper verdicts (``<paper>.jsonl``).

``ablation-bench eval --output-dir D`` writes, per judge, ``D/evaluations.json`` (a list,
one object per paper: ``id``, ``true_labels``, ``pred_labels``, ``precision``, ``recall``,
``f1_score``, ``ndcg_score`` for some author-task judges, ``cost``) and ``D/<paper>.jsonl``:
for the author task one ``{"name_in_paper", "name_in_plan": str | [str] | null}`` per
reference ablation (the match map), for the reviewer task one ``{"name_in_plan",
"appears_in_review"}`` per proposed ablation. ``D`` says what was judged:
``…/eval/<researcher|author|reviewer>/<simple_lm|sweagent>/<model>/<judge…>/``.

:func:`read_judgments` turns these files into :class:`~generator.records.Evaluation`
records (one per paper and judge); :mod:`generator.pipeline.attach` ties them to the
trajectories. Every file ends as evaluations, or as a reported error or warning.
"""

from __future__ import annotations

import json
import math
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from generator.pipeline.datasets import task_from_name
from generator.pipeline.metadata import ModelTable
from generator.pipeline.run_path import AGENT_PLANNER, LM_PLANNER, PLANNER_FOLDERS
from generator.records import AUTHOR_TASK, REVIEWER_TASK, Evaluation, Issue, SourceFile

# the planner folder names of AblationBench's run layout (and our own ids) -> planner id
PLANNERS = {**PLANNER_FOLDERS, LM_PLANNER: LM_PLANNER, AGENT_PLANNER: AGENT_PLANNER}
LAYOUT = "…/eval/<researcher|reviewer>/<simple_lm|sweagent>/<model>/<judge>/"


@dataclass(frozen=True)
class JudgeResult:
    evaluations: tuple[Evaluation, ...] = ()
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class JudgeFolder:
    planner: str
    model: str  # as the folder names it (not yet canonical)
    task: str | None
    judge: str


def judge_folder(source: str) -> JudgeFolder | None:
    """What a judge's output folder judged, from its path (None: the path does not say)."""
    parts = source.split("/")[:-1]
    low = [p.lower() for p in parts]
    start = low.index("eval") + 1 if "eval" in low else 0
    for i in range(start, len(parts) - 1):
        if low[i] in PLANNERS:
            task = task_from_name(parts[i - 1]) if i > 0 else None
            return JudgeFolder(PLANNERS[low[i]], parts[i + 1], task, "/".join(parts[i + 2:]) or "judge")
    return None


def read_judgments(scores: Sequence[SourceFile], verdicts: Sequence[SourceFile], models: ModelTable) -> JudgeResult:
    """Every evaluation in ``scores`` (``evaluations.json`` files), with the verdicts beside it."""
    by_place = {(posixpath.dirname(f.source), _stem(f.source)): f for f in verdicts}
    used: set[str] = set()
    out: list[Evaluation] = []
    errors: list[Issue] = []
    warnings: list[Issue] = []
    for file in sorted(scores, key=lambda f: f.source):
        folder = judge_folder(file.source)
        if folder is None:
            errors.append(Issue(file.source, f"judge scores whose folder does not say which planner and model were "
                                f"judged; expected {LAYOUT}evaluations.json"))
            continue
        try:
            rows = json.loads(file.data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            errors.append(Issue(file.source, f"judge scores are not valid JSON ({exc})"))
            continue
        if not isinstance(rows, list):
            errors.append(Issue(file.source, "judge scores: expected a list with one object per paper"))
            continue
        here = posixpath.dirname(file.source)
        bad: list[str] = []
        seen: set[str] = set()
        for number, row in enumerate(rows, 1):
            scores_or_why = _scores(row)
            if isinstance(scores_or_why, str):
                bad.append(f"row {number} ({scores_or_why})")
                continue
            paper, precision, recall, f1, ndcg, cost = scores_or_why
            if paper in seen:
                warnings.append(Issue(file.source, f"row {number}: paper {paper!r} is scored twice; the first is shown"))
                continue
            seen.add(paper)
            verdict = by_place.get((here, paper))
            matches = in_review = None
            if verdict is not None:
                used.add(verdict.source)
                try:
                    matches, in_review = read_verdicts(verdict.data, folder.task)
                except ValueError as exc:
                    errors.append(Issue(verdict.source, f"judge verdicts: {exc}; the scores are shown without them"))
            task = folder.task or (AUTHOR_TASK if ndcg is not None or matches is not None
                                   else REVIEWER_TASK if in_review is not None else None)
            out.append(Evaluation(
                planner=folder.planner, model=models.canonical(folder.model), paper=paper, task=task,
                judge=folder.judge, precision=precision, recall=recall, f1=f1, ndcg=ndcg, cost=cost,
                source=file.source, verdicts=verdict.source if verdict is not None else None,
                matches=matches, in_review=in_review))
        if bad:
            errors.append(Issue(file.source, f"{len(bad)} of {len(rows)} judge score rows could not be read: "
                                + "; ".join(bad[:5]) + ("; …" if len(bad) > 5 else "")
                                + " (expected id, precision, recall and f1_score)"))
    for f in verdicts:
        if f.source not in used:
            warnings.append(Issue(f.source, "judge verdicts for a paper no evaluations.json beside them scores; "
                                  "not shown"))
    return JudgeResult(tuple(out), tuple(errors), tuple(warnings))


def _stem(source: str) -> str:
    name = source.rsplit("/", 1)[-1]
    return name[: -len(".jsonl")] if name.lower().endswith(".jsonl") else name


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return None


def _scores(row: object) -> tuple[str, float, float, float, float | None, float | None] | str:
    """(paper, precision, recall, f1, ndcg, cost) of one row, or what is wrong with it."""
    if not isinstance(row, dict):
        return "not an object"
    paper = row.get("id")
    if not isinstance(paper, str) or not paper:
        return "no id"
    values = []
    for key in ("precision", "recall", "f1_score"):
        value = _number(row.get(key))
        if value is None:
            return f"{key} is not a number"
        values.append(value)
    return (paper, *values, _number(row.get("ndcg_score")), _number(row.get("cost")))


def read_verdicts(data: bytes, task: str | None) -> tuple[
        tuple[tuple[str, tuple[str, ...]], ...] | None, tuple[tuple[str, bool], ...] | None]:
    """``(matches, in_review)`` of a ``<paper>.jsonl``: one of them is None (raises ValueError).

    An empty file (an empty plan) is an empty verdict of the folder's task."""
    matches: list[tuple[str, tuple[str, ...]]] = []
    in_review: list[tuple[str, bool]] = []
    for number, line in enumerate(data.decode("utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            raise ValueError(f"line {number} is not JSON") from None
        if not isinstance(item, dict):
            raise ValueError(f"line {number} is not an object")
        if "name_in_paper" in item:
            paper, plan = item["name_in_paper"], item.get("name_in_plan")
            names = () if plan is None else (plan,) if isinstance(plan, str) else plan
            if not isinstance(paper, str) or not isinstance(names, (tuple, list)) \
                    or not all(isinstance(n, str) for n in names):
                raise ValueError(f"line {number}: expected name_in_paper (text) and name_in_plan (text, list or null)")
            matches.append((paper, tuple(names)))
        elif "appears_in_review" in item or "name_in_plan" in item:
            name, flag = item.get("name_in_plan"), item.get("appears_in_review", False)
            if not isinstance(name, str) or not isinstance(flag, bool):
                raise ValueError(f"line {number}: expected name_in_plan (text) and appears_in_review (true/false)")
            in_review.append((name, flag))
        else:
            raise ValueError(f"line {number} has neither name_in_paper nor name_in_plan")
    if matches and in_review:
        raise ValueError("author-task and reviewer-task lines in one file")
    if in_review or (not matches and task == REVIEWER_TASK):
        return None, tuple(in_review)
    if matches or task == AUTHOR_TASK:
        return tuple(matches), None
    return None, None
