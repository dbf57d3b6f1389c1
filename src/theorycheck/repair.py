"""Minimal repairs of a theory: axioms to drop or to restrict to a drug class, the unitarity cost, a formula."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .engine import asked_and_targets, check, relation_targets
from .heap import steady
from .kb import KB, with_min_strength
from .results import CheckResult
from .sandbox import DEFAULT_TIMEOUT, Job, run_bounded

# The smallest auxiliary repairs of a theory kept, each solved again for every theory to show its effect there:
# with many theories and many equally small repairs that effect costs theories x repairs solves.
AUXILIARY_REPAIRS_SHOWN = 5


@dataclass(frozen=True)
class DropRepair:
    """Axioms whose removal leaves no finding contradicted, and the findings the theory then no longer explains."""

    axioms: tuple[str, ...]
    loses: tuple[str, ...]


@dataclass(frozen=True)
class RestrictRepair:
    """Axioms restricted to one drug class each, so that nothing is contradicted; findings explained then."""

    restrictions: tuple[tuple[str, str], ...]
    explained: int
    loses: tuple[str, ...]


@dataclass(frozen=True)
class AuxiliaryRepair:
    """Auxiliaries of the background whose removal, with every axiom kept, leaves no finding contradicted; the
    findings the theory then no longer explains; and, since an auxiliary serves every theory, what switching them
    off does to the others: theory -> (contradicted before, after)."""

    auxiliaries: tuple[str, ...]
    loses: tuple[str, ...]
    others: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class RepairReport:
    """Every minimal repair of one theory, and what they have in common."""

    theory: str
    cardinality_minimal: tuple[DropRepair, ...]
    subset_minimal: tuple[DropRepair, ...]
    restrict_repairs: tuple[RestrictRepair, ...]
    unitarity_cost: int | None
    formula: str
    essential: tuple[str, ...]
    optional: tuple[str, ...]
    complete: bool
    min_strength: str | None = None
    auxiliary_repairs: tuple[AuxiliaryRepair, ...] = ()  # reported apart: they change every theory's verdicts
    auxiliary_repairs_found: int = 0  # how many smallest auxiliary repairs there are (only the first few are kept)


def restriction_classes(kb: KB) -> list[str]:
    """The drug classes an axiom may be restricted to: those with at least two drugs in the background, one of
    which some finding observes. Restricting an axiom to a class no finding observes (cannabinoids, on the 2011
    paper) would silence it as dropping it does, yet count as the cheaper restriction."""
    import re

    observed = {t for key in kb.asked_keys() for t in re.findall(r"[a-z][a-z0-9_]*", key)}
    members: dict[str, int] = {}
    for drug_class in kb.vocabulary.drug_classes.values():
        members[drug_class] = members.get(drug_class, 0) + 1
    seen = {c for d, c in kb.vocabulary.drug_classes.items() if d in observed}
    return sorted(c for c, n in members.items() if n >= 2 and c in seen)


def key_shapes(kb: KB) -> dict[str, tuple[int, list[int]]]:
    """Each key constructor's arity and the positions of its drug arguments (from key_arg/3)."""
    return {name: (len(args), sorted(i for i, t in args.items() if t == "drug"))
            for name, args in kb.vocabulary.key_args.items()}


def _enumerate(files, facts, axioms, classes, shapes, timeout, auxiliaries=()):
    """Runs in a worker process: the four searches on one grounding."""
    from .solver.repairs import MODES, RepairGrounding

    grounding = RepairGrounding(files, facts, axioms, classes, shapes, auxiliaries)
    return {mode: grounding.enumerate(mode, timeout) for mode in MODES}


def repair(kb: KB, theory: str, min_strength: str | None = None, timeout: float = DEFAULT_TIMEOUT,
           search_timeout: float = 60.0, formulas: Callable[[list], list[str]] | None = None) -> RepairReport:
    """All minimal repairs of `theory` against the KB (only findings of at least `min_strength`); `formulas`, see
    `repair_reports`.

    Example:
        report = repair(load_kb("."), "incentive_sensitization")
    """
    return repair_all(kb, [theory], min_strength, timeout, search_timeout, formulas=formulas)[0]


@steady
def repair_all(kb: KB, theories: list[str], min_strength: str | None = None, timeout: float = DEFAULT_TIMEOUT,
               search_timeout: float = 60.0, checked: CheckResult | None = None,
               formulas: Callable[[list], list[str]] | None = None) -> list[RepairReport]:
    """The repairs of several theories, their searches run side by side in bounded workers.

    `checked` is a result of `check` on the same KB (and strength), if the caller has one: its verdicts are the
    baseline a repair's losses are measured against, so the theories need not be checked again.
    """
    kb = with_min_strength(kb, min_strength)
    result = checked if checked is not None else check(kb, theories=theories, timeout=timeout)
    raws = run_bounded(repair_jobs(kb, theories, search_timeout), timeout=timeout)
    reports = repair_reports(theories, raws, result, min_strength, formulas)
    return with_effects(kb, reports, timeout)


def with_effects(kb: KB, reports: list[RepairReport], timeout: float = DEFAULT_TIMEOUT,
                 known: dict[tuple[str, tuple[str, ...]], int] | None = None, solve: bool = True) -> list[RepairReport]:
    """The reports with, for each auxiliary repair, how many findings contradict every other theory of the KB
    before and after its auxiliaries are switched off (one grounding per theory, the sets solved in turn).

    `known`: (theory, drop set) -> contradicted count, for sets already solved (the sensitivity sweep has every
    theory's count with nothing and with each single auxiliary off): only the others are solved again, and not at
    all without `solve` (the matrix: a set of several auxiliaries, for every theory, costs theories x sets solves;
    its effect is then left unknown, and `theorycheck repair` computes it).
    """
    from dataclasses import replace

    from .sweep import sweep

    names = list(kb.theories)
    known = dict(known or {})
    sets = sorted({r.auxiliaries for report in reports for r in report.auxiliary_repairs if r.auxiliaries})
    missing = [s for s in [(), *sets] if any((n, s) not in known for n in names)]
    if not sets:
        return reports
    if missing and solve:
        for name, runs in sweep(kb, names, missing, timeout).items():  # theory -> [verdicts under each drop set]
            for dropped, verdicts in zip(missing, runs):
                known[name, dropped] = sum(v == "contradicted" for v in (verdicts or {}).values())
    return [replace(report, auxiliary_repairs=tuple(
                replace(r, others=tuple((n, known[n, ()], known[n, r.auxiliaries]) for n in names
                                        if n != report.theory)) if all((n, r.auxiliaries) in known for n in names)
                else r
                for r in report.auxiliary_repairs)) for report in reports]


def repair_jobs(kb: KB, theories: list[str], search_timeout: float = 60.0, asked: list[str] | None = None,
                targets: dict | None = None, relations: list | None = None) -> list[Job]:
    """The worker jobs of `repair_all` (on a KB already cut to a strength), for a caller that runs them with others.

    `asked`, `targets` and `relations`, if the caller has them: `kb.asked_keys()`, `clash_targets(kb)` and
    `relation_targets(kb)`.
    """
    from .solver.repairs import repair_facts
    from .verdicts import constructor

    vocab = kb.vocabulary
    # Each observation with every value whose prediction predicts it (the observed one, or a more specific one).
    observed = {f.id: [(o.key, v) for o in f.observations
                       for v in sorted(vocab.values.get(constructor(o.key), ()) | {o.value}) if vocab.entails(v, o.value)]
                for f in kb.findings}
    asked, targets = asked_and_targets(kb, asked, targets)
    relations = relation_targets(kb) if relations is None else relations
    facts = repair_facts(asked, targets, observed, relations, relation_targets(kb, holds=True))
    classes, shapes = restriction_classes(kb), key_shapes(kb)
    jobs = []
    for theory in (kb.theory(name) for name in theories):
        files = kb.sources(theory.name)
        args = (files, facts, [a.id for a in theory.axioms], classes, shapes, search_timeout, kb.auxiliary_ids())
        jobs.append(Job(f"{theory.path}: theory '{theory.name}'", _enumerate, args, files))
    return jobs


def repair_reports(theories: list[str], raws: list, checked: CheckResult, min_strength: str | None = None,
                   formulas: Callable[[list], list[str]] | None = None) -> list[RepairReport]:
    """The RepairReports from the outputs of `repair_jobs`, measured against the verdicts of `checked`.

    `formulas` turns each theory's subset-minimal drop repairs into its formula: `repair_formulas` unless the
    caller has it computed elsewhere (`beside.ahead`, in a child that imported sympy while the KB was loading).
    """
    baselines = [{v.finding for v in checked.theory(name).verdicts if v.verdict == "explained"} for name in theories]
    drops = [{mode: tuple(DropRepair(m.dropped, tuple(sorted(baseline - set(m.explained)))) for m in raw[mode][0])
              for mode in ("cardinality", "subset")} for raw, baseline in zip(raws, baselines)]
    texts = (formulas or repair_formulas)([drop["subset"] for drop in drops])
    return [_report(*parts, min_strength) for parts in zip(theories, raws, baselines, drops, texts)]


def _report(theory: str, raw: dict, baseline: set[str], drop: dict, formula: str,
            min_strength: str | None) -> RepairReport:
    restrict = tuple(sorted((RestrictRepair(m.restricted, len(m.explained), tuple(sorted(baseline - set(m.explained))))
                             for m in raw["restrict"][0]), key=lambda r: (-r.explained, r.restrictions)))
    sets = [set(r.axioms) for r in drop["subset"]]
    essential = tuple(sorted(set.intersection(*sets))) if sets else ()
    optional = tuple(sorted(set.union(*sets) - set(essential))) if sets else ()
    found = raw.get("auxiliary", ([], True))[0]
    auxiliary = tuple(AuxiliaryRepair(m.dropped, tuple(sorted(baseline - set(m.explained))))
                      for m in found[:AUXILIARY_REPAIRS_SHOWN])
    return RepairReport(theory, drop["cardinality"], drop["subset"], restrict,
                        len(restrict[0].restrictions) if restrict else None, formula,
                        essential, optional, all(raw[m][1] for m in raw), min_strength, auxiliary, len(found))


def repair_formula(repairs: tuple[DropRepair, ...]) -> str:
    """The minimal drop repairs as one boolean formula over axiom names, simplified by sympy.

    `~a & ~b | ~c` reads: drop a and b, or drop c. True means nothing needs dropping; False that no drop helps.
    """
    from sympy import And, Not, Or, Symbol, false, simplify_logic, true

    if not repairs:
        return str(false)
    if any(not r.axioms for r in repairs):
        return str(true)
    expr = Or(*[And(*[Not(Symbol(a)) for a in r.axioms]) for r in repairs])
    return str(simplify_logic(expr, form="dnf"))


def repair_formulas(repairs: list[tuple[DropRepair, ...]]) -> list[str]:
    """`repair_formula` of each theory's repairs: one call for all, so that a child can compute them (beside.ahead)."""
    return [repair_formula(r) for r in repairs]


def prefetch_formulas() -> None:
    """Import what `repair_formula` needs (sympy: 0.3 s), for a caller whose workers run meanwhile."""
    import sympy  # noqa: F401  (imported for its side effect: loaded once, for repair_formula)
