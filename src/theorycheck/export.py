"""The compatibility matrix as CSV or LaTeX, for spreadsheets and papers, with each finding's title and source
(pure)."""

from __future__ import annotations

import csv
import io

from .escaping import latex_text
from .model import CheckResult, Citation
from .report import SYMBOL, by_domain, short_names, source_text

LATEX_SYMBOL = {"explained": r"$\checkmark$", "partial": r"$\circ$", "silent": "", "contradicted": r"$\times$"}
PACKAGES = ("longtable", "booktabs", "amssymb")  # longtable: the matrix spans pages; amssymb: \checkmark


def matrix_rows(check: CheckResult, symbols: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """Header and rows: domain, finding, title, kind, strength, source, then one verdict symbol per theory."""
    names = [r.theory.name for r in check.results]
    verdicts = {(v.theory, v.finding): v.verdict for r in check.results for v in r.verdicts}
    rows = [[domain, f.id, f.title, f.kind, f.strength, source_text(f)] + [symbols[verdicts[(n, f.id)]] for n in names]
            for domain, findings in by_domain(check.findings) for f in findings]
    return ["domain", "finding", "title", "kind", "strength", "source"] + names, rows


def render_csv(check: CheckResult, citations: list[Citation] = ()) -> str:
    """One row per finding, verdict words in the theory columns; the DOI of each finding's first source at the end."""
    header, rows = matrix_rows(check, {v: v for v in SYMBOL})
    dois = {c.key: c.doi for c in citations}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header + ["doi"])
    for row, finding in zip(rows, [f for _, fs in by_domain(check.findings) for f in fs]):
        writer.writerow(row + [next((dois.get(s.citation, "") for s in finding.sources), "")])
    return buffer.getvalue()


def render_latex(check: CheckResult, citations: list[Citation] = ()) -> str:
    """A `longtable` (it spans pages) with a caption, the legend and each finding's title and source; the packages
    it needs are named in its first lines."""
    names = [r.theory.name for r in check.results]
    codes = short_names(names)
    legend = "; ".join(f"{latex_text(codes[n])}: {latex_text(n.replace('_', ' '))}" for n in names)
    marks = (f"{LATEX_SYMBOL['explained']} explained, {LATEX_SYMBOL['partial']} partial, blank silent, "
             f"{LATEX_SYMBOL['contradicted']} contradicted")
    works = {c.key: c.text for c in citations}
    sources = sorted({s.citation for f in check.findings for s in f.sources})
    cited = "; ".join(f"{latex_text(k)}: {latex_text(works.get(k, k))}" for k in sources)
    caption = (f"Compatibility of {len(names)} theories with {len(check.findings)} findings. {marks}. {legend}. "
               f"Sources: {cited}.")
    columns = "p{6.2cm}p{3.2cm}" + "c" * len(names)
    head = "Finding & Source & " + " & ".join(latex_text(codes[n]) for n in names) + r" \\"
    out = [f"% Needs \\usepackage{{{','.join(PACKAGES)}}} in the preamble.",
           f"\\begin{{longtable}}{{{columns}}}", f"\\caption[Theories x findings]{{{caption}}}\\label{{tab:theorycheck-matrix}}\\\\",
           r"\toprule", head, r"\midrule", r"\endfirsthead", r"\toprule", head, r"\midrule", r"\endhead",
           r"\bottomrule", r"\endfoot"]
    verdicts = {(v.theory, v.finding): v.verdict for r in check.results for v in r.verdicts}
    for domain, findings in by_domain(check.findings):
        out.append(f"\\multicolumn{{{2 + len(names)}}}{{l}}{{\\textbf{{{latex_text(domain.replace('_', ' '))}}}}}"
                   r" \\")
        for f in findings:
            cells = " & ".join(LATEX_SYMBOL[verdicts[(n, f.id)]] for n in names)
            out.append(f"{latex_text(f.title)} ({latex_text(f.kind)}, {latex_text(f.strength)}; "
                       f"\\texttt{{{latex_text(f.id)}}}) & {latex_text(source_text(f))} & {cells} \\\\")
    out.append(r"\end{longtable}")
    return "\n".join(out) + "\n"
