"""The data the interactive HTML report shows in its detail panel, as plain JSON-ready dicts (pure)."""

from __future__ import annotations

from .model import Axiom, Citation, Finding
from .results import CheckResult, ConflictSet, Step, TheoryResult, Verdict
from .provenance import works
from .report import short_names
from .sensitivity import Sensitivity


def tree(step: Step | None) -> dict | None:
    """A derivation tree: atom, the rule group that derived it, premises."""
    if step is None:
        return None
    return {"a": step.atom, "r": step.rule, "p": [tree(p) for p in step.premises]}


def finding_data(f: Finding, citations: dict[str, Citation], references: dict) -> dict:
    """A finding with its whole provenance: each source's work, DOI, locator and the primary works it cites."""
    sources = []
    for s in f.sources:
        work = citations.get(s.citation)
        sources.append({"citation": s.citation, "text": work.text if work else s.citation,
                        "doi": work.doi if work else "", "locator": s.locator, "refs": s.refs,
                        "works": [{"ref": w.number, "text": w.work.text if w.work else "",
                                   "doi": w.work.doi if w.work else ""} for w in works(s.citation, s.refs, references)]})
    return {"id": f.id, "title": f.title, "kind": f.kind, "domain": f.domain, "strength": f.strength,
            "species": list(f.species), "paradigms": list(f.paradigms), "sources": sources, "quote": f.quote,
            "notes": list(f.notes), "observations": [[o.key, o.value] for o in f.observations]}


def _conflict(c: ConflictSet) -> dict:
    return {"axioms": list(c.axioms), "auxiliaries": list(c.auxiliaries),
            "clashes": [f"{p.key} = {p.value}" for p in c.clashes],
            "relations": [r.text().replace("`", "") for r in c.relation_clashes],
            "trees": [tree(p.derivation) for p in (*c.clashes, *c.relation_clashes) if p.derivation]}


def _observation(p, bare: dict) -> dict:
    """One observation of a cell. One that nothing predicts (nearly all: most cells are silent) is built once per
    key, value and status and shared by the cells that hold it; the page's JSON is the same."""
    if not p.predictions and not p.relations:
        found = bare.get((p.observation.key, p.observation.value, p.status))
        if found is None:
            found = bare[p.observation.key, p.observation.value, p.status] = {
                "key": p.observation.key, "observed": p.observation.value, "status": p.status, "predicted": [],
                "relations": []}
        return found
    return {"key": p.observation.key, "observed": p.observation.value, "status": p.status,
            "predicted": [{"value": q.value, "axioms": list(q.axioms), "auxiliaries": list(q.auxiliaries),
                           "tree": tree(q.derivation)} for q in p.predictions],
            "relations": [{"text": q.text().replace("`", ""), "axioms": list(q.axioms),
                           "auxiliaries": list(q.auxiliaries), "tree": tree(q.derivation)} for q in p.relations]}


def verdict_data(v: Verdict, r: TheoryResult, changes: list[list[str]], bare: dict | None = None) -> dict:
    """One cell: the observations beside the predictions, the conflict sets, derivations and sensitivity.

    `bare`: the observations nothing predicts, shared by the cells of one page (see `_observation`)."""
    bare = {} if bare is None else bare
    observations = [_observation(p, bare) for p in v.observations]
    conflicts = r.conflicts_of(v.finding)
    by_version = r.version_verdicts(v.finding)
    return {"verdict": v.verdict, "observations": observations,
            "conflicts": None if conflicts is None else {
                "complete": conflicts.complete, "hits_core": conflicts.hits_core(r.theory.core),
                "sets": [_conflict(s) for s in conflicts.sets]},
            "sensitivity": changes,
            "versions": {"by_version": by_version, "note": r.versions_note(v.finding) if by_version else ""}}


def _changes(weights: list[Sensitivity]) -> dict[tuple[str, str], list[list[str]]]:
    """(theory, finding) -> [[switch, kind, verdict without it]] for every axiom or auxiliary that decides it."""
    out: dict[tuple[str, str], list[list[str]]] = {}
    for s in weights:
        for kind, effects in (("auxiliary", s.effects), ("axiom", s.axiom_effects)):
            for e in effects:
                for finding, _, after in e.changed:
                    out.setdefault((s.theory, finding), []).append([e.auxiliary, kind, after])
    return out


def report_data(check: CheckResult, citations: list[Citation], auxiliaries: tuple[Axiom, ...], references: dict,
                weights: list[Sensitivity] = ()) -> dict:
    """Everything the page's panel shows, keyed by theory and finding."""
    names = [r.theory.name for r in check.results]
    codes = short_names(names)
    by_key = {c.key: c for c in citations}
    changes = _changes(list(weights))
    bare: dict = {}
    return {
        "theories": [{"name": r.theory.name, "code": codes[r.theory.name], "title": r.theory.title,
                      "citation": r.theory.citation, "unitary": r.theory.unitary, "dropped": list(r.dropped),
                      "axioms": {a.id: {"claim": a.claim, "role": a.role, "refs": a.refs} for a in r.theory.axioms}}
                     for r in check.results],
        "auxiliaries": {a.id: {"claim": a.claim, "refs": a.refs, "contested": a.contested} for a in auxiliaries},
        "findings": {f.id: finding_data(f, by_key, references) for f in check.findings},
        "verdicts": {f"{r.theory.name}/{v.finding}": verdict_data(v, r, changes.get((r.theory.name, v.finding), []), bare)
                     for r in check.results for v in r.verdicts},
        "sensitivity_known": bool(weights),
    }
