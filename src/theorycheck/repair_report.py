"""Repairs as Markdown and JSON (pure)."""

from __future__ import annotations

from math import prod

from .escaping import code_span, markdown_text as md
from .repair import RepairReport
from .report import table


def repair_dict(r: RepairReport) -> dict:
    """The `repair --format json` contract."""
    return {
        "theory": r.theory, "min_strength": r.min_strength,
        "drop_repairs": [list(x.axioms) for x in r.subset_minimal],
        "cardinality_minimal": [list(x.axioms) for x in r.cardinality_minimal],
        "loses": {",".join(x.axioms): list(x.loses) for x in r.subset_minimal},
        "restrict_repairs": [[{"axiom": a, "class": c} for a, c in x.restrictions] for x in r.restrict_repairs],
        "restrict_explained": [x.explained for x in r.restrict_repairs],
        "unitarity_cost": r.unitarity_cost, "formula": r.formula,
        "essential": list(r.essential), "optional": list(r.optional), "complete": r.complete,
        "auxiliary_repairs_found": r.auxiliary_repairs_found,
        "auxiliary_repairs": [{"auxiliaries": list(x.auxiliaries), "loses": list(x.loses),
                               "other_theories": [{"theory": t, "contradicted_before": a, "contradicted_after": b}
                                                  for t, a, b in x.others]} for x in r.auxiliary_repairs],
    }


def render_repair(r: RepairReport, claims: dict[str, str], level: str = "#") -> str:
    """One theory's repairs: drop repairs with what they lose, restrictions, the unitarity cost, the formula."""
    scope = f" (findings of strength {r.min_strength} or stronger)" if r.min_strength else ""
    out = [f"{level} Repairs of `{r.theory}`{scope}", ""]
    if not r.complete:
        out += ["The search stopped at its time limit: the lists below may be incomplete.", ""]
    if r.subset_minimal and not r.subset_minimal[0].axioms:
        return "\n".join(out + ["Nothing is contradicted: no repair is needed.", ""])
    out += [f"Minimal repairs as a formula: {code_span(r.formula)}.", "",
            f"Essential (in every minimal repair): {', '.join(r.essential) or 'none'}. "
            f"Optional (in some): {', '.join(r.optional) or 'none'}.", ""]
    cardinal = {x.axioms for x in r.cardinality_minimal}
    rows = [[", ".join(x.axioms), "yes" if x.axioms in cardinal else "", len(x.loses), ", ".join(x.loses) or "—"]
            for x in r.subset_minimal]
    out += [f"{level}# Dropping axioms", "", table(rows, ["drop", "fewest", "explained findings lost", "which"]), ""]
    used = sorted({a for x in r.subset_minimal for a in x.axioms})
    out += [f"- **{a}**: {md(claims.get(a, ''))}" for a in used] + [""]
    out += [f"{level}# Restricting axioms to one drug class", ""]
    if r.unitarity_cost is None:
        out += ["No set of class restrictions alone removes every contradiction.", ""]
    else:
        out += [f"Unitarity cost: {r.unitarity_cost} (the fewest axioms that must hold for one drug class only for "
                "the theory to contradict nothing). Listed: the sets of that many restrictions that keep the most "
                "findings explained; `a → x | y` stands for each of the classes, in every combination with the "
                "other axioms' classes of the row.", ""]
        rows = [[text, explained, ", ".join(loses) or "—"] for text, explained, loses in restriction_rows(r.restrict_repairs)]
        out += [table(rows, ["restrictions", "findings explained", "explained findings lost"]), ""]
    out += render_auxiliary_repairs(r, claims, level)
    return "\n".join(out)


def restriction_rows(repairs) -> list[tuple[str, int, tuple[str, ...]]]:
    """The rows of a restriction table: (restrictions, findings explained, findings lost). Repairs that restrict the
    same axioms with the same outcome, and whose classes are every combination of some classes per axiom, make one
    row (`a → opiate | cannabinoid; b → opiate`): the same repair, whichever of those classes each axiom keeps.
    On the shipped KB, drug_class_specific's 162 equally good restriction sets are one row."""
    groups: dict[tuple, list[tuple[str, ...]]] = {}
    for x in repairs:
        key = (tuple(a for a, _ in x.restrictions), x.explained, x.loses)
        groups.setdefault(key, []).append(tuple(c for _, c in x.restrictions))
    rows = []
    for (axioms, explained, loses), combos in groups.items():
        choices = [sorted({combo[i] for combo in combos}) for i in range(len(axioms))]
        if prod(len(c) for c in choices) == len(set(combos)):  # a subset of the product as large as it: the product
            rows.append(("; ".join(f"{a} → {' | '.join(c)}" for a, c in zip(axioms, choices)), explained, loses))
        else:
            rows += [("; ".join(f"{a} → {c}" for a, c in zip(axioms, combo)), explained, loses) for combo in combos]
    return rows


def render_auxiliary_repairs(r: RepairReport, claims: dict[str, str], level: str) -> list[str]:
    """The repairs in the auxiliaries, apart: an auxiliary serves every theory, so each shows what it does to them."""
    shown = len(r.auxiliary_repairs)
    more = (f" ({shown} of the {r.auxiliary_repairs_found} found are shown)"
            if r.auxiliary_repairs_found > shown else "")
    out = [f"{level}# Dropping auxiliary hypotheses instead", "",
           "Keeping every axiom, these smallest sets of auxiliaries of `theories/background.lp` leave nothing "
           f"contradicted{more}. An auxiliary is shared by every theory: the last column shows how many findings "
           "contradict each other theory before and after the set is switched off.", ""]
    if not r.auxiliary_repairs:
        return out + ["No set of auxiliaries alone removes every contradiction.", ""]
    rows = [[", ".join(x.auxiliaries), len(x.loses),
             ("; ".join(f"{t} {a}→{b}" for t, a, b in x.others if a != b) or "no change") if x.others else
             f"not computed here: `theorycheck repair --theory {r.theory}`"] for x in r.auxiliary_repairs]
    out += [table(rows, ["drop auxiliaries", "explained findings lost", "other theories (contradicted)"]), ""]
    used = sorted({a for x in r.auxiliary_repairs for a in x.auxiliaries})
    return out + [f"- **{a}**: {md(claims.get(a, ''))}" for a in used] + [""]


def render_repairs_file(reports: list[RepairReport], claims: dict[str, dict[str, str]]) -> str:
    """reports/repairs.md: every theory's minimal repairs and unitarity cost."""
    out = ["# Minimal repairs", "", "Generated by `theorycheck matrix`; do not edit by hand.", "",
           "For each theory: the smallest changes that leave no finding contradicted, by dropping axioms or by "
           "restricting them to one drug class, and the unitarity cost (how many axioms must become class-specific).",
           ""]
    rows = [[r.theory, len(r.subset_minimal), min((len(x.axioms) for x in r.subset_minimal), default=0),
             "—" if r.unitarity_cost is None else r.unitarity_cost, code_span(r.formula)] for r in reports]
    out += [table(rows, ["theory", "minimal drop repairs", "fewest drops", "unitarity cost", "formula"]), ""]
    for r in reports:
        out.append(render_repair(r, claims[r.theory], level="##"))
    return "\n".join(out).rstrip() + "\n"
