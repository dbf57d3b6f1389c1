"""Sensitivity to the auxiliaries as Markdown and JSON (pure)."""

from __future__ import annotations

from .escaping import markdown_text as md
from .model import Axiom
from .report import table
from .sensitivity import Sensitivity


def _delta(now: int, before: int) -> str:
    return f"{now} ({now - before:+d})" if now != before else str(now)


def sensitivity_dict(results: list[Sensitivity], auxiliaries: dict[str, Axiom]) -> dict:
    """The `sensitivity --format json` contract."""
    return {
        "auxiliaries": [{"id": a.id, "claim": a.claim, "refs": a.refs, "contested": a.contested or None,
                         "file": a.location.file, "line": a.location.line} for a in auxiliaries.values()],
        "theories": [{
            "name": s.theory, "findings": s.findings, "explained": s.explained, "contradicted": s.contradicted,
            "stable": s.stable(),
            "contradicted_without_contested": s.firm_contradictions({a.id for a in auxiliaries.values() if a.contested}),
            "switched_off": [{"auxiliary": e.auxiliary, "explained": e.explained, "contradicted": e.contradicted,
                              "changed": [{"finding": f, "with": a, "without": b} for f, a, b in e.changed]}
                             for e in s.effects],
        } for s in results],
    }


def render_sensitivity(results: list[Sensitivity], auxiliaries: dict[str, Axiom], level: str = "#") -> str:
    """A table of totals per theory under each auxiliary switched off, then each theory's changed verdicts."""
    out = [f"{level} Sensitivity to the auxiliary hypotheses", "",
           "Every prediction passes through auxiliary hypotheses of `theories/background.lp` (how a measure indexes a "
           "process, what a manipulation does, how individual differences carry across drugs). Each column is one "
           "theory's totals, explained / contradicted, first with every auxiliary on, then with one auxiliary switched "
           "off (`--drop ID`); an auxiliary that changes no verdict of any theory is left out. † marks an auxiliary "
           "the knowledge base records as contested.", ""]
    names = [s.theory for s in results]
    header = ["auxiliary"] + names
    rows = [["(all on)"] + [f"{s.explained} / {s.contradicted}" for s in results]]
    for aux in auxiliaries:
        effects = [next((e for e in s.effects if e.auxiliary == aux), None) for s in results]
        if not any(e and e.changed for e in effects):
            continue
        mark = " †" if auxiliaries[aux].contested else ""
        rows.append([f"{aux}{mark}"] + [
            "—" if e is None else f"{_delta(e.explained, s.explained)} / {_delta(e.contradicted, s.contradicted)}"
            for s, e in zip(results, effects)])
    out += [table(rows, header), ""]
    out += ["Verdicts that hold under every auxiliary switched off in turn: " +
            ", ".join(f"{s.theory} {s.stable()} of {s.findings}" for s in results) + ".", ""]
    contested = [a for a in auxiliaries.values() if a.contested]
    contested_ids = {a.id for a in contested}
    if contested:
        out += [f"{level}# Contested auxiliaries", ""]
        out += [f"- **{a.id}** [{md(a.refs)}]: {md(a.claim)} *Contested:* {md(a.contested)}" for a in contested] + [""]
    for s in results:
        changed = [e for e in s.effects if e.changed]
        out += [f"{level}# {s.theory}", ""]
        firm = s.firm_contradictions(contested_ids)
        out += [f"Contradictions that no contested auxiliary decides: {', '.join(firm) or 'none'}.", ""]
        if not changed:
            out += ["No auxiliary switched off alone changes a verdict.", ""]
            continue
        rows = [[e.auxiliary, f, f"{a} → {b}"] for e in changed for f, a, b in e.changed]
        out += [table(rows, ["switched off", "finding", "verdict"]), ""]
    return "\n".join(out).rstrip() + "\n"
