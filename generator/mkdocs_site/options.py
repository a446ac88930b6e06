"""The plugin's options: ``extra: trajectories:`` in mkdocs.yml, typed and checked.

```yaml
extra:
  trajectories:
    page_shell: true       # render each folder's theme shell once and fill it in (faster)
    bytecode_cache: true   # keep the theme's compiled templates in Jinja's cache folder
```

``python -m generator serve`` also sets ``watch``, ``metadata`` and ``models`` (the sources
it regenerates the docs folder from); they are not read from mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Mapping


class OptionsError(ValueError):
    """An option in mkdocs.yml with the wrong type; the message names it."""


@dataclass(frozen=True)
class SiteOptions:
    page_shell: bool = True
    """Render the theme's page shell once per folder and fill it in (else every page goes
    through the theme; the pages are the same)."""

    bytecode_cache: bool = True
    """Keep compiled theme templates in Jinja's cache folder (in the system's temp folder)."""

    watch: tuple[Path, ...] = ()
    """Source folders to watch and regenerate from (``python -m generator serve``)."""

    metadata: tuple[Path, ...] = ()
    models: Path | None = None

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any] | None) -> "SiteOptions":
        given = (extra or {}).get("trajectories") or {}
        if not isinstance(given, Mapping):
            raise OptionsError("extra.trajectories in mkdocs.yml must be a mapping of options")
        known = {f.name: f for f in fields(cls) if f.name in ("page_shell", "bytecode_cache")}
        values = {}
        for key, value in given.items():
            if key not in known:
                raise OptionsError(f"extra.trajectories.{key} in mkdocs.yml is not an option "
                                   f"(options: {', '.join(known)})")
            if not isinstance(value, bool):
                raise OptionsError(f"extra.trajectories.{key} in mkdocs.yml must be true or false")
            values[key] = value
        return cls(**values)
