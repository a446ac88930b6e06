"""AblationBench's run folders (``ablation-bench plan --output-dir D``) as trajectories.

The files of the planner kinds (:mod:`~generator.pipeline.recognize`) are grouped by the run
folder they belong to; a folder is an agent planner's (SWE-agent, read by
:mod:`~generator.pipeline.agent`) when its path says ``sweagent`` or it holds SWE-agent's
files, else an LM planner's (``simple_lm``), read here. Per paper an LM run holds:

- ``<id>.jsonl`` — the plan (empty when the model's reply could not be parsed);
- ``<id>.json.log`` — LiteLLM's completion: the reasoning is the first
  ``<discussion>…</discussion>`` of ``choices[0].message.content`` (it exists only there),
  ``model`` and ``usage`` say the model and the tokens;
- ``plans.json`` (one per run) — ``{id: {"predictions": <the JSONL>, "cost": float}}``.

Every problem is one issue of one file; the other files and papers are read on.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.pipeline.decode import DecodeError, decode
from generator.pipeline.plan_lines import model_text, read_plan
from generator.pipeline.recognize import Kind
from generator.pipeline.run_path import AGENT_PLANNER, LM_PLANNER, RunPath, model_from_id, run_path
from generator.records import Issue, RepairStep, SourceFile, Trajectory

RUN_KINDS = (Kind.LM_PLAN, Kind.LM_LOG, Kind.RUN_PLANS, Kind.AGENT_TRAJECTORY, Kind.AGENT_PREDICTIONS)
_DISCUSSION = re.compile(r"<discussion>(.*?)</discussion>", re.S)
_PREDICTIONS = re.compile(r"<predictions>(.*?)</predictions>", re.S)


class RunFileError(ValueError):
    """A run file that cannot be read; the message says what was expected."""


@dataclass
class RunFolder:
    """The planner files of one run folder, by paper id."""

    path: str  # the folder, '/'-separated (absolute: its path names task, planner, model)
    source: str  # the folder relative to SOURCE ("" at the top)
    plans: dict[str, SourceFile] = field(default_factory=dict)  # <id>.jsonl
    logs: dict[str, SourceFile] = field(default_factory=dict)  # <id>.json.log
    trajs: dict[str, SourceFile] = field(default_factory=dict)  # <id>/<id>.traj
    preds: dict[str, SourceFile] = field(default_factory=dict)  # <id>/<id>.pred
    summary: SourceFile | None = None  # plans.json
    predictions: SourceFile | None = None  # preds.json

    @property
    def run(self) -> RunPath:
        return run_path(self.path)

    @property
    def is_agent(self) -> bool:
        planner = self.run.planner
        if planner is not None:
            return planner == AGENT_PLANNER
        return bool(self.trajs or self.preds or self.predictions)


@dataclass
class RunOutcome:
    """What the run folders gave: trajectories, and per-file errors."""

    trajectories: list[Trajectory] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)


def read_runs(files_by_kind: dict[Kind, list[SourceFile]]) -> RunOutcome:
    """Every run folder's trajectories (the agent's and the LM's)."""
    from generator.pipeline import agent  # (agent imports this module's helpers)

    outcome = RunOutcome()
    for folder in folders(f for kind in RUN_KINDS for f in files_by_kind.get(kind, ())):
        read = agent.read_folder if folder.is_agent else read_lm_folder
        read(folder, outcome)
    return outcome


def folders(files: Iterable[SourceFile]) -> list[RunFolder]:
    """The run folders the files belong to, in path order."""
    out: dict[str, RunFolder] = {}
    for f in files:
        parent, name = posixpath.split(f.path.as_posix())
        source_parent = posixpath.dirname(f.source)
        lower = name.lower()
        nested = lower.endswith((".traj", ".pred"))
        stem = name.rsplit(".", 1)[0]
        if nested and posixpath.basename(parent) == stem:  # run_batch's <id>/<id>.traj
            parent, source_parent = posixpath.dirname(parent), posixpath.dirname(source_parent)
        folder = out.setdefault(parent, RunFolder(parent, source_parent))
        if lower == "plans.json":
            folder.summary = f
        elif lower == "preds.json":
            folder.predictions = f
        elif lower.endswith(".traj"):
            folder.trajs[stem] = f
        elif lower.endswith(".pred"):
            folder.preds[stem] = f
        elif lower.endswith(".json.log"):
            folder.logs[name[: -len(".json.log")]] = f
        else:  # <id>.jsonl
            folder.plans[name[: -len(".jsonl")]] = f
    return [out[k] for k in sorted(out)]


# -- the LM planner ---------------------------------------------------------------------------------

def read_lm_folder(folder: RunFolder, outcome: RunOutcome) -> None:
    summary = summary_entries(folder.summary, outcome)
    run = folder.run
    for paper in sorted(set(folder.plans) | set(folder.logs) | set(summary)):
        repairs: list[RepairStep] = []
        warnings: list[str] = []
        plan_file, log_file = folder.plans.get(paper), folder.logs.get(paper)
        entry = summary.get(paper)
        reply = log_model = None
        usage: dict = {}
        if log_file is not None:
            try:
                reply, log_model, usage = _completion(log_file)
            except RunFileError as exc:
                outcome.errors.append(Issue(log_file.source, str(exc)))
                log_file = None
                warnings.append("its completion log could not be read (see the errors): no reasoning trace")
        plan_text = text_or_error(plan_file, repairs, outcome)
        if plan_text is None:
            plan_file = None
        if plan_text is None and entry is not None and isinstance(entry.get("predictions"), str):
            plan_text = entry["predictions"]
            warnings.append(f"no {paper}.jsonl beside plans.json: the plan is plans.json's entry")
        if plan_text is None and reply is not None:
            found = _PREDICTIONS.search(reply)
            plan_text = found.group(1).strip() if found else ""
            warnings.append(f"no {paper}.jsonl: the plan is the one in the completion log's reply")
        if plan_text is None:
            source = folder.summary.source if folder.summary else paper
            outcome.errors.append(Issue(source, f"'{paper}': no plan and no completion log; nothing to show"))
            continue
        ablations = read_plan(plan_text, repairs, warnings)
        if not plan_text.strip():
            failed = entry is not None and entry.get("cost") == 0
            warnings.append("the plan is empty: the model's reply could not be parsed"
                            + (" (cost 0.0: every attempt failed)" if failed else ""))
        discussion = ""
        if reply is not None:
            found = _DISCUSSION.search(reply)
            discussion = model_text(found.group(1).strip(), repairs) if found else ""
            if not found:
                warnings.append("the completion has no <discussion>: no reasoning trace")
        sources = [f.source for f in (plan_file, log_file, folder.summary) if f is not None]
        if folder.summary is not None and entry is None:
            sources.remove(folder.summary.source)
        outcome.trajectories.append(Trajectory(
            source=sources[0], planner=run.planner or LM_PLANNER,
            model=run.model or log_model or posixpath.basename(folder.path) or "unknown",
            paper=paper, reasoning=discussion, ablations=ablations, repairs=tuple(repairs),
            warnings=tuple(warnings), digest=content_digest(plan_text, discussion), origin="lm-run",
            task=run.task, inputs=tuple(sources[1:]), cost=number(entry.get("cost")) if entry else None,
            tokens_sent=integer(usage.get("prompt_tokens")), tokens_received=integer(usage.get("completion_tokens"))))


def _completion(file: SourceFile) -> tuple[str, str | None, dict]:
    """(the reply's text, the model's name, the usage) of a LiteLLM completion log."""
    data = json_of(file)
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise RunFileError("not a LiteLLM completion log: no choices[0].message.content") from None
    usage = data.get("usage")
    return (content if isinstance(content, str) else "", model_from_id(data.get("model")),
            usage if isinstance(usage, dict) else {})


def summary_entries(file: SourceFile | None, outcome: RunOutcome) -> dict[str, dict]:
    """plans.json's entries (``{id: {"predictions", "cost"}}``); a bad file is an error."""
    return objects_by_id(file, outcome, "plans.json is not an object of {paper: {predictions, cost}}")


def text_or_error(file: SourceFile | None, repairs: list[RepairStep], outcome: RunOutcome) -> str | None:
    """A run file's text (``repairs`` gets what decoding it changed), or None: no file, or one
    that cannot be read (reported as an error of that file)."""
    if file is None:
        return None
    try:
        return text_of(file, repairs)
    except RunFileError as exc:
        outcome.errors.append(Issue(file.source, str(exc)))
        return None


def objects_by_id(file: SourceFile | None, outcome: RunOutcome, expected: str) -> dict[str, dict]:
    """A run-level JSON file that maps each paper to an object (plans.json, preds.json); a file
    that is not JSON, or not such an object, is an error (``expected`` says what it should be)."""
    if file is None:
        return {}
    try:
        data = json_of(file)
    except RunFileError as exc:
        outcome.errors.append(Issue(file.source, str(exc)))
        return {}
    if not isinstance(data, dict):
        outcome.errors.append(Issue(file.source, expected))
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


# -- shared helpers -----------------------------------------------------------------------------------

def text_of(file: SourceFile, repairs: list[RepairStep] | None = None) -> str:
    """A run file's text ("" for an empty file), decoded as the Markdown files are."""
    if not file.data.strip():
        return ""
    try:
        decoded = decode(file.data)
    except DecodeError as exc:
        raise RunFileError(str(exc).replace("expected a trajectory in Markdown", "expected text")) from None
    if repairs is not None:
        repairs.extend(s for s in decoded.steps if s not in repairs)
    return decoded.text


def json_of(file: SourceFile) -> object:
    text = text_of(file)
    if not text.strip():
        raise RunFileError("the file is empty; expected JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
            raise RunFileError(f"the JSON is cut off at its end ({exc.msg}, line {exc.lineno}): "
                               "the file is truncated") from None
        raise RunFileError(f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})") from None


def number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def content_digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()
