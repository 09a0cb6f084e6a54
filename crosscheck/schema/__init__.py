"""The report contract as a JSON Schema, shipped with the package."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    return json.loads(resources.files(__name__).joinpath("report.schema.json").read_text())


def validate_report(report: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``report`` breaks the contract."""
    import jsonschema
    jsonschema.Draft7Validator(report_schema()).validate(report)
