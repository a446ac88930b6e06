"""Make SYNTHETIC judge outputs and ground truth for trajectories: the bundled example.

    python scripts/make_sample_judgments.py [--samples samples] [--out examples/judged]

Nothing this writes came from AblationBench's judges or datasets: the reference ablations,
reviews, verdicts and costs are made up, deterministically (a fixed seed), from the plans
themselves; the scores follow the benchmark's own formulas (``Judge._get_labels``, sklearn's
precision/recall/F1, ``_ndcg_score``) applied to those made-up verdicts. The layout is the
one ``ablation-bench eval`` and the hub's datasets have:

- ``datasets/researcher-ablation-bench.parquet`` and ``datasets/reviewer-ablation-bench.jsonl``
  (one row per paper; ``ablations_in_paper`` and ``review_text`` are JSON strings);
- ``runs/eval/<researcher|reviewer>/simple_lm/<model>/<judge>/evaluations.json`` and
  ``<paper>.jsonl`` for the majority-vote judge, plus one single-LM judge for the author task
  (the same plans judged twice: the site shows one judge), and an agent-planner evaluation
  whose plan does not exist (an orphan, reported), and a dataset row for a paper no model
  planned (reported).

:func:`fabricate` is also what ``bench/bench_judged.py`` uses on the real corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.records import AUTHOR_TASK, REVIEWER_TASK, Trajectory  # noqa: E402

SEED = "ablation-sample-judgments-v1"


def rng_for(*parts: str) -> random.Random:
    """A random stream that depends only on ``parts`` (and the fixed seed)."""
    digest = hashlib.blake2b("\x1f".join((SEED, *parts)).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def author_scores(n_refs: int, matched: Sequence[bool], unreferenced: int, plan_size: int) -> dict:
    """The benchmark's author-task labels and scores (Judge._get_labels, sklearn, _ndcg_score)."""
    true = [True] * n_refs + [False] * unreferenced
    pred = list(matched) + [True] * unreferenced
    out = _prf(true, pred)
    k = min(plan_size, n_refs)
    dcg = lambda labels: sum(int(label) / math.log2(i + 2) for i, label in enumerate(labels[:k]))  # noqa: E731
    ideal = dcg(true)
    out["ndcg_score"] = round(0.0 if ideal == 0 else dcg(pred) / ideal, 10)
    return out


def reviewer_scores(suggestions: int, flags: Sequence[bool]) -> dict:
    overlap = min(sum(flags), suggestions)
    non_existing = sum(not f for f in flags)
    true = [True] * suggestions + [False] * non_existing
    pred = [True] * overlap + [False] * max(0, suggestions - overlap) + [True] * non_existing
    return _prf(true, pred)


def _prf(true: Sequence[bool], pred: Sequence[bool]) -> dict:
    tp = sum(t and p for t, p in zip(true, pred))
    fp = sum(p and not t for t, p in zip(true, pred))
    fn = sum(t and not p for t, p in zip(true, pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"true_labels": list(true), "pred_labels": list(pred), "precision": round(precision, 10),
            "recall": round(recall, 10), "f1_score": round(f1, 10)}


def fabricate(trajectories: Iterable[Trajectory], tasks: Mapping[str, str], out: Path, *,
              parquet: bool = True, second_judge: bool = False, orphan: bool = False,
              unplanned: bool = False, title: str = "{} (synthetic example)") -> dict[str, int]:
    """Write made-up ground truth and judge outputs for ``trajectories`` (papers with a task
    in ``tasks``) under ``out``; returns counts of what was written."""
    by_paper: dict[str, list[Trajectory]] = {}
    for t in trajectories:
        if tasks.get(t.paper) in (AUTHOR_TASK, REVIEWER_TASK):
            by_paper.setdefault(t.paper, []).append(t)
    rows = {AUTHOR_TASK: [], REVIEWER_TASK: []}
    judged: dict[tuple[str, str, str], dict[str, tuple[dict, str]]] = {}  # (task, model, judge) -> paper -> (row, jsonl)
    for paper in sorted(by_paper):
        plans = sorted(by_paper[paper], key=lambda t: t.model)
        task = tasks[paper]
        rng = rng_for(paper)
        if task == AUTHOR_TASK:
            refs = _references(paper, plans, rng)
            rows[task].append({"id": paper, "paper_title": title.format(_title(paper)),
                               "paper_abstract": "A made-up abstract: this row is synthetic.",
                               "ablations_in_paper": json.dumps([{k: v for k, v in r.items() if k != "_from"}
                                                                 for r in refs])})
            for t in plans:
                judged.setdefault((task, t.model, "majority_vote"), {})[paper] = _author_verdict(t, refs)
        else:
            suggestions = rng.randint(1, 4)
            rows[task].append({"id": paper, "paper_title": title.format(_title(paper)),
                               "paper_abstract": "A made-up abstract: this row is synthetic.",
                               "review_text": json.dumps([f"(Synthetic review {i}.) The authors should ablate the "
                                                          "components their method adds." for i in (1, 2)]),
                               "num_ablation_suggestions": suggestions})
            for t in plans:
                judged.setdefault((task, t.model, "majority_vote"), {})[paper] = _reviewer_verdict(t, suggestions)
    if unplanned:
        rows[AUTHOR_TASK].append({"id": "toy-unplanned-paper", "paper_title": title.format("A paper no model planned for"),
                                  "paper_abstract": "A made-up abstract: this row is synthetic.",
                                  "ablations_in_paper": json.dumps([_ablation("Toy Component Removal", "REMOVE")])})
    _write_datasets(out / "datasets", rows, parquet)
    for (task, model, judge), papers in sorted(judged.items()):
        folder = out / "runs" / "eval" / ("researcher" if task == AUTHOR_TASK else "reviewer") / "simple_lm" / model
        _write_judge(folder / judge, papers, cost=0.04)
        if second_judge and task == AUTHOR_TASK:
            _write_judge(folder / "openai" / "gpt-4o", papers, cost=0.013)
        if orphan and task == AUTHOR_TASK:
            # the same scores filed under the agent planner, whose plans are not in the example
            _write_judge(out / "runs" / "eval" / "researcher" / "sweagent" / model / judge, papers, cost=0.05)
    return {"papers": len(by_paper), "judged": sum(len(p) for p in judged.values())}


def _title(paper: str) -> str:
    return paper.replace("__", ": ").replace("_", " ") if "_" in paper else paper


def _ablation(name: str, action: str, part: str = "", metrics: Sequence[str] = ("Accuracy",)) -> dict:
    return {"name": name, "ablated_part": part or f"{name} (synthetic reference)", "action": action,
            "metrics": list(metrics)}


def _references(paper: str, plans: Sequence[Trajectory], rng: random.Random) -> list[dict]:
    """Reference ablations: some proposals of the plans, reworded, plus one no plan has."""
    pool = [a for t in plans for a in t.ablations]
    picked = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
    refs, names = [], set()
    for a in picked:
        name = f"{a.ablated_part.split(',')[0].split(' (')[0][:60].strip() or a.name} ({a.action.lower() or 'vary'})"
        if name in names:
            continue
        names.add(name)
        refs.append({**_ablation(name, a.action or "REMOVE", a.ablated_part, a.metrics[:2] or ("Accuracy",)),
                     "_from": a.name})
    refs.append(_ablation("Training data scale", "REPLACE", "Amount of training data", ("Accuracy",)))
    return refs


def _author_verdict(t: Trajectory, refs: Sequence[dict]) -> tuple[dict, str]:
    rng = rng_for(t.paper, t.model, "author")
    plan = [a.name for a in t.ablations]
    lines = []
    for ref in refs:
        closest = max(t.ablations, key=lambda a: len(_words(a.ablated_part + " " + a.name) & _words(ref["ablated_part"])),
                      default=None)
        overlap = len(_words(closest.ablated_part + " " + closest.name) & _words(ref["ablated_part"])) if closest else 0
        if ref.get("_from") in plan and rng.random() < 0.85:
            match = ref["_from"]
        elif overlap >= 2 and rng.random() < 0.6:
            match = closest.name
        else:
            match = None
        lines.append({"name_in_paper": ref["name"], "name_in_plan": match})
    named = {line["name_in_plan"] for line in lines if line["name_in_plan"]}
    scores = author_scores(len(refs), [line["name_in_plan"] is not None for line in lines],
                           len(set(plan) - named), len(plan))
    return scores, "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines)


def _words(text: str) -> set[str]:
    return {w for w in "".join(c if c.isalnum() else " " for c in text.lower()).split() if len(w) > 3}


def _reviewer_verdict(t: Trajectory, suggestions: int) -> tuple[dict, str]:
    rng = rng_for(t.paper, t.model, "reviewer")
    lines = [{"name_in_plan": a.name, "appears_in_review": rng.random() < 0.4} for a in t.ablations]
    scores = reviewer_scores(suggestions, [line["appears_in_review"] for line in lines])
    return scores, "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines)


def _write_judge(folder: Path, papers: Mapping[str, tuple[dict, str]], cost: float) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for paper, (scores, lines) in sorted(papers.items()):
        rows.append({"id": paper, **scores, "cost": cost})
        (folder / f"{paper}.jsonl").write_text(lines, encoding="utf-8")
    (folder / "evaluations.json").write_text(json.dumps(rows, indent=4) + "\n", encoding="utf-8")


def _write_datasets(folder: Path, rows: Mapping[str, list[dict]], parquet: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    author, reviewer = rows[AUTHOR_TASK], rows[REVIEWER_TASK]
    if author:
        if parquet:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(author), folder / "researcher-ablation-bench.parquet")
        else:
            _jsonl(folder / "researcher-ablation-bench.jsonl", author)
    if reviewer:
        _jsonl(folder / "reviewer-ablation-bench.jsonl", reviewer)


def _jsonl(path: Path, rows: Sequence[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def sample_tasks(trajectories: Sequence[Trajectory]) -> dict[str, str]:
    """The bundled example's two papers: the two with the most plans (ties by id), one per task."""
    counts: dict[str, int] = {}
    for t in trajectories:
        counts[t.paper] = counts.get(t.paper, 0) + 1
    two = sorted(counts, key=lambda p: (-counts[p], p))[:2]
    return {paper: task for paper, task in zip(sorted(two, key=str.casefold), (AUTHOR_TASK, REVIEWER_TASK))}


def load(folder: Path) -> list[Trajectory]:
    from generator.build import load_trajectory
    from generator.pipeline.metadata import ModelTable
    from generator.pipeline.read import read_sources
    from generator.config import DEFAULT_MODELS
    from dataclasses import replace

    models = ModelTable.load(DEFAULT_MODELS)
    out = []
    for f in read_sources([folder]).files:
        try:
            t = load_trajectory(f)
        except ValueError:
            continue
        out.append(replace(t, model=models.canonical(t.model)))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=Path, default=REPO / "samples")
    ap.add_argument("--out", type=Path, default=REPO / "examples" / "judged")
    args = ap.parse_args(argv)
    trajectories = load(args.samples)
    counts = fabricate(trajectories, sample_tasks(trajectories), args.out, second_judge=True, orphan=True,
                       unplanned=True)
    print(f"{args.out}: synthetic ground truth and verdicts for {counts['papers']} papers, "
          f"{counts['judged']} judged plans")


if __name__ == "__main__":
    main()
