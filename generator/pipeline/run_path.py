"""What a run folder's path says: the task, the planner and the model.

``ablation-bench plan`` writes every file flat into ``--output-dir``; AblationBench's README
names that folder ``runs/plan/<researcher|author|reviewer>/<simple_lm|sweagent>/<model>``.
The convention is only a convention (the README itself mixes ``researcher`` and
``author``, ``runs/plan/author`` and ``runs/author/plan``), so the parts are looked for,
not counted: the planner folder, the model folder right below it, and a task folder
anywhere above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.records import AUTHOR_TASK, REVIEWER_TASK

LM_PLANNER = "lm-planner"
AGENT_PLANNER = "agent-planner"

# AblationBench's planner registry keys -> the planner ids the site uses
PLANNER_FOLDERS = {"simple_lm": LM_PLANNER, "sweagent": AGENT_PLANNER}
TASK_FOLDERS = {"researcher": AUTHOR_TASK, "author": AUTHOR_TASK, "reviewer": REVIEWER_TASK}


@dataclass(frozen=True)
class RunPath:
    planner: str | None = None  # LM_PLANNER / AGENT_PLANNER, when a folder says so
    model: str | None = None  # the folder below the planner's
    task: str | None = None  # AUTHOR_TASK / REVIEWER_TASK


def run_path(folder: str) -> RunPath:
    """What the run folder ``folder`` ('/'-separated; absolute or not) says about its run."""
    parts = PurePosixPath(folder).parts
    planner = model = task = None
    for i, part in enumerate(parts):
        name = part.lower()
        if name in PLANNER_FOLDERS:
            planner = PLANNER_FOLDERS[name]
            model = parts[i + 1] if i + 1 < len(parts) else None
            task = next((TASK_FOLDERS[p.lower()] for p in reversed(parts[:i]) if p.lower() in TASK_FOLDERS),
                        None)
    if planner is None:  # no planner folder: a task folder still says the task
        task = next((TASK_FOLDERS[p.lower()] for p in reversed(parts) if p.lower() in TASK_FOLDERS), None)
    return RunPath(planner, model, task)


def model_from_id(model_id: object) -> str | None:
    """A LiteLLM model id as a model name: ``openrouter/openai/gpt-4o`` -> ``gpt-4o``."""
    if not isinstance(model_id, str) or not model_id.strip():
        return None
    return model_id.strip().rstrip("/").rsplit("/", 1)[-1] or None
