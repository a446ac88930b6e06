"""Make a SYNTHETIC AblationBench run folder (``runs/plan/...``) from Markdown trajectories.

    python scripts/make_sample_runs.py [--out sample_runs/runs] [--broken] [MARKDOWN_FOLDER...]

Nothing here comes from a real run: each Markdown trajectory (the bundled ``samples/`` by
default) is written out the way ``ablation-bench plan`` would have written it, in the
shapes AblationBench's and SWE-agent's source code give (``sample_runs/README.md`` says so
beside the folder: a README inside it would be read as a trajectory):

- LM planner (``simple_lm``): ``<id>.jsonl`` (pydantic's compact JSON, no trailing newline),
  ``<id>.json.log`` (a LiteLLM completion whose ``<discussion>`` is the trajectory's
  reasoning), ``<id>.json.debug.log`` and ``plans.json`` per run;
- agent planner (``sweagent``): ``<id>/<id>.traj`` (SWE-agent 1.0.1 steps with ``messages``
  or 1.1.0 steps with ``query``: a made-up session that lists the paper, reads it — a long
  output —, writes the trajectory's plan and submits it), ``<id>/<id>.pred``, ``preds.json``,
  ``plans.json`` and AblationBench's ``<id>.jsonl``; one run ends on the cost limit with an
  autosubmitted ``git diff`` and one submits nothing.

``--broken`` adds the damaged files a build must report, one each: a cut-off JSONL line, a
truncated ``.traj``, a ``plans.json`` entry with no file of its own and a diff that does
not apply. The tests and ``bench/bench_runs.py`` call :func:`make` directly.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import load_trajectory  # noqa: E402
from generator.pipeline.read import read_sources  # noqa: E402
from generator.records import Trajectory  # noqa: E402

AGENT_MODELS = {"gpt-4o": "openrouter/openai/gpt-4o", "claude-35-sonnet": "openrouter/anthropic/claude-3.5-sonnet",
                "llama-31-405b-instruct": "openrouter/meta-llama/llama-3.1-405b-instruct"}
README = """# sample_runs/runs — SYNTHETIC AblationBench run folders

Everything here is made up. `scripts/make_sample_runs.py` wrote it from the bundled Markdown
samples (`samples/`): each trajectory is written out the way `ablation-bench plan` would
have written it (`--planner simple_lm` and `--planner sweagent`, the latter through
SWE-agent's `run_batch`), in the file shapes AblationBench's and SWE-agent's source code give.
No model was called and no agent was run: the agent sessions, costs, token counts and
hashes are invented; the plans and reasoning are the samples'.

The LM-planner runs are the Markdown samples' own trajectories, so a build of `samples/` and
`sample_runs/runs/` together (what `make site` does) reports the five Markdown files as
duplicates of their runs, and keeps the runs (they have the exact plan, the cost and the
tokens). `sample_runs/runs/` is laid out as AblationBench's README names run folders:
`runs/plan/<researcher|reviewer>/<simple_lm|sweagent>/<model>/`.

Regenerate with `python scripts/make_sample_runs.py` (deterministic).
"""


def make(out: Path, sources: list[Path] | None = None, *, broken: bool = False, agent_steps: int = 4,
         paper_lines: int = 120, seed: int = 0) -> list[Trajectory]:
    """Write the run folder under ``out`` (replaced); returns the trajectories it was made from."""
    rng = random.Random(seed)
    trajectories = [t for t in _trajectories(sources or [REPO / "samples"])]
    if out.exists():
        shutil.rmtree(out)
    lm: dict[tuple[str, str], dict[str, dict]] = {}
    agent: dict[tuple[str, str], dict[str, dict]] = {}
    for t in trajectories:
        task = _task(t.paper)
        lm.setdefault((task, t.model), {})[t.paper] = _lm_files(out / "plan" / task / "simple_lm" / t.model, t)
    # the agent planner: the models AblationBench ran it with, on the same papers
    for t in trajectories:
        model = _agent_model(t.model)
        if model is not None:
            agent.setdefault((_task(t.paper), model), {})[t.paper] = {"t": t, "ending": "submit"}
    for papers in agent.values():  # the last run of a folder of several ends on the cost limit
        if len(papers) > 1:
            papers[max(papers)]["ending"] = "autosubmit"
    if trajectories:  # and one run submits nothing (the cost limit before any plan was written)
        t = trajectories[0]
        empty = Trajectory(source="", planner="agent-planner", model="gpt-4o", paper=t.paper + "-nothing",
                           reasoning=t.reasoning, ablations=())
        agent.setdefault((_task(t.paper), "gpt-4o"), {})[empty.paper] = {"t": empty, "ending": "nothing"}
    for (task, model), papers in sorted(agent.items()):
        folder = out / "plan" / task / "sweagent" / model
        for n, paper in enumerate(sorted(papers)):
            version = "1.0.1" if n % 2 == 0 else "1.1.0"
            papers[paper] = _agent_files(folder, papers[paper]["t"], model, version, papers[paper]["ending"], rng,
                                         agent_steps, paper_lines)
        _agent_run_files(folder, papers)
    for (task, model), papers in lm.items():
        _write_json(out / "plan" / task / "simple_lm" / model / "plans.json",
                    {p: {"predictions": v["predictions"], "cost": v["cost"]} for p, v in sorted(papers.items())})
    if broken:
        _break(out)
    (out.parent / "README.md").write_text(README, encoding="utf-8")
    return trajectories


def _trajectories(sources: list[Path]) -> list[Trajectory]:
    out = []
    for file in read_sources(sources).files:
        try:
            out.append(load_trajectory(file))
        except ValueError:
            continue
    from generator.pipeline.metadata import ModelTable
    from generator.config import DEFAULT_MODELS
    models = ModelTable.load(DEFAULT_MODELS)
    return sorted((_with_model(t, models.canonical(t.model)) for t in out), key=lambda t: (t.model, t.paper))


def _task(paper: str) -> str:
    """The dataset a paper id looks like it comes from: the reviewer dataset's ids are titles
    with underscores, the researcher dataset's are short slugs."""
    return "reviewer" if "_" in paper else "researcher"


def _with_model(t: Trajectory, model: str) -> Trajectory:
    from dataclasses import replace
    return replace(t, model=model)


def _agent_model(model: str) -> str | None:
    """The agent planner's model for an LM trajectory's: AblationBench ran three models as agents."""
    return model if model in AGENT_MODELS else {"o3-mini": "gpt-4o"}.get(model)


def plan_lines(t: Trajectory) -> list[str]:
    """The plan as pydantic's ``model_dump_json`` lines (AblationSuggestion's field order)."""
    return [json.dumps({"name": a.name, "ablated_part": a.ablated_part, "action": a.action,
                        "replacement": list(a.replacement) if a.replacement is not None else None,
                        "metrics": list(a.metrics)}, ensure_ascii=False, separators=(",", ":"))
            for a in t.ablations]


def _lm_files(folder: Path, t: Trajectory) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    lines = plan_lines(t)
    predictions = "\n".join(lines)
    (folder / f"{t.paper}.jsonl").write_text(predictions, encoding="utf-8")
    reply = (f"<discussion>\n{t.reasoning}\n</discussion>\n\n<predictions>\n"
             + "\n".join(json.dumps(json.loads(line), ensure_ascii=False) for line in lines) + "\n</predictions>")
    h = int(hashlib.sha1(t.paper.encode()).hexdigest()[:6], 16)
    prompt, completion = 9000 + h % 20000, 300 + h % 900
    log = {"id": f"gen-synthetic-{h:06x}", "created": 1747000000, "model": t.model, "object": "chat.completion",
           "system_fingerprint": None,
           "choices": [{"finish_reason": "stop", "index": 0,
                        "message": {"content": reply, "role": "assistant", "tool_calls": None, "function_call": None}}],
           "usage": {"completion_tokens": completion, "prompt_tokens": prompt, "total_tokens": prompt + completion,
                     "completion_tokens_details": None, "prompt_tokens_details": None},
           "provider": "synthetic"}
    (folder / f"{t.paper}.json.log").write_text(json.dumps(log, indent=4), encoding="utf-8")
    (folder / f"{t.paper}.json.debug.log").write_text(json.dumps(
        [{"role": "system", "content": "SETTING: ... (system prompt)"},
         {"role": "user", "content": "... (user prompt with the paper's source)"}], indent=4), encoding="utf-8")
    return {"predictions": predictions, "cost": round((prompt * 2.5 + completion * 10) / 1e6, 6)}


def _agent_files(folder: Path, t: Trajectory, model: str, version: str, ending: str, rng: random.Random,
                 steps: int, paper_lines: int) -> dict:
    """One paper's SWE-agent run: <id>/<id>.traj and .pred, and AblationBench's <id>.jsonl."""
    here = folder / t.paper
    here.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(json.loads(line), ensure_ascii=False) for line in plan_lines(t)]  # the agent's own spacing
    plan = "\n".join(lines) + ("\n" if lines else "")
    thoughts = [p.strip() for p in t.reasoning.split("\n\n") if p.strip()] or ["Let me read the paper."]
    paper_text = "\n".join(f"% {t.paper}.tex line {i}: synthetic source text, \\section{{Method}} and so on"
                           for i in range(1, paper_lines + 1))
    session = [("ls /paper", f"{t.paper}.tex\nreferences.bib")]
    session.append((f"cat /paper/{t.paper}.tex", paper_text))
    for i in range(max(0, steps - 4)):
        session.append((f"grep -n 'ablation' /paper/{t.paper}.tex | head -{5 + i}",
                        "\n".join(f"{rng.randint(1, paper_lines)}: ... ablation ..." for _ in range(5 + i))))
    heredoc = f"cat > /repo/ablations_plan.jsonl << 'EOF'\n{plan}EOF"
    if ending != "nothing":
        session.append((heredoc, ""))
    steps_out = []
    for n, (action, observation) in enumerate(session):
        steps_out.append(_step(thoughts[n % len(thoughts)], action, observation, version, t.paper, rng))
    if ending == "submit":
        steps_out.append(_step("The plan file is written; submitting.", "submit", plan, version, t.paper, rng))
        submission, status = plan, "submitted"
    elif ending == "autosubmit":
        submission = _creation_diff(plan)
        steps_out.append(_step("Exit due to cost limit", "", "Exit due to cost limit", version, t.paper, rng))
        status = "submitted (exit_cost)"
    else:
        submission, status = None, "exit_cost"
        steps_out.append(_step("Exit due to cost limit", "", "Exit due to cost limit", version, t.paper, rng))
    cost = round(0.01 * len(steps_out) + rng.random() / 100, 6)
    stats = {"instance_cost": cost, "tokens_sent": 4000 * len(steps_out) + rng.randint(0, 999),
             "tokens_received": 120 * len(steps_out) + rng.randint(0, 99), "api_calls": len(steps_out)}
    info = {"swe_agent_hash": "unavailable", "swe_agent_version": version, "swe_rex_version": "1.2.1",
            "swe_rex_hash": "unavailable", "submission": submission, "exit_status": status,
            "edited_files30": "", "edited_files50": "", "edited_files70": "", "model_stats": stats}
    replay = json.dumps({"env": {"name": t.paper}, "agent": {"name": t.paper, "model": {"name": AGENT_MODELS[model]}},
                         "problem_statement": {"id": t.paper, "type": "text"}, "output_dir": "DEFAULT"})
    traj = {"trajectory": steps_out, "history": [{"role": "system", "content": "SETTING: ...", "agent": t.paper,
                                                  "message_type": "system_prompt"}],
            "info": info, "replay_config": replay, "environment": t.paper}
    (here / f"{t.paper}.traj").write_text(json.dumps(traj, indent=2), encoding="utf-8")
    pred = {"model_name_or_path": model, "instance_id": t.paper, "model_patch": submission}
    (here / f"{t.paper}.pred").write_text(json.dumps(pred), encoding="utf-8")
    if submission is not None:
        (here / f"{t.paper}.patch").write_text(submission, encoding="utf-8")
    # AblationBench's plan file: the submission as written, or the diff applied (repeated lines dropped)
    (folder / f"{t.paper}.jsonl").write_text(plan if submission is not None else "", encoding="utf-8")
    return {"patch": submission or "", "cost": cost, "status": status, "model": model}


def _step(thought: str, action: str, observation: str, version: str, paper: str, rng: random.Random) -> dict:
    history = [{"role": "system", "content": "SETTING: ...", "agent": paper, "message_type": "system_prompt"},
               {"role": "user", "content": "... (instance template)", "agent": paper, "message_type": "observation"}]
    step = {"action": action, "observation": observation, "response": thought, "thought": thought,
            "execution_time": round(rng.uniform(0.05, 2.5), 3), "state": {"open_file": "n/a", "working_dir": "/repo"}}
    step["messages" if version == "1.0.1" else "query"] = history
    step["extra_info"] = {}
    return step


def _creation_diff(plan: str) -> str:
    lines = plan.splitlines()
    lines = lines + lines[:1]  # the agent appended its first line twice: AblationBench drops the repeat
    body = "".join(f"+{line}\n" for line in lines)
    return ("diff --git a/ablations_plan.jsonl b/ablations_plan.jsonl\nnew file mode 100644\n"
            f"index 0000000..1234567\n--- /dev/null\n+++ b/ablations_plan.jsonl\n@@ -0,0 +1,{len(lines)} @@\n{body}")


def _agent_run_files(folder: Path, papers: dict[str, dict]) -> None:
    _write_json(folder / "preds.json", {p: {"model_name_or_path": v["model"], "instance_id": p, "model_patch": v["patch"]}
                                        for p, v in sorted(papers.items())})
    _write_json(folder / "plans.json", {p: {"predictions": v["patch"], "cost": v["cost"]}
                                        for p, v in sorted(papers.items())})
    statuses: dict[str, list[str]] = {}
    for p, v in sorted(papers.items()):
        statuses.setdefault(v["status"], []).append(p)
    (folder / "run_batch_exit_statuses.yaml").write_text(
        "instances_by_exit_status:\n" + "".join(f"    {s}:\n" + "".join(f"    - {p}\n" for p in ps)
                                                for s, ps in statuses.items()), encoding="utf-8")


def _break(out: Path) -> None:
    """One file of each kind of damage a build must report."""
    lm = sorted((out / "plan").glob("*/simple_lm/*/*.jsonl"))[0]
    text = lm.read_text(encoding="utf-8")
    lm.write_text(text + "\n" + '{"name": "Cut off", "ablated_part": "the file was trun', encoding="utf-8")
    traj = sorted((out / "plan").glob("*/sweagent/*/*/*.traj"))[0]
    data = traj.read_bytes()
    traj.write_bytes(data[: len(data) // 2])
    plans = sorted((out / "plan").glob("*/simple_lm/*/plans.json"))[0]
    entries = json.loads(plans.read_text(encoding="utf-8"))
    entries["orphan-entry-paper"] = {"predictions": next(iter(entries.values()))["predictions"], "cost": 0.01}
    _write_json(plans, entries)
    folder = sorted((out / "plan").glob("*/sweagent/*"))[0]
    bad = "bad-diff-paper"
    (folder / bad).mkdir()
    diff = ("diff --git a/ablations_plan.jsonl b/ablations_plan.jsonl\n--- a/ablations_plan.jsonl\n"
            "+++ b/ablations_plan.jsonl\n@@ -1,1 +1,1 @@\n-{\"name\": \"old\"}\n+{\"name\": \"new\"}\n")
    (folder / bad / f"{bad}.pred").write_text(json.dumps({"model_name_or_path": folder.name, "instance_id": bad,
                                                          "model_patch": diff}), encoding="utf-8")


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=4, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, help="Markdown trajectories (default: samples/)")
    parser.add_argument("--out", type=Path, default=REPO / "sample_runs" / "runs")
    parser.add_argument("--broken", action="store_true", help="add one damaged file of each kind")
    args = parser.parse_args(argv)
    made = make(args.out, args.sources or None, broken=args.broken)
    print(f"{args.out}: run folders for {len(made)} trajectories (synthetic)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
