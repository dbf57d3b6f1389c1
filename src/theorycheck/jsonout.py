"""The `--format json` contract: plain dictionaries, stable keys (extend, never rename)."""

from __future__ import annotations

from pathlib import Path

from .model import CheckResult, Citation, Finding, Step, TheoryResult
from .references import cited
from .report import relative


def finding_dict(f: Finding) -> dict:
    return {
        "id": f.id, "title": f.title, "kind": f.kind, "domain": f.domain, "strength": f.strength,
        "species": list(f.species), "paradigms": list(f.paradigms),
        "sources": [{"citation": s.citation, "locator": s.locator, "refs": s.refs} for s in f.sources],
        "observations": [{"key": o.key, "value": o.value} for o in f.observations],
    }


def step_dict(step: Step) -> dict:
    return {"atom": step.atom, "rule": step.rule, "premises": [step_dict(p) for p in step.premises]}


def theory_dict(r: TheoryResult, root: Path) -> dict:
    t = r.theory
    return {
        "name": t.name, "title": t.title, "citation": t.citation, "file": relative(t.path, root),
        "unitary": t.unitary,
        "class_markers": [{"axiom": m.axiom, "term": m.term, "line": m.location.line} for m in t.class_markers],
        "dropped": list(r.dropped),
        "axioms": [{"id": a.id, "claim": a.claim, "refs": a.refs, "file": relative(a.location.file, root),
                    "line": a.location.line} for a in t.axioms],
        "counts": {v: r.count(v) for v in ("explained", "partial", "silent", "contradicted")},
        "verdicts": [{
            "finding": v.finding, "verdict": v.verdict,
            "observations": [{
                "key": p.observation.key, "observed": p.observation.value, "status": p.status,
                "predicted": [{"value": q.value, "axioms": list(q.axioms)} for q in p.predictions],
            } for p in v.observations],
        } for v in r.verdicts],
        "incoherences": [{"key": i.key, "predictions": [{"value": p.value, "axioms": list(p.axioms)}
                                                         for p in i.predictions]} for i in r.incoherences],
    }


def result_dict(check: CheckResult, root: Path, citations: list[Citation] = ()) -> dict:
    """The whole result; `references` lists the works the findings cite (from `citations`, the KB's)."""
    return {"findings": [finding_dict(f) for f in check.findings],
            "theories": [theory_dict(r, root) for r in check.results],
            "references": [{"key": c.key, "text": c.text, "doi": c.doi} for c in cited(check.findings, list(citations))]}
