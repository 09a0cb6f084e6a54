"""Stage 1: review text -> claims (with what each cites)."""
from .parser import parse_review, ParsedReview

__all__ = ["parse_review", "ParsedReview"]
