"""The compatibility matrix as an SVG heatmap: findings grouped by domain as rows, one column per theory (pure)."""

from __future__ import annotations

from .escaping import svg_text as escape
from .model import CheckResult
from .report import by_domain, short_names

COLOUR = {"explained": "#1b7837", "partial": "#a6dba0", "silent": "#e7e7e7", "contradicted": "#c51b7d"}
LABEL = {"explained": "explained", "partial": "partial", "silent": "silent", "contradicted": "contradicted"}
ROW, CELL, LEFT, TOP, GAP = 13, 30, 330, 96, 18
FONT = 'font-family="Helvetica, Arial, sans-serif"'


def render_heatmap(check: CheckResult) -> str:
    """An SVG picture of every verdict, with a legend; the same result gives byte-identical text."""
    names = [r.theory.name for r in check.results]
    codes = short_names(names)
    verdicts = {(v.theory, v.finding): v.verdict for r in check.results for v in r.verdicts}
    groups = by_domain(check.findings)
    height = TOP + sum(GAP + ROW * len(fs) for _, fs in groups) + 12
    width = LEFT + CELL * len(names) + 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" {FONT} font-size="10">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="8" y="18" font-size="14" font-weight="bold">Theories x findings: {len(check.findings)} '
           f'findings, {len(names)} theories</text>']
    x = 8
    for verdict, colour in COLOUR.items():
        out.append(f'<rect x="{x}" y="28" width="12" height="12" fill="{colour}" stroke="#999" stroke-width="0.5"/>')
        out.append(f'<text x="{x + 16}" y="38">{LABEL[verdict]}</text>')
        x += 16 + 7 * len(LABEL[verdict]) + 14
    key = " · ".join(f"{codes[n]} {n}" for n in names)
    out.append(f'<text x="8" y="58" fill="#444">{escape(key)}</text>')
    for i, name in enumerate(names):
        cx = LEFT + CELL * i + CELL / 2
        kind = "unitary" if check.results[i].theory.unitary else "class-specific"
        out.append(f'<text x="{cx:g}" y="{TOP - 8}" text-anchor="middle" font-weight="bold">'
                   f'<title>{escape(name)} ({kind})</title>{escape(codes[name])}</text>')
    y = TOP
    for domain, findings in groups:
        y += GAP
        out.append(f'<text x="8" y="{y - 5}" font-size="11" font-weight="bold">'
                   f'{escape(domain.replace("_", " ").capitalize())}</text>')
        for finding in findings:
            out.append(f'<text x="{LEFT - 6}" y="{y + ROW - 3}" text-anchor="end">{escape(finding.id)}</text>')
            for i, name in enumerate(names):
                verdict = verdicts[(name, finding.id)]
                out.append(f'<rect x="{LEFT + CELL * i + 1}" y="{y + 1}" width="{CELL - 2}" height="{ROW - 2}" '
                           f'fill="{COLOUR[verdict]}"><title>{escape(name)} / {escape(finding.id)}: {verdict}'
                           f'</title></rect>')
            y += ROW
    out.append("</svg>")
    return "\n".join(out) + "\n"
