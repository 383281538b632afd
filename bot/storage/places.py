"""Place directory storage: states, counties, towns, ZIP codes and aliases."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from bot.core.places import Place, PlaceKind, ZipCode
from bot.storage.tables import AliasRow, MetaRow, PlaceRow, ZipRow

PLACES_VERSION_KEY = "places_version"
_CHUNK = 5000


def places_version(session: Session) -> str | None:
    return meta(session, PLACES_VERSION_KEY)


def meta(session: Session, key: str) -> str | None:
    row = session.get(MetaRow, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(MetaRow, key)
    if row is None:
        session.add(MetaRow(key=key, value=value))
    else:
        row.value = value


def replace_places(
    session: Session, *, places: Iterable[Place], zips: Iterable[ZipCode], version: str
) -> None:
    """Swap in a new place directory (the caller commits: one transaction)."""
    session.execute(delete(ZipRow))
    session.execute(delete(PlaceRow))
    place_rows = [
        {
            "id": p.id,
            "kind": p.kind.value,
            "name": p.name,
            "usps": p.usps,
            "county_id": p.county_id,
            "size": p.size,
        }
        for p in places
    ]
    zip_rows = [{"code": z.code, "town_id": z.town_id, "county_id": z.county_id} for z in zips]
    for start in range(0, len(place_rows), _CHUNK):
        session.execute(insert(PlaceRow), place_rows[start : start + _CHUNK])
    for start in range(0, len(zip_rows), _CHUNK):
        session.execute(insert(ZipRow), zip_rows[start : start + _CHUNK])
    set_meta(session, PLACES_VERSION_KEY, version)


def load_places(session: Session) -> tuple[list[Place], list[ZipCode]]:
    statement = select(
        col(PlaceRow.id),
        col(PlaceRow.kind),
        col(PlaceRow.name),
        col(PlaceRow.usps),
        col(PlaceRow.county_id),
        col(PlaceRow.size),
    )
    places = [
        Place(pid, PlaceKind(kind), name, usps, county_id, size)
        for pid, kind, name, usps, county_id, size in session.execute(statement)
    ]
    zips = [
        ZipCode(code, town_id, county_id)
        for code, town_id, county_id in session.execute(
            select(col(ZipRow.code), col(ZipRow.town_id), col(ZipRow.county_id))
        )
    ]
    return places, zips


def replace_aliases(session: Session, *, aliases: Iterable[tuple[str, str, str]]) -> None:
    """Aliases as (name, place id, language); the caller commits."""
    session.execute(delete(AliasRow))
    rows = [{"name": n, "place_id": p, "language": lang} for n, p, lang in aliases]
    if rows:
        session.execute(insert(AliasRow), rows)


def load_aliases(session: Session) -> list[tuple[str, str, str]]:
    """(name, place id, language) of every alias."""
    statement = select(col(AliasRow.name), col(AliasRow.place_id), col(AliasRow.language))
    return [(n, p, lang) for n, p, lang in session.execute(statement)]
