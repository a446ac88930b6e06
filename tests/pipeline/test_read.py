import os
from pathlib import Path

import pytest

from generator.pipeline.read import SourceNotFound, read_sources


def test_reads_recursively_any_extension_sorted_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_bytes(b"1")
    (tmp_path / "a.md").write_bytes(b"2")
    (tmp_path / "noext").write_bytes(b"3")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_bytes(b"4")
    r = read_sources([tmp_path])
    assert [f.source for f in r.files] == ["a.md", "b/x.txt", "noext"]
    assert r.errors == ()


def test_missing_source_raises_with_its_name(tmp_path):
    with pytest.raises(SourceNotFound, match="nope"):
        read_sources([tmp_path / "nope"])


def test_symlink_loop_is_reported_not_followed(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.md").write_bytes(b"x")
    os.symlink(tmp_path, tmp_path / "d" / "loop")
    os.symlink(tmp_path / "missing", tmp_path / "dangling")
    r = read_sources([tmp_path])
    assert [f.source for f in r.files] == ["d/f.md"]
    reasons = {e.source: e.message for e in r.errors}
    assert "symlink loop" in reasons["d/loop"]
    assert "broken" in reasons["dangling"]


def test_unreadable_file_is_an_error(tmp_path, monkeypatch):
    f = tmp_path / "secret.md"
    f.write_bytes(b"x")
    (tmp_path / "ok.md").write_bytes(b"y")
    real = os.open

    def deny(path, *args, **kwargs):  # CI runs as root, where chmod 0 does not stop reads
        if os.path.basename(path) == "secret.md":
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    r = read_sources([tmp_path])
    assert [x.source for x in r.files] == ["ok.md"]
    assert r.errors[0].source == "secret.md" and "cannot read file: Permission denied" in r.errors[0].message


def test_single_file_source(tmp_path):
    f = tmp_path / "one.md"
    f.write_bytes(b"x")
    assert [x.source for x in read_sources([f]).files] == ["one.md"]


def test_reads_whole_files_of_any_size_with_absolute_paths(tmp_path, monkeypatch):
    data = {f"f{n}.md": os.urandom(n) for n in (0, 1, 65535, 65536, 65537, 300_000)}
    (tmp_path / "src").mkdir()
    for name, content in data.items():
        (tmp_path / "src" / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    r = read_sources([Path("src")])  # a relative SOURCE
    assert {f.source: f.data for f in r.files} == data
    assert all(f.path.is_absolute() and f.path.read_bytes() == f.data for f in r.files)


def test_hidden_entries_fifos_and_the_output_folder_are_reported_not_read(tmp_path):
    (tmp_path / "a.md").write_bytes(b"a")
    (tmp_path / ".hidden.md").write_bytes(b"h")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_bytes(b"x")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "page.md").write_bytes(b"generated")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "to-out").symlink_to(tmp_path / "out")
    r = read_sources([tmp_path], exclude=[tmp_path / "out"])
    assert [f.source for f in r.files] == ["a.md"]
    skipped = {s.source: s.message for s in r.skipped}
    assert sorted(skipped) == [".git", ".hidden.md", "out", "pipe.md", "sub/to-out"]
    assert "hidden folder" in skipped[".git"] and "hidden file" in skipped[".hidden.md"]
    assert "FIFO" in skipped["pipe.md"]
    assert "output folder" in skipped["out"] and "output folder" in skipped["sub/to-out"]
    assert r.errors == ()


def test_a_source_inside_the_output_folder_is_refused(tmp_path):
    from generator.pipeline.read import SourceIsOutput

    (tmp_path / "out" / "in").mkdir(parents=True)
    with pytest.raises(SourceIsOutput, match="inside the output folder"):
        read_sources([tmp_path / "out" / "in"], exclude=[tmp_path / "out"])
    with pytest.raises(SourceIsOutput):
        read_sources([tmp_path / "out"], exclude=[tmp_path / "out"])


def test_file_names_that_are_not_utf8_become_text(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9 \xff.md"), "wb") as f:
        f.write(b"x")
    (r,) = read_sources([tmp_path]).files
    assert r.source == "caf\\xe9 \\xff.md" and r.source.encode("utf-8")  # valid text everywhere
    assert r.data == b"x" and r.path.exists()


def test_files_over_the_size_limit_are_an_error_that_says_why(tmp_path, monkeypatch):
    from generator.pipeline import read

    monkeypatch.setattr(read, "MAX_FILE_BYTES", 1000)
    (tmp_path / "big.md").write_bytes(b"x" * 1001)
    (tmp_path / "ok.md").write_bytes(b"x" * 1000)
    r = read_sources([tmp_path])
    assert [f.source for f in r.files] == ["ok.md"]
    (e,) = r.errors
    assert e.source == "big.md" and "are not read" in e.message and "split it" in e.message
