"""Exports for papers and spreadsheets: titles and sources in the CSV and LaTeX matrix, a LaTeX longtable with its
caption, legend and packages (compiled with pdflatex where it is installed), and an SVG legend that fits its picture."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

import theorycheck

from theorycheck.export import PACKAGES, render_csv, render_latex
from theorycheck.heatmap import CHAR, render_heatmap
from theorycheck.report import short_names

from test_escaping import checked  # noqa: F401  (the fixture: a tiny checked KB)


def test_csv_has_title_source_and_doi(checked):  # noqa: F811
    kb, result = checked
    rows = list(csv.DictReader(io.StringIO(render_csv(result, kb.citations))))
    assert [r["finding"] for r in rows] == ["f1", "f2", "f3"]
    assert rows[0]["title"] == "f1" and rows[0]["source"] == "c1 Fig. 1 (refs 1)" and rows[0]["doi"] == "10.1/x"
    assert rows[0]["t"] == "explained"


def test_latex_is_a_longtable_with_caption_legend_and_packages(checked):  # noqa: F811
    kb, result = checked
    latex = render_latex(result, kb.citations)
    assert latex.startswith("% Needs \\usepackage{longtable,booktabs,amssymb} in the preamble.\n\\begingroup")
    caption = re.search(r"\\caption\[[^]]*\]\{(.*)\}\\label", latex).group(1)
    assert "$\\checkmark$ explained" in caption and "T: t" in caption
    assert "\\endhead" in latex and "\\end{longtable}" in latex
    assert ("\\raggedright f1 (difference, robust)\\newline{\\footnotesize c1 Fig. 1 (refs 1); \\texttt{f1}} & "
            "$\\checkmark$ \\\\[2pt]") in latex
    assert "\\hangindent=1em c1: Someone 2020" in latex.partition("\\end{longtable}")[2]  # the works, below


PDFLATEX = shutil.which("pdflatex")
HOSTILE_LATEX = "a_b & c% #1 $5 ^ ~ \\emph{x} {y} <z> |w| \u00a7 \u2013 \u2019"


def compiled(tmp_path, latex: str) -> str:
    """The log of pdflatex on an `article` whose preamble loads exactly the packages the export names."""
    if not PDFLATEX:
        if os.environ.get("CI"):
            pytest.fail("CI must compile the LaTeX export: no pdflatex on PATH")
        pytest.skip("no pdflatex on PATH (apt-get install texlive-latex-base texlive-latex-recommended "
                    "texlive-fonts-recommended)")
    (tmp_path / "matrix.tex").write_text(latex, encoding="utf-8")
    (tmp_path / "paper.tex").write_text(
        f"\\documentclass{{article}}\n\\usepackage{{{','.join(PACKAGES)}}}\n"
        "\\begin{document}\n\\input{matrix}\n\\end{document}\n", encoding="utf-8")
    run = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    log = (tmp_path / "paper.log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log[-3000:]
    return log


def test_the_shipped_matrix_compiles_within_the_margins(shipped_kb, tmp_path):
    log = compiled(tmp_path, render_latex(theorycheck.check(shipped_kb), shipped_kb.citations))
    assert "Overfull \\hbox" not in log and re.search(r"Output written on paper\.pdf \(\d\d+ pages", log)


def test_kb_text_full_of_latex_specials_compiles(checked, tmp_path):  # noqa: F811
    kb, result = checked
    findings = tuple(replace(f, title=HOSTILE_LATEX, domain=HOSTILE_LATEX,
                             sources=tuple(replace(s, locator=HOSTILE_LATEX) for s in f.sources))
                     for f in result.findings)
    citations = [replace(c, text=HOSTILE_LATEX) for c in kb.citations]
    log = compiled(tmp_path, render_latex(replace(result, findings=findings), citations))
    assert "Overfull \\hbox" not in log


def test_the_svg_legend_names_every_theory_within_the_picture(checked):  # noqa: F811
    from dataclasses import replace

    kb, result = checked
    names = [f"theory_number_{i}_with_a_long_name" for i in range(8)]
    first = result.results[0]
    many = replace(result, results=tuple(replace(first, theory=replace(first.theory, name=n),
                                                 verdicts=tuple(replace(v, theory=n) for v in first.verdicts))
                                         for n in names))
    svg = render_heatmap(many)
    root = ET.fromstring(svg)
    width = float(root.get("width"))
    legend = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("fill") == "#444"]
    assert len(legend) > 1 and all(8 + len(line) * CHAR <= width for line in legend)
    codes = short_names(names)
    assert all(f"{codes[n]} {n}" in " · ".join(legend) for n in names)
