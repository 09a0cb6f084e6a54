"""Each stated CWE id checked against its name in the MITRE catalog."""
from __future__ import annotations

from ..cwe import load_catalog
from ..model import Claim, Evidence
from .base import CheckContext, register


@register
class CweNames:
    name = "cwe_names"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        out: list[Evidence] = []
        catalog = load_catalog()
        for mention in claim.cwe:
            entry = catalog.get(mention.id)
            mention.catalog_name = entry.name if entry else None
            mention.pillar = catalog.pillar(mention.id)
            if entry is None:
                mention.name_matches = False if mention.stated_name else None
                out.append(Evidence("cwe_unknown", f"CWE-{mention.id} is not in the MITRE CWE catalog "
                                                   f"{catalog.version}", "contradicts"))
                continue
            if not mention.stated_name:
                continue
            result = catalog.check_name(mention.id, mention.stated_name)
            mention.name_matches = result.matches
            if not result.matches:
                out.append(Evidence("cwe_name_mismatch", result.detail, "contradicts"))
        return out
