"""MITRE CWE catalog access for crosscheck (names, previous names, pillars).

Typical use::

    from crosscheck.cwe import load_catalog

    cat = load_catalog()                     # parsed once per process (~0.5 s)
    cat.name(682)                            # 'Incorrect Calculation'
    cat.pillar(78)                           # 707
    cat.check_name(691, "Incorrect Calculation").belongs_to   # 682
"""

from .catalog import RESEARCH_VIEW_ID, Catalog, CweEntry, default_xml_path, load_catalog
from .names import NameCheck, normalise, significant_words

__all__ = [
    "RESEARCH_VIEW_ID",
    "Catalog",
    "CweEntry",
    "NameCheck",
    "default_xml_path",
    "load_catalog",
    "normalise",
    "significant_words",
]
