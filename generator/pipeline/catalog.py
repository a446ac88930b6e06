"""Stage 5 — catalog: merge aliases, drop duplicates, name pages; papers × models.

Pure: takes parsed trajectories plus side data, returns a :class:`Catalog`.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import re
import unicodedata
from dataclasses import replace
from typing import Iterable, Mapping, Sequence

from generator import layout
from generator.pipeline.metadata import ModelTable, title_from_id
from generator.records import Catalog, Duplicate, Issue, PaperInfo, Report, Trajectory

MAX_SLUG = 80
MAX_ABLATIONS = 500
"""A plan's ablations beyond this many are left out, with a warning (real plans have 5 to 20):
every page and the search index do work in proportion to them."""


def build_catalog(
    candidates: Sequence[Trajectory],
    models: ModelTable,
    papers_meta: Mapping[str, PaperInfo],
    *,
    files: int,
    errors: Iterable[Issue] = (),
    warnings: Iterable[Issue] = (),
    skipped: Iterable[Issue] = (),
) -> Catalog:
    """Build the catalog from every successfully parsed trajectory."""
    merged = [replace(t, model=models.canonical(t.model)) for t in candidates]
    kept, duplicates = _dedupe(merged)
    kept = [_bounded(t) for t in kept]

    apart: dict[str, list[tuple[str, str, str]]] = {"model": [], "paper": [], "planner": []}
    model_ids = sorted({t.model for t in kept})
    model_slugs = slugs(model_ids, apart["model"])
    model_infos = sorted(
        (replace(models.info(m), slug=model_slugs[m]) for m in model_ids),
        key=lambda m: (m.name.casefold(), m.id),
    )
    paper_ids = sorted({t.paper for t in kept})
    paper_slugs = slugs(paper_ids, apart["paper"])
    path_tasks = {t.paper: t.task for t in sorted(kept, key=lambda t: t.source) if t.task}  # a run folder's
    paper_infos = sorted(
        (_paper_info(p, papers_meta.get(p), paper_slugs[p], path_tasks.get(p)) for p in paper_ids),
        key=lambda p: (p.title.casefold(), p.id),
    )
    planner_slugs = slugs(sorted({t.planner for t in kept}), apart["planner"])
    order = {p.id: i for i, p in enumerate(paper_infos)}
    morder = {m.id: i for i, m in enumerate(model_infos)}
    kept.sort(key=lambda t: (morder[t.model], order[t.paper], t.planner))
    pages = {t.key: layout.trajectory_page(planner_slugs[t.planner], model_slugs[t.model], paper_slugs[t.paper])
             for t in kept}
    report = Report(
        files=files,
        trajectories=len(kept),
        errors=tuple(sorted(errors, key=lambda e: e.source)),
        duplicates=tuple(duplicates),
        warnings=tuple(sorted([*warnings, *_told_apart(apart, kept)], key=lambda w: w.source))
        + tuple(Issue(t.source, w) for t in kept for w in t.warnings),
        skipped=tuple(sorted(skipped, key=lambda s: s.source)),
    )
    return Catalog(tuple(kept), tuple(model_infos), tuple(paper_infos), report, pages, planner_slugs)


def _bounded(t: Trajectory) -> Trajectory:
    if len(t.ablations) <= MAX_ABLATIONS:
        return t
    return replace(t, ablations=t.ablations[:MAX_ABLATIONS], warnings=(
        *t.warnings, f"the plan has {len(t.ablations)} ablations; only the first {MAX_ABLATIONS} are published"))


def _told_apart(apart: Mapping[str, list[tuple[str, str, str]]], kept: Sequence[Trajectory]) -> list[Issue]:
    """A warning for each model, paper or planner id whose page name had to be told apart
    from another's (``foo`` and ``Foo``), on a file that uses it."""
    out = []
    for kind, told in apart.items():
        for ident, shared, slug in told:
            source = min(t.source for t in kept if getattr(t, kind) == ident)
            why = f"shares the page name {shared!r} with another {kind} id" if shared else "has no usable page name"
            out.append(Issue(source, f"{kind} id {ident!r} {why}; its pages use {slug!r}"))
    return out


def _paper_info(paper_id: str, meta: PaperInfo | None, slug: str, path_task: str | None = None) -> PaperInfo:
    """The paper's metadata; its task from the metadata, else from a run folder's path."""
    return PaperInfo(
        id=paper_id,
        title=(meta.title if meta and meta.title else title_from_id(paper_id)),
        url=meta.url if meta else None,
        task=(meta.task if meta and meta.task else None) or path_task,
        slug=slug,
    )


def _dedupe(trajectories: list[Trajectory]) -> tuple[list[Trajectory], list[Duplicate]]:
    """Keep one trajectory per (planner, model, paper); say which was kept and why.

    Preference, in order: a run folder's over an exported page (it has the plan exactly, and
    the cost), fewer repairs needed, fewer warnings, more ablations, longer reasoning, then
    the first source path in sort order.
    """
    groups: dict[tuple[str, str, str], list[Trajectory]] = {}
    for t in trajectories:
        groups.setdefault(t.key, []).append(t)
    kept: list[Trajectory] = []
    duplicates: list[Duplicate] = []
    for group in groups.values():
        group.sort(key=_preference)
        best = group[0]
        kept.append(best)
        for other in group[1:]:
            duplicates.append(Duplicate(other.source, best.source, _why(best, other)))
    duplicates.sort(key=lambda d: d.source)
    return kept, duplicates


def _preference(t: Trajectory) -> tuple:
    return (t.origin == "markdown", len(t.repairs), len(t.warnings), -len(t.ablations), -len(t.reasoning), t.source)


def _why(best: Trajectory, other: Trajectory) -> str:
    if best.digest and best.digest == other.digest:
        return "same content after repair"
    if best.origin != other.origin and other.origin == "markdown":
        return "an exported page of a trajectory read from its run folder; kept the run's (exact plan, cost, tokens)"
    for label, a, b in (
        ("needed fewer repairs", len(best.repairs), len(other.repairs)),
        ("had fewer warnings", len(best.warnings), len(other.warnings)),
        ("has more ablations", -len(best.ablations), -len(other.ablations)),
        ("has a longer reasoning trace", -len(best.reasoning), -len(other.reasoning)),
    ):
        if a != b:
            return f"different content; kept the one that {label} ({abs(a)} vs {abs(b)})"
    return "different content, equally complete; kept the first path in sort order"


@lru_cache(maxsize=65536)
def slugify(value: str) -> str:
    """A lowercase ASCII slug safe as a file or folder name on any system."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:MAX_SLUG].strip("-")


def slugs(ids: Iterable[str], told_apart: list[tuple[str, str, str]] | None = None) -> dict[str, str]:
    """Unique, stable slugs: ids whose slug is empty, reserved or shared get a hash suffix.

    A suffixed slug is checked again (``foo-0beec7b5`` may be another id's own slug, two
    digests may share their first digits): it then gets a longer digest, then a number.
    ``told_apart`` gets ``(id, shared slug, slug given)`` for each id that got a suffix
    because its slug was shared."""
    ids = list(dict.fromkeys(ids))
    base = {i: slugify(i) for i in ids}
    counts: dict[str, int] = {}
    for s in base.values():
        counts[s] = counts.get(s, 0) + 1
    out: dict[str, str] = {}
    suffixed = []
    for i, s in base.items():
        if not s or s in layout.RESERVED_SLUGS or counts[s] > 1 or re.fullmatch(r"page-\d+", s):
            suffixed.append(i)
        else:
            out[i] = s
    taken = set(out.values())
    for i in sorted(suffixed):
        s = base[i]
        digest = hashlib.sha1(i.encode("utf-8", "surrogatepass")).hexdigest()
        candidates = [f"{s}-{digest[:n]}" if s else f"id-{digest[:n]}" for n in (8, 16, 40)]
        slug = next((c for c in candidates if c not in taken), None)
        n = 2
        while slug is None:
            slug = f"{candidates[-1]}-{n}" if f"{candidates[-1]}-{n}" not in taken else None
            n += 1
        taken.add(slug)
        out[i] = slug
        if told_apart is not None and (counts[s] > 1 or slug != candidates[0]):
            told_apart.append((i, s, slug))
    return {i: out[i] for i in ids}
