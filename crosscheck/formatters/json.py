"""The report contract (schema_version 1) as JSON."""
from __future__ import annotations

import json

from ..model import Report
from . import formatter


@formatter("json")
def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
