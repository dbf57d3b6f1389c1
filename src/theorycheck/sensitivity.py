"""How each theory's verdicts change when each auxiliary hypothesis of the background is switched off in turn."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .kb import KB
from .sandbox import DEFAULT_TIMEOUT, run_bounded
from .sweep import Verdicts, sweep_jobs, sweep_results


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


def sensitivity_jobs(kb: KB, theories: list[str]):
    """The worker jobs of `sensitivity`: per theory, the baseline and one solve per auxiliary off."""
    return sweep_jobs(kb, theories, [(), *((a,) for a in kb.auxiliary_ids())])


def sensitivity_results(kb: KB, theories: list[str], outputs: list) -> list[Sensitivity]:
    """The Sensitivity of each theory from the outputs of `sensitivity_jobs`."""
    results = []
    for name, runs in zip(theories, sweep_results(kb, outputs)):
        base, rest = runs[0] or {}, runs[1:]
        effects = []
        for aux, verdicts in zip(kb.auxiliary_ids(), rest):
            if verdicts is None:  # switching it off leaves no answer set: nothing to compare
                continue
            changed = tuple((f, base[f], verdicts[f]) for f in base if verdicts[f] != base[f])
            effects.append(AuxiliaryEffect(aux, *_counts(verdicts), changed))
        contradicted = tuple(f for f, v in base.items() if v == "contradicted")
        results.append(Sensitivity(name, len(base), *_counts(base), tuple(effects), contradicted))
    return results


def sensitivity(kb: KB, theories: list[str] | None = None, timeout: float = DEFAULT_TIMEOUT) -> list[Sensitivity]:
    """Each theory's totals with every auxiliary on, and with each switched off in turn.

    Example:
        for s in sensitivity(load_kb("."), ["incentive_sensitization"]): print(s.theory, s.contradicted)
    """
    names = list(theories or kb.theories)
    for name in names:
        kb.theory(name)
    return sensitivity_results(kb, names, run_bounded(sensitivity_jobs(kb, names), timeout=timeout))


def contested_marks(results: list[Sensitivity], contested: set[str]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(theory, finding) -> [(contested auxiliary, verdict without it)] for each verdict a contested auxiliary decides."""
    marks: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for s in results:
        for e in s.effects:
            if e.auxiliary in contested:
                for finding, _, after in e.changed:
                    marks.setdefault((s.theory, finding), []).append((e.auxiliary, after))
    return marks
