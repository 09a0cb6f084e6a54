"""GitHub Actions workflow commands: one annotation per flagged claim.

    ::error file=PATH,line=N,endLine=M,title=crosscheck/fabricated::MESSAGE

``fabricated`` and ``contradicted`` claims are errors, ``misplaced`` ones
warnings; analyzers that did not run are ``::warning::`` lines. Values are
escaped as the runner expects (data: ``%`` ``\\r`` ``\\n``; properties also
``:`` and ``,``), so review text can never end a command or start a new one;
control and bidi characters are shown as escapes, invalid code points replaced.
"""
from __future__ import annotations

from ..model import Claim, Report
from . import formatter
from ._safe import count_invalid, replaced_note, visible
from .sarif import LEVEL, analyzer_problems, cited_places, claim_message, flagged_claims, rule_id


def escape_data(value: object) -> str:
    return visible(str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: object) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items()
                     if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(report: Report, claim: Claim) -> str:
    places = cited_places(report, claim)
    place = places[0] if places else None
    return command(
        LEVEL[claim.status],
        claim_message(claim),
        file=place.path if place else None,
        line=place.start if place else None,
        endLine=place.end if place and place.start is not None else None,
        title=rule_id(claim.status),
    )


@formatter("github")
def render_github(report: Report) -> str:
    lines = [annotation(report, claim) for claim in flagged_claims(report)]
    lines += [command("warning", f"crosscheck analyzer {problem}") for problem in analyzer_problems(report)]
    replaced = count_invalid(report.to_dict())
    if replaced:
        lines.append(command("notice", f"crosscheck: {replaced_note(replaced)}"))
    return "".join(line + "\n" for line in lines)
