"""Load the JSON Schemas in ``schemas/`` (shipped in the wheel as package data)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``schemas`` or ``sample_files``: inside the wheel, else beside the package."""
    for base in (_HERE / "_data" / name, _HERE.parent / name):
        if base.is_dir():
            return base
    raise FileNotFoundError(f"leadprep's {name}/ directory is missing from this install")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema ``schemas/<name>.schema.json``."""
    path = data_dir("schemas") / f"{name}.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def validator(name: str) -> Any:
    """A Draft 2020-12 validator for ``name``, with the sibling schemas it refers to."""
    import jsonschema
    from referencing import Registry, Resource

    registry: Registry[Any] = Registry()
    for path in data_dir("schemas").glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    return jsonschema.Draft202012Validator(load_schema(name), registry=registry)
