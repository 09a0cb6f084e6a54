"""Each stated CWE id checked against its name in the MITRE catalog."""
from __future__ import annotations

from functools import lru_cache

from ..cwe import load_catalog
from ..model import Claim, Evidence
from .base import CheckContext, register


@lru_cache(maxsize=4096)
def _check_name(cwe_id: int, stated: str):
    """Reviews repeat the same id/name pairs thousands of times in an archive."""
    return load_catalog().check_name(cwe_id, stated)


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
            result = _check_name(mention.id, mention.stated_name)
            if result.matches:
                mention.name_matches = True
            elif result.belongs_to is not None:
                # the stated name is another weakness's name: a checkable, false pairing
                mention.name_matches = False
                out.append(Evidence("cwe_name_mismatch", result.detail, "contradicts"))
            else:
                # words that name no weakness describe the code ("CWE-89: query built by formatting")
                mention.stated_name, mention.name_matches = None, None
        return out
