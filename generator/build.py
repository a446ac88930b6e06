"""The whole build, top to bottom: collect everything, then render, then write."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from .catalog import build_catalog
from .config import BuildConfig
from .decode import DecodeError, decode
from .metadata import ModelTable, load_paper_metadata
from .model import Catalog, Issue, SourceFile, Trajectory
from .parse import ParseError, parse
from .read import read_sources
from .render import render
from .repair import repair
from .write import WriteResult, write_output

INTRO = "_intro.md"  # optional hand-written home-page text, inlined into index.md


@dataclass(frozen=True)
class BuildResult:
    catalog: Catalog
    written: WriteResult
    seconds: float


def build(config: BuildConfig) -> BuildResult:
    started = time.perf_counter()
    # 1. collect
    models = ModelTable.load(config.models)
    papers_meta = load_paper_metadata(config.metadata)
    read = read_sources(config.sources)
    trajectories: list[Trajectory] = []
    errors: list[Issue] = list(read.errors)
    for file in read.files:
        try:
            trajectories.append(load_trajectory(file))
        except (DecodeError, ParseError) as exc:
            errors.append(Issue(file.source, str(exc)))
        except Exception as exc:  # a bug must not cost the other files their pages
            errors.append(Issue(file.source, f"internal error ({type(exc).__name__}: {exc}); the file "
                                             "was skipped — please report it with this file attached; "
                                             "expected a trajectory the generator can read"))
    catalog = build_catalog(
        trajectories, models, papers_meta,
        files=len(read.files) + len(read.errors), errors=errors,
    )
    # 2. render
    files = render(catalog, site_name=config.site_name, intro=_intro(config.out))
    # 3. write
    written = write_output(config.out, files)
    return BuildResult(catalog, written, time.perf_counter() - started)


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
