"""The interactive HTML report: one self-contained page (inline CSS, JS and data; no network) with the heatmap of
every verdict, filters and a detail panel (pure: results in, HTML text out; only the CLI writes it)."""

from __future__ import annotations

import json
import re
from importlib.resources import files

from .escaping import html_text as esc
from .html_data import report_data
from .model import Axiom, Citation
from .results import CheckResult
from .report import SYMBOL, by_domain, short_names
from .sensitivity import Sensitivity

FILTERS = (("domain", "Domain"), ("kind", "Kind"), ("strength", "Strength"), ("source", "Source"))


def asset(name: str) -> str:
    """A file of the page's template (`html/` package data)."""
    return files("theorycheck").joinpath("html", name).read_text(encoding="utf-8")


def script_json(data: dict) -> str:
    """JSON safe inside a `<script>` element: no `</script>`, `<!--` or line separators can end or hide it."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _select(name: str, label: str, values: list[str]) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(v.replace("_", " "))}</option>' for v in values)
    return (f'<label>{label} <select data-filter="{name}"><option value="">all</option>{options}</select>'
            "</label>")


def _filters(check: CheckResult) -> str:
    values = {"domain": [d for d, _ in by_domain(check.findings)],
              "kind": sorted({f.kind for f in check.findings}),
              "strength": [s for s in ("robust", "mixed", "preliminary", "caution")
                           if any(f.strength == s for f in check.findings)],
              "source": sorted({s.citation for f in check.findings for s in f.sources})}
    selects = [_select(name, label, values[name]) for name, label in FILTERS]
    theories = "".join(f'<label class="theory"><input type="checkbox" data-theory="{esc(r.theory.name)}" checked> '
                       f'{esc(r.theory.name.replace("_", " "))}</label>' for r in check.results)
    verdicts = _select("verdict", "Row has", list(SYMBOL))
    return "\n".join(selects + [verdicts, f'<fieldset><legend>Theories</legend>{theories}</fieldset>'])


def _table(check: CheckResult) -> str:
    names = [r.theory.name for r in check.results]
    codes = short_names(names)
    verdicts = {(v.theory, v.finding): v.verdict for r in check.results for v in r.verdicts}
    escaped = {n: esc(n) for n in names}  # escaped once, not in each of the N x T cells
    head = "".join(f'<th scope="col" data-theory="{e}" title="{e}">{esc(codes[n])}</th>' for n, e in escaped.items())
    rows = [f'<thead><tr><th scope="col">finding</th><th scope="col">kind</th><th scope="col">strength</th>'
            f"{head}</tr></thead>"]
    for domain, findings in by_domain(check.findings):
        rows.append(f'<tbody data-domain="{esc(domain)}"><tr class="group"><th colspan="{3 + len(names)}" '
                    f'scope="colgroup">{esc(domain.replace("_", " ").capitalize())}</th></tr>')
        for f in findings:
            sources = " ".join(dict.fromkeys(s.citation for s in f.sources))
            fid = esc(f.id)
            cells = "".join(
                f'<td class="cell v-{v}" tabindex="0" role="button" data-theory="{e}" data-finding="{fid}" '
                f'aria-label="{e} on {fid}: {v}" title="{e}: {v}">{SYMBOL[v]}</td>'
                for e, v in ((escaped[n], verdicts[(n, f.id)]) for n in names))
            rows.append(f'<tr class="finding" data-domain="{esc(f.domain)}" data-kind="{esc(f.kind)}" '
                        f'data-strength="{esc(f.strength)}" data-source="{esc(sources)}">'
                        f'<th scope="row"><span class="fid">{fid}</span> <span class="ftitle">{esc(f.title)}'
                        f'</span></th><td>{esc(f.kind)}</td><td>{esc(f.strength)}</td>{cells}</tr>')
        rows.append("</tbody>")
    return f'<table id="matrix">{"".join(rows)}</table>'


def _legend(check: CheckResult) -> str:
    codes = short_names([r.theory.name for r in check.results])
    marks = " ".join(f'<span class="key v-{v}">{SYMBOL[v]}</span> {v}' for v in SYMBOL)
    theories = " · ".join(f"<b>{esc(codes[r.theory.name])}</b> {esc(r.theory.name)} "
                          f"({'unitary' if r.theory.unitary else 'class-specific'})" for r in check.results)
    return f'<p class="legend">{marks}</p><p class="legend">{theories}</p>'


def render_html(check: CheckResult, citations: list[Citation], auxiliaries: tuple[Axiom, ...], references: dict,
                stamp: str, weights: list[Sensitivity] = ()) -> str:
    """The whole page; the same inputs give byte-identical text.

    Example:
        html = render_html(result, kb.citations, kb.auxiliaries, kb.references, make_stamp(kb).text())
    """
    title = f"Theories × findings: {len(check.findings)} findings, {len(check.results)} theories"
    parts = {"TITLE": esc(title), "STAMP": esc(f"Produced by {stamp}"), "CSS": asset("report.css"),
             "JS": asset("report.js"), "FILTERS": _filters(check), "LEGEND": _legend(check),
             "TABLE": _table(check),
             "DATA": script_json(report_data(check, citations, auxiliaries, references, weights))}
    # One pass: a title that reads `@@DATA@@` stays text, it is never filled in.
    return re.sub(r"@@([A-Z]+)@@", lambda m: parts[m.group(1)], asset("report.html"))
