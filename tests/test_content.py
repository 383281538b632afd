"""The content files: schema, rules, and that broken content is caught with a clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.content.files import ContentError, read_content
from bot.content.validate import validate_bundle
from bot.core.dates import parse_partial_date
from bot.core.places import PlaceDirectory, PlaceKind
from bot.places.dataset import build_dataset
from tests.conftest import CONTENT_DIR


@pytest.fixture(scope="module")
def directory() -> PlaceDirectory:
    dataset = build_dataset()
    return PlaceDirectory(dataset.places, dataset.zips)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_shipped_content_is_valid(directory: PlaceDirectory) -> None:
    report = validate_bundle(read_content(CONTENT_DIR), directory)
    assert report.errors == []
    assert report.counted["states"] == 56
    assert report.counted["state policies"] == 51
    assert report.counted["local policies"] == 50
    assert report.counted["timeline events"] == 169
    assert report.counted["county dates"] >= 285


def test_every_fact_has_sources_and_an_as_of_date() -> None:
    bundle = read_content(CONTENT_DIR)
    for usps, state in bundle.states.items():
        activation = state.activation
        parse_partial_date(activation.as_of)
        if not activation.nothing_known:
            assert activation.sources, usps
        if state.detainer is not None:
            parse_partial_date(state.detainer.as_of)
            if state.detainer.stance.value != "uncertain":
                assert state.detainer.sources, usps
    for key, local in bundle.local.items():
        assert local.detainer.sources, key
    assert bundle.timeline is not None
    assert all(event.sources for event in bundle.timeline.events)


def test_uncertain_dates_always_name_who_reports_them() -> None:
    bundle = read_content(CONTENT_DIR)
    for usps, state in bundle.states.items():
        statewide = state.activation.statewide
        if statewide.date and statewide.confidence.value == "uncertain":
            assert statewide.reported_by, usps
        for row in state.activation.counties:
            if row.confidence.value == "uncertain":
                assert row.reported_by, (usps, row.county)


def test_a_missing_source_is_an_error(content_copy: Path) -> None:
    def drop_sources(data: dict) -> None:  # type: ignore[type-arg]
        data["detainer"]["sources"] = []

    _edit(content_copy / "states" / "TX.yaml", drop_sources)
    with pytest.raises(ContentError) as error:
        read_content(content_copy)
    assert any("TX.yaml" in p and "source" in p for p in error.value.problems)


@pytest.mark.parametrize(
    ("bad_date", "message"),
    [("2012-13-45", "no month 13"), ("2012-02-30", "day is out of range"), ("May 2012", "form")],
)
def test_a_malformed_date_is_an_error(content_copy: Path, bad_date: str, message: str) -> None:
    def set_date(data: dict) -> None:  # type: ignore[type-arg]
        data["activation"]["statewide"]["date"] = bad_date

    _edit(content_copy / "states" / "NH.yaml", set_date)
    with pytest.raises(ContentError) as error:
        read_content(content_copy)
    assert any("NH.yaml" in p and message in p for p in error.value.problems), error.value


def test_an_unknown_county_and_a_duplicate_are_errors(
    content_copy: Path, directory: PlaceDirectory
) -> None:
    def break_counties(data: dict) -> None:  # type: ignore[type-arg]
        counties = data["activation"]["counties"]
        counties.append(dict(counties[0]))
        counties.append({**counties[0], "county": "Atlantis County"})

    _edit(content_copy / "states" / "NH.yaml", break_counties)
    report = validate_bundle(read_content(content_copy), directory)
    assert any("Atlantis County" in e for e in report.errors)
    assert any("has 2 rows" in e for e in report.errors)


def test_a_policy_for_an_unknown_town_is_an_error(
    content_copy: Path, directory: PlaceDirectory
) -> None:
    def rename(data: dict) -> None:  # type: ignore[type-arg]
        data["applies_to"] = [{"kind": "town", "name": "Nowhereville"}]

    _edit(content_copy / "places" / "MA" / "northampton.yaml", rename)
    report = validate_bundle(read_content(content_copy), directory)
    assert any("Nowhereville" in e for e in report.errors)


def test_a_future_as_of_is_an_error(content_copy: Path, directory: PlaceDirectory) -> None:
    def future(data: dict) -> None:  # type: ignore[type-arg]
        data["detainer"]["as_of"] = "2999-01-01"

    _edit(content_copy / "states" / "CT.yaml", future)
    report = validate_bundle(read_content(content_copy), directory)
    assert any("CT.yaml" in e and "future" in e for e in report.errors)


def test_a_non_http_source_is_an_error(content_copy: Path) -> None:
    def javascript(data: dict) -> None:  # type: ignore[type-arg]
        data["detainer"]["sources"][0]["url"] = "javascript:alert(1)"

    _edit(content_copy / "states" / "CT.yaml", javascript)
    with pytest.raises(ContentError) as error:
        read_content(content_copy)
    assert any("http" in p for p in error.value.problems)


def test_a_missing_state_file_is_an_error(content_copy: Path, directory: PlaceDirectory) -> None:
    (content_copy / "states" / "WY.yaml").unlink()
    report = validate_bundle(read_content(content_copy), directory)
    assert "states/WY.yaml: missing" in report.errors


def test_each_puerto_rico_municipio_is_one_county(directory: PlaceDirectory) -> None:
    """The ZIP data names some municipios two ways ("Bayamon", "Bayamon Municipio")."""
    municipios = [p for p in directory if p.usps == "PR" and p.kind is PlaceKind.COUNTY]
    assert len(municipios) == 78
    assert all(p.name.endswith(" Municipio") for p in municipios)
