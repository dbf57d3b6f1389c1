"""The compatibility matrix as an SVG heatmap: findings grouped by domain as rows, one column per theory (pure)."""

from __future__ import annotations

from .escaping import svg_text as escape
from .results import CheckResult
from .report import by_domain, short_names

COLOUR = {"explained": "#1b7837", "partial": "#a6dba0", "silent": "#e7e7e7", "contradicted": "#c51b7d"}
LABEL = {"explained": "explained", "partial": "partial", "silent": "silent", "contradicted": "contradicted"}
ROW, CELL, LEFT, TOP, GAP = 13, 30, 330, 96, 18
LINE, CHAR = 14, 5.8  # a legend line's height; the width of an average character at font-size 10 (Helvetica)
FONT = 'font-family="Helvetica, Arial, sans-serif"'


def legend_lines(items: list[str], width: float) -> list[str]:
    """The legend's items on as few lines as fit in `width` pixels (at about CHAR pixels a character)."""
    lines: list[str] = []
    for item in items:
        if lines and (len(lines[-1]) + 3 + len(item)) * CHAR <= width:
            lines[-1] += " · " + item
        else:
            lines.append(item)
    return lines


def render_heatmap(check: CheckResult) -> str:
    """An SVG picture of every verdict, with a legend that wraps to fit; the same result gives byte-identical text."""
    names = [r.theory.name for r in check.results]
    codes = short_names(names)
    verdicts = {(v.theory, v.finding): v.verdict for r in check.results for v in r.verdicts}
    groups = by_domain(check.findings)
    width = LEFT + CELL * len(names) + 20
    key = legend_lines([f"{codes[n]} {n}" for n in names], width - 16)
    top = TOP + LINE * (len(key) - 1)
    height = top + sum(GAP + ROW * len(fs) for _, fs in groups) + 12
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
    out += [f'<text x="8" y="{58 + LINE * i}" fill="#444">{escape(line)}</text>' for i, line in enumerate(key)]
    for i, name in enumerate(names):
        cx = LEFT + CELL * i + CELL / 2
        kind = "unitary" if check.results[i].theory.unitary else "class-specific"
        out.append(f'<text x="{cx:g}" y="{top - 8}" text-anchor="middle" font-weight="bold">'
                   f'<title>{escape(name)} ({kind})</title>{escape(codes[name])}</text>')
    y = top
    for domain, findings in groups:
        y += GAP
        out.append(f'<text x="8" y="{y - 5}" font-size="11" font-weight="bold">'
                   f'{escape(domain.replace("_", " ").capitalize())}</text>')
        for finding in findings:
            out.append(f'<text x="{LEFT - 6}" y="{y + ROW - 3}" text-anchor="end"><title>{escape(finding.title)}'
                       f'</title>{escape(finding.id)}</text>')
            for i, name in enumerate(names):
                verdict = verdicts[(name, finding.id)]
                out.append(f'<rect x="{LEFT + CELL * i + 1}" y="{y + 1}" width="{CELL - 2}" height="{ROW - 2}" '
                           f'fill="{COLOUR[verdict]}"><title>{escape(name)} / {escape(finding.id)}: {verdict}'
                           f'</title></rect>')
            y += ROW
    out.append("</svg>")
    return "\n".join(out) + "\n"
