"""The whole build, top to bottom: collect everything, then render, then write."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .cache import LoadCache, content_digest
from .catalog import build_catalog
from .config import BuildConfig
from .decode import DecodeError, decode
from .metadata import ModelTable, load_paper_metadata
from .model import Catalog, Issue, SourceFile, Trajectory
from .parse import ParseError, parse
from .read import read_sources
from .render import code_version, plan
from .repair import repair
from .write import KEEP, WriteResult, known_keys, write_output

INTRO = "_intro.md"  # optional hand-written home-page text, inlined into index.md


@dataclass(frozen=True)
class BuildResult:
    catalog: Catalog
    written: WriteResult
    seconds: float
    rendered: int = 0  # pages and data files rendered (the others were unchanged)
    cached: int = 0  # input files whose parse came from the cache


def build(config: BuildConfig, on_rendered: Callable[[str, str | bytes], None] | None = None) -> BuildResult:
    """Collect, render, write. ``on_rendered(path, text)`` sees each page as it is rendered."""
    started = time.perf_counter()
    # 1. collect
    models = ModelTable.load(config.models)
    papers_meta = load_paper_metadata(config.metadata)
    read = read_sources(config.sources)
    cache = LoadCache(config.out, code_version())
    trajectories: list[Trajectory] = []
    errors: list[Issue] = list(read.errors)
    for file in read.files:
        loaded = _load_cached(file, cache)
        if isinstance(loaded, str):
            errors.append(Issue(file.source, loaded))
        else:
            trajectories.append(loaded)
    catalog = build_catalog(
        trajectories, models, papers_meta,
        files=len(read.files) + len(read.errors), errors=errors,
    )
    # 2. render (only what changed since the last run)
    pages = plan(catalog, site_name=config.site_name, intro=_intro(config.out))
    known = known_keys(config.out)
    files: dict[str, str | bytes | object] = {}
    for path, page in pages.items():
        files[path] = KEEP if known.get(path) == page.key else page.make()
        if on_rendered is not None and files[path] is not KEEP:
            on_rendered(path, files[path])
    # 3. write
    written = write_output(config.out, files, keys={path: page.key for path, page in pages.items()})
    cache.save()
    return BuildResult(catalog, written, time.perf_counter() - started,
                       rendered=sum(1 for f in files.values() if f is not KEEP), cached=cache.hits)


def _load_cached(file: SourceFile, cache: LoadCache) -> Trajectory | str:
    """The trajectory in ``file``, or the reason it is not one (cached by content)."""
    digest = content_digest(file.data)
    hit = cache.get(file.source, digest)
    if hit is not None:
        return hit
    try:
        loaded: Trajectory | str = load_trajectory(file)
    except (DecodeError, ParseError) as exc:
        loaded = str(exc)
    except Exception as exc:  # a bug must not cost the other files their pages
        return (f"internal error ({type(exc).__name__}: {exc}); the file was skipped — please "
                "report it with this file attached; expected a trajectory the generator can read")
    cache.put(file.source, digest, loaded)
    return loaded


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
    path = out / INTRO
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
