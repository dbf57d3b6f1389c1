"""Every generated report file of a knowledge base, rendered in memory (what `theorycheck matrix` writes)."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from .beside import beside
from .engine import check_jobs, check_results, clash_targets, relation_targets
from .export import render_csv, render_latex
from .heatmap import render_heatmap
from .html_report import render_html
from .heap import steady
from .kb import KB
from .repair import prefetch_formulas, repair_jobs, repair_reports, with_effects
from .repair_report import render_repairs_file
from .report import render_matrix, render_theory
from .sandbox import After, Later, run_bounded
from .stamp import Stamp, make_stamp
from .sweep import sweep_facts
from .sensitivity import (contested_marks, contradicted_counts, sensitivity_background, sensitivity_jobs,
                          sensitivity_results, untested_axioms)
from .sensitivity_report import render_sensitivity


@steady
def report_files(kb: KB, folder: Path, fmt: str = "markdown", svg: bool = False, timeout: float = 300.0,
                 stamp: Stamp | None = None, html: bool = False, formulas=None) -> dict[Path, str]:
    """File path -> text for the matrix (in `fmt`), the SVG heatmap, the interactive HTML report, one report per
    theory, repairs.md and sensitivity.md, each stamped with `stamp` (by default: this version, this KB, no
    options). `formulas`: see repair.repair_reports (without it, sympy is imported here while the workers run)."""
    stamp = stamp or make_stamp(kb)
    result, weights, repaired = _outcomes(kb, timeout, formulas is None)
    # The page, the largest report, is rendered in a second process beside the others (a third of the matrix's
    # time at 50,000 findings was the parent rendering, one report after another, beside no worker).
    page_args = (result, kb.citations, kb.auxiliaries, kb.references, stamp.text(), weights)
    with beside(render_html, *page_args) if html else nullcontext() as page:
        files = _report_files(kb, folder, fmt, svg, timeout, result, weights, repaired, formulas)
        styles = {".svg": "svg", ".tex": "%", ".csv": "#"}
        files = {path: stamp.footer(text, styles.get(path.suffix, "markdown")) for path, text in files.items()}
        if html:
            files = {folder / "compatibility_matrix.html": page(), **files}
    return files


def _outcomes(kb: KB, timeout: float, prefetch: bool = True):
    """The checks (with every conflict set), the sensitivity sweeps and the repair searches of every theory; with
    `prefetch`, sympy is imported while the last workers run."""
    names, n = list(kb.theories), len(kb.theories)
    asked = kb.asked_keys()
    facts = sweep_facts(kb, asked)
    common: dict = {}

    def derived() -> dict:
        """What the checks and the repairs derive from the KB alike: derived once, when the first is due."""
        if not common:
            common.update(targets=clash_targets(kb), relations=relation_targets(kb))
        return common

    # One pool for every job, so that no core waits at the end of one batch for the next: the background alone
    # under each auxiliary off first (the same for every theory's sweep: solved once, where each sweep solved it
    # again; the sweeps start once it is done), then the longest jobs (checks, repairs), then the sweeps. Each
    # family's jobs (their generated facts, their rewriting) are made when the first is due, or while every core is
    # busy, rather than all before the first worker starts (some 7 s on one core at 50,000 findings). The reports
    # show each conflict set's clash, not its derivation tree (`run --explain` does).
    # Within each family the theories with the most axioms first, so that the longest jobs do not start last and
    # leave a core idle at the end: the axioms are a proxy for a theory's searches (the restriction search is over
    # axioms x classes; on the shipped KB drug_class_specific's, 14 axioms, is a quarter of the repairs' 0.9 s).
    order = sorted(names, key=lambda name: -len(kb.theory(name).axioms))
    background = [sensitivity_background(kb, names, facts)] if names else []
    jobs = background + [Later(n, lambda: check_jobs(kb, order, explain=True, trees=False, asked=asked, **derived())),
                         Later(n, lambda: repair_jobs(kb, order, asked=asked, **derived())),
                         Later(n, lambda: sensitivity_jobs(kb, order, asked, facts=facts, shared=After(0)))]
    # sympy (0.3 s to import), which the repairs' formulas need, is imported while the last workers run (unless
    # the caller has a child that imported it while the KB loaded: cli.matrix).
    outputs = run_bounded(jobs, timeout=timeout, meanwhile=prefetch_formulas if prefetch else None)[len(background):]
    at = [order.index(name) for name in names]  # each theory's place in `order`, so results come back in KB order
    checked, repaired, weighed = ([outputs[k * n + i] for i in at] for k in range(3))
    return check_results(kb, names, (), checked), sensitivity_results(kb, names, weighed), repaired


def _report_files(kb: KB, folder: Path, fmt: str, svg: bool, timeout: float, result, weights, repaired, formulas):
    names = list(kb.theories)
    auxiliaries = {a.id: a for a in kb.auxiliaries}
    marks = contested_marks(weights, {a for a, x in auxiliaries.items() if x.contested})
    by_theory = {w.theory: w for w in weights}
    renderers = {"markdown": ("md", lambda: render_matrix(result, kb.root, kb.citations, contested=marks)),
                 "latex": ("tex", lambda: render_latex(result, kb.citations)),
                 "csv": ("csv", lambda: render_csv(result, kb.citations))}
    suffix, render = renderers[fmt]
    files = {folder / f"compatibility_matrix.{suffix}": render()}
    if svg:
        files[folder / "compatibility_matrix.svg"] = render_heatmap(result)
    for r in result.results:
        untested = untested_axioms(kb, by_theory[r.theory.name])
        files[folder / f"{r.theory.name}.md"] = render_theory(r, result.findings, kb.root, kb.claims(r.theory.name),
                                                               kb.citations, with_trees=False, untested=untested,
                                                               references=kb.references)
    reports = with_effects(kb, repair_reports(names, repaired, result, formulas=formulas), timeout,
                           contradicted_counts(weights), solve=False)
    files[folder / "repairs.md"] = render_repairs_file(reports, {n: kb.claims(n) for n in names})
    files[folder / "sensitivity.md"] = render_sensitivity(weights, auxiliaries)
    return files
