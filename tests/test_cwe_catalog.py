"""Tests for crosscheck.cwe against the real MITRE CWE 4.14 catalog (no mocks)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from crosscheck.cwe import Catalog, CweEntry, NameCheck, load_catalog, normalise
from crosscheck.cwe.catalog import default_xml_path


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


# --------------------------------------------------------------------- loading
def test_load_is_cached_and_fast_enough() -> None:
    t0 = time.perf_counter()
    first = load_catalog()
    t1 = time.perf_counter()
    again = load_catalog()
    t2 = time.perf_counter()
    assert first is again
    assert t2 - t1 < 0.01          # cached singleton
    assert t1 - t0 < 10            # one XML parse (~0.5-0.9 s), generous bound for slow CI


def test_catalog_version_and_size(cat: Catalog) -> None:
    assert cat.version == "4.14"
    assert default_xml_path().name == "cwec_v4.14.xml"
    assert len(cat) == 963 + 409 + 54          # weaknesses + categories + views
    assert 79 in cat and 999999 not in cat


# ----------------------------------------------------------------------- names
@pytest.mark.parametrize(
    ("cwe_id", "name"),
    [
        (691, "Insufficient Control Flow Management"),
        (682, "Incorrect Calculation"),
        (707, "Improper Neutralization"),
        (435, "Improper Interaction Between Multiple Correctly-Behaving Entities"),
        (710, "Improper Adherence to Coding Standards"),
        (664, "Improper Control of a Resource Through its Lifetime"),
        (703, "Improper Check or Handling of Exceptional Conditions"),
        (284, "Improper Access Control"),
        (693, "Protection Mechanism Failure"),
        (697, "Incorrect Comparison"),
    ],
)
def test_names(cat: Catalog, cwe_id: int, name: str) -> None:
    assert cat.name(cwe_id) == name
    entry = cat.get(cwe_id)
    assert isinstance(entry, CweEntry)
    assert entry.id == cwe_id and entry.name == name
    assert entry.abstraction == "Pillar"


def test_entry_fields(cat: Catalog) -> None:
    e435 = cat.get(435)
    assert e435 is not None
    assert "Improper Interaction Between Multiple Entities" in e435.previous_names
    assert e435.primary_parent is None          # pillars have no parent
    e78 = cat.get(78)
    assert e78 is not None and e78.abstraction == "Base" and e78.primary_parent == 77
    e119 = cat.get(119)
    assert e119 is not None and "Buffer Overflow" in e119.alternate_terms
    cat16 = cat.get(16)
    assert cat16 is not None and cat16.abstraction == "Category" and not cat16.is_weakness
    view = cat.get(1000)
    assert view is not None and view.abstraction == "View" and view.name == "Research Concepts"


def test_unknown_id(cat: Catalog) -> None:
    assert cat.get(999999) is None
    assert cat.name(999999) is None
    assert cat.pillar(999999) is None


def test_previous_names_count(cat: Catalog) -> None:
    assert sum(len(e.previous_names) for e in cat) == 921


# --------------------------------------------------------------------- pillars
@pytest.mark.parametrize(
    ("cwe_id", "pillar"),
    [
        (78, 707), (94, 707), (327, 693), (330, 693), (338, 693),
        (605, 710), (532, 664), (259, 284), (703, 703), (707, 707), (79, 707),
    ],
)
def test_pillar_rollups(cat: Catalog, cwe_id: int, pillar: int) -> None:
    assert cat.pillar(cwe_id) == pillar


@pytest.mark.parametrize("cwe_id", [16, 1000, 999999, 1])  # category, view, unknown, deprecated
def test_pillar_none(cat: Catalog, cwe_id: int) -> None:
    assert cat.pillar(cwe_id) is None


def test_every_live_weakness_reaches_a_pillar(cat: Catalog) -> None:
    live = [e for e in cat if e.is_weakness and e.is_active]
    assert live
    missing = [e.id for e in live if cat.pillar(e.id) is None]
    assert missing == []
    pillars = {cat.pillar(e.id) for e in live}
    assert pillars == {e.id for e in live if e.abstraction == "Pillar"}


# ----------------------------------------------------------------- lookup_name
def test_lookup_name(cat: Catalog) -> None:
    assert cat.lookup_name("Incorrect Calculation") == [682]
    assert cat.lookup_name("improper   interaction between multiple entities.") == [435]
    assert cat.lookup_name("'Improper Neutralization'") == [707]
    assert cat.lookup_name("Improper Interaction Between Multiple Correctly Behaving Entities") == [435]
    assert cat.lookup_name("no such weakness at all") == []
    # current-name matches come before previous-name matches
    assert cat.lookup_name("Insufficient Encapsulation") == [1061, 485]


def test_normalise() -> None:
    assert normalise("  Improper Neutralization.  ") == "improper neutralization"
    assert normalise("Correctly-Behaving") == normalise("correctly behaving")
    assert normalise("Product\u2019s") == normalise("product's") == "products"
    assert normalise("CWE-691: Incorrect Calculation") == "incorrect calculation"


# ------------------------------------------------------ check_name: real seeds
SEED_DIR = Path("/work/shared/seeds")
SEED_PAIRS: dict[str, list[tuple[int, str]]] = {
    "001_1c5558c27977c7c4.txt": [
        (284, "Improper Access Control"),
        (435, "Improper Interaction Between Multiple Entities"),
        (664, "Improper Control of a Resource Through its Lifetime"),
        (691, "Incorrect Calculation"),                       # wrong: that is CWE-682
        (693, "Protection Mechanism Failure"),
        (703, "Improper Check or Handling of Exceptional Conditions"),
        (707, "Improper Neutralization"),
        (710, "Improper Adherence to Coding Standards"),
    ],
    "002_6780ebf93aada004.txt": [
        (284, "Improper Access Control"),
        (435, "Improper Interaction Between Multiple Entities"),
        (664, "Improper Control of a Resource Through its Lifetime"),
        (682, "Incorrect Calculation"),
        (691, "Insufficient Control Flow Management"),
        (693, "Protection Mechanism Failure"),
        (697, "Incorrect Comparison"),
        (703, "Improper Check or Handling of Exceptional Conditions"),
        (707, "Improper Neutralization"),
        (710, "Improper Adherence to Coding Standards"),
    ],
}
WRONG_SEED_PAIRS = {(691, "Incorrect Calculation")}
ALL_SEED_PAIRS = [
    pytest.param(seed, cid, name, id=f"{seed[:3]}-CWE-{cid}")
    for seed, pairs in SEED_PAIRS.items()
    for cid, name in pairs
]


@pytest.mark.parametrize("seed", sorted(SEED_PAIRS))
def test_seed_pairs_are_complete(seed: str) -> None:
    path = SEED_DIR / seed
    if not path.exists():
        pytest.skip(f"{path} not available")
    found = [
        (int(m.group(1)), m.group(2))
        for m in re.finditer(r"CWE-(\d+) \(([^)]*)\)", path.read_text(encoding="utf-8"))
    ]
    assert found == SEED_PAIRS[seed]


@pytest.mark.parametrize(("seed", "cwe_id", "stated"), ALL_SEED_PAIRS)
def test_check_name_seed_pairs(cat: Catalog, seed: str, cwe_id: int, stated: str) -> None:
    check = cat.check_name(cwe_id, stated)
    assert isinstance(check, NameCheck)
    assert check.cwe_id == cwe_id and check.stated_name == stated
    assert check.catalog_name == cat.name(cwe_id)
    if (cwe_id, stated) in WRONG_SEED_PAIRS:
        assert check.matches is False
        assert check.belongs_to == 682
    else:
        assert check.matches is True, check.detail
        assert check.belongs_to is None
    assert check.detail


def test_check_name_wrong_691_detail(cat: Catalog) -> None:
    check = cat.check_name(691, "Incorrect Calculation")
    assert check.detail == (
        "CWE-691 is 'Insufficient Control Flow Management'; "
        "'Incorrect Calculation' is the name of CWE-682"
    )


# ---------------------------------------------------- check_name: other cases
def test_check_name_old_name(cat: Catalog) -> None:
    check = cat.check_name(435, "Improper Interaction Between Multiple Entities")
    assert check.matches and check.belongs_to is None
    assert check.catalog_name == "Improper Interaction Between Multiple Correctly-Behaving Entities"
    assert "previous name" in check.detail


def test_check_name_unknown_id(cat: Catalog) -> None:
    check = cat.check_name(999999, "Incorrect Calculation")
    assert check.catalog_name is None
    assert check.matches is False and check.belongs_to is None
    assert "not in the MITRE CWE catalog 4.14" in check.detail


def test_check_name_category(cat: Catalog) -> None:
    check = cat.check_name(16, "Configuration")
    assert check.matches and check.catalog_name == "Configuration"
    assert cat.pillar(16) is None


@pytest.mark.parametrize(
    ("cwe_id", "stated"),
    [
        (691, "Banana Split Handling"),
        (284, "Cross-Site Request Forgery"),   # a real name, but CWE-352's
        (691, ""),
        (79, "Improper Input"),                # too short a fragment of a long name
    ],
)
def test_check_name_clearly_wrong(cat: Catalog, cwe_id: int, stated: str) -> None:
    check = cat.check_name(cwe_id, stated)
    assert check.matches is False
    assert check.catalog_name == cat.name(cwe_id)


def test_check_name_wrong_name_points_to_owner(cat: Catalog) -> None:
    check = cat.check_name(284, "Cross-Site Request Forgery (CSRF)")
    assert check.matches is False and check.belongs_to == 352
    none = cat.check_name(691, "Banana Split Handling")
    assert none.belongs_to is None
    assert "does not match" in none.detail


@pytest.mark.parametrize(
    ("cwe_id", "stated"),
    [
        (707, "improper neutralization."),                       # case / trailing period
        (435, '"Improper Interaction Between Multiple Correctly Behaving Entities"'),
        (664, "Improper Control of Resource Through Lifetime"),  # stop words dropped
        (703, "Improper Check or Handling of Exceptional Condition"),  # singular typo
        (284, "Access Control Issues"),                          # previous name
        (79, "Cross-site Scripting"),                            # quoted alias in the name
        (79, "Improper Neutralization of Input During Web Page Generation"),
        (89, "SQL Injection"),
        (119, "Buffer Overflow"),                                # MITRE alternate term
        (20, "Improper Input"),                                  # abbreviation of a short name
        (691, "Insufficient Control Flow"),
    ],
)
def test_check_name_tolerant(cat: Catalog, cwe_id: int, stated: str) -> None:
    check = cat.check_name(cwe_id, stated)
    assert check.matches is True, check.detail
    assert check.belongs_to is None


def test_pillar_name_on_child_belongs_to_pillar(cat: Catalog) -> None:
    # "Improper Neutralization" *is* CWE-707's name, not CWE-79's.
    check = cat.check_name(79, "Improper Neutralization")
    assert check.matches is False and check.belongs_to == 707


def test_alternate_term_of_other_cwe_is_only_mentioned(cat: Catalog) -> None:
    check = cat.check_name(787, "Buffer Overflow")
    assert check.matches is False and check.belongs_to is None
    assert "CWE-119" in check.detail


def test_check_name_is_deterministic(cat: Catalog) -> None:
    a = [cat.check_name(c, n) for c, n in SEED_PAIRS["001_1c5558c27977c7c4.txt"]]
    b = [cat.check_name(c, n) for c, n in SEED_PAIRS["001_1c5558c27977c7c4.txt"]]
    assert a == b
