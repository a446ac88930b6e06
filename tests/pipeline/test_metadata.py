import pytest

from generator.pipeline.metadata import MetadataError, load_paper_metadata, title_from_id


def test_titles_from_ids():
    assert title_from_id("Reformer__A_Deep_Learning_Model_for_Runtime_Selection_of_Convolution_Kernels") == (
        "Reformer: A Deep Learning Model for Runtime Selection of Convolution Kernels")
    assert title_from_id("swin-transformer") == "swin-transformer"
    assert title_from_id("3D_MolT5__Leveraging") == "3D MolT5: Leveraging"


def test_csv_and_json_metadata_merge(tmp_path):
    csv = tmp_path / "tasks.csv"
    csv.write_text("paper,task\napt,AuthorAblation\nx,ReviewerAblation\n")
    js = tmp_path / "titles.json"
    js.write_text('{"apt": {"title": "APT", "url": "https://e.org"}}')
    meta = load_paper_metadata([csv, js])
    assert (meta["apt"].title, meta["apt"].url, meta["apt"].task) == ("APT", "https://e.org", "AuthorAblation")
    assert meta["x"].task == "ReviewerAblation"


def test_csv_without_paper_column_names_the_file(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("name,task\n")
    with pytest.raises(MetadataError, match="bad.csv.*'paper' column"):
        load_paper_metadata([f])


def test_urls_that_are_not_absolute_http_are_dropped_with_a_warning(tmp_path):
    f = tmp_path / "meta.csv"
    f.write_text("paper,url\na,www.example.com/paper.pdf\nb, JaVaScRiPt:alert(1)\nc,data:text/html,x\n"
                 "d,https://arxiv.org/abs/1\ne,vbscript:x\n")
    warnings: list = []
    meta = load_paper_metadata([f], warnings)
    assert meta["d"].url == "https://arxiv.org/abs/1"
    assert [meta[p].url for p in "abce"] == [None] * 4
    assert [w.source for w in warnings] == [str(f)] * 4
    assert "'www.example.com/paper.pdf' dropped" in warnings[0].message and "https://" in warnings[0].message


def test_alias_conflicts_name_both_models(tmp_path):
    from generator.pipeline.metadata import ModelTable

    f = tmp_path / "models.toml"
    f.write_text('[models.gpt]\naliases = ["g"]\n[models.gemini]\naliases = ["G"]\n')
    with pytest.raises(MetadataError, match=r"'g' names two models, 'gpt' and 'gemini'"):
        ModelTable.load(f)


def test_csv_fields_may_hold_any_line_break(tmp_path):
    f = tmp_path / "meta.csv"
    f.write_text('paper,title,url\na,"one\x0ctwo\u2028three\x85four\nfive",https://e.org\nb,B,\n', encoding="utf-8")
    meta = load_paper_metadata([f])
    assert meta["a"].title == "one\x0ctwo\u2028three\x85four\nfive" and meta["a"].url == "https://e.org"
    assert meta["b"].title == "B"
