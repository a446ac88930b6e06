"""Build options: one typed, documented object (no behaviour here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_SOURCES = (REPO_DIR / "samples",)
DEFAULT_OUT = Path("site_src")
DEFAULT_MODELS = PACKAGE_DIR / "data" / "models.toml"


@dataclass(frozen=True)
class BuildConfig:
    """What ``python -m generator build`` was asked to do."""

    sources: tuple[Path, ...] = DEFAULT_SOURCES
    """Folders (or single files) of trajectory files, read recursively."""

    out: Path = DEFAULT_OUT
    """The MkDocs ``docs_dir``. Generated pages go in folders the generator owns;
    hand-written pages beside them are never touched."""

    metadata: tuple[Path, ...] = ()
    """Optional CSV/JSON files with a ``paper`` column and any of ``title``, ``url``, ``task``."""

    models: Path = DEFAULT_MODELS
    """TOML table of known models: canonical id, display name, aliases."""

    strict: bool = False
    """Exit non-zero when any input file is reported as an error."""

    site_name: str = "AblationBench trajectories"

    bytecode_cache: bool = True
    """Keep the page templates' compiled code in Jinja's cache folder (in the temp folder)."""
