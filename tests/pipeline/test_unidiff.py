"""Applying the git diff an agent's run autosubmits (pure Python, as ``patch -p1 -o-``)."""

from __future__ import annotations

import pytest

from generator.pipeline.unidiff import DiffError, is_diff, new_files, plan_from_diff

LINE_A = '{"name": "Remove Gate", "action": "REMOVE"}'
LINE_B = '{"name": "Swap Norm", "action": "REPLACE"}'


def creation(*lines: str, path: str = "ablations_plan.jsonl", no_newline: bool = False) -> str:
    body = "".join(f"+{line}\n" for line in lines)
    end = "\\ No newline at end of file\n" if no_newline else ""
    return (f"diff --git a/{path} b/{path}\nnew file mode 100644\nindex 0000000..3f2a1b4\n"
            f"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}{end}")


def test_a_creation_diff_gives_the_new_file_and_repeated_lines_once():
    diff = creation(LINE_A, LINE_B, LINE_A)
    assert is_diff(diff) and not is_diff(LINE_A)
    assert new_files(diff)[0].path == "ablations_plan.jsonl"
    assert new_files(diff)[0].text == f"{LINE_A}\n{LINE_B}\n{LINE_A}\n"
    plan, warnings = plan_from_diff(diff)
    assert plan == f"{LINE_A}\n{LINE_B}"
    assert warnings == ["the submitted diff repeats lines; each is kept once (as AblationBench does)"]


def test_no_newline_at_end_of_file_is_honoured():
    assert new_files(creation(LINE_A, LINE_B, no_newline=True))[0].text == f"{LINE_A}\n{LINE_B}"


def test_only_the_plan_file_is_read_when_the_diff_creates_others():
    diff = creation("notes", path="notes.txt") + creation(LINE_B)
    plan, warnings = plan_from_diff(diff)
    assert plan == LINE_B
    assert warnings == ["the submitted diff also creates notes.txt: not part of the plan"]


def test_a_cut_off_diff_is_an_error():
    diff = creation(LINE_A, LINE_B)
    with pytest.raises(DiffError, match="cut off"):
        new_files(diff[: diff.rindex("+")])


def test_a_diff_changing_an_existing_file_cannot_be_applied():
    diff = ("diff --git a/ablations_plan.jsonl b/ablations_plan.jsonl\n--- a/ablations_plan.jsonl\n"
            f"+++ b/ablations_plan.jsonl\n@@ -1,1 +1,1 @@\n-{LINE_A}\n+{LINE_B}\n")
    with pytest.raises(DiffError, match="only a new file"):
        new_files(diff)


def test_a_diff_creating_nothing_is_an_error():
    with pytest.raises(DiffError, match="creates no file"):
        new_files("diff --git a/x b/x\ndeleted file mode 100644\n")
