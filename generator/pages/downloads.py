"""Data published with the site, besides the report and the facet indexes.

Large text files are gzipped (deterministically: no name, no timestamp), which keeps the
site small; ``pandas.read_json`` / ``read_csv`` and ``gzip.open`` read them as they are.
With zlib-ng (a dependency), level 5: about half the time of level 7 for a file slightly
larger (bench/README.md).

- ``data/trajectories.json.gz``: every trajectory, parsed (a JSON list of records).

- ``data/ablations.csv.gz``: one row per proposed ablation, for spreadsheets and pandas
  (``page``: the trajectory page's URL relative to the site root, as in the JSON). A text
  cell that a spreadsheet would take for a formula (it starts with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return) starts with ``'`` instead, as OWASP recommends: opening the
  file never runs ``=HYPERLINK(...)`` or ``=cmd|...`` from a trajectory.
- ``data/ablationbench/<planner>--<model>.zip``: what AblationBench's planners write, so the
  plans can be re-scored with the benchmark's judges: one ``<paper>.jsonl`` per task with one
  ``AblationSuggestion`` per line, plus ``plans.json`` (``{task: {"predictions", "cost"}}``).
  The zip is deterministic (fixed timestamps), so an unchanged corpus gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence

from generator.output import jsontext

try:
    from zlib_ng import zlib_ng as _zlib
    GZIP_LEVEL = 5
except ImportError:  # pragma: no cover - zlib-ng is a dependency; the standard zlib also works
    import zlib as _zlib  # type: ignore[no-redef]
    GZIP_LEVEL = 6

CSV_FIELDS = ("planner", "model", "model_name", "paper", "paper_title", "task", "index", "name",
              "ablated_part", "action", "replacement", "metrics", "page")
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_FORMULA_START = frozenset("=+-@\t\r")


def ablations_csv(records: Iterable[Mapping]) -> str:
    """One row per ablation; list fields joined with ' | '; no cell a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in records:
        for i, a in enumerate(r["ablations"], 1):
            writer.writerow((
                *map(inert_cell, (r["planner"], r["model"], r["model_name"], r["paper"], r["paper_title"],
                                  r["task"])), i,
                *map(inert_cell, (a["name"], a["ablated_part"], a["action"],
                                  "" if a["replacement"] is None else " | ".join(a["replacement"]),
                                  " | ".join(a["metrics"]), r["page"])),
            ))
    return out.getvalue()


def inert_cell(value: str | None) -> str | None:
    """A text cell that no spreadsheet takes for a formula: ``'`` before a leading
    ``=``, ``+``, ``-``, ``@``, tab or carriage return."""
    if value and value[0] in _FORMULA_START:
        return "'" + value
    return value


def gzipped(text: str) -> bytes:
    """``text`` as a deterministic gzip file (same text, same bytes)."""
    return _zlib.compress(text.encode("utf-8"), GZIP_LEVEL, wbits=31)  # 31: a gzip header, mtime 0


def suggestion_line(ablation: Mapping) -> str:
    """One ``AblationSuggestion`` as AblationBench writes it (its field order); a plan read
    from a run folder keeps its lines as they were written."""
    if ablation.get("line"):
        return ablation["line"]
    keys = ("name", "ablated_part", "action", "replacement", "metrics")
    return jsontext.dumps({k: ablation[k] for k in keys})


def plans_json(plans: Mapping[str, str]) -> str:
    """``{task: {"predictions": text, "cost": 0.0}}`` as ``json.dumps(..., indent=4,
    ensure_ascii=False)`` writes it (its pure-Python indenting encoder is slow)."""
    if not plans:
        return "{}"
    return "{\n" + ",\n".join(
        f'    {jsontext.dumps(task)}: {{\n        "predictions": {jsontext.dumps(text)},\n'
        '        "cost": 0.0\n    }' for task, text in plans.items()) + "\n}"


def ablationbench_zip(records: Sequence[Mapping]) -> bytes:
    """One planner+model's plans in AblationBench's output layout, zipped."""
    buffer = io.BytesIO()
    plans: dict[str, str] = {}
    names: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for r in sorted(records, key=lambda r: r["paper"]):
            predictions = "\n".join(suggestion_line(a) for a in r["ablations"])
            plans[r["paper"]] = predictions
            name = _safe_name(r["paper"])
            while name.lower() in names:  # 'a/b' and 'a_b' would share a file name
                name += "_"
            names.add(name.lower())
            _add(zf, f"{name}.jsonl", predictions)
        _add(zf, "plans.json", plans_json(plans))
    return buffer.getvalue()


def _add(zf: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, text.encode("utf-8"))


def _safe_name(paper: str) -> str:
    """A task id as a file name inside the zip (no folders, no traversal)."""
    name = paper.replace("/", "_").replace("\\", "_").strip(". ")
    return name or "unnamed"
