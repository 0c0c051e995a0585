"""Placeholder (being replaced): gazetteer of public bodies."""

from __future__ import annotations

import re
from collections.abc import Iterable


class Gazetteer:
    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names = list(names)

    @classmethod
    def default(cls) -> Gazetteer:
        return cls()

    def with_names(self, names: Iterable[str]) -> Gazetteer:
        return Gazetteer([*self.names, *names])

    def canonical(self, name: str) -> tuple[str, bool]:
        return name.strip(" ,;:."), name in self.names

    def find(self, text: str) -> list[tuple[tuple[int, int], str]]:
        return [((m.start(), m.end()), m.group()) for m in re.finditer(r"Sở [A-ZĐ][^,;:.]*", text)]


def split_bodies(text: str) -> list[str]:
    return [p.strip() for p in re.split(r",|;|\bvà\b", text) if p.strip()]
