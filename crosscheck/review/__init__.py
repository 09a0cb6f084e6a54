"""Stage 1: review text -> claims (with the role and place of every piece of code)."""
from .reader import ParsedReview, parse_input, parse_review

__all__ = ["ParsedReview", "parse_input", "parse_review"]
