"""Plain data a check returns: derivations, predictions, verdicts, conflict sets, per-theory and whole results."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .model import Finding, Observation, Theory


@dataclass(frozen=True)
class Step:
    """One node of a derivation tree: an atom, the rule group that derived it, and its premises."""

    atom: str
    rule: str  # axiom or bridge id; "background" for a vocabulary fact or rule; "input" for an asked key
    premises: tuple["Step", ...] = ()


@dataclass(frozen=True)
class Prediction:
    """A cautious consequence `predicts(key, value)` with the axioms its derivation uses."""

    key: str
    value: str
    axioms: tuple[str, ...] = ()
    derivation: Step | None = None
    auxiliaries: tuple[str, ...] = ()  # the background's auxiliary hypotheses the derivation uses


@dataclass(frozen=True)
class RelationPrediction:
    """A cautious consequence `predicts_relation(first, second, relation)`: the values of two keys stand in a
    relation (`same_direction`, `opposite_direction`, `no_difference`) whatever each value is."""

    first: str
    second: str
    relation: str
    axioms: tuple[str, ...] = ()
    derivation: Step | None = None
    auxiliaries: tuple[str, ...] = ()

    def text(self) -> str:
        return f"{self.relation.replace('_', ' ')} of `{self.first}` and `{self.second}`"


@dataclass(frozen=True)
class ObservationVerdict:
    """How one observation fares: `predicted`, `clash` (an incompatible value, or a relation its value and another
    observation's violate, is predicted) or `unpredicted`. `relations`: the predicted relations with another
    observation of the finding that decide the status (violated for a clash, satisfied for predicted)."""

    observation: Observation
    status: str
    predictions: tuple[Prediction, ...] = ()
    relations: tuple[RelationPrediction, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """The verdict of one theory on one finding."""

    theory: str
    finding: str
    verdict: str
    observations: tuple[ObservationVerdict, ...]

    @property
    def cannot_derive(self) -> bool:
        return self.verdict in ("partial", "silent")


@dataclass(frozen=True)
class Incoherence:
    """A key for which a theory predicts two or more incompatible values, or values that violate a relation it
    predicts between this key and another (`relations`)."""

    key: str
    predictions: tuple[Prediction, ...]
    relations: tuple[RelationPrediction, ...] = ()


@dataclass(frozen=True)
class ConflictSet:
    """A subset-minimal set of axioms and auxiliaries that, with the background's data and the finding, still
    produces the clash: without any one of its members it does not."""

    axioms: tuple[str, ...]  # the theory's axioms in the set
    clashes: tuple[Prediction, ...]  # the clashing predictions, derived with only these members switched on
    auxiliaries: tuple[str, ...] = ()  # the background's auxiliaries in the set
    relation_clashes: tuple[RelationPrediction, ...] = ()  # the violated relations, derived with only these members

    @property
    def members(self) -> tuple[tuple[str, str], ...]:
        """Every member with its kind, axioms first: (id, "axiom" | "auxiliary")."""
        return tuple((a, "axiom") for a in self.axioms) + tuple((a, "auxiliary") for a in self.auxiliaries)


@dataclass(frozen=True)
class FindingConflicts:
    """All minimal conflict sets of one contradicted finding; `complete` when the enumeration finished in time."""

    finding: str
    sets: tuple[ConflictSet, ...]
    complete: bool

    def hits_core(self, core: set[str]) -> bool:
        """Whether every minimal conflict set holds a core axiom: belt axioms and auxiliaries alone do not clash."""
        return bool(self.sets) and all(set(s.axioms) & core for s in self.sets)


@dataclass(frozen=True)
class TheoryResult:
    """Everything the check found for one theory."""

    theory: Theory
    dropped: tuple[str, ...]
    verdicts: tuple[Verdict, ...]
    incoherences: tuple[Incoherence, ...] = ()
    conflicts: tuple[FindingConflicts, ...] = ()
    mechanisms: tuple[str, ...] = ()  # the theory's mechanism atoms (depends_on/3, adapts/4, ...) true in every answer set
    versions: tuple[tuple[str, tuple[Verdict, ...]], ...] = ()  # (version, its own verdicts), for theories with versions

    def conflicts_of(self, finding_id: str) -> FindingConflicts | None:
        return self._conflicts_by_finding.get(finding_id)

    @cached_property
    def _conflicts_by_finding(self) -> dict[str, FindingConflicts]:
        """Indexed once: reports ask for every cell's conflicts, and a scan per cell was quadratic (the HTML report
        of 50,000 findings spent 69 s in it)."""
        return {c.finding: c for c in self.conflicts}

    @cached_property
    def _verdicts_by_finding(self) -> dict[str, Verdict]:
        return {v.finding: v for v in self.verdicts}

    def count(self, verdict: str) -> int:
        return sum(1 for v in self.verdicts if v.verdict == verdict)

    def verdict(self, finding_id: str) -> Verdict:
        """The verdict on one finding; an unknown id is an InputError that lists the known ones."""
        return named("finding", finding_id, self._verdicts_by_finding)

    def to_records(self) -> list[dict]:
        """One plain dict per finding (ready for `pandas.DataFrame`): theory, finding, verdict, what it rests on."""
        records = []
        for v in self.verdicts:
            conflicts = self.conflicts_of(v.finding)
            records.append({
                "theory": self.theory.name, "finding": v.finding, "verdict": v.verdict,
                "observations": len(v.observations),
                "predicted": sum(1 for p in v.observations if p.status == "predicted"),
                "clashing": sum(1 for p in v.observations if p.status == "clash"),
                "axioms": sorted({a for p in v.observations for q in (*p.predictions, *p.relations) for a in q.axioms}),
                "auxiliaries": sorted({a for p in v.observations for q in (*p.predictions, *p.relations)
                                       for a in q.auxiliaries}),
                "conflict_sets": [list(s.axioms) + list(s.auxiliaries) for s in conflicts.sets] if conflicts else []})
        return records

    def version_verdicts(self, finding_id: str) -> dict[str, str]:
        """Each version's verdict on a finding (empty for a theory without versions)."""
        return {version: by_finding[finding_id] for version, by_finding in self._versions_by_finding}

    @cached_property
    def _versions_by_finding(self) -> tuple[tuple[str, dict[str, str]], ...]:
        """Each version's verdicts indexed once: the reports ask for every cell's, and a scan per cell was
        quadratic."""
        return tuple((version, {v.finding: v.verdict for v in verdicts}) for version, verdicts in self.versions)

    def versions_note(self, finding_id: str) -> str:
        """What some versions say that the theory (every version) does not: "explained by the dorsal version
        only", "contradicted by the ventral and both versions"; empty when the versions agree."""
        by_version = self.version_verdicts(finding_id)
        if len(set(by_version.values())) < 2:
            return ""
        parts = []
        for verdict in ("explained", "partial", "contradicted"):
            which = [v for v, said in by_version.items() if said == verdict]
            if which:
                only = " only" if len(which) == 1 else ""
                names = " and ".join(which)
                parts.append(f"{verdict} by the {names} version{'s' if len(which) > 1 else ''}{only}")
        return "; ".join(parts)


@dataclass(frozen=True)
class CheckResult:
    """The result of checking theories against the findings of a knowledge base."""

    findings: tuple[Finding, ...]
    results: tuple[TheoryResult, ...]
    # What the auxiliaries of the background predict with no axiom: reported apart, never counted for a theory.
    background: tuple[Verdict, ...] = ()

    def theory(self, name: str) -> TheoryResult:
        """One theory's result; an unknown name is an InputError that lists the theories checked."""
        return named("theory", name, {r.theory.name: r for r in self.results})

    def finding(self, ident: str) -> Finding:
        """One finding; an unknown id is an InputError that lists the known ones."""
        return named("finding", ident, {f.id: f for f in self.findings})

    def to_records(self) -> list[dict]:
        """One plain dict per theory and finding, with the finding's metadata (ready for `pandas.DataFrame`)."""
        meta = {f.id: {"title": f.title, "kind": f.kind, "domain": f.domain, "strength": f.strength}
                for f in self.findings}
        return [{**record, **meta[record["finding"]]} for r in self.results for record in r.to_records()]

    def verdicts(self, theory: str | None = None, finding: str | None = None) -> list[Verdict]:
        """All verdicts, optionally only those of one theory and/or one finding (an unknown name is an InputError)."""
        if theory is not None:
            self.theory(theory)
        if finding is not None:
            self.finding(finding)
        return [
            v
            for r in self.results
            for v in r.verdicts
            if (theory is None or v.theory == theory) and (finding is None or v.finding == finding)
        ]


def named(what: str, name: str, items: dict):
    """`items[name]`, or the InputError that names what is unknown and lists what is there."""
    if name in items:
        return items[name]
    from .errors import unknown_name

    raise unknown_name(what, name, list(items))
