from pathlib import Path

from generator.pipeline.catalog import build_catalog, slugify, slugs
from generator.config import DEFAULT_MODELS
from generator.pipeline.metadata import ModelTable
from generator.records import Ablation, PaperInfo, RepairStep, Trajectory

MODELS = ModelTable.load(DEFAULT_MODELS)
ABL = Ablation("A", "part", "REMOVE", None, ("m",))


def traj(source, model="gpt-4o", paper="p1", *, ablations=(ABL,), repairs=(), digest="d", reasoning="r"):
    return Trajectory(source, "lm-planner", model, paper, reasoning, ablations, repairs, (), digest)


def test_aliases_merge_into_one_model_with_display_name():
    cat = build_catalog([traj("a", "claude-3.5-sonnet", "p1"), traj("b", "claude-35-sonnet", "p2")],
                        MODELS, {}, files=2)
    assert [m.id for m in cat.models] == ["claude-35-sonnet"]
    assert cat.models[0].name == "Claude 3.5 Sonnet"
    assert {t.model for t in cat.trajectories} == {"claude-35-sonnet"}


def test_unknown_model_keeps_its_id():
    cat = build_catalog([traj("a", "my-model")], MODELS, {}, files=1)
    assert cat.models[0].id == cat.models[0].name == "my-model"


def test_duplicate_identical_content_is_reported():
    cat = build_catalog([traj("b.md"), traj("a.md")], MODELS, {}, files=2)
    assert [t.source for t in cat.trajectories] == ["a.md"]
    (dup,) = cat.report.duplicates
    assert (dup.source, dup.kept, dup.reason) == ("b.md", "a.md", "same content after repair")


def test_duplicate_prefers_the_file_that_needed_no_repair():
    damaged = traj("a.md", repairs=(RepairStep("x"),), digest="1")
    clean = traj("z.md", digest="2")
    cat = build_catalog([damaged, clean], MODELS, {}, files=2)
    assert cat.trajectories[0].source == "z.md"
    assert "fewer repairs" in cat.report.duplicates[0].reason


def test_duplicate_prefers_more_ablations():
    cat = build_catalog([traj("a.md", ablations=(ABL,), digest="1"),
                         traj("b.md", ablations=(ABL, ABL), digest="2")], MODELS, {}, files=2)
    assert cat.trajectories[0].source == "b.md"
    assert "more ablations (2 vs 1)" in cat.report.duplicates[0].reason


def test_paper_titles_from_ids_and_metadata():
    meta = {"apt": PaperInfo("apt", "APT: Adaptive Pruning", "https://example.org/apt", "AuthorAblation")}
    cat = build_catalog([traj("a", paper="apt"), traj("b", paper="Reformer__A_Deep_Model")], MODELS, meta, files=2)
    titles = {p.id: (p.title, p.task) for p in cat.papers}
    assert titles["apt"] == ("APT: Adaptive Pruning", "AuthorAblation")
    assert titles["Reformer__A_Deep_Model"] == ("Reformer: A Deep Model", None)


def test_pages_are_unique_and_safe():
    ids = ["../../etc/passwd", "a/b", 'q"uote', "Ünïcødé", "index", "", "Same", "same"]
    cat = build_catalog([traj(str(i), paper=p) for i, p in enumerate(ids)], MODELS, {}, files=len(ids))
    pages = list(cat.pages.values())
    assert len(set(pages)) == len(ids)
    for page in pages:
        assert ".." not in page.split("/") and page.endswith(".md")
        assert all(c.isalnum() or c in "-_/." for c in page)


def test_slugs_are_stable_and_distinct():
    assert slugify("Reformer__A_Deep") == "reformer-a-deep"
    s1 = slugs(["Same", "same", "other"])
    assert s1 == slugs(["other", "same", "Same"])
    assert len(set(s1.values())) == 3 and s1["other"] == "other"


def test_order_is_by_model_name_then_paper_title():
    ts = [traj("1", "o3-mini", "b"), traj("2", "gpt-4o", "b"), traj("3", "gpt-4o", "a")]
    cat = build_catalog(ts, MODELS, {}, files=3)
    assert [(t.model, t.paper) for t in cat.trajectories] == [("gpt-4o", "a"), ("gpt-4o", "b"), ("o3-mini", "b")]


def test_model_table_is_data(tmp_path: Path):
    f = tmp_path / "m.toml"
    f.write_text('[models."x-1"]\nname = "X One"\naliases = ["x.1"]\n')
    table = ModelTable.load(f)
    assert table.canonical("X.1") == "x-1" and table.info("x-1").name == "X One"


def test_slugs_stay_unique_when_a_suffix_collides_with_another_id():
    ids = ["foo", "Foo", "foo-0beec7b5"]  # sha1("foo") starts 0beec7b5: the suffix is someone's slug
    told: list = []
    got = slugs(ids, told)
    assert len(set(got.values())) == 3 and got["foo-0beec7b5"] == "foo-0beec7b5"
    assert sorted(i for i, _, _ in told) == ["Foo", "foo"]
    assert slugs(ids) == got == slugs(reversed(ids))  # stable, whatever the order


def test_papers_told_apart_keep_every_trajectory_and_the_report_says_so():
    ts = [traj("a.md", paper="foo", digest="1"), traj("b.md", paper="Foo", digest="2"),
          traj("c.md", paper="foo-0beec7b5", digest="3")]
    cat = build_catalog(ts, MODELS, {}, files=3)
    assert len(cat.trajectories) == 3 and not cat.report.duplicates
    assert len(set(cat.pages.values())) == 3 and len({p.slug for p in cat.papers}) == 3
    told = [w for w in cat.report.warnings if "shares the page name" in w.message]
    assert sorted(w.source for w in told) == ["a.md", "b.md"]
    assert all("'foo'" in w.message for w in told)


def test_plans_beyond_the_limit_are_cut_with_a_warning():
    from generator.pipeline.catalog import MAX_ABLATIONS

    many = tuple(Ablation(f"A{i}", "part", "REMOVE", None, ("m",)) for i in range(MAX_ABLATIONS + 7))
    cat = build_catalog([traj("big.md", ablations=many), traj("small.md", paper="p2")], MODELS, {}, files=2)
    big = next(t for t in cat.trajectories if t.source == "big.md")
    assert big.ablations == many[:MAX_ABLATIONS]
    (w,) = [w for w in cat.report.warnings if w.source == "big.md"]
    assert f"has {MAX_ABLATIONS + 7} ablations; only the first {MAX_ABLATIONS}" in w.message
