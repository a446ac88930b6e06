"""Command line: ``python -m generator build|site|serve|finish|clean``.

``build`` writes the MkDocs pages; ``site`` also builds the site with MkDocs, in the same
process, so that the search index starts on the pages while they are generated; ``serve``
previews it, regenerating on change; ``finish`` completes a site that another builder
(MkDocs without our hook, Zensical) made from the same pages.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Sequence

from generator import layout
from generator.build import build
from generator.config import DEFAULT_MODELS, DEFAULT_OUT, DEFAULT_SOURCES, BuildConfig
from generator.pipeline.metadata import MetadataError
from generator.output.lock import OutputError
from generator.pipeline.read import SourceIsOutput, SourceNotFound
from generator.output.write import UnsafePath, write_output

# what the user can fix: `error: <what>: <reason, what to do>`, exit status 2
_USER_ERRORS = (SourceNotFound, SourceIsOutput, MetadataError, UnsafePath, OutputError)
# characters a terminal acts on (escape sequences, bidi overrides...): shown as escapes
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` for a terminal: control characters and bidi controls written as escapes."""
    return _TERMINAL_CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def _say(text: object, file=None) -> None:
    print(printable(text), file=file or sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="turn folders of trajectory files into MkDocs pages")
    s = sub.add_parser("site", help="build, then `mkdocs build --strict` the site (one process, faster)")
    s.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    s.add_argument("--site-dir", type=Path, help="where the site goes (default: the configuration's site_dir)")
    for b in (b, s):
        _build_arguments(b)
    v = sub.add_parser("serve", help="preview at http://127.0.0.1:8000/, regenerating when a source file changes")
    v.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    v.add_argument("-a", "--dev-addr", help="IP address and port to serve on (default: the configuration's)")
    _build_arguments(v)
    f = sub.add_parser("finish", help="complete a site built by any builder: search index, assets, link check")
    f.add_argument("site_dir", type=Path, metavar="SITE_DIR", help="the built site (e.g. site/)")
    f.add_argument("--lang", default="en", help="the site's language, for search (default: en)")
    c = sub.add_parser("clean", help="remove every generated file (hand-written pages stay)")
    c.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if args.command == "clean":
        try:
            removed = write_output(args.out, {}).removed if args.out.exists() else ()
        except OSError as exc:
            _say(f"error: {args.out}: cannot remove generated files ({exc.strerror or exc})", sys.stderr)
            return 2
        _say(f"{args.out}: {len(removed)} generated files removed")
        return 0

    if args.command == "finish":
        return _finish(args)
    config = BuildConfig(
        sources=tuple(args.sources) or DEFAULT_SOURCES, out=args.out,
        metadata=tuple(args.metadata), models=args.models, strict=args.strict,
        bytecode_cache=not args.no_bytecode_cache,
    )
    if args.command == "site":
        return _site(config, args)
    if args.command == "serve":
        return _serve(config, args)
    result = _generate(config, args)
    if result is None:
        return 2
    return 1 if config.strict and result.catalog.report.errors else 0


def _build_arguments(b: argparse.ArgumentParser) -> None:
    b.add_argument("sources", nargs="*", type=Path, metavar="SOURCE",
                   help="folders or files to read, recursively (default: the bundled samples)")
    b.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder, the MkDocs docs_dir (default: site_src)")
    b.add_argument("--metadata", type=Path, action="append", default=[],
                   help="CSV/JSON with a 'paper' column and title, url or task (repeatable)")
    b.add_argument("--models", type=Path, default=DEFAULT_MODELS, help="TOML table of model names and aliases")
    b.add_argument("--strict", action="store_true", help="exit with status 1 when any input file is an error")
    b.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    b.add_argument("--timings", action="store_true", help="also print the wall time of each stage")
    b.add_argument("--no-bytecode-cache", action="store_true",
                   help="do not keep compiled page templates in Jinja's cache folder (the temp folder)")


def _has_config(args: argparse.Namespace) -> bool:
    if args.config.is_file():
        return True
    _say(f"error: MkDocs configuration not found: {args.config} (give one with --config)", sys.stderr)
    return False


def _generate(config: BuildConfig, args: argparse.Namespace, **hooks):
    """Generate the docs folder and print the summary; None when the input is refused (said)."""
    try:
        result = build(config, **hooks)
    except _USER_ERRORS as exc:
        _say(f"error: {exc}", sys.stderr)
        return None
    _summary(result, config, quiet=args.quiet, timings=args.timings)
    return result


def _site(config: BuildConfig, args: argparse.Namespace) -> int:
    """Generate, then build the site with MkDocs; Pagefind starts on the pages as they are made."""
    from generator.mkdocs_site import search_feed
    from generator.mkdocs_site.commands import SiteBuildError, build_site

    if not _has_config(args):
        return 2
    feeder = search_feed.Feeder()  # Pagefind gets each page as soon as it is rendered
    result = _generate(config, args, on_rendered=feeder, prepare=search_feed.prepare)
    if result is None:
        if feeder.index is not None:
            feeder.index.discard()
        return 2
    feeder.settle()
    try:
        build_site(args.config, config.out, args.site_dir, feeder=feeder)
    except SiteBuildError as exc:
        _say(f"error: {exc}", sys.stderr)
        return 1
    return 1 if config.strict and result.catalog.report.errors else 0


def _serve(config: BuildConfig, args: argparse.Namespace) -> int:
    """Generate once, then `mkdocs serve --dirty` with the sources watched."""
    from generator.mkdocs_site.commands import SiteBuildError, serve

    if not _has_config(args) or _generate(config, args) is None:
        return 2
    try:
        serve(args.config, sources=config.sources, metadata=config.metadata, models=config.models,
              dev_addr=args.dev_addr)
    except SiteBuildError as exc:
        _say(f"error: {exc}", sys.stderr)
        return 1
    return 0


def _finish(args: argparse.Namespace) -> int:
    """Search index, asset hashes, unused theme files and a link check, on a built site."""
    from generator.mkdocs_site.finish import FinishError, finish

    try:
        done = finish(args.site_dir, lang=args.lang)
    except FinishError as exc:
        _say(f"error: {exc}", sys.stderr)
        return 1
    print(done.summary())
    return 0 if not done.broken else 1


def _summary(result, config: BuildConfig, quiet: bool, timings: bool = False) -> None:
    report = result.catalog.report
    repaired = sum(1 for t in result.catalog.trajectories if t.repairs)
    w = result.written
    if not quiet:
        for e in report.errors:
            _say(f"error: {e.source}: {e.message}", sys.stderr)
        for d in report.duplicates:
            _say(f"duplicate: {d.source} (kept {d.kept}: {d.reason})", sys.stderr)
        for s in report.skipped:
            _say(f"skipped: {s.source}: {s.message}", sys.stderr)
        for s in w.skipped:
            _say(f"skipped: {s.message}", sys.stderr)
        if report.warnings:
            _say(f"{len(report.warnings)} warnings (see {config.out / layout.REPORT})", sys.stderr)
    _say(
        f"{report.files} files → {report.trajectories} trajectories "
        f"({len(result.catalog.papers)} papers, {len(result.catalog.models)} models, {repaired} repaired); "
        f"{len(report.errors)} errors, {len(report.duplicates)} duplicates, {len(report.skipped)} skipped, "
        f"{len(report.warnings)} warnings. "
        f"{config.out}: {len(w.written)} written, {w.unchanged} unchanged, {len(w.removed)} removed "
        f"in {result.seconds:.2f} s ({result.rendered} rendered, {result.cached} files parsed from cache)"
    )
    if timings:
        print("stages: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.stages))
