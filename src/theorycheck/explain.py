"""Explain one verdict: derivation trees, minimal conflict sets and why-not, as Markdown or JSON (pure)."""

from __future__ import annotations

from .escaping import code_span, markdown_text as md
from .jsonout import finding_dict, relation_dict, step_dict
from .kb import KB
from .results import CheckResult
from .provenance import provenance_lines
from .report import predicted_text, render_conflicts, render_derivation, table
from .whynot import WhyNot


def why_not(kb: KB, result: CheckResult, theory: str, finding: str) -> list[WhyNot]:
    """For each observation the theory does not predict, the premises shown to predict it and the auxiliaries used."""
    from .abduction import why_not as abduce

    dropped = list(result.theory(theory).dropped)
    return abduce(kb, result, theory, [finding], drop=dropped)[finding]


def explanation_dict(kb: KB, result: CheckResult, theory: str, finding: str) -> dict:
    """The JSON form: extends the DESIGN.md contract with conflict sets, derivations and why-not."""
    tr = result.theory(theory)
    verdict = tr.verdict(finding)
    conflicts = tr.conflicts_of(finding)
    claims = kb.claims(theory)
    return {
        "theory": theory, "finding": finding, "verdict": verdict.verdict, "versions": tr.version_verdicts(finding),
        "provenance": finding_dict(kb.finding(finding), kb.references),
        "conflict_sets": [list(c.axioms) for c in conflicts.sets] if conflicts else [],
        "minimal_proven": conflicts.complete if conflicts else True,
        "conflicts": [{"axioms": list(c.axioms), "auxiliaries": list(c.auxiliaries),
                       "members": [{"id": a, "kind": kind} for a, kind in c.members],
                       "claims": {a: claims.get(a, "") for a, _ in c.members},
                       "clashes": [{"key": p.key, "value": p.value, "derivation": step_dict(p.derivation)}
                                   for p in c.clashes if p.derivation],
                       "relation_clashes": [relation_dict(r) for r in c.relation_clashes]}
                      for c in (conflicts.sets if conflicts else ())],
        "derivations": [{"key": p.key, "value": p.value, "status": part.status, "axioms": list(p.axioms),
                         "auxiliaries": list(p.auxiliaries), "tree": step_dict(p.derivation)}
                        for part in verdict.observations for p in part.predictions if p.derivation],
        "why_not": [{"key": w.observation.key, "observed": w.observation.value, "bridges": list(w.bridges),
                     "missing": list(w.missing), "premises": list(w.premises)}
                    for w in why_not(kb, result, theory, finding)],
        "claims": {a.id: a.claim for a in tr.theory.axioms},
    }


def render_explanation(kb: KB, result: CheckResult, theory: str, finding: str) -> str:
    """Markdown: the observations beside the predictions, then why (derivations, conflict sets, why-not)."""
    tr = result.theory(theory)
    verdict = tr.verdict(finding)
    f = kb.finding(finding)
    claims = kb.claims(theory)
    out = [f"# Why `{theory}` gives `{finding}` the verdict {verdict.verdict}", "", f"{md(f.title)}.", ""]
    lines = provenance_lines(f, {c.key: c for c in kb.citations}, kb.references)
    out += [f"- {md(line.strip())}" for line in lines] + [""]
    by_version = tr.version_verdicts(finding)
    if by_version:
        note = tr.versions_note(finding) or "every version agrees"
        out += ["By version (the verdict above is the theory's, from what every version predicts): "
                + ", ".join(f"{v} {said}" for v, said in by_version.items()) + f" ({note}).", ""]
    rows = [[md(p.observation.key), p.observation.value, predicted_text(p), p.status] for p in verdict.observations]
    out += [table(rows, ["observation", "observed", "predicted", "status"]), ""]
    conflicts = tr.conflicts_of(finding)
    if conflicts:
        out += ["## Minimal conflict sets", ""] + render_conflicts(conflicts, claims, with_trees=True)
    derived = [p for part in verdict.observations if part.status == "predicted" for p in part.predictions]
    related = list(dict.fromkeys(r for part in verdict.observations if part.status == "predicted"
                                 for r in part.relations))
    if derived or related:
        out += ["## Derivations of the predicted observations", ""]
        for p in derived:
            out += [f"{code_span(p.key)} = {code_span(p.value)}:", ""] + render_derivation(p.derivation, claims) + [""]
        for r in related:
            out += [f"{r.text()[0].upper()}{r.text()[1:]}:", ""] + render_derivation(r.derivation, claims) + [""]
    missing = why_not(kb, result, theory, finding)
    if missing:
        out += ["## Why not", ""]
        for w in missing:
            through = f" (through the auxiliaries {', '.join(w.bridges)})" if w.bridges else ""
            out.append(f"- {code_span(w.observation.key)} = {code_span(w.observation.value)}: "
                       + "; ".join(md(m) for m in w.missing) + through + ".")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
