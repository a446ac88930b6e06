import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.cli import main

from .conftest import SAMPLES


def test_missing_source_exits_non_zero_with_a_clear_message(tmp_path, capsys):
    assert main(["build", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "source not found" in capsys.readouterr().err


def test_build_summary_and_pages_of_removed_sources_disappear(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    out = tmp_path / "out"
    (out).mkdir()
    (out / "about.md").write_text("hand-written")
    assert main(["build", str(src), "--out", str(out)]) == 0
    summary = capsys.readouterr().out
    assert "5 files → 5 trajectories (3 papers, 3 models, 5 repaired)" in summary
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert "papers/blockskim/index.md" in pages
    next(f for f in src.iterdir() if b"/blockskim" in f.read_bytes()).unlink()
    assert main(["build", str(src), "--out", str(out), "-q"]) == 0
    assert not (out / "papers" / "blockskim" / "index.md").exists()
    assert not (out / "trajectories/lm-planner/o3-mini/blockskim/index.md").exists()
    assert (out / "about.md").read_text() == "hand-written"
    assert json.loads((out / "data" / "report.json").read_text())["trajectories"] == 4


def test_strict_fails_on_errors_but_still_builds(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    (src / "empty.md").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out)]) == 0
    assert main(["build", str(src), "--out", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "empty.md" in err
    report = json.loads((out / "data" / "report.json").read_text())
    assert report["errors"][0]["source"] == "empty.md" and report["trajectories"] == 5


def test_clean_removes_generated_files_only(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "about.md").write_text("mine")
    main(["build", str(SAMPLES), "--out", str(out), "-q"])
    assert main(["clean", "--out", str(out)]) == 0
    assert [p.name for p in out.rglob("*.md")] == ["about.md"]


def test_timings_name_every_stage_and_add_up_to_the_build(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(SAMPLES), "--out", str(out), "-q", "--timings"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("stages: ")
    stages = [part.rsplit(" ", 2) for part in lines[-1][len("stages: "):].split(", ")]
    assert [name for name, _, _ in stages] == ["read", "load", "catalog", "plan", "render and write"]
    total = float(re.search(r" in ([\d.]+) s \(", lines[-2]).group(1))
    assert all(unit == "s" and float(seconds) >= 0 for _, seconds, unit in stages)
    assert sum(float(seconds) for _, seconds, _ in stages) <= total + 0.01 * len(stages)  # (each rounded)
    assert main(["build", str(SAMPLES), "--out", str(out), "-q"]) == 0
    assert "stages:" not in capsys.readouterr().out  # only when asked


def test_python_m_generator_prints_everything_and_exits_with_mains_status(tmp_path):
    # `python -m generator` leaves without Python's teardown (os._exit): nothing may be lost
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    (src / "empty.md").write_bytes(b"")
    out = tmp_path / "out"
    run = [sys.executable, "-m", "generator", "build", str(src), "--out", str(out), "--strict"]
    done = subprocess.run(run, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 1
    assert "6 files → 5 trajectories" in done.stdout and "error: empty.md" in done.stderr
    assert json.loads((out / "data" / "report.json").read_text())["trajectories"] == 5
    assert json.loads((out / ".generated.json").read_text())["files"]
    done = subprocess.run(run[:-1], capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0 and "0 written" in done.stdout
