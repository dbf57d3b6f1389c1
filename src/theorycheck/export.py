"""The compatibility matrix as CSV or LaTeX, for spreadsheets and papers, with each finding's title and source
(pure)."""

from __future__ import annotations

import csv
import io

from .escaping import latex_text
from .model import Citation
from .results import CheckResult
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
    """A `longtable` (it spans pages) as wide as the text, in small type: a caption with the legend, one row per
    finding (its title, kind, strength, source and id) and a verdict column per theory, then the works cited. The
    packages it needs are named in its first line (PACKAGES); it compiles with pdflatex in any `article`."""
    names = [r.theory.name for r in check.results]
    codes = short_names(names)
    verdicts = {(v.theory, v.finding): v.verdict for r in check.results for v in r.verdicts}
    head = "Finding & " + " & ".join(latex_text(codes[n]) for n in names) + r" \\"
    span = f"\\multicolumn{{{1 + len(names)}}}{{l}}"
    out = [f"% Needs \\usepackage{{{','.join(PACKAGES)}}} in the preamble.", r"\begingroup\small",
           r"\setlength{\tabcolsep}{3pt}", f"\\begin{{longtable}}{{{_columns(codes.values())}}}",
           f"\\caption[Theories $\\times$ findings]{{{_caption(names, codes, len(check.findings))}}}"
           r"\label{tab:theorycheck-matrix}\\",
           r"\toprule", head, r"\midrule", r"\endfirsthead",
           f"{span}{{\\emph{{Table~\\thetable, continued}}}} \\\\", r"\toprule", head, r"\midrule", r"\endhead",
           r"\bottomrule", r"\endfoot"]
    for domain, findings in by_domain(check.findings):
        out.append(f"{span}{{\\textbf{{{latex_text(domain.replace('_', ' '))}}}}} \\\\*")  # kept with its first row
        for f in findings:
            cells = "".join(f" & {LATEX_SYMBOL[verdicts[(n, f.id)]]}" for n in names)
            out.append(f"\\raggedright {latex_text(f.title)} ({latex_text(f.kind)}, {latex_text(f.strength)})"
                       f"\\newline{{\\footnotesize {latex_text(source_text(f))}; \\texttt{{{_breakable(f.id)}}}}}"
                       f"{cells} \\\\[2pt]")
    out += [r"\end{longtable}", *_works(check, citations), r"\endgroup"]
    return "\n".join(out) + "\n"


def _columns(codes) -> str:
    """The finding column takes the text width the verdict columns leave: each of those is estimated generously
    (0.8em a character of its code, at least 1.2em for the symbols), so the table never runs into the margin."""
    widths = [max(1.2, 0.8 * len(code)) for code in codes]
    finding = f"p{{\\dimexpr\\linewidth-{sum(widths):.1f}em-{2 * (len(widths) + 1)}\\tabcolsep\\relax}}"
    return finding + "c" * len(widths)


def _caption(names: list[str], codes: dict[str, str], findings: int) -> str:
    """Counts, the verdict symbols and the theory codes; the works cited follow the table (a caption as long as
    they are is too wide for TeX's box)."""
    legend = "; ".join(f"{latex_text(codes[n])}: {latex_text(n.replace('_', ' '))}" for n in names)
    marks = (f"{LATEX_SYMBOL['explained']} explained, {LATEX_SYMBOL['partial']} partial, blank silent, "
             f"{LATEX_SYMBOL['contradicted']} contradicted")
    return (f"Compatibility of {len(names)} theories with {findings} findings. {marks}. {legend}. "
            "Each finding's source is listed below the table.")


def _works(check: CheckResult, citations: list[Citation]) -> list[str]:
    """The works the findings cite, one hanging paragraph each, in small type after the table."""
    works = {c.key: c.text for c in citations}
    keys = sorted({s.citation for f in check.findings for s in f.sources})
    return [r"{\footnotesize\raggedright\noindent\textbf{Sources.}\par"] + [
        f"\\noindent\\hangindent=1em {latex_text(k)}: {latex_text(works.get(k, k))}\\par" for k in keys] + ["}"]


def _breakable(text: str) -> str:
    """An identifier in LaTeX that may break after each underscore (a long one would run into the next column)."""
    return latex_text(text).replace(r"\_", r"\_\allowbreak{}")
