"""How each theory's verdicts change when each auxiliary hypothesis of the background is switched off in turn."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .heap import steady
from .kb import KB
from .sandbox import DEFAULT_TIMEOUT
from .sweep import Verdicts, background_job, run_sweep, sweep_jobs


@dataclass(frozen=True)
class AuxiliaryEffect:
    """One theory's verdicts with one auxiliary switched off: the totals, and each verdict that changed."""

    auxiliary: str
    explained: int
    contradicted: int
    changed: tuple[tuple[str, str, str], ...]  # (finding, verdict with the auxiliary, verdict without it)


@dataclass(frozen=True)
class Sensitivity:
    """One theory's totals, and their change under each auxiliary switched off (None: no answer set then)."""

    theory: str
    findings: int
    explained: int
    contradicted: int
    effects: tuple[AuxiliaryEffect, ...]
    contradicted_findings: tuple[str, ...] = ()
    axiom_effects: tuple[AuxiliaryEffect, ...] = ()  # the same for each of the theory's axioms switched off
    # The axioms of some versions only whose switching off moves a version's own verdict.
    version_moved: tuple[str, ...] = ()

    def idle_axioms(self) -> list[str]:
        """The axioms whose switching off changes no verdict: nothing in the knowledge base tests them."""
        return [e.auxiliary for e in self.axiom_effects if not e.changed]

    def resting_on(self, finding: str, among: set[str] | None = None) -> list[str]:
        """The auxiliaries (of `among`, if given) without which this finding's verdict changes."""
        return [e.auxiliary for e in self.effects if (among is None or e.auxiliary in among)
                and any(f == finding for f, _, _ in e.changed)]

    def firm_contradictions(self, contested: set[str]) -> list[str]:
        """The contradicted findings that stay contradicted whichever contested auxiliary is switched off."""
        moved = {f for e in self.effects if e.auxiliary in contested for f, before, _ in e.changed
                 if before == "contradicted"}
        return [f for f in self.contradicted_findings if f not in moved]

    def stable(self) -> int:
        """How many verdicts hold under every auxiliary switched off in turn."""
        changed = {f for e in self.effects for f, _, _ in e.changed}
        return self.findings - len(changed)


def _counts(verdicts: Verdicts) -> tuple[int, int]:
    counts = Counter(verdicts.values())
    return counts["explained"], counts["contradicted"]


def _drop_sets(kb: KB, theory: str) -> list[tuple[str, ...]]:
    """The baseline, each auxiliary off, then each of the theory's axioms off."""
    return [(), *((a,) for a in kb.auxiliary_ids()), *((a.id,) for a in kb.theory(theory).axioms)]


def sensitivity_jobs(kb: KB, theories: list[str], asked: list[str] | None = None, targets: dict | None = None,
                     facts=None, shared=None):
    """The worker jobs of `sensitivity`: per theory, the baseline, one solve per auxiliary off and one per axiom;
    `facts`: `sweep_facts(kb, asked)`; `shared`: the output of `sensitivity_background(kb, theories, facts)`, run
    before them."""
    return sweep_jobs(kb, theories, lambda name: _drop_sets(kb, name), asked, targets, facts, shared,
                      lambda name: _version_sets(kb, name))


def _version_sets(kb: KB, theory: str) -> list[tuple[str, ...]]:
    """The settings whose version verdicts `untested_axioms` compares: the baseline and each axiom of some versions
    only off (none for a theory without versions)."""
    versioned = [(a.id,) for a in kb.theory(theory).axioms if a.versions]
    return [(), *versioned] if versioned else []


def sensitivity_background(kb: KB, theories: list[str], facts):
    """The job that solves the background alone under each auxiliary off, once for every theory's sweep."""
    return background_job(kb, theories, lambda name: _drop_sets(kb, name), facts)


def sensitivity_results(kb: KB, theories: list[str], outputs: list) -> list[Sensitivity]:
    """The Sensitivity of each theory from the outputs of `sensitivity_jobs`.

    Read from the sweeps' own sparse verdicts (the findings that are not silent): a setting's changes are among the
    findings either setting names, where comparing every finding under every setting was quadratic-looking work
    at scale (90 settings x 50,000 findings per theory)."""
    results = []
    auxiliaries = set(kb.auxiliary_ids())
    order = {f.id: i for i, f in enumerate(kb.findings)}
    for name, (runs, versions) in zip(theories, outputs):
        base, rest = runs[0], runs[1:]
        switched = [d[0] for d in _drop_sets(kb, name)[1:]]
        effects, axiom_effects = [], []
        for switch, verdicts in zip(switched, rest):
            if verdicts is None:
                continue  # no answer set with it off: nothing to compare
            changed = () if base is None else tuple(  # without a baseline (no answer set), nothing changed
                (f, base.get(f, "silent"), verdicts.get(f, "silent"))
                for f in sorted(base.keys() | verdicts.keys(), key=order.get) if base.get(f) != verdicts.get(f))
            (effects if switch in auxiliaries else axiom_effects).append(
                AuxiliaryEffect(switch, *_counts(verdicts), changed))
        contradicted = tuple(sorted((f for f, v in (base or {}).items() if v == "contradicted"), key=order.get))
        moved_versions = tuple(d[0] for d in versions if d and versions[d] != versions[()])
        results.append(Sensitivity(name, 0 if base is None else len(kb.findings), *_counts(base or {}),
                                   tuple(effects), contradicted, tuple(axiom_effects), moved_versions))
    return results


def untested_axioms(kb: KB, result: Sensitivity) -> list[tuple[str, tuple[str, ...]]]:
    """Each idle axiom of a theory with the processes and substrates its rules speak of that no measure of the
    knowledge base indexes (none: every one is measured, but no finding asks about what the axiom reaches).

    An axiom of some versions only is tested when switching it off moves a version's own verdict, though the
    theory's (what every version predicts) stays: the sweep that made `result` says which do (`version_moved`)."""
    read = {t for name in ("indexes", "inversely_indexes") for _, t in kb.vocabulary.relations[name]}
    constructs = kb.vocabulary.terms["process"] | kb.vocabulary.terms["substrate"]
    program = kb.programs[result.theory]
    out = []
    for axiom in result.idle_axioms():
        if axiom in result.version_moved:
            continue
        named = {arg.text for rule in program.rules if program.notes.group_at(rule.location.line) == axiom
                 for atom in rule.atoms if atom.in_head for position in atom.args for arg in position
                 if arg.ground and arg.text in constructs}
        out.append((axiom, tuple(sorted(named - read))))
    return out


@steady
def sensitivity(kb: KB, theories: list[str] | None = None, timeout: float = DEFAULT_TIMEOUT) -> list[Sensitivity]:
    """Each theory's totals with every auxiliary on, and with each switched off in turn.

    Example:
        for s in sensitivity(load_kb("."), ["incentive_sensitization"]): print(s.theory, s.contradicted)
    """
    names = list(theories or kb.theories)
    for name in names:
        kb.theory(name)
    return sensitivity_results(kb, names, run_sweep(kb, names, lambda name: _drop_sets(kb, name), timeout,
                                                    lambda name: _version_sets(kb, name)))


def contested_marks(results: list[Sensitivity], contested: set[str]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(theory, finding) -> [(contested auxiliary, verdict without it)] for each verdict a contested auxiliary decides."""
    marks: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for s in results:
        for e in s.effects:
            if e.auxiliary in contested:
                for finding, _, after in e.changed:
                    marks.setdefault((s.theory, finding), []).append((e.auxiliary, after))
    return marks


def contradicted_counts(results: list[Sensitivity]) -> dict[tuple[str, tuple[str, ...]], int]:
    """(theory, drop set) -> contradicted count, for the empty set and each single auxiliary (for repair effects)."""
    counts = {(s.theory, ()): s.contradicted for s in results}
    counts.update({(s.theory, (e.auxiliary,)): e.contradicted for s in results for e in s.effects})
    return counts
