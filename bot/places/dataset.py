"""Build the place directory's records from the ``zipcodes`` package (MIT, ships its data).

Towns are the ZIP codes' city names and their USPS "acceptable" alternative names; a town's
county is the county most of its ZIP codes lie in. Military and freely associated states'
codes are left out: the facts cover the states, DC and the five territories.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import zipcodes

from bot.core.places import Place, PlaceKind, ZipCode
from bot.core.text import normalize_name, slugify
from bot.places.states import STATES

# Bump when the way places are built changes, so stored directories are rebuilt.
BUILDER_VERSION = 2  # 2: Puerto Rico's municipios under one name each


def dataset_version() -> str:
    """Identifies the stored directory without building it (a start must stay fast)."""
    return f"zipcodes-{metadata.version('zipcodes')}-b{BUILDER_VERSION}"


def state_id(usps: str) -> str:
    return usps.lower()


def county_id(usps: str, name: str) -> str:
    return f"{usps.lower()}-c-{slugify(name)}"


def town_id(usps: str, name: str) -> str:
    return f"{usps.lower()}-t-{slugify(name)}"


@dataclass
class PlaceDataset:
    places: list[Place] = field(default_factory=list)
    zips: list[ZipCode] = field(default_factory=list)
    version: str = ""


def _records() -> Iterator[dict[str, Any]]:
    for record in zipcodes.list_all():  # type: ignore[no-untyped-call]
        if record["state"] in STATES and record.get("country", "US") == "US":
            yield record


def _county_name(usps: str, name: str) -> str:
    """The data names a few Puerto Rico municipios both "Bayamon" and "Bayamon Municipio",
    which made two counties of one; every other municipio is "... Municipio"."""
    if usps == "PR" and name and not name.endswith(" Municipio"):
        return f"{name} Municipio"
    return name


def _display_name(spellings: Counter[str]) -> str:
    # "Baltimore City" and "Baltimore city", "St Mary's" and "St. Mary's": take the commonest,
    # then the one with more capitals and periods (the more formal spelling).
    return max(spellings, key=lambda s: (spellings[s], sum(c.isupper() for c in s), s))


def build_dataset() -> PlaceDataset:
    county_spellings: dict[str, Counter[str]] = defaultdict(Counter)
    county_size: Counter[str] = Counter()
    town_spellings: dict[str, Counter[str]] = defaultdict(Counter)
    town_counties: dict[str, Counter[str]] = defaultdict(Counter)
    town_size: Counter[str] = Counter()
    zip_rows: list[tuple[str, str, str | None]] = []

    for record in _records():
        usps = record["state"]
        county_name = _county_name(usps, (record.get("county") or "").strip())
        cid = county_id(usps, county_name) if county_name else None
        if cid is not None:
            county_spellings[cid][county_name] += 1
            county_size[cid] += 1
        main = record["city"].strip()
        tid = town_id(usps, main)
        zip_rows.append((record["zip_code"], tid, cid))
        names = [main, *record.get("acceptable_cities", [])]
        for rank, name in enumerate(names):
            name = name.strip()
            if not normalize_name(name):
                continue
            tid = town_id(usps, name)
            town_spellings[tid][name] += 1
            # An alternative name counts for its county but adds less to its size.
            town_size[tid] += 2 if rank == 0 else 1
            if cid is not None:
                town_counties[tid][cid] += 1

    dataset = PlaceDataset()
    for usps, name in STATES.items():
        dataset.places.append(Place(state_id(usps), PlaceKind.STATE, name, usps))
    for cid, spellings in county_spellings.items():
        usps = cid[:2].upper()
        dataset.places.append(
            Place(cid, PlaceKind.COUNTY, _display_name(spellings), usps, size=county_size[cid])
        )
    for tid, spellings in town_spellings.items():
        usps = tid[:2].upper()
        counties = town_counties.get(tid)
        cid = counties.most_common(1)[0][0] if counties else None
        dataset.places.append(
            Place(tid, PlaceKind.TOWN, _display_name(spellings), usps, cid, town_size[tid])
        )
    dataset.zips = [ZipCode(code, tid, cid) for code, tid, cid in sorted(zip_rows)]
    dataset.version = dataset_version()
    return dataset


def renamed_place_ids(missing: set[str], present: set[str]) -> dict[str, str]:
    """Old ids of places that are still there under a new id (builder version 2 named the
    Puerto Rico municipios "X Municipio" throughout: pr-c-bayamon -> pr-c-bayamon-municipio)."""
    renamed = {}
    for old in missing:
        new = f"{old}-municipio"
        if old.startswith("pr-c-") and new in present:
            renamed[old] = new
    return renamed
