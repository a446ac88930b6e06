"""Fuzzing decode → repair → parse: arbitrary bytes and mutated trajectories never raise
anything but the two reported error types, and a build turns every failure into a report."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build, load_trajectory
from generator.config import BuildConfig
from generator.pipeline.decode import DecodeError
from generator.records import SourceFile
from generator.pipeline.parse import ParseError

from .conftest import CORPUS, SAMPLES

SEEDS = [f.read_bytes() for f in sorted(SAMPLES.iterdir())]
if CORPUS.is_dir():  # a few real files too, when the corpus is here
    SEEDS += [f.read_bytes() for f in sorted(CORPUS.rglob("*.md"))[::300]]

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(data: bytes, source: str = "lm-planner/gpt-4o/x.md") -> None:
    try:
        t = load_trajectory(SourceFile(Path(source), source, data))
    except (DecodeError, ParseError) as exc:
        assert str(exc), "an error must say what is wrong"
        return
    assert t.planner and t.model and t.paper


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data):
    run(data)


@FUZZ
@given(st.text(max_size=2000))
def test_arbitrary_text_in_every_encoding(text):
    for codec in ("utf-8", "utf-16", "cp1252", "mac_roman"):
        run(text.encode(codec, "replace"))


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 200))]
        elif op == "truncate":
            del data[pos:]
        else:
            other = draw(st.sampled_from(SEEDS))
            data[pos:pos] = other[: draw(st.integers(0, len(other)))]
    return bytes(data)


@FUZZ
@given(mutated())
def test_mutated_trajectories(data):
    run(data)


@settings(max_examples=25, deadline=None)
@given(st.lists(mutated(), min_size=1, max_size=6))
def test_a_build_accounts_for_every_fuzzed_file(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("fuzz")
    src = root / "in"
    src.mkdir()
    for i, data in enumerate(files):
        (src / f"{i}.md").write_bytes(data)
    result = build(BuildConfig(sources=(src,), out=root / "out"))
    report = result.catalog.report
    assert report.files == len(files)
    assert report.trajectories + len(report.duplicates) + len(report.errors) == len(files)
    assert not any("internal error" in e.message for e in report.errors), report.errors
