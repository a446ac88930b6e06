"""Each trajectory as the pages see it: a :class:`Row`, with what every page needs of it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import orjson

from generator import layout
from generator.analysis.vocabulary import action_counts
from generator.records import Catalog, ModelInfo, PaperInfo, Trajectory


@dataclass(frozen=True)
class Row:
    """One trajectory as a row of an index or overview table."""

    t: Trajectory
    model: ModelInfo
    paper: PaperInfo
    page: str
    model_page: str
    paper_page: str
    zip: str  # the AblationBench download of its planner and model
    action_counts: tuple[tuple[str, int], ...]
    shown: str  # digest of what the row shows of its trajectory, for render keys (see row())
    plan_shown: str  # the same without the reasoning: for pages that show plans, counts, provenance


def row(catalog: Catalog, t: Trajectory) -> Row:
    model, paper = catalog.model(t.model), catalog.paper(t.paper)
    page = catalog.pages[t.key]
    # model and paper by id: the keys of pages that show a name or a title include shown(...)
    plan_shown = digest((page, t.source, t.planner, t.ablations, t.repairs, t.warnings, model.id, paper.id))
    return Row(t, model, paper, page, layout.model_page(model.slug), layout.paper_page(paper.slug),
               layout.ablationbench_zip(catalog.planner_slugs[t.planner], model.slug),
               action_counts(a.action for a in t.ablations), digest((plan_shown, t.digest)), plan_shown)


def labels(same_paper: list[Row]) -> Iterator[tuple[Row, str]]:
    """Each row of one paper with its name among them: the model's, plus the planner if several."""
    several = len({r.t.planner for r in same_paper}) > 1
    for r in same_paper:
        yield r, (f"{r.model.name} ({r.t.planner})" if several else r.model.name)


def model_summary(model: ModelInfo, rows: list[Row]) -> dict:
    return {
        "model": model, "page": layout.model_page(model.slug), "trajectories": len(rows),
        "papers": len({r.paper.id for r in rows}),
        "ablations": sum(len(r.t.ablations) for r in rows),
        "action_counts": action_counts(a.action for r in rows for a in r.t.ablations),
    }


def record(r: Row) -> dict:
    """A trajectory as ``data/trajectories.json.gz`` publishes it (``page``: its page's URL,
    relative to the site root, as the site serves it)."""
    return {
        "planner": r.t.planner, "model": r.model.id, "model_name": r.model.name,
        "paper": r.paper.id, "paper_title": r.paper.title, "task": r.paper.task,
        "source": r.t.source, "page": layout.url_of(r.page),
        "repairs": [s.describe() for s in r.t.repairs],
        "warnings": list(r.t.warnings),
        "reasoning": r.t.reasoning,
        "ablations": [a.as_dict() for a in r.t.ablations],
    }


def digest(value: object) -> str:
    """A digest of ``value``: of its JSON (dataclasses as objects), else of its ``repr``."""
    try:
        data = b"j" + orjson.dumps(value)
    except TypeError:  # (lone surrogates, keys that are not strings, ...)
        data = b"r" + repr(value).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


shown = lru_cache(maxsize=4096)(digest)  # of a ModelInfo / PaperInfo, shown by many pages
