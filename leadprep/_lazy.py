"""Lazy re-exports for package ``__init__`` modules (PEP 562).

``__getattr__ = lazy_exports(__name__, {"Name": ".module"})`` makes ``Name``
import ``.module`` the first time it is used, then caches it in the package.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def lazy_exports(package: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` serving ``names`` (attribute → relative module)."""

    def __getattr__(name: str) -> object:  # noqa: N807 - PEP 562 looks up this name
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(names[name], package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
