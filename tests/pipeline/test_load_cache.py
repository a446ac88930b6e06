"""generator.pipeline.load_cache: a cache of loaded trajectories is data, never a crash."""

from __future__ import annotations

from generator.pipeline.load_cache import CACHE_FILE, LoadCache
from generator.records import Ablation, Trajectory

T = Trajectory("a\\xff.md", "p", "m", "x", "text \ud800 lone", (Ablation("n", "p", "REMOVE", None, ("m",)),))


def test_text_no_json_encoder_takes_is_saved_and_read_back(tmp_path):
    cache = LoadCache(tmp_path, "v1")
    cache.put(T.source, "d1", T)
    cache.put("\udcff.md", "d2", "an error message \udcff")
    cache.save()
    again = LoadCache(tmp_path, "v1")
    assert again.get(T.source, "d1") == T
    assert again.get("\udcff.md", "d2") == "an error message \udcff"


def test_a_damaged_cache_is_a_miss(tmp_path):
    path = tmp_path / CACHE_FILE
    path.parent.mkdir(parents=True)
    for text in ('{"version": "v1", "entries": {"d:a.md": {"source": 1}}}', '{"version": "v1", "entries": [1]}',
                 '{"version": "v1", "entries": {"d:a.md": {"error": 5}}}', "[]", "\xff"):
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        assert LoadCache(tmp_path, "v1").get("a.md", "d") is None


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    (tmp_path / ".cache").write_text("a file where the folder should be")
    cache = LoadCache(tmp_path, "v1")
    cache.put("a.md", "d", T)
    cache.save()  # no exception: the next run is only slower
