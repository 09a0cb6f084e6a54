"""Which revision of a file was a review written against?

Every revision of the file is scored by how well the review's references fit
it: cited code on the cited line counts fully, code a few lines away counts
less the further it is, code only in comments a little, and lines beyond the
end of the file count against. No analyzer runs, so hundreds of revisions
are ranked in seconds.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Claim
from .resolve import resolve_claim
from .review.roles import CHECKED_ROLES
from .review import parse_review
from .source.git import history, read_at
from .source.index import SourceIndex
from .source.loader import SourceFile

# exact code not on the cited line itself: in its statement, in the function it names, in its block
PLACED_WEIGHTS = {"statement": 0.8, "scope": 0.5, "block": 0.5}
WEIGHTS = {"exact": 1.0, "comment_only": 0.25, "line_only": 0.1, "absent": 0.0, "out_of_range": -0.5}


@dataclass
class Candidate:
    commit: str
    date: str
    subject: str
    score: float
    exact: int
    shifted: int
    absent: int
    comment_only: int
    out_of_range: int

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def fit(claims: list[Claim], source: SourceFile) -> Candidate:
    index = SourceIndex(source)
    counts = {"exact": 0, "shifted": 0, "absent": 0, "comment_only": 0, "out_of_range": 0}
    total = points = 0.0
    for claim in claims:
        resolve_claim(claim, index)
        for ref in claim.references:
            if ref.cited.role not in CHECKED_ROLES:
                continue  # proposed or mentioned code says nothing of which revision was reviewed
            total += 1
            if ref.status in counts:
                counts[ref.status] += 1
            if ref.status == "shifted":
                points += 0.5 / (1 + abs(ref.offset or 0))
            elif ref.status == "exact" and ref.how in PLACED_WEIGHTS:
                points += PLACED_WEIGHTS[ref.how]  # near the cited line, not on it
            else:
                points += WEIGHTS.get(ref.status, 0.0)
    score = round(points / total, 4) if total else 0.0
    return Candidate("", "", "", score, **counts)


def locate(review_text: str, repo: str, path: str) -> list[Candidate]:
    """The file's revisions, best fit first (ties: the newer revision first)."""
    claims = parse_review(review_text).claims
    ranked = []
    for commit in history(repo, path):
        data = read_at(repo, commit.commit, path)
        if data is None:
            continue
        candidate = fit(claims, SourceFile(path=path, data=data, revision=commit.commit))
        candidate.commit, candidate.date, candidate.subject = commit.commit, commit.date, commit.subject
        ranked.append(candidate)
    ranked.sort(key=lambda c: (-c.score, -c.exact))
    return ranked
