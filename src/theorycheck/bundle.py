"""Every generated report file of a knowledge base, rendered in memory (what `theorycheck matrix` writes)."""

from __future__ import annotations

from pathlib import Path

from .engine import check
from .export import render_csv, render_latex
from .heatmap import render_heatmap
from .kb import KB
from .repair import repair_all
from .repair_report import render_repairs_file
from .report import render_matrix, render_theory


def report_files(kb: KB, folder: Path, fmt: str = "markdown", svg: bool = False, timeout: float = 300.0
                 ) -> dict[Path, str]:
    """File path -> text for the matrix (in `fmt`), the SVG heatmap, one report per theory, and repairs.md."""
    result = check(kb, timeout=timeout, explain=True)
    renderers = {"markdown": ("md", lambda: render_matrix(result, kb.root)),
                 "latex": ("tex", lambda: render_latex(result)),
                 "csv": ("csv", lambda: render_csv(result))}
    suffix, render = renderers[fmt]
    files = {folder / f"compatibility_matrix.{suffix}": render()}
    if svg:
        files[folder / "compatibility_matrix.svg"] = render_heatmap(result)
    for r in result.results:
        files[folder / f"{r.theory.name}.md"] = render_theory(r, result.findings, kb.root, kb.claims(r.theory.name),
                                                               with_trees=False)
    repairs = repair_all(kb, list(kb.theories), timeout=timeout)
    files[folder / "repairs.md"] = render_repairs_file(repairs, {n: kb.claims(n) for n in kb.theories})
    return files
