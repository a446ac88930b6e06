"""The whole build, top to bottom: collect everything, then render, then write."""

from __future__ import annotations

import gc
import hashlib
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from generator.analysis import grouping
from generator.analysis.grouping import GroupCache
from generator.pipeline.load_cache import LoadCache, content_digest
from generator.pipeline.catalog import build_catalog
from generator.pipeline.attach import attach, paper_meta
from generator.pipeline.datasets import read_datasets
from generator.pipeline.judgments import read_judgments
from generator import layout
from generator.config import BuildConfig
from generator.pipeline.decode import DecodeError, decode
from generator.pipeline.metadata import ModelTable, load_paper_metadata
from generator.records import Catalog, Issue, SourceFile, Trajectory
from generator.output.parallel import parallel_map
from generator.pipeline.parse import ParseError, parse
from generator.pipeline import recognize
from generator.pipeline.read import check_sources, read_sources
from generator.pipeline.recognize import Kind
from generator.pages.plan import code_version, plan
from generator.pages.rows import paper_plans
from generator.pipeline.repair import repair
from generator.pipeline.runs import RUN_KINDS, read_runs
from generator.output import write
from generator.output.lock import OutputError, locked
from generator.output.write import WriteResult, known_keys
from generator.untrusted.text import html_text

# Fewer pages than this are rendered in this process (see parallel_map). Even a few pay for a
# pool: a whole-corpus page (an index, a data file, a zip) takes tens of milliseconds to
# render, and those are the pages an edit re-renders.
RENDER_MIN_ITEMS = 8


@dataclass(frozen=True)
class BuildResult:
    catalog: Catalog
    written: WriteResult
    seconds: float
    rendered: int = 0  # pages and data files rendered (the others were unchanged)
    cached: int = 0  # input files whose parse came from the cache
    stages: tuple[tuple[str, float], ...] = ()  # (stage, wall seconds), in order: where the time went


def build(config: BuildConfig, on_rendered: Callable[[str, Any], None] | None = None,
          prepare: Callable[[str, bytes], Any] | None = None) -> BuildResult:
    """Collect, render, write.

    ``on_rendered(path, prepared)`` sees each file as soon as it is rendered and written,
    where ``prepared`` is ``prepare(path, data)`` of its content, computed beside the
    rendering (in the worker processes, when the pages are rendered there), or ``None``
    without ``prepare``.
    """
    check_sources(config.sources, exclude=(config.out,))  # (before the output folder is made)
    with _without_cyclic_gc(), locked(config.out):
        return _build(config, on_rendered, prepare)


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector off for a build run by the main thread (the worker processes
    inherit that); left alone when a build runs in another thread (``serve``'s preview),
    where it would be off for the whole process.

    A build makes hundreds of thousands of objects that live until its end and hold no
    cycles, and the collector kept traversing them (bench/README.md: what it costs). Objects
    are still freed as usual when their last reference goes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(config: BuildConfig, on_rendered: Callable[[str, Any], None] | None,
           prepare: Callable[[str, bytes], Any] | None) -> BuildResult:
    started = time.perf_counter()
    clock = _Clock()
    # 1. collect
    models = ModelTable.load(config.models)
    warnings: list[Issue] = []
    papers_meta = load_paper_metadata(config.metadata, warnings)
    read = read_sources(config.sources, exclude=(config.out,))
    clock.lap("read")
    cache = LoadCache(config.out, code_version())
    trajectories: list[Trajectory] = []
    errors: list[Issue] = list(read.errors)
    kinds = recognize.group(read.files)
    markdown = kinds.pop(Kind.MARKDOWN, [])
    runs = read_runs({kind: kinds.pop(kind) for kind in RUN_KINDS if kind in kinds})  # run folders
    trajectories.extend(runs.trajectories)
    errors.extend(runs.errors)
    datasets = read_datasets(kinds.pop(Kind.DATASET, []))
    judged = read_judgments(kinds.pop(Kind.JUDGE_EVALUATIONS, []), kinds.pop(Kind.JUDGE_MATCHES, []), models)
    papers_meta, meta_warnings = paper_meta(papers_meta, datasets.references, judged.evaluations)
    skipped = [Issue(f.source, f"{kind.value}: {_NOT_READ.get(kind, 'not a trajectory; nothing reads it')}")
               for kind, files in kinds.items() for f in files] + list(read.skipped)
    for file, loaded in zip(markdown, _load_all(markdown, cache)):
        if isinstance(loaded, str):
            errors.append(Issue(file.source, loaded))
        else:
            trajectories.append(loaded)
    clock.lap("load")
    warnings += _unaligned(trajectories, models)
    catalog = build_catalog(
        trajectories, models, papers_meta,
        files=len(read.files) + len(read.errors) + len(read.skipped), errors=errors, skipped=skipped,
        warnings=warnings,
    )
    catalog = attach(catalog, judged.evaluations, datasets.references,
                     errors=(*datasets.errors, *judged.errors),
                     warnings=(*datasets.warnings, *judged.warnings, *meta_warnings),
                     duplicates=datasets.duplicates)
    clock.lap("catalog")
    aligned = _align_all(paper_plans(catalog), GroupCache(config.out, code_version()))
    clock.lap("align")
    # 2. render (only what changed since the last run), in worker processes when it pays,
    # 3. and write each file as it arrives
    pages = plan(catalog, site_name=config.site_name, intro=_intro(config.out), bytecode_cache=config.bytecode_cache,
                 aligned=aligned)
    known = known_keys(config.out)
    todo = [path for path, page in pages.items() if known.get(path) != page.key]
    # data files first: the few big ones (gzip, zip: a large share of the work) start at once instead
    # of being what one worker is left with at the end
    todo.sort(key=lambda path: path.endswith(".md"))

    # Each worker writes the files it renders (only what changed since the last run), so
    # the pages need not travel back: the parent gets their sizes.
    rendering = set(todo)
    session = write.begin(config.out, todo, keep=[path for path in pages if path not in rendering])
    clock.lap("plan")

    def render(path: str) -> tuple[write.Written | None, Any, str | None]:  # (a closure: reaches the workers by fork)
        data, failure = _made(catalog, path, pages[path])
        return write.put(session, path, data), _prepared(prepare, path, data), failure

    failures: dict[str, str] = {}
    with parallel_map(render, todo, min_items=RENDER_MIN_ITEMS) as rendered:
        cache.save()  # while the pages render
        done: dict[str, write.Outcome] = dict.fromkeys(pages, write.KEEP)
        for path, future in zip(todo, rendered):
            future.add_done_callback(partial(_tell, on_rendered, path))
        for path, future in zip(todo, rendered):
            done[path], _, failure = _result(config, future)
            if failure is not None:
                failures[path] = failure
    if failures:  # a page that could not be made is an error of its file: the report must say so
        catalog, pages, session = _report_failures(config, catalog, pages, session, failures, done,
                                                   on_rendered, prepare, aligned)
    written = write.finish(session, done, keys={path: page.key for path, page in pages.items()})
    clock.lap("render and write")
    return BuildResult(catalog, written, time.perf_counter() - started, rendered=len(todo), cached=cache.hits,
                       stages=tuple(clock.laps))


class _Clock:
    """Wall time of each stage of a build, as (name, seconds) laps."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self._last))
        self._last = now


# why a kind of file is not read (yet): said in the build report
_NOT_READ = {
    Kind.JUDGE_LOG: "a judge's own completion log: nothing to show",
    Kind.BOOKKEEPING: "configuration or log of a run: nothing to show",
    Kind.UNKNOWN_DATA: "not a trajectory, a plan, a verdict or a dataset AblationBench writes",
}


def _load_all(files: Sequence[SourceFile], cache: LoadCache) -> list[Trajectory | str]:
    """Each file's trajectory, or the reason it is not one (cached by content)."""
    digests = [content_digest(file.data) for file in files]
    loaded = [cache.get(file.source, digest) for file, digest in zip(files, digests)]
    misses = [i for i, hit in enumerate(loaded) if hit is None]
    with parallel_map(_load, [files[i] for i in misses]) as results:
        for i, result in zip(misses, results):
            loaded[i], cacheable = result.result()
            if cacheable:
                cache.put(files[i].source, digests[i], loaded[i])
    return loaded


def _load(file: SourceFile) -> tuple[Trajectory | str, bool]:
    """The trajectory in ``file`` or the reason it is not one; and whether to cache that."""
    try:
        return load_trajectory(file), True
    except (DecodeError, ParseError) as exc:
        return str(exc), True
    except Exception as exc:  # a bug must not cost the other files their pages
        return (f"internal error ({type(exc).__name__}: {exc}); the file was skipped — please "
                "report it with this file attached; expected a trajectory the generator can read"), False


def _align_all(plans: Mapping[str, grouping.Plans], cache: GroupCache) -> dict[str, grouping.Aligned]:
    """Each paper's groups (by paper id), aligned once for the paper page and
    ``data/papers.json`` alike, on every core; unchanged papers from the last build's cache.

    A paper whose alignment fails (a bug) is left out: its page then fails where it is
    rendered, and is reported as a page that could not be made."""
    out: dict[str, grouping.Aligned] = {}
    keys = {paper: grouping.digest(p) for paper, p in plans.items()}
    misses = []
    for paper, p in plans.items():
        hit = cache.get(keys[paper], p)
        if hit is None:
            misses.append(paper)
        else:
            out[paper] = hit
    with parallel_map(_aligned, [plans[paper] for paper in misses]) as results:
        for paper, future in zip(misses, results):
            encoded = future.result()
            if encoded is not None:
                cache.put(keys[paper], encoded)
                out[paper] = grouping.decode(encoded, plans[paper])
    cache.save()
    return out


def _aligned(plans: grouping.Plans) -> list | None:
    """One paper's groups, encoded to travel back from a worker; None if aligning failed."""
    try:
        return grouping.encode(grouping.groups_of(plans))
    except Exception:  # a bug must not cost the other papers their groups
        return None


def _made(catalog: Catalog, path: str, page: Any) -> tuple[bytes, str | None]:
    """A page's content, or (if making it failed: a bug, or an input nobody foresaw) a page
    that says it could not be made; and what went wrong."""
    try:
        return _encoded(page.make()), None
    except Exception as exc:  # one page must not cost the others theirs
        return _fallback(catalog, path), f"{type(exc).__name__}: {exc}"


def _prepared(prepare: Callable[[str, bytes], Any] | None, path: str, data: bytes) -> Any:
    """``prepare(path, data)``; None if it fails (MkDocs then renders the page itself)."""
    if prepare is None:
        return None
    try:
        return prepare(path, data)
    except Exception:
        return None


def _result(config: BuildConfig, future: Future) -> tuple[write.Outcome, Any, str | None]:
    try:
        return future.result()
    except OSError as exc:
        raise OutputError(f"{config.out}: cannot write a page ({exc.strerror or exc}: "
                          f"{getattr(exc, 'filename', '') or ''}); fix the folder's permissions or give "
                          "another --out") from exc


def _fallback(catalog: Catalog, path: str) -> bytes:
    """What stands in for a file that could not be made: a page saying so (with the anchors
    other pages link to), or an empty data file of its kind."""
    if path.endswith(".md"):
        shown = next((t for t in catalog.trajectories if catalog.pages.get(t.key) == path), None)
        anchors = "".join(f'<span id="ablation-{i}"></span>' for i in range(1, len(shown.ablations) + 1)) \
            if shown is not None else ""
        source = f" (<code>{html_text(shown.source)}</code>)" if shown is not None else ""
        return (f'---\ntitle: "Page not made"\n---\n\n# Page not made {{#top}}\n\n'
                f'<div class="admonition failure"><p class="admonition-title">This page could not be made</p>'
                f"<p>An internal error stopped it{source}; the build report lists it as an error.</p>"
                f"{anchors}</div>\n").encode("utf-8")
    if path.endswith(".gz"):
        from generator.pages.downloads import gzipped

        return gzipped("[]\n" if path.endswith(".json.gz") else "")
    if path.endswith(".zip"):
        from generator.pages.downloads import ablationbench_zip

        return ablationbench_zip([])
    return b"null\n" if path.endswith(".json") else b""


def _report_failures(config: BuildConfig, catalog: Catalog, pages: dict, session: write.Session,
                     failures: dict[str, str], done: dict[str, write.Outcome],
                     on_rendered: Callable[[str, Any], None] | None,
                     prepare: Callable[[str, bytes], Any] | None,
                     aligned: Mapping[str, grouping.Aligned]) -> tuple[Catalog, dict, write.Session]:
    """Add each page that could not be made to the report, as an error of the file it shows
    (or of the page, for a page of many files), then make again the pages that show the
    report (their render keys changed)."""
    sources = {catalog.pages[t.key]: t.source for t in catalog.trajectories}
    issues = [Issue(sources.get(path, path), f"internal error while making the page {path} ({failure}); "
                    "the page says it could not be made — please report it with this file attached")
              for path, failure in sorted(failures.items())]
    report = catalog.report
    catalog = replace(catalog, report=replace(report, errors=tuple(sorted((*report.errors, *issues),
                                                                          key=lambda e: e.source))))
    again = plan(catalog, site_name=config.site_name, intro=_intro(config.out), bytecode_cache=config.bytecode_cache,
                 aligned=aligned)
    redo = [path for path, page in again.items() if path not in failures and page.key != pages[path].key]
    session = write.extend(session, redo)
    for path in redo:
        data, failure = _made(catalog, path, again[path])
        done[path] = write.put(session, path, data)
        if on_rendered is not None:
            on_rendered(path, _prepared(prepare, path, data))
    # (no render key for a page that failed: the next run makes it, and reports it, again)
    return catalog, {path: page for path, page in again.items() if path not in failures}, session


def _unaligned(trajectories: Sequence[Trajectory], models: ModelTable) -> list[Issue]:
    """A warning for each paper with more ablations than its page compares pairwise."""
    from generator.analysis.align import MAX_ALIGNED
    from generator.pipeline.catalog import MAX_ABLATIONS

    by_paper: dict[str, dict[tuple[str, str], Trajectory]] = {}
    for t in trajectories:  # (one per planner and model, as on the paper's page)
        by_paper.setdefault(t.paper, {})[(t.planner, models.canonical(t.model))] = t
    out = []
    for paper, plans in by_paper.items():
        ts = list(plans.values())
        total = sum(min(len(t.ablations), MAX_ABLATIONS) for t in ts)  # (as published: see catalog)
        if total > MAX_ALIGNED:
            biggest = max(ts, key=lambda t: (len(t.ablations), t.source))
            out.append(Issue(biggest.source, f"paper {paper!r} has {total} ablations across its plans; above "
                             f"{MAX_ALIGNED}, its page groups only identical ones (comparing every pair would take "
                             "minutes)"))
    return out


def _tell(on_rendered: Callable[[str, Any], None] | None, path: str,
          future: Future[tuple[write.Written | None, Any, str | None]]) -> None:
    """``on_rendered`` sees each page as soon as it is rendered (a failure is the build's)."""
    if on_rendered is not None and not future.cancelled() and future.exception() is None:
        on_rendered(path, future.result()[1])


def _encoded(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def load_trajectory(file: SourceFile) -> Trajectory:
    """decode → repair → parse one file (raises DecodeError or ParseError)."""
    decoded = decode(file.data)
    repaired = repair(decoded.text)
    parsed = parse(repaired.text, file.source)
    return Trajectory(
        source=file.source,
        planner=parsed.planner,
        model=parsed.model,
        paper=parsed.paper,
        reasoning=parsed.reasoning,
        ablations=parsed.ablations,
        repairs=decoded.steps + repaired.steps,
        warnings=parsed.warnings,
        digest=hashlib.blake2b(repaired.text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(),
    )


def _intro(out: Path) -> str | None:
    path = out / layout.INTRO
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
