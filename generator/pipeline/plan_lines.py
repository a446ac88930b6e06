"""A plan as AblationBench's planners write it: JSONL, one ``AblationSuggestion`` per line.

The LM planner's lines are pydantic's (always ``name``, ``ablated_part``, ``action``,
``replacement``, ``metrics``); the agent planner's are whatever the agent wrote (a line may
lack ``replacement`` or add keys of its own). Each line becomes an :class:`Ablation` whose
``line`` keeps the JSON as written; text fields go through the mojibake repair like any
model text. A line that is not JSON is skipped with a warning (the last one is usually a
file cut off mid-write); the lines before and after it are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from generator.analysis.vocabulary import ACTIONS
from generator.pipeline.repair import repair
from generator.records import Ablation, RepairStep


def model_text(value: str, repairs: list[RepairStep]) -> str:
    """Model-written text, mojibake undone (each repair step noted once in ``repairs``)."""
    if value.isascii():
        return value
    fixed = repair(value)
    for step in fixed.steps:
        if step not in repairs:
            repairs.append(step)
    return fixed.text


def read_plan(text: str, repairs: list[RepairStep], warnings: list[str]) -> tuple[Ablation, ...]:
    """The ablations of a JSONL plan (blank lines skipped)."""
    numbered = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    out: list[Ablation] = []
    for position, (n, line) in enumerate(numbered, 1):
        try:
            value = json.loads(line)
        except ValueError:
            last = position == len(numbered)
            warnings.append(f"plan line {n} is {'cut off' if last else 'not JSON'} "
                            f"({_preview(line)}); skipped, the other lines are kept")
            continue
        if not isinstance(value, dict):
            warnings.append(f"plan line {n} is not a JSON object ({_preview(line)}); skipped")
            continue
        out.append(_ablation(value, line, len(out) + 1, repairs, warnings))
    return tuple(out)


def _ablation(value: dict, line: str, index: int, repairs: list[RepairStep], warnings: list[str]) -> Ablation:
    name = model_text(_scalar(value.get("name")), repairs)
    missing = [k for k in ("name", "ablated_part", "action", "metrics") if value.get(k) is None]
    if missing:
        warnings.append(f"ablation {index} '{name}': missing {', '.join(m.replace('_', ' ') for m in missing)}")
    action = _scalar(value.get("action")).strip().upper()
    if action and action not in ACTIONS:
        warnings.append(f"ablation {index} '{name}': unexpected action '{action}' (expected REMOVE, REPLACE or ADD)")
    replacement = value.get("replacement")
    return Ablation(
        name=name,
        ablated_part=model_text(_scalar(value.get("ablated_part")), repairs),
        action=action,
        replacement=None if replacement is None else tuple(model_text(x, repairs) for x in _items(replacement)),
        metrics=tuple(model_text(x, repairs) for x in _items(value.get("metrics"))),
        line=line,
    )


def _items(value: object) -> Iterable[str]:
    """A list field as text items, as AblationBench's Markdown pages show them: list items
    one by one, a dict's entries as ``key: value``, a lone value as one item."""
    if value is None:
        return ()
    if isinstance(value, list):
        return [_scalar(x) for x in value]
    if isinstance(value, dict):
        return [f"{k}: {_scalar(v)}" for k, v in value.items()]
    return [_scalar(value)]


def _scalar(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _preview(line: str) -> str:
    return repr(line[:60] + ("…" if len(line) > 60 else ""))
