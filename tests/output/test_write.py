import json

import pytest

from generator.output import write as w
from generator.output.manifest import MANIFEST
from generator.output.write import UnsafePath, write_output


def test_writes_then_skips_unchanged_and_keeps_mtime(tmp_path):
    out = tmp_path / "out"
    r1 = write_output(out, {"a.md": "A", "d/b.md": "B"})
    assert sorted(r1.written) == ["a.md", "d/b.md"]
    mtime = (out / "a.md").stat().st_mtime_ns
    r2 = write_output(out, {"a.md": "A", "d/b.md": "B2"})
    assert r2.written == ("d/b.md",) and r2.unchanged == 1
    assert (out / "a.md").stat().st_mtime_ns == mtime
    assert (out / "d/b.md").read_text() == "B2"


def test_a_generated_file_altered_on_disk_is_written_again_even_at_its_size(tmp_path):
    out = tmp_path / "out"
    write_output(out, {"a.md": "AAAA", "b.md": "BBBB"})
    (out / "a.md").write_text("XXXX")  # same size: only its bytes tell
    r = write_output(out, {"a.md": "AAAA", "b.md": "BBBB"})
    assert r.written == ("a.md",) and r.unchanged == 1
    assert (out / "a.md").read_text() == "AAAA"


def test_removes_stale_generated_files_and_empty_folders(tmp_path):
    out = tmp_path / "out"
    write_output(out, {"a.md": "A", "gone/b.md": "B"})
    r = write_output(out, {"a.md": "A"})
    assert r.removed == ("gone/b.md",)
    assert not (out / "gone").exists()


def test_never_touches_hand_written_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "about.md").write_text("mine")
    (out / "index.md").write_text("my home")
    r = write_output(out, {"index.md": "generated", "x.md": "X"})
    assert (out / "index.md").read_text() == "my home"
    assert [s.source for s in r.skipped] == ["index.md"]
    write_output(out, {})
    assert (out / "about.md").read_text() == "mine" and (out / "index.md").read_text() == "my home"
    assert not (out / "x.md").exists()


@pytest.mark.parametrize("rel", ["../evil.md", "/abs.md", "a/../../b.md", "a\\b.md", ""])
def test_refuses_paths_outside_the_output(tmp_path, rel):
    with pytest.raises(UnsafePath):
        write_output(tmp_path / "out", {rel: "x"})
    assert not (tmp_path / "evil.md").exists()


def test_refuses_symlinked_folder_pointing_outside(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "papers").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafePath):
        write_output(out, {"papers/x.md": "x"})
    assert not (tmp_path / "elsewhere" / "x.md").exists()


def test_a_symlink_deeper_down_is_followed_too(tmp_path):
    out = tmp_path / "out"
    (out / "papers" / "inner").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (out / "papers" / "away").symlink_to(tmp_path / "elsewhere")  # below a plain folder
    (out / "papers" / "here").symlink_to(out / "papers" / "inner")  # inside the output: fine
    with pytest.raises(UnsafePath):
        write_output(out, {"papers/ok/index.md": "x", "papers/away/x/index.md": "x"})
    assert not list((tmp_path / "elsewhere").iterdir())
    write_output(out, {"papers/ok/index.md": "x", "papers/here/y/index.md": "y"})
    assert (out / "papers" / "inner" / "y" / "index.md").read_text() == "y"


def test_interrupted_run_is_cleaned_by_the_next(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_output(out, {"old.md": "O", "keep.md": "K"})

    real = w.atomic_write
    calls = {"n": 0}

    def crash_after_manifest(path, data):
        calls["n"] += 1
        if calls["n"] == 3:  # manifest, new.md, then crash
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(w, "atomic_write", crash_after_manifest)
    with pytest.raises(KeyboardInterrupt):
        write_output(out, {"keep.md": "K2", "new.md": "N", "z.md": "Z"})
    monkeypatch.undo()
    write_output(out, {"keep.md": "K2", "new.md": "N", "z.md": "Z"})
    clean = tmp_path / "clean"
    write_output(clean, {"keep.md": "K2", "new.md": "N", "z.md": "Z"})
    listing = lambda d: sorted((p.relative_to(d).as_posix(), p.read_bytes()) for p in d.rglob("*") if p.is_file())
    assert listing(out) == listing(clean)
    assert json.loads((out / MANIFEST).read_text())["files"].keys() == {"keep.md", "new.md", "z.md"}


def test_contents_may_be_futures(tmp_path):
    from concurrent.futures import Future

    out = tmp_path / "out"
    pending: Future = Future()
    pending.set_result("F")
    r = write_output(out, {"a.md": "A", "f/b.md": pending})
    assert r.written == ("a.md", "f/b.md") and (out / "f/b.md").read_text() == "F"


def test_interrupted_rewrite_of_a_same_size_file_is_redone(tmp_path, monkeypatch):
    """While writing, the manifest does not vouch for files being rewritten."""
    out = tmp_path / "out"
    write_output(out, {"a.md": "A1", "b.md": "B1"}, keys={"a.md": "ka1", "b.md": "kb1"})

    real = w.atomic_write

    def crash_at_a(path, data):
        if str(path).endswith("a.md"):
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(w, "atomic_write", crash_at_a)
    with pytest.raises(KeyboardInterrupt):
        write_output(out, {"a.md": "A2", "b.md": "B2"}, keys={"a.md": "ka2", "b.md": "kb2"})
    monkeypatch.undo()
    assert (out / "a.md").read_text() == "A1"  # not rewritten, same size as "A2"
    assert "a.md" not in w.known_keys(out)  # so the next run renders it again...
    r = write_output(out, {"a.md": "A2", "b.md": "B2"}, keys={"a.md": "ka2", "b.md": "kb2"})
    assert "a.md" in r.written and (out / "a.md").read_text() == "A2"  # ...and writes it


def test_written_files_are_mode_0644_whatever_the_umask(tmp_path):
    import os

    old = os.umask(0o077)
    try:
        write_output(tmp_path / "out", {"d/a.md": "A"})
    finally:
        os.umask(old)
    assert (tmp_path / "out/d/a.md").stat().st_mode & 0o777 == 0o644
    assert not [p for p in (tmp_path / "out").rglob(".tmp-*")]


def test_files_put_by_forked_workers_are_recorded_by_finish(tmp_path):
    from generator.output.parallel import parallel_map

    out = tmp_path / "out"
    out.mkdir()
    (out / "hand.md").write_text("mine")  # hand-written: in the way of a generated page
    write_output(out, {"same.md": "S", "old.md": "O"})
    files = {f"d{i % 3}/p{i}.md": f"page {i}" for i in range(40)} | {"same.md": "S", "hand.md": "H"}
    session = w.begin(out, files)
    with parallel_map(lambda rel: w.put(session, rel, files[rel]), list(files), min_items=2) as futures:
        done = {rel: f.result() for rel, f in zip(files, futures)}
    assert done["hand.md"] is None and done["same.md"] == w.Written(1, False)
    r = w.finish(session, done)
    assert sorted(r.written) == sorted(set(files) - {"same.md", "hand.md"})
    assert r.unchanged == 1 and r.removed == ("old.md",) and [s.source for s in r.skipped] == ["hand.md"]
    assert (out / "hand.md").read_text() == "mine" and not (out / "old.md").exists()
    assert all((out / rel).read_text() == text for rel, text in files.items() if rel != "hand.md")
    assert write_output(out, {rel: text for rel, text in files.items() if rel != "hand.md"}).written == ()
    assert not list(out.rglob(".tmp-*"))


def test_put_refuses_a_path_the_run_was_not_begun_with(tmp_path):
    session = w.begin(tmp_path / "out", ["a.md"])
    with pytest.raises(ValueError, match="b.md"):
        w.put(session, "b.md", "B")
