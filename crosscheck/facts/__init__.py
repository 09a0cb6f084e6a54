"""Stage 3 (code facts): what the code is, collected with libcst."""
from .model import (AssertionFact, CallFact, CodeFacts, ComparisonFact, ImportFact, MockFact, ScopeFact,
                    StringFact, TryFact)
from .collector import collect_facts

__all__ = ["AssertionFact", "CallFact", "CodeFacts", "ComparisonFact", "ImportFact", "MockFact", "ScopeFact",
           "StringFact", "TryFact", "collect_facts"]
