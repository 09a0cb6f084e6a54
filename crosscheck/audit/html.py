"""A self-contained HTML page over the numbers of `aggregate()`.

One file, no network: plotly.js is inlined once in <head>, and every chart is a
plotly figure in a <div> with a stable id:

    chart-status            claims by status
    chart-group-<key>       hallucination rate by each value of one meta key
    chart-cwe-misnamed      the most often misnamed CWE ids
    chart-cwe-fabricated    the most often fabricated CWE ids
    chart-verdict-ground    ground verdict counts
    chart-verdict-stated    stated verdicts next to ground verdicts

Meta keys and values come from the audited archive's manifest and are untrusted.
Everything this module writes as HTML goes through html.escape; text handed to
plotly is escaped too (quote=False), because plotly.js reads labels as a small
HTML subset (<b>, <a href>, ...) and decodes &amp; &lt; &gt; back to plain text.
Plotly itself serialises figure JSON with <, > and / as \\u escapes.

A rate is shown with the number it is over (n): the claims with code
references behind a hallucination rate, the checked reviews behind a verdict
consistency. A group with n = 0 has no rate, so it reads "n/a", never a 0.0%
that would pass for a perfect score. The error rows (manifest lines refused,
reviews that failed) are listed, so a reader sees what the numbers leave out.
"""
from __future__ import annotations

import html
import os
import re
import tempfile
from typing import Any

from ..model import CLAIM_STATUSES, FLAGGED_STATUSES

STATUS_COLORS = {
    "confirmed": "#2e7d32",
    "unsupported": "#f9a825",
    "misplaced": "#ef6c00",
    "fabricated": "#c62828",
    "contradicted": "#6a1b9a",
    "unverifiable": "#78909c",
}
GROUND_COLORS = {"consistent": "#2e7d32", "unsupported_defects": "#c62828", "missed_findings": "#ef6c00"}
LABEL_MAX = 60
CONFIG = {"displaylogo": False, "responsive": True}

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { margin-bottom: .2rem; }
p.note { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: .3rem .7rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f3f3f3; }
section { margin-bottom: 2rem; }
"""


def _text(value: Any) -> str:
    """Untrusted text for a plotly label: shortened, HTML-escaped (plotly decodes the entities)."""
    s = str(value)
    if len(s) > LABEL_MAX:
        s = s[:LABEL_MAX - 1] + "\u2026"
    return html.escape(s, quote=False)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _pct(rate: Any) -> str:
    try:
        return f"{float(rate):.1%}"
    except (TypeError, ValueError):
        return "n/a"


def _n_rate(stats: dict[str, Any]) -> int:
    """Claims with references behind a hallucination rate (older data: all claims)."""
    return int(stats.get("claims_with_refs", stats.get("claims", 0)) or 0)


def _n_verdicts(stats: dict[str, Any]) -> int:
    """Checked reviews behind a verdict consistency (older data: all reviews)."""
    return int(stats.get("checked", stats.get("reviews", 0)) or 0)


def _rate(stats: dict[str, Any]) -> str:
    return _pct(stats.get("hallucination_rate")) if _n_rate(stats) else "n/a"


def _consistency(stats: dict[str, Any]) -> str:
    return _pct(stats.get("verdict_consistency")) if _n_verdicts(stats) else "n/a"


def _slug(key: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]+", "_", key).strip("_")[:40] or "key"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _figure(title: str, height: int = 380, **layout: Any):
    import plotly.graph_objects as go
    fig = go.Figure()
    fig.update_layout(title={"text": title}, template="plotly_white", height=height,
                      margin={"l": 60, "r": 20, "t": 60, "b": 80}, **layout)
    return fig


def _empty(fig, message: str):
    fig.add_annotation(text=_text(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 16, "color": "#777"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _div(fig, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=CONFIG,
                       default_width="100%", default_height=f"{fig.layout.height or 380}px")


def _status_chart(data: dict[str, Any]):
    import plotly.graph_objects as go
    claims = data.get("claims") or {}
    statuses = [s for s in CLAIM_STATUSES if s in claims] + [s for s in claims if s not in CLAIM_STATUSES]
    fig = _figure("Claims by status", yaxis_title="claims")
    if not any(claims.get(s) for s in statuses):
        return _empty(fig, "no claims")
    fig.add_trace(go.Bar(x=[_text(s) for s in statuses], y=[claims.get(s, 0) for s in statuses],
                         marker_color=[STATUS_COLORS.get(s, "#999") for s in statuses],
                         text=[claims.get(s, 0) for s in statuses], textposition="auto",
                         hovertemplate="%{x}: %{y} claims<extra></extra>"))
    return fig


def _group_chart(key: str, values: dict[str, Any]):
    import plotly.graph_objects as go
    fig = _figure(f"Hallucination rate by {_text(key)}", xaxis_title=_text(key), xaxis_type="category",
                  yaxis={"title": {"text": "hallucination rate"}, "tickformat": ".0%", "rangemode": "tozero"})
    if not values:
        return _empty(fig, f"no reviews carry the meta key {key}")
    names = list(values)
    # a group without claims with references has no rate: no bar, "n/a" in its label
    fig.add_trace(go.Bar(
        x=[_text(v) + f" (n={_n_rate(values[v])})" for v in names],
        y=[float(values[v].get("hallucination_rate") or 0.0) if _n_rate(values[v]) else None for v in names],
        text=[_rate(values[v]) for v in names], textposition="outside", cliponaxis=False,
        customdata=[[values[v].get("reviews", 0), values[v].get("claims", 0), _n_rate(values[v]),
                     _consistency(values[v]), _rate(values[v])] for v in names],
        marker_color="#c62828",
        hovertemplate=("%{x}<br>hallucination rate %{customdata[4]} over %{customdata[2]} claims with "
                       "references<br>%{customdata[0]} reviews, %{customdata[1]} claims<br>"
                       "verdict consistency %{customdata[3]}<extra></extra>")))
    return fig


def _cwe_chart(rows: list[dict[str, Any]], title: str, color: str, empty: str):
    import plotly.graph_objects as go
    fig = _figure(title, height=max(240, 130 + 40 * len(rows)), xaxis_title="claims", yaxis_type="category")
    if not rows:
        return _empty(fig, empty)
    rows = list(reversed(rows))  # largest on top of a horizontal bar chart
    if max((r.get("claims") or 0) for r in rows) <= 10:
        fig.update_xaxes(dtick=1, tick0=0)
    fig.add_trace(go.Bar(orientation="h", x=[r.get("claims", 0) for r in rows],
                         y=[_text(f"CWE-{r.get('cwe')}") for r in rows], marker_color=color,
                         text=[r.get("claims", 0) for r in rows], textposition="auto",
                         hovertemplate="%{y}: %{x} claims<extra></extra>"))
    return fig


def _ground_chart(verdicts: dict[str, Any]):
    import plotly.graph_objects as go
    ground = verdicts.get("ground") or {}
    fig = _figure("Ground verdicts (reviews checked)", yaxis_title="reviews")
    if not ground:
        return _empty(fig, "no checked reviews")
    order = [g for g in GROUND_COLORS if g in ground] + sorted(g for g in ground if g not in GROUND_COLORS)
    fig.add_trace(go.Bar(x=[_text(g) for g in order], y=[ground[g] for g in order],
                         marker_color=[GROUND_COLORS.get(g, "#999") for g in order],
                         text=[ground[g] for g in order], textposition="auto",
                         hovertemplate="%{x}: %{y} reviews<extra></extra>"))
    return fig


def _stated_chart(verdicts: dict[str, Any]):
    import plotly.graph_objects as go
    stated = verdicts.get("stated") or {}
    ground = verdicts.get("ground") or {}
    fig = _figure("Stated verdict vs ground verdict", yaxis_title="reviews", barmode="stack",
                  legend={"orientation": "h", "y": -0.2})
    if not stated and not ground:
        return _empty(fig, "no checked reviews")
    # aggregate() gives the two distributions, not a cross-table: one stacked bar each.
    for name, counts, colors in (("stated", stated, {}), ("ground", ground, GROUND_COLORS)):
        for i, (label, n) in enumerate(sorted(counts.items())):
            fig.add_trace(go.Bar(x=[f"{name} verdict"], y=[n], name=_text(f"{name}: {label}"),
                                 marker_color=colors.get(label, ["#1565c0", "#90caf9", "#b0bec5"][i % 3]),
                                 text=[_text(label)], textposition="inside",
                                 hovertemplate="%{text}: %{y} reviews<extra></extra>"))
    return fig


def _summary_table(data: dict[str, Any]) -> str:
    claims = data.get("claims") or {}
    overall = {**data, "claims": sum(int(v or 0) for v in claims.values())}
    rows = [
        ("Reviews", data.get("reviews", 0)),
        ("Checked", data.get("checked", 0)),
        ("Errors", data.get("errors", 0)),
        ("Claims", sum(int(v or 0) for v in claims.values())),
        ("Flagged claims (" + ", ".join(sorted(FLAGGED_STATUSES)) + ")", data.get("flagged", 0)),
        ("Claims with code references (n of the hallucination rate)", _n_rate(overall)),
        ("Hallucination rate", _rate(overall)),
        ("Verdict consistency (n = checked reviews)", _consistency(data)),
    ]
    body = "".join(f"<tr><th scope=\"row\">{_e(k)}</th><td class=\"num\">{_e(v)}</td></tr>" for k, v in rows)
    return f"<table id=\"summary\">{body}</table>"


def _group_table(key: str, values: dict[str, Any]) -> str:
    head = "".join(f"<th scope=\"col\">{_e(h)}</th>" for h in
                   (key, "reviews", "checked (n)", "claims", "claims with references (n)", "hallucination rate",
                    "verdict consistency"))
    body = "".join(
        "<tr>" + f"<td>{_e(v)}</td>"
        + "".join(f"<td class=\"num\">{_e(x)}</td>" for x in (
            s.get("reviews", 0), _n_verdicts(s), s.get("claims", 0), _n_rate(s), _rate(s), _consistency(s)))
        + "</tr>" for v, s in values.items())
    return f"<table class=\"group\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _error_table(data: dict[str, Any]) -> str:
    rows = data.get("error_rows") or []
    total = int(data.get("errors", len(rows)) or 0)
    if not total:
        return "<p class=\"note\">No error rows: every manifest line was checked.</p>"
    note = (f"<p class=\"note\">{total} reviews could not be checked; the first {len(rows)} by manifest line "
            "are listed.</p>" if len(rows) < total else
            f"<p class=\"note\">{total} reviews could not be checked (not counted in any rate).</p>")
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in ("line", "id", "error"))
    body = "".join(f"<tr><td class=\"num\">{_e(r.get('line'))}</td><td>{_e(r.get('id'))}</td>"
                   f"<td>{_e(r.get('error'))}</td></tr>" for r in rows)
    return f"{note}<table id=\"errors\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: dict[str, Any]) -> str:
    """The whole page as a string."""
    from plotly.offline import get_plotlyjs

    verdicts = data.get("verdicts") or {}
    sections: list[str] = []

    def section(heading: str, *parts: str) -> None:
        sections.append(f"<section><h2>{_e(heading)}</h2>{''.join(parts)}</section>")

    section("Claims", _div(_status_chart(data), "chart-status"))
    taken: set[str] = set()
    for key, values in (data.get("groups") or {}).items():
        div_id = f"chart-group-{_slug(str(key), taken)}"
        section(f"By {key}", _div(_group_chart(str(key), values or {}), div_id),
                _group_table(str(key), values or {}))
    section("CWE ids",
            _div(_cwe_chart(data.get("misnamed_cwe") or [], "Most often misnamed CWE ids", "#ef6c00",
                            "no misnamed CWE ids"), "chart-cwe-misnamed"),
            _div(_cwe_chart(data.get("fabricated_cwe") or [], "Most often fabricated CWE ids", "#c62828",
                            "no fabricated CWE ids"), "chart-cwe-fabricated"))
    section("Verdicts", _div(_ground_chart(verdicts), "chart-verdict-ground"),
            _div(_stated_chart(verdicts), "chart-verdict-stated"))
    section(f"Errors ({int(data.get('errors', 0) or 0)})", _error_table(data))

    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>crosscheck audit report</title>\n"
        f"<style>{CSS}</style>\n"
        f"<script type=\"text/javascript\">{get_plotlyjs()}</script>\n"
        "</head>\n<body>\n<h1>crosscheck audit report</h1>\n"
        "<p class=\"note\">Hallucination rate = (misplaced + fabricated + contradicted) / claims with "
        "code references. Verdict consistency = share of checked reviews whose stated verdict agrees "
        "with the analyzers.</p>\n"
        f"{_summary_table(data)}\n" + "\n".join(sections) + "\n</body>\n</html>\n"
    )


def write_html(data: dict[str, Any], path: str) -> None:
    """Write the report to PATH atomically (a temporary file beside it, then os.replace)."""
    page = render_html(data)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".crosscheck-", suffix=".html.tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(page)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
