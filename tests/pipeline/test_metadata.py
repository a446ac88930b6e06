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
