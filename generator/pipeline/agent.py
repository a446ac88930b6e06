"""The agent planner's run folders: SWE-agent 1.x ``run_batch`` output, plus AblationBench's.

Per paper: ``<id>/<id>.traj`` (JSON: ``trajectory`` — the steps, each with ``thought``,
``action``, ``observation``, ``execution_time`` and ``messages`` (1.0) or ``query`` (1.1),
which are not needed here —, ``info`` — ``submission``, ``exit_status`` and
``model_stats`` —, ``replay_config`` — a JSON string, sometimes an object), ``<id>/<id>.pred``,
and, per run, ``preds.json``, ``plans.json`` and AblationBench's ``<id>.jsonl``.

The plan is what AblationBench's judges read: ``<id>.jsonl`` when it is there; else the
submission, which is the JSONL itself, or — after an error exit — a ``git diff`` creating
``ablations_plan.jsonl`` (applied here, :mod:`~generator.pipeline.unidiff`), or nothing.
"""

from __future__ import annotations

import json
import posixpath

from generator.pipeline.plan_lines import model_text, read_plan
from generator.pipeline.run_path import AGENT_PLANNER, model_from_id
from generator.pipeline.runs import (RunFileError, RunFolder, RunOutcome, content_digest, integer, json_of,
                                     number, objects_by_id, summary_entries,
                                     text_or_error)
from generator.pipeline.unidiff import DiffError, is_diff, plan_from_diff
from generator.records import AgentStep, Issue, RepairStep, SourceFile, Trajectory


def read_folder(folder: RunFolder, outcome: RunOutcome) -> None:
    summary = summary_entries(folder.summary, outcome)
    predictions = _predictions(folder.predictions, outcome)
    run = folder.run
    papers = set(folder.plans) | set(folder.trajs) | set(folder.preds) | set(predictions) | set(summary)
    for paper in sorted(papers):
        repairs: list[RepairStep] = []
        warnings: list[str] = []
        traj_file, plan_file = folder.trajs.get(paper), folder.plans.get(paper)
        traj = None
        if traj_file is not None:
            try:
                traj = read_traj(traj_file, repairs)
            except RunFileError as exc:
                outcome.errors.append(Issue(traj_file.source, str(exc)))
                traj_file = None
                warnings.append("its SWE-agent trajectory (.traj) could not be read (see the errors): no steps")
        elif plan_file is not None or paper in folder.preds:
            warnings.append(f"no {paper}/{paper}.traj: the agent's steps are not shown")
        info = traj["info"] if traj else {}
        plan_text = text_or_error(plan_file, repairs, outcome)
        if plan_text is None:
            plan_file = None
        pred_file = folder.preds.get(paper)
        submission, where = _submission(info, pred_file, predictions.get(paper), summary.get(paper), outcome)
        if plan_text is None and submission:
            plan_text = _plan_of(submission, where, warnings)
        if traj_file is None and plan_file is None and pred_file is None:
            if paper in summary and paper not in predictions:
                warnings.append("plans.json has an entry for it but the run folder has no file of its own")
            elif paper in predictions:
                warnings.append("preds.json has an entry for it but the run folder has no file of its own")
        if not (plan_text or "").strip():
            status = info.get("exit_status")
            warnings.append("the agent submitted no plan" + (f" (exit status '{status}')" if status else ""))
        ablations = read_plan(plan_text or "", repairs, warnings)
        stats = info.get("model_stats") if isinstance(info.get("model_stats"), dict) else {}
        entry = summary.get(paper) or {}
        files = [traj_file, plan_file, pred_file, folder.predictions if paper in predictions else None,
                 folder.summary if paper in summary else None]
        sources = [f.source for f in files if f is not None]
        steps = traj["steps"] if traj else ()
        outcome.trajectories.append(Trajectory(
            source=sources[0], planner=run.planner or AGENT_PLANNER,
            model=(run.model or (traj and traj["model"]) or _output_dir_name(predictions.get(paper))
                   or posixpath.basename(folder.path) or "unknown"),
            paper=paper, reasoning="", ablations=ablations, repairs=tuple(repairs), warnings=tuple(warnings),
            digest=content_digest(plan_text or "", *(f"{s.thought}\0{s.action}\0{s.observation}\0{s.execution_time}"
                                                     for s in steps)),
            origin="agent-run", task=run.task, inputs=tuple(sources[1:]), steps=steps,
            exit_status=info.get("exit_status") if isinstance(info.get("exit_status"), str) else None,
            cost=number(stats.get("instance_cost")) if "instance_cost" in stats else number(entry.get("cost")),
            tokens_sent=integer(stats.get("tokens_sent")), tokens_received=integer(stats.get("tokens_received")),
            api_calls=integer(stats.get("api_calls")),
        ))


def read_traj(file: SourceFile, repairs: list[RepairStep]) -> dict:
    """A ``.traj``'s steps, ``info`` and model (raises :class:`RunFileError`)."""
    data = json_of(file)
    if not isinstance(data, dict) or not isinstance(data.get("trajectory"), list):
        raise RunFileError("not a SWE-agent trajectory: expected a JSON object with a 'trajectory' list")
    info = data.get("info")
    steps = []
    for entry in data["trajectory"]:
        if not isinstance(entry, dict):
            continue
        seconds = entry.get("execution_time")
        steps.append(AgentStep(
            thought=model_text(_str(entry.get("thought")), repairs),
            action=model_text(_str(entry.get("action")), repairs),
            observation=_str(entry.get("observation")),
            execution_time=number(seconds),
        ))
    return {"steps": tuple(steps), "info": info if isinstance(info, dict) else {},
            "model": _replay_model(data.get("replay_config"))}


def _replay_model(config: object) -> str | None:
    """``replay_config.agent.model.name`` (a JSON string, or an object) as a model name."""
    if isinstance(config, str):
        try:
            config = json.loads(config)
        except ValueError:
            return None
    try:
        return model_from_id(config["agent"]["model"]["name"])  # type: ignore[index]
    except (KeyError, TypeError):
        return None


def _submission(info: dict, pred_file: SourceFile | None, pred: dict | None, entry: dict | None,
                outcome: RunOutcome) -> tuple[str | None, str]:
    """The run's submission, and where it was found: the .traj, the .pred, preds.json, plans.json."""
    if isinstance(info.get("submission"), str):
        return info["submission"], "the .traj's submission"
    if pred_file is not None:
        try:
            data = json_of(pred_file)
            if isinstance(data, dict) and isinstance(data.get("model_patch"), str):
                return data["model_patch"], "the .pred's model_patch"
        except RunFileError as exc:
            outcome.errors.append(Issue(pred_file.source, str(exc)))
    for value, where in ((pred or {}).get("model_patch"), "preds.json"), ((entry or {}).get("predictions"), "plans.json"):
        if isinstance(value, str) and value:
            return value, where
    return None, ""


def _plan_of(submission: str, where: str, warnings: list[str]) -> str:
    """The plan text of a submission (a diff applied), with a warning saying where it came from."""
    if not is_diff(submission):
        warnings.append(f"no AblationBench plan file (<paper>.jsonl): the plan is {where}")
        return submission
    try:
        plan, notes = plan_from_diff(submission)
    except DiffError as exc:
        warnings.append(f"the submitted diff ({where}) does not apply: {exc}; no plan")
        return ""
    warnings.append(f"no AblationBench plan file (<paper>.jsonl): the plan is {where}, "
                    "a diff creating ablations_plan.jsonl (applied)")
    warnings.extend(notes)
    return plan


def _predictions(file: SourceFile | None, outcome: RunOutcome) -> dict[str, dict]:
    return objects_by_id(file, outcome, "preds.json is not an object of {instance: {model_patch, ...}}")


def _output_dir_name(pred: dict | None) -> str | None:
    value = (pred or {}).get("model_name_or_path")
    return value if isinstance(value, str) and value and "/" not in value else None


def _str(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
