"""Exports for papers and spreadsheets: titles and sources in the CSV and LaTeX matrix, a LaTeX longtable with its
caption, legend and packages, and an SVG legend that fits its picture."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

from theorycheck.export import render_csv, render_latex
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
    assert latex.startswith("% Needs \\usepackage{longtable,booktabs,amssymb} in the preamble.\n\\begin{longtable}")
    caption = re.search(r"\\caption\[[^]]*\]\{(.*)\}\\label", latex).group(1)
    assert "$\\checkmark$ explained" in caption and "T: t" in caption and "c1: Someone 2020" in caption
    assert "\\endhead" in latex and latex.rstrip().endswith("\\end{longtable}")
    assert "f1 (difference, robust; \\texttt{f1}) & c1 Fig. 1 (refs 1) & $\\checkmark$ \\\\" in latex


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
