"""Apply the ``git diff`` an agent's run submits when it ends on an error.

After a cost limit, a context overflow or a timeout, SWE-agent submits ``git diff --cached``
of the agent's repository; in AblationBench that diff *creates* ``ablations_plan.jsonl``,
and AblationBench pipes it through ``patch -p1 -o-`` and drops repeated lines. This module
does the same in pure Python (no ``patch`` program needed), for diffs that create files —
the only kind that can be applied without the agent's repository.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

PLAN_FILE = "ablations_plan.jsonl"
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class DiffError(ValueError):
    """A diff that cannot be applied; the message says why."""


@dataclass(frozen=True)
class NewFile:
    path: str  # as the diff names it, without the a/ b/ prefix
    text: str


def is_diff(submission: str) -> bool:
    """Is this submission a diff (as AblationBench tests it: it starts with ``diff --git``)?"""
    return submission.startswith("diff --git")


def new_files(diff: str) -> list[NewFile]:
    """Every file the diff creates, with its content (raises :class:`DiffError`)."""
    lines = diff.splitlines(keepends=True)
    files: list[NewFile] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("--- "):
            if i + 1 >= len(lines) or not lines[i + 1].startswith("+++ "):
                raise DiffError(f"line {i + 1}: '---' with no '+++' after it (the diff is cut off)")
            old, new = _name(line[4:]), _name(lines[i + 1][4:])
            i, text = _hunks(lines, i + 2, creates=old is None)
            if new is not None:  # (a deleted file: nothing to keep)
                if old is not None:
                    raise DiffError(f"the diff changes '{old}', a file the run folder does not hold; "
                                    "only a diff that creates files can be applied")
                files.append(NewFile(new, text))
            continue
        i += 1
    if not files:
        raise DiffError("the diff creates no file")
    return files


def plan_from_diff(diff: str) -> tuple[str, list[str]]:
    """The plan an autosubmitted diff holds, as AblationBench makes it (repeated lines
    dropped), and warnings; raises :class:`DiffError` when it cannot be applied."""
    files = new_files(diff)
    warnings: list[str] = []
    plan = [f for f in files if f.path.rsplit("/", 1)[-1] == PLAN_FILE]
    if plan:
        others = [f.path for f in files if f not in plan]
        if others:
            warnings.append(f"the submitted diff also creates {', '.join(others)}: not part of the plan")
        files = plan
    else:
        warnings.append(f"the submitted diff creates no {PLAN_FILE}; read {', '.join(f.path for f in files)} "
                        "as the plan (as AblationBench does)")
    text = "".join(f.text for f in files)
    lines = list(OrderedDict.fromkeys(text.splitlines()))
    if len(lines) < len(text.splitlines()):
        warnings.append("the submitted diff repeats lines; each is kept once (as AblationBench does)")
    return "\n".join(lines), warnings


def _name(header: str) -> str | None:
    """``b/ablations_plan.jsonl\\t...`` -> ``ablations_plan.jsonl``; ``/dev/null`` -> None."""
    name = header.rstrip("\n").split("\t", 1)[0].strip()
    if name.startswith('"') and name.endswith('"'):
        name = name[1:-1]
    if name == "/dev/null":
        return None
    return name[2:] if name[:2] in ("a/", "b/") else name


def _hunks(lines: list[str], i: int, *, creates: bool) -> tuple[int, str]:
    """Read the hunks from line ``i``: (the line after them, the new file's text)."""
    out: list[str] = []
    while i < len(lines) and lines[i].startswith("@@"):
        m = _HUNK.match(lines[i])
        if not m:
            raise DiffError(f"line {i + 1}: a malformed hunk header")
        old_count = int(m.group(2) if m.group(2) is not None else 1)
        new_count = int(m.group(4) if m.group(4) is not None else 1)
        if creates and old_count:
            raise DiffError(f"line {i + 1}: a hunk of a new file with old lines")
        i += 1
        old_seen = new_seen = 0
        while old_seen < old_count or new_seen < new_count:
            if i >= len(lines):
                raise DiffError(f"the diff is cut off: a hunk expects {new_count} new lines, found {new_seen}")
            line = lines[i]
            if line.startswith("\\"):  # "\ No newline at end of file"
                if out:
                    out[-1] = out[-1].rstrip("\n")
            elif line.startswith("+"):
                out.append(line[1:])
                new_seen += 1
            elif line.startswith((" ", "-")) or line in ("\n",):
                raise DiffError(f"line {i + 1}: the hunk changes existing lines; only a new file can be applied")
            else:
                raise DiffError(f"line {i + 1}: the hunk ends early (expected {new_count} new lines, "
                                f"found {new_seen})")
            i += 1
        if i < len(lines) and lines[i].startswith("\\"):
            if out:
                out[-1] = out[-1].rstrip("\n")
            i += 1
    return i, "".join(out)
