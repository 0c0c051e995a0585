"""Package attributes imported on first use (PEP 562 module ``__getattr__``), so that importing
a package does not load its heavy modules."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any


def lazy_attributes(package: str, table: dict[str, str], modules: Iterable[str] = ()) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` for ``package``: a name in ``table`` is imported from the
    module ``table[name]`` names when first asked for; a name in ``modules`` is the submodule
    ``package.name`` itself (``vndocx.nlp``); any other name raises AttributeError."""
    submodules = frozenset(modules)

    def __getattr__(name: str) -> Any:
        if name in table:
            return getattr(importlib.import_module(table[name]), name)
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
