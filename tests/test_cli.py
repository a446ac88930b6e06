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
    assert [name for name, _, _ in stages] == ["read", "load", "catalog", "align", "plan", "render and write"]
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


# -- side inputs fail cleanly: `error: <file>: <reason, what to do>`, exit 2 ----------------------

import os  # noqa: E402

import pytest  # noqa: E402

SIDE_INPUTS = {
    "csv_field_over_128_kb": ("tasks.csv", "paper,title\napt," + "x" * 200_000 + "\n", "over 128 KB|field limit"),
    "lone_surrogate_in_json": ("meta.json", '{"apt": {"title": "a\\ud800b"}}', "lone surrogate"),
    "json_object_as_title": ("meta.json", '{"apt": {"title": {"a": 1}}}', "must be a string"),
    "json_too_deep": ("meta.json", "[" * 100_000 + "]" * 100_000, "not valid JSON"),
    "binary_csv": ("tasks.csv", b"paper,title\n\x00\x01\x02\x00\x00" * 50, "binary"),
    "aliases_of_numbers": ("models.toml", '[models.a]\nname = "A"\naliases = [1]\n', "list of strings"),
    "aliases_as_a_string": ("models.toml", '[models.go]\nname = "Go"\naliases = "go"\n', "list of strings"),
    "non_utf8_toml": ("models.toml", '[models.a]\nname = "Caf\xe9"\n'.encode("latin-1"), "not UTF-8"),
    "alias_cycle": ("models.toml", '[models.a]\naliases = ["b"]\n[models.b]\naliases = ["a"]\n', "names two models"),
    "alias_conflict": ("models.toml", '[models.a]\naliases = ["x"]\n[models.b]\naliases = ["X"]\n', "names two models"),
    "models_not_a_table": ("models.toml", 'models = 3\n', "must be a table"),
    "bad_toml": ("models.toml", '[models.a\n', "not valid TOML"),
}


@pytest.mark.parametrize("case", sorted(SIDE_INPUTS))
def test_side_input_errors_exit_2_with_a_one_line_reason(tmp_path, capsys, case):
    name, content, reason = SIDE_INPUTS[case]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    option = "--models" if name.endswith(".toml") else "--metadata"
    status = main(["build", str(SAMPLES), "--out", str(tmp_path / "out"), option, str(path), "-q"])
    out = capsys.readouterr()
    assert status == 2
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), out.err
    assert re.search(reason, lines[0]), lines[0]
    assert "Traceback" not in out.err and not out.out


@pytest.mark.parametrize("codec", ["latin-1", "utf-16", "cp1252", "utf-8-sig"])
def test_metadata_in_other_encodings_is_read_as_trajectories_are(tmp_path, codec):
    path = tmp_path / "tasks.csv"
    path.write_bytes("paper,title,task\napt,Café über naïve,Résumé\n".encode(codec))
    assert main(["build", str(SAMPLES), "--out", str(tmp_path / "out"), "--metadata", str(path), "-q"]) == 0
    page = (tmp_path / "out" / "papers" / "apt" / "index.md").read_text(encoding="utf-8")
    assert "Café über naïve" in page and "Résumé" in page


def test_a_string_alias_is_not_split_into_letters(tmp_path):
    from generator.pipeline.metadata import MetadataError, ModelTable

    path = tmp_path / "models.toml"
    path.write_text('[models.golang]\nname = "Go"\naliases = "go"\n')
    with pytest.raises(MetadataError):
        ModelTable.load(path)
    path.write_text('[models.golang]\nname = "Go"\naliases = ["go"]\n')
    table = ModelTable.load(path)
    assert table.canonical("GO") == "golang" and table.canonical("g") == "g" and table.canonical("o") == "o"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_exits_2(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        assert main(["build", str(SAMPLES), "--out", str(out), "-q"]) == 2
    finally:
        out.chmod(0o700)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {out}: cannot write") and "permissions" in err[0]


def test_unwritable_output_exits_2_even_as_root(tmp_path, capsys):
    """A file where the output folder should be: nothing can be written below it."""
    out = tmp_path / "out"
    out.write_text("not a folder")
    assert main(["build", str(SAMPLES), "--out", str(out / "site_src"), "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {out / 'site_src'}: cannot write to the output folder")


def test_source_inside_the_output_folder_is_refused_before_anything_is_written(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "trajectories").mkdir(parents=True)
    assert main(["build", str(out / "trajectories"), "--out", str(out), "-q"]) == 2
    assert "inside the output folder" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["trajectories"]


def test_the_output_folder_inside_a_source_is_never_read_back(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    (src / "site_src").mkdir()
    (src / "mirror").symlink_to(src / "site_src")  # reached through a link too
    for _ in range(3):  # (it used to grow: 5 → 7 → 9 trajectories)
        assert main(["build", str(src), "--out", str(src / "site_src"), "-q"]) == 0
        report = json.loads((src / "site_src" / "data" / "report.json").read_text())
        assert report["trajectories"] == 5 and report["files"] == 7 and not report["duplicates"]
        assert [s["source"] for s in report["skipped"]] == ["mirror", "site_src"]
        assert all("output folder" in s["reason"] for s in report["skipped"])
    capsys.readouterr()


def test_terminal_control_characters_in_names_are_escaped(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    (src / "evil\x1b]0;pwned\x07\x1b[2J\u202e.md").write_bytes(b"")
    assert main(["build", str(src), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "error: evil\\x1b]0;pwned\\x07\\x1b[2J\\u202e.md: file is empty" in err
