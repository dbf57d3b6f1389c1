"""Benchmark: all minimal conflict sets of the full matrix, theorycheck's enumeration vs clingo-explaid's MUSes.

Run from the repository root (clingexplaid is a benchmark-only dependency, not in pyproject.toml):

    pip install clingexplaid          # 1.5.1 brings musclingo 0.1.2
    python bench/conflicts.py [--repeat N]      # e.g. /tmp/tv/bin/python bench/conflicts.py --repeat 7

It prints a Markdown table and rewrites bench/README.md with it, up to the Scale section (bench/run.py's).
Exit status: 0 when both tools give the same family of sets for every contradicted cell, 1 on any mismatch, 2 when clingexplaid is not installed.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import platform
import shlex
import statistics
import sys
import time
from pathlib import Path

try:
    from clingexplaid.unsat import SubsetComputer
except ImportError:
    print("bench/conflicts.py needs clingo-explaid: pip install clingexplaid (a benchmark-only dependency)",
          file=sys.stderr)
    sys.exit(2)

import clingo

import theorycheck
from theorycheck.engine import DEFAULT_EXPLAIN_TIMEOUT, _clashing, asked_and_targets, relation_targets
from theorycheck.solver import GUARD, Grounding, check_facts
from theorycheck.solver import clash_facts
from theorycheck.solver.grounding import BATCH, BATCH_SIZE

ROOT = Path(__file__).resolve().parent.parent
REFUTE = "_bench_refute"
_DEFAULT = clingo.Control()  # kept alive: reading the configuration of a temporary Control segfaults
DEFAULT_HEURISTIC = _DEFAULT.configuration.solver.heuristic


def fn(name: str, arg: str) -> clingo.Symbol:
    return clingo.Function(name, [clingo.Function(arg)])


class MusGrounding(Grounding):
    """The engine's own grounding (same rewrite, same `_tc_clash` rules), turned into the MUS question.

    Where the engine's batch demands a clash of the picked finding (its switch `_tc_batch` is released here), each
    cell F gets `:- _bench_refute(F), _tc_clash(F).` (the clash must not happen). No external keeps a truth value: clingo 5.8
    reports every assigned external in the unsatisfiable core, and musclingo's core-refining deletion then never
    shrinks (it loops). So the switches (axiom and auxiliary guards) are free unless assumed, and `_bench_refute(F)`
    is one more assumption, present in every MUS (without it nothing is forbidden) and removed from the reported set.
    The clashes are those of the clash targets the whole program derives (`clashes`, from `clash_facts`, which the
    engine's `Grounding.add_clashes` grounds too).
    """

    def __init__(self, files, facts, switches, cells, clashes):
        super().__init__(files, facts, switches)
        self.ctl.release_external(clingo.Function(BATCH))  # the engine's batch switch: off for good
        self.add_clashes(clashes)
        refute = "".join(f"#external {REFUTE}({f}). :- {REFUTE}({f}), _tc_clash({f}).\n" for f in cells)
        self.ctl.add("refute", [], refute)
        self.ctl.ground([("refute", [])])
        for symbol in [fn(GUARD, a) for a in switches] + [fn(REFUTE, f) for f in cells]:
            self.ctl.assign_external(symbol, None)
        # clingo's default solver heuristic, not the Domain heuristic the engine needs for its own enumeration.
        self.ctl.configuration.solver.heuristic = DEFAULT_HEURISTIC
        # Built once per theory: its symbol tables cost far more than a cell's enumeration.
        self.computer = SubsetComputer(self.ctl, [])

    def muses(self, finding: str) -> tuple[list[tuple[str, ...]], bool]:
        """All MUSes of {refute(F)} + every switch guard, as switch sets; False if some MUS lacks refute(F)."""
        assumptions = [(fn(REFUTE, finding), True)] + [(fn(GUARD, a), True) for a in self.axioms]
        found, sound = [], True
        for mus in self.computer.multiple(assumptions):
            symbols = [s for s, _ in mus.iter_symbols()]
            sound &= fn(REFUTE, finding) in symbols
            found.append(tuple(sorted(str(s.arguments[0]) for s in symbols if s.name == GUARD)))
        return sorted(set(found), key=lambda s: (len(s), s)), sound


def live_clashes(kb, theory, facts, targets, relations):
    """What the engine's `_solve` computes before it enumerates (not timed: its verdict solves make it anyway):
    the cells to explain, and the clashing predictions and violated relations the whole program derives, from a
    solve with every switch on and one with the theory's axioms off (`engine._clashing`)."""
    grounding = Grounding(kb.sources(theory.name), facts, kb.switches(theory.name))
    out = grounding.solve(fired=False)
    base = grounding.solve(tuple(a.id for a in theory.axioms), fired=False)
    out.background = (base.predictions, base.relations) if base is not None else ([], [])
    cells, live, live_relations = _clashing(out, targets, relations)
    return cells, clash_facts(targets, relations, live, live_relations)


def run_theory(kb, theory, facts, live, cells, expected, problems) -> dict[str, float]:
    """One timed run of both tools on one theory; mismatches against the engine's own sets go to `problems`.

    `live`: the clash targets of the clashes the whole program derives, from `live_clashes`; `expected`: finding ->
    the sets `check(explain=True)` reports.
    The two tools are compared on their whole families (sets of auxiliaries alone included); the engine's own
    sets are compared with `check(explain=True)` after its filter (a set without any of the theory's axioms is
    the background's, and `check` leaves it out)."""
    switches = kb.switches(theory.name)
    axioms = {a.id for a in theory.axioms}
    files = kb.sources(theory.name)
    times = {}
    t0 = time.perf_counter()
    ours = Grounding(files, facts, switches, cones=len(cells) > BATCH_SIZE)
    ours.add_clashes(live)
    t1 = time.perf_counter()
    our_sets, complete = ours.all_minimal_conflicts(set(cells), DEFAULT_EXPLAIN_TIMEOUT * max(1, len(cells)))
    t2 = time.perf_counter()
    times["ours_ground"], times["ours_enum"] = t1 - t0, t2 - t1
    if not complete:
        problems.append(f"{theory.name}: our enumeration did not finish in {DEFAULT_EXPLAIN_TIMEOUT}s a cell")
    t0 = time.perf_counter()
    mus = MusGrounding(files, facts, switches, cells, live)
    t1 = time.perf_counter()
    mus_sets = {f: mus.muses(f) for f in cells}
    t2 = time.perf_counter()
    times["mus_ground"], times["mus_enum"] = t1 - t0, t2 - t1
    for f in cells:
        sets, (muses, sound) = our_sets[f], mus_sets[f]
        if not sound:
            problems.append(f"{theory.name}/{f}: a MUS without the refutation (the switches alone are incoherent)")
        family = {frozenset(s) for s in sets}
        reported = {s for s in family if s & axioms}
        if reported != expected[f]:
            problems.append(f"{theory.name}/{f}: Grounding.all_minimal_conflicts {sorted(map(sorted, reported))} "
                            f"!= check(explain=True) {sorted(map(sorted, expected[f]))}")
        if {frozenset(s) for s in muses} != family:
            problems.append(f"{theory.name}/{f}: theorycheck {sorted(map(sorted, family))} != "
                            f"clingo-explaid {sorted(map(sorted, {frozenset(s) for s in muses}))}")
    return times


def machine() -> list[tuple[str, str]]:
    from host import cpu_name

    version = importlib.metadata.version
    return [("CPU", cpu_name()), ("cores", str(os.cpu_count())), ("OS", platform.platform()),
            ("Python", platform.python_version()), ("clingo", clingo.__version__),
            ("clingexplaid", version("clingexplaid")), ("musclingo", version("musclingo")),
            ("theorycheck", version("theorycheck")),
            ("load average at the end (1/5/15 min)", " / ".join(f"{x:.2f}" for x in os.getloadavg())),
            ("date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def table(rows: list[tuple[str, int, int, int, dict[str, float]]]) -> str:
    head = ("| theory | axioms | contradicted cells | conflict sets | theorycheck ground | theorycheck enumerate "
            "| clingo-explaid ground + setup | clingo-explaid enumerate | ratio enumerate | ratio total |\n"
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
    lines = []
    for name, n_axioms, n_cells, n_sets, t in rows:
        ours, theirs = t["ours_ground"] + t["ours_enum"], t["mus_ground"] + t["mus_enum"]
        ratio = f"{t['mus_enum'] / t['ours_enum']:.2f}×" if t["ours_enum"] else "–"
        lines.append(f"| {name} | {n_axioms} | {n_cells} | {n_sets} | {ms(t['ours_ground'])} | {ms(t['ours_enum'])} "
                     f"| {ms(t['mus_ground'])} | {ms(t['mus_enum'])} | {ratio} | {theirs / ours:.2f}× |")
    return head + "\n".join(lines) + "\n"


EXPLANATION = """\
**What is measured.** For every theory of the knowledge base and every finding the engine reports contradicted
(`theorycheck.check(kb, explain=True)`), both tools compute *all* subset-minimal sets of switches that still produce
the finding's clash. The switches are the theory's axioms and the background's auxiliary hypotheses
(`kb.switches(theory)`, {auxiliaries} auxiliaries here), each a free external `_tc_on(s)`. *theorycheck* grounds background,
theory and asked keys once per theory (`theorycheck.solver.Grounding`, facts built once as `check_jobs` does), then
the clash targets (`_tc_clashes`, and `_tc_rclashes` for relations) of the clashes the whole program derives
(`Grounding.add_clashes`: only those count, as in the engine, where an auxiliary that blocks a prediction, such as
`chronic_blockade_compensates`, switched off could otherwise yield a "conflict set" for a clash the theory never
makes) and enumerates the cells of the theory in one solve call per batch of 256 cells (here one), as the
engine does (`Grounding.all_minimal_conflicts`): a choice picks one finding that must clash,
`#heuristic _tc_on(s). [1,false]` and `#heuristic _tc_pick(F). [1,true]` make clingo's `domRec` enumeration yield
exactly the pairs (finding, set of switches on) whose set is subset-minimal for that finding.
*clingo-explaid* gets the same ground program, built by the same class, with the demand turned round
(`:- _bench_refute(F), _tc_clash(F).`: the clash must not happen) and the same clash targets (no external keeps a
truth value: musclingo loops on assigned externals), and enumerates the minimal
unsatisfiable subsets of the assumptions `_bench_refute(F)` and `_tc_on(s)` for every switch with
`SubsetComputer.multiple()` (musclingo's MARCO over the assumption lattice, each unsatisfiable seed shrunk by
core-refining linear elimination), also with one grounding and one `SubsetComputer` per theory (its setup, reading
the symbol table, is counted with the grounding). The live clashes come from the two cautious solves the engine's
worker makes for its verdicts anyway (every switch on; the theory's axioms off), through `engine._clashing`; they
are computed once per theory before the repeats and not timed. Grounding and enumeration are timed separately, in
milliseconds of wall time; each figure is the median over the repeats (totals: the median of per-repeat sums); the
ratios are clingo-explaid over theorycheck. *conflict sets* counts the sets `check(explain=True)` reports: a set of
auxiliaries alone is the background's, and `check` leaves it out; the two tools are compared on their whole
families, such sets included.
**When the two agree.** A switch set is a conflict set when, with those switches on and the others off, the clash
is derived; it is an unsatisfiable subset when, with those switches assumed on and the others free, no answer set
avoids the clash. The knowledge base has no choice rules or disjunction (each switch setting has one answer set),
so a minimal conflict set S is a minimal unsatisfiable subset exactly when switching on more switches never removes
S's clash. For axioms alone that held by construction; with auxiliaries it does not in general: some are read
under `not` by others (`chronic_blockade_compensates`, `antagonist_doses_partial`), so switching one on can block a
prediction. Counting only live clashes (derived with every switch on) removes the clashes such a blocker always
suppresses, but not every case: a clash can be live through one derivation and a minimal set S can reach it through
another that a blocker outside S cuts. Then S is a conflict set but not an unsatisfiable subset, and the families
differ. The benchmark checks, cell by cell and in every repeat, whether they coincide, and that theorycheck's sets
(without those of auxiliaries alone) equal the sets `check(explain=True)` reports (not timed: it runs once, before
the repeats); any difference is listed below the table."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the whole matrix (default 5)")
    args = parser.parse_args()
    kb = theorycheck.load_kb(ROOT)
    result = theorycheck.check(kb, explain=True)
    asked, targets = asked_and_targets(kb)
    relations = relation_targets(kb)
    facts = check_facts(asked)  # built once, as check_jobs does
    problems: list[str] = []
    expected = {r.theory.name: {c.finding: {frozenset(a for a, _ in s.members) for s in c.sets}
                                for c in r.conflicts} for r in result.results}
    live = {}
    for r in result.results:
        cells, live[r.theory.name] = live_clashes(kb, r.theory, facts, targets, relations)
        if cells != set(expected[r.theory.name]):
            problems.append(f"{r.theory.name}: cells {sorted(cells)} != check(explain=True)'s "
                            f"{sorted(expected[r.theory.name])}")
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in expected}
    for _ in range(max(1, args.repeat)):
        for r in result.results:
            cells = sorted(expected[r.theory.name])
            runs[r.theory.name].append(run_theory(kb, r.theory, facts, live[r.theory.name], cells,
                                                  expected[r.theory.name], problems))
    keys = ("ours_ground", "ours_enum", "mus_ground", "mus_enum")
    median = lambda samples: {k: statistics.median(s[k] for s in samples) for k in keys}  # noqa: E731
    rows = [(r.theory.name, len(r.theory.axioms), len(expected[r.theory.name]),
             sum(len(s) for s in expected[r.theory.name].values()), median(runs[r.theory.name]))
            for r in result.results]
    sums = [{k: sum(runs[name][i][k] for name in runs) for k in keys} for i in range(max(1, args.repeat))]
    rows.append(("**full matrix**", sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows),
                 median(sums)))
    problems = sorted(set(problems))
    command = shlex.join(["python", os.path.relpath(Path(sys.argv[0]).resolve(), ROOT), *sys.argv[1:]])
    verdict = ("Both tools gave the same family of sets for every contradicted cell, in every repeat, equal to the "
               "sets of `check(explain=True)`." if not problems else
               "**MISMATCH** between the tools:\n\n" + "\n".join(f"- {p}" for p in problems))
    text = (f"# Benchmark: all conflict sets of the matrix, theorycheck vs clingo-explaid\n\n"
            f"Generated by `bench/conflicts.py`; do not edit by hand. Command, from the repository root:\n\n"
            f"```bash\n{command}\n```\n\n{EXPLANATION.format(auxiliaries=len(kb.auxiliary_ids()))}\n\n"
            f"Times in ms, median of {max(1, args.repeat)} runs ({len(kb.findings)} findings, "
            f"{len(result.results)} theories):\n\n{table(rows)}\n{verdict}\n\n"
            f"Machine:\n\n" + "".join(f"- {k}: {v}\n" for k, v in machine()))
    print(text)
    readme = ROOT / "bench" / "README.md"
    old = readme.read_text(encoding="utf-8") if readme.exists() else ""
    marker = old.find("<!-- scale:begin")  # the Scale section belongs to bench/run.py: keep it
    readme.write_text(text + ("\n" + old[marker:] if marker >= 0 else ""), encoding="utf-8")
    for p in problems:
        print(f"MISMATCH: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
