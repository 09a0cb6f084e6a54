"""The report contract (schema_version 1) as JSON.

Strings are written as they are (JSON escapes control characters itself);
only lone surrogates, which no encoder accepts, are replaced, and the count
is kept in ``review.replaced_code_points`` so the report says it was changed.
"""
from __future__ import annotations

import json

from ..model import Report
from . import formatter
from ._safe import count_invalid, valid


@formatter("json")
def render_json(report: Report) -> str:
    data = report.to_dict()
    replaced = count_invalid(data)
    if replaced:
        data = valid(data)
        data["review"]["replaced_code_points"] = replaced
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
