"""The `--format json` contract: plain dictionaries, stable keys (extend, never rename)."""

from __future__ import annotations

from pathlib import Path

from .model import Axiom, Citation, Finding
from .results import CheckResult, ConflictSet, RelationPrediction, Step, TheoryResult
from .provenance import Work, works
from .origins import source_group
from .references import cited
from .report import relative


def finding_dict(f: Finding, references: dict | None = None) -> dict:
    """A finding with its provenance: each source's locator and the works its reference numbers name (`works`,
    resolved through the KB's `references/<paper>.bib`), the quote and the encoding notes."""
    return {
        "id": f.id, "title": f.title, "kind": f.kind, "domain": f.domain, "strength": f.strength,
        "species": list(f.species), "paradigms": list(f.paradigms),
        "sources": [{"citation": s.citation, "locator": s.locator, "refs": s.refs,
                     "works": [work_dict(w) for w in works(s.citation, s.refs, references or {})]} for s in f.sources],
        "quote": f.quote, "notes": list(f.notes),
        "observations": [{"key": o.key, "value": o.value} for o in f.observations],
        "origin": f.origin, "source_group": source_group(f.origin).name,
    }


def work_dict(w: Work) -> dict:
    """A reference number and the work it names (key, text and DOI null when the number is not resolved)."""
    return {"ref": w.number, "key": w.work.key if w.work else None, "text": w.work.text if w.work else None,
            "doi": (w.work.doi or None) if w.work else None}


def step_dict(step: Step) -> dict:
    return {"atom": step.atom, "rule": step.rule, "premises": [step_dict(p) for p in step.premises]}


def relation_dict(r: RelationPrediction) -> dict:
    return {"first": r.first, "second": r.second, "relation": r.relation, "axioms": list(r.axioms),
            "auxiliaries": list(r.auxiliaries), "derivation": step_dict(r.derivation) if r.derivation else None}


def conflict_dict(c: ConflictSet) -> dict:
    """One minimal conflict set: its members, each marked axiom or auxiliary, and what they clash on."""
    return {"axioms": list(c.axioms), "auxiliaries": list(c.auxiliaries),
            "members": [{"id": a, "kind": kind} for a, kind in c.members],
            "clashes": [{"key": p.key, "value": p.value} for p in c.clashes],
            "relation_clashes": [{k: v for k, v in relation_dict(r).items() if k != "derivation"}
                                 for r in c.relation_clashes]}


def auxiliary_dict(a: Axiom, root: Path) -> dict:
    return {"id": a.id, "claim": a.claim, "refs": a.refs, "contested": a.contested or None,
            "file": relative(a.location.file, root), "line": a.location.line}


def theory_dict(r: TheoryResult, root: Path) -> dict:
    t = r.theory
    return {
        "name": t.name, "title": t.title, "citation": t.citation, "file": relative(t.path, root),
        "unitary": t.unitary,
        "class_markers": [{"axiom": m.axiom, "term": m.term, "line": m.location.line} for m in t.class_markers],
        "dropped": list(r.dropped),
        "axioms": [{"id": a.id, "claim": a.claim, "refs": a.refs, "file": relative(a.location.file, root),
                    "line": a.location.line, "role": a.role or None, "versions": list(a.versions)}
                   for a in t.axioms],
        "versions": [{"id": v.id, "claim": v.claim, "refs": v.refs, "line": v.location.line} for v in t.versions],
        "counts": {v: r.count(v) for v in ("explained", "partial", "silent", "contradicted")},
        "verdicts": [{
            "finding": v.finding, "verdict": v.verdict, "versions": r.version_verdicts(v.finding),
            "observations": [{
                "key": p.observation.key, "observed": p.observation.value, "status": p.status,
                "predicted": [{"value": q.value, "axioms": list(q.axioms), "auxiliaries": list(q.auxiliaries)}
                              for q in p.predictions],
                "relations": [{k: v for k, v in relation_dict(q).items() if k != "derivation"} for q in p.relations],
            } for p in v.observations],
        } for v in r.verdicts],
        "conflicts": [{"finding": c.finding, "complete": c.complete, "hits_core": c.hits_core(t.core),
                       "sets": [conflict_dict(s) for s in c.sets]} for c in r.conflicts],
        "incoherences": [{"key": i.key, "predictions": [{"value": p.value, "axioms": list(p.axioms)}
                                                         for p in i.predictions]} for i in r.incoherences],
    }


def result_dict(check: CheckResult, root: Path, citations: list[Citation] = (), auxiliaries: list[Axiom] = (),
                references: dict | None = None) -> dict:
    """The whole result; `references` lists the works the findings cite (from `citations`, the KB's);
    `auxiliaries` the auxiliary hypotheses of the background every theory was checked with; the argument
    `references` (the KB's reference lists) resolves the findings' reference numbers to works."""
    return {"findings": [finding_dict(f, references) for f in check.findings],
            "auxiliaries": [auxiliary_dict(a, root) for a in auxiliaries],
            "theories": [theory_dict(r, root) for r in check.results],
            "references": [{"key": c.key, "text": c.text, "doi": c.doi} for c in cited(check.findings, list(citations))]}
