"""generator.output.cache_file: entries kept between builds, for the same code only."""

from __future__ import annotations

from generator.output.cache_file import CacheFile


def test_a_build_keeps_what_it_used_or_made_and_drops_the_rest(tmp_path):
    path = tmp_path / ".cache" / "x.json"
    first = CacheFile(path, "v1")
    first.put("a", {"n": 1})
    first.put("b", ["\ud800 lone surrogate"])  # (written all the same)
    first.save()
    second = CacheFile(path, "v1")
    assert second.get("a") == {"n": 1} and second.get("b") == ["\ud800 lone surrogate"]
    second.put("a", second.get("a"))  # used again; b is not
    second.save()
    third = CacheFile(path, "v1")
    assert third.get("a") == {"n": 1} and third.get("b") is None
    assert CacheFile(path, "v2").get("a") is None  # other code: nothing


def test_a_damaged_or_unwritable_cache_is_an_empty_one(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{ damaged", encoding="utf-8")
    assert CacheFile(path, "v1").get("a") is None
    blocked = CacheFile(tmp_path / "file" / "x.json", "v1")
    (tmp_path / "file").write_text("a file where the folder would be")
    blocked.put("a", 1)
    blocked.save()  # (no error: only a slower next build)
    assert (tmp_path / "file").read_text() == "a file where the folder would be"
