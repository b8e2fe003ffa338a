"""Communes and wards a learner can pick, found by any part of the name."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from content.loader import DATA_DIR
from content.textfold import fold

DEFAULT_PLACES = DATA_DIR / "places" / "thai-nguyen.csv"
KINDS = {"xã", "phường", "đặc khu"}


class PlacesError(ValueError):
    """A places file that cannot be used; the message names the line."""


@dataclass(frozen=True, slots=True)
class Place:
    province: str
    kind: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.province}/{self.kind} {self.name}"

    @property
    def label(self) -> str:
        return f"{self.kind.capitalize()} {self.name}"


def parse_places_csv(text: str, source: str = "places.csv") -> tuple[Place, ...]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"province", "kind", "name"} - set(reader.fieldnames or ())
    if missing:
        raise PlacesError(f"{source}: missing column(s): {', '.join(sorted(missing))}")
    places: list[Place] = []
    for line, row in enumerate(reader, start=2):
        place = Place(row["province"].strip(), row["kind"].strip().lower(), row["name"].strip())
        if not place.province or not place.name:
            raise PlacesError(f"{source}: line {line}: province and name are required")
        if place.kind not in KINDS:
            raise PlacesError(f"{source}: line {line}: kind must be one of {', '.join(sorted(KINDS))}")
        places.append(place)
    if not places:
        raise PlacesError(f"{source}: no places")
    return tuple(places)


def load_default_places(path: Path = DEFAULT_PLACES) -> tuple[Place, ...]:
    return parse_places_csv(path.read_text(encoding="utf-8"), str(path))


class PlaceIndex:
    """Search by any part of a name, with or without diacritics."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._places = tuple(places)
        self._folded = tuple((fold(p.name), fold(p.label), p) for p in self._places)
        self._by_key = {p.key: p for p in self._places}

    def __len__(self) -> int:
        return len(self._places)

    def get(self, key: str) -> Place | None:
        return self._by_key.get(key)

    def search(self, query: str, limit: int = 6) -> tuple[Place, ...]:
        wanted = fold(query)
        for prefix in ("xa ", "phuong "):
            wanted = wanted.removeprefix(prefix)
        if len(wanted) < 2:
            return ()
        exact = [p for name, _, p in self._folded if name == wanted]
        if exact:
            return tuple(exact[:limit])
        return tuple(p for name, label, p in self._folded if wanted in name or wanted in label)[:limit]
