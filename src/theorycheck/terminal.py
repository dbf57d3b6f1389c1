"""The compact, coloured terminal view of a theory's verdicts and of one finding under every theory (pure: rich
renderables in, text out; only the CLI prints)."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .model import Finding
from .results import CheckResult, ObservationVerdict, TheoryResult, Verdict
from .report import SYMBOL, members_text, used

WIDTH = 100  # the view never grows wider than this, whatever the terminal
MAX_LINES = 78  # nor a theory's view longer (with the rule run draws below it, 79): the contradictions beyond it are
# counted, not listed
STYLE = {"explained": "green", "partial": "yellow", "silent": "dim", "contradicted": "bold red"}


def to_text(renderable, width: int = WIDTH, colour: bool = True) -> str:
    """What `renderable` looks like on a terminal `width` columns wide (ANSI colours when `colour`)."""
    console = Console(file=io.StringIO(), width=width, force_terminal=colour, color_system="standard" if colour
                      else None, highlight=False, emoji=False, legacy_windows=False)
    console.print(renderable)
    return "".join(line.rstrip() + "\n" for line in console.file.getvalue().splitlines())


def _observed(part: ObservationVerdict) -> Text:
    """`key = observed` beside what the theory predicts for it: values, or the relation the observation breaks."""
    o = part.observation
    out = Text.assemble((o.key, "cyan"), f" = {o.value}")
    if part.predictions:
        out.append(f"; predicted {', '.join(p.value for p in part.predictions)}", "red")
    for r in part.relations:
        other = r.second if r.first == o.key else r.first
        out.append(f"; predicted {r.relation.replace('_', ' ')} with {other}", "red")
    return out


def _line(*parts, style: str = "") -> Text:
    """One line that never wraps: what does not fit ends in an ellipsis."""
    return Text.assemble(*parts, style=style, no_wrap=True, overflow="ellipsis")


def codes(result: TheoryResult) -> dict[str, str]:
    """Short codes for the members of the conflict sets: A1.. the theory's axioms in file order, X1.. auxiliaries."""
    out = {a.id: f"A{i}" for i, a in enumerate(result.theory.axioms, start=1)}
    auxiliaries = sorted({a for c in result.conflicts for s in c.sets for a in s.auxiliaries} - set(out))
    return out | {a: f"X{i}" for i, a in enumerate(auxiliaries, start=1)}


def _coded(conflict, code: dict[str, str]) -> str:
    def listed(ids) -> str:
        return " ".join(sorted((code[a] for a in ids), key=lambda c: (c[0], int(c[1:]))))

    return listed(conflict.axioms) + (" + " + listed(conflict.auxiliaries) if conflict.auxiliaries else "")


def packed(items: list[str], width: int = WIDTH, indent: str = "") -> list[str]:
    """`items` on as few lines of at most `width` columns as they fit, two spaces apart, never split."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + 2 + len(item) <= width:
            lines[-1] += "  " + item
        else:
            lines.append(indent + item)
    return lines


def _contradiction(verdict: Verdict, finding: Finding, result: TheoryResult, code: dict[str, str]) -> list:
    head = _line((f"{SYMBOL['contradicted']} {finding.id}", STYLE["contradicted"]), (f" ({finding.strength}) ", "dim"),
                 finding.title)
    clashes = [p for p in verdict.observations if p.status == "clash"]
    lead = (f"(1 of {len(clashes)}) ", "dim") if len(clashes) > 1 else ("", "")
    conflicts = result.conflicts_of(finding.id)
    sets = ""
    if conflicts and conflicts.sets:  # the sets first: the clash is what gives way when the line is too long
        label = "conflict sets " if len(conflicts.sets) > 1 else "conflict set "
        sets = (label, "dim"), " | ".join(_coded(s, code) for s in conflicts.sets), ("  ·  ", "dim")
    return [head, _line("    ", *sets, lead, _observed(clashes[0]))]


def _legend(result: TheoryResult, claims: dict[str, str], code: dict[str, str]) -> list:
    """Each axiom with its claim on one line (the claim is shown here only), then the auxiliaries' codes."""
    names = {a.id: a.id + (f" [{a.role}]" if a.role else "") for a in result.theory.axioms}
    in_sets = {a for c in result.conflicts for s in c.sets for a in s.axioms}
    out = [Text("Axioms (A) and the auxiliaries of background.lp (X) in the conflict sets", style="bold underline")]
    for axiom in result.theory.axioms:
        if axiom.id in in_sets:
            out.append(_line((f"{code[axiom.id]:<3}", "bold"), f"{names[axiom.id]}: ",
                             (claims.get(axiom.id, ""), "dim")))
    others = [f"{code[a.id]} {a.id}" for a in result.theory.axioms if a.id not in in_sets]
    if others:
        out += [Text(line, style="dim") for line in packed(["in no conflict set:"] + others)]
    auxiliaries = [f"{c} {a}" for a, c in code.items() if c.startswith("X")]
    return out + [Text(line) for line in packed(auxiliaries)]


def theory_view(result: TheoryResult, findings: tuple[Finding, ...], claims: dict[str, str], stamp: str = "") -> Group:
    """A theory's verdicts in under 80 lines: counts, each contradiction in two lines with its minimal conflict
    sets (coded) and first clashing observation, cannot-derive and explained ids, then one legend of claims. When
    the contradictions would pass MAX_LINES, the first of them are listed (in the knowledge base's order) and the
    others counted, with where to read them all."""
    by_id = {f.id: f for f in findings}
    counts = {v: result.count(v) for v in SYMBOL}
    kind = "unitary" if result.theory.unitary else "class-specific"
    code = codes(result)
    head: list = [Text(f"{result.theory.title}  ({result.theory.name}, {kind})", style="bold"),
                  Text.assemble(f"{len(result.verdicts)} findings: ",
                                *[(f"{SYMBOL[v]} {counts[v]} {v}  ", STYLE[v]) for v in SYMBOL])]
    if result.dropped:
        head.append(Text(f"switched off: {', '.join(result.dropped)}", style="yellow"))
    clashing = [v for v in result.verdicts if v.verdict == "contradicted"]
    head.append(Text(f"\nContradicted ({len(clashing)})", style="bold underline"))
    rest = _rest(result, by_id, claims, code, stamp)
    room = MAX_LINES - len(to_text(Group(*head, *rest), colour=False).splitlines())
    shown = clashing if 2 * len(clashing) <= room else clashing[:max(0, (room - 1) // 2)]
    listed = [line for verdict in shown for line in _contradiction(verdict, by_id[verdict.finding], result, code)]
    if len(shown) < len(clashing):
        listed.append(Text(f"  … and {len(clashing) - len(shown)} more: --format markdown or -o FILE lists every one",
                           style="dim"))
    return Group(*head, *listed, *rest)


def _rest(result: TheoryResult, by_id: dict, claims: dict[str, str], code: dict[str, str], stamp: str) -> list:
    """What follows the contradictions: the findings it cannot derive, those it explains, the legend, the stamp."""
    partial = [v.finding for v in result.verdicts if v.verdict == "partial"]
    silent = [v.finding for v in result.verdicts if v.verdict == "silent"]
    parts: list = [Text(f"Cannot derive ({len(partial) + len(silent)})", style="bold underline")]
    parts.append(Padding(Text.assemble((f"{SYMBOL['partial']} partial ({len(partial)}): ", STYLE["partial"]),
                                       " ".join(partial) or "none"), (0, 0, 0, 2)))
    domains: dict[str, int] = {}
    for ident in silent:
        domains[by_id[ident].domain] = domains.get(by_id[ident].domain, 0) + 1
    parts.append(Padding(Text.assemble((f"{SYMBOL['silent']} silent ({len(silent)}), by domain: ", "dim"),
                                       ", ".join(f"{d.replace('_', ' ')} {n}" for d, n in domains.items())),
                         (0, 0, 0, 2)))
    explained = [v.finding for v in result.verdicts if v.verdict == "explained"]
    parts.append(Text(f"Explained ({len(explained)})", style="bold underline"))
    parts.append(Padding(Text(" ".join(explained) or "none", style=STYLE["explained"]), (0, 0, 0, 2)))
    parts += _legend(result, claims, code)
    parts.append(Text(f"\nFull report: --format markdown, or -o FILE; one verdict: theorycheck explain.\n{stamp}",
                      style="dim"))
    return parts


def reason(verdict: Verdict, result: TheoryResult) -> str:
    """Why a theory gives a finding its verdict, in one short sentence."""
    parts = verdict.observations
    if verdict.verdict == "contradicted":
        conflicts = result.conflicts_of(verdict.finding)
        clash = next(p for p in parts if p.status == "clash")
        sets = " | ".join(members_text(s) for s in conflicts.sets) if conflicts else ""
        return _observed(clash).plain + (f"; conflict: {sets}" if sets else "")
    if verdict.verdict == "explained":
        aux = used(verdict, "auxiliaries")
        return f"by {', '.join(used(verdict, 'axioms')) or 'no axiom'}" + (f" (aux {', '.join(aux)})" if aux else "")
    if verdict.verdict == "partial":
        done = [p.observation.key for p in parts if p.status == "predicted"]
        return f"predicts {', '.join(done)}; not {', '.join(p.observation.key for p in parts if p.status != 'predicted')}"
    return "predicts none of its observations"


def finding_view(check: CheckResult, finding: Finding, provenance: list[str], stamp: str = "") -> Group:
    """One finding under every theory: its title and provenance, then a row per theory with verdict and reason."""
    table = Table(show_header=True, header_style="bold", expand=False, show_lines=False)
    table.add_column("theory", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("why")
    for r in check.results:
        v = r.verdict(finding.id)
        table.add_row(r.theory.name, Text(f"{SYMBOL[v.verdict]} {v.verdict}", style=STYLE[v.verdict]), reason(v, r))
    observed = [Text.assemble(("  ", ""), (o.key, "cyan"), f" = {o.value}") for o in finding.observations]
    return Group(Text.assemble((finding.id, "bold"), f"  {finding.title}"),
                 Text(f"{finding.kind} · {finding.domain} · {finding.strength}", style="dim"),
                 *[Text(line, style="italic") for line in provenance], Text("Observations:"), *observed, table,
                 Text(stamp, style="dim"))
