"""One grounding per theory: axiom-guarded, firing-recording rules; cautious solving; minimal conflict sets."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import clingo
from clingo import ast

from ..errors import InputError
from .encodings import encoding, facts_of
from .batches import batch_program, cells_text, enumerate_minimal, in_every_version
from .cone import GroundProgram
from .facts import NO_CALLS, Facts
from .output import SolveOutput, read_consequences, read_fired
from .parsing import _ground, _Log, _parse
from .rewriting import FIRED, GUARD, rewrite_files  # noqa: F401  (FIRED, SolveOutput: re-exported)
from .rewriting_text import rewritten

BATCH, PICK, CLASH = "_tc_batch", "_tc_pick", "_tc_clash"  # names in encodings/check.lp, batch.lp, clashes.lp
PREMISE = "_tc_premise"
FIX = "_tc_fix"  # encodings/versions.lp: the one version a solve is restricted to
_TRACE = clingo.Function("_tc_trace")


def check_program(axioms: list[str], files: list[SourceFile] = ()) -> str:
    """The engine's part of a check program (encodings/check.lp) with the theory's axioms and versions; the
    generated facts' rules (`Facts.rules`, added as ASTs) and the theory's own files come on top."""
    return encoding("check") + facts_of("_tc_axiom", axioms) + version_program(files)


def version_program(files: list[SourceFile]) -> str:
    """A theory's versions as alternative answer sets (encodings/versions.lp): exactly one version holds in each,
    and an axiom that belongs to some versions only fires in theirs. Nothing for a theory without versions."""
    versions = [v for source in files for v in source.versions]
    if not versions:
        return ""
    members = [(v, axiom) for source in files for axiom, vs in sorted(source.members.items()) for v in vs]
    return encoding("versions") + facts_of("_tc_version", versions) + facts_of("_tc_member", [f"{v}, {a}" for v, a in members])


def versioned(files: list[SourceFile]) -> set[str]:
    """The axioms that belong to some versions only: their rules are guarded by `_tc_in(Axiom)`."""
    return {axiom for source in files for axiom in source.members}


def version_symbol(version: str) -> clingo.Symbol:
    return clingo.Function(FIX, [clingo.Function(version)])


@dataclass(frozen=True)
class SourceFile:
    """A program file for a check: its path, its text, and the rule group of each rule (by line)."""

    path: Path
    text: str
    group_of: Callable[[int], str | None]
    switchable: bool  # every rule of a named group guarded by its switch (theory axioms, background auxiliaries)
    restrictable: bool = True  # repairs may restrict its groups to a drug class (axioms, not auxiliaries)
    trace_ungrouped: str | None = None  # the label derivation trees give its rules of no group (None: untraced)
    versions: tuple[str, ...] = ()  # the theory's alternative versions (none: one answer set)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # axiom -> the versions it belongs to



def _raise_plain_errors(files: list[SourceFile]) -> None:
    """Ground the user's files as written, so that error messages quote their rules, not the rewritten ones."""
    log = _Log()
    ctl = clingo.Control(["--warn=none"], logger=log, message_limit=50)
    with ast.ProgramBuilder(ctl) as builder:
        for source in files:
            for stm in _parse(source.path, source.text, log):
                builder.add(stm)
    _ground(ctl, log)


def _guard(axiom: str) -> clingo.Symbol:
    return clingo.Function(GUARD, [clingo.Function(axiom)])


# Findings per enumeration: each model's domRec nogood holds the batch's other picks, and each batch is one solve
# call over the whole program. At 50,000 findings (6,659 cells of one theory): 64 -> 24 s, 256 -> 12 s, 512 -> 13 s,
# all in one batch -> 152 s.
BATCH_SIZE = 256


def prepare(files: list[SourceFile], traced: bool = True) -> None:
    """Parse and rewrite a grounding's files now, in the parent: every forked worker inherits the result."""
    rewritten(files, versioned(files), _Log(), traced)


class Grounding:
    """One grounding of background, theory and asked keys; axioms switched by assumptions between solves.

    `facts` (from `check_facts`) holds the asked keys. The clash targets come after the first solve (`add_clashes`),
    only for clashes the whole program derives: `_tc_clash(F)` for each finding F, on which `all_minimal_conflicts`
    enumerates the axiom subsets that reproduce a clash.
    """

    def __init__(self, files: list[SourceFile], facts: Facts, axioms: list[str], premises: list[str] = (),
                 traced: bool = True, warnings: bool = False, cones: bool = False):
        self.log = _Log()
        self.ctl = clingo.Control(["--warn=atom-undefined", "--heuristic=Domain"], logger=self.log, message_limit=200)
        # With `cones`, the ground program is kept (solver/cone.py), so that the conflict sets of each batch of
        # findings are enumerated on the part of it their clashes depend on, not on all of it.
        self.program = GroundProgram() if cones else None
        if self.program is not None:
            self.ctl.register_observer(self.program)
        # Without `traced` no rule records its firings: a grounding whose solves never read them (a sensitivity
        # sweep, `solve(fired=False)` only) is spared the tracing twins, most of a check grounding's size.
        # With `warnings`, clingo's warnings name the user's files (lint shows them); else the rewriting may come
        # from the analysis cache, whose statements say `<string>` (errors are reported from the files either way).
        rewrite = rewrite_files if warnings else rewritten
        statements, self.rules = rewrite(files, versioned(files), self.log, traced)
        self.traced = traced
        with ast.ProgramBuilder(self.ctl) as builder:
            for stm in statements:
                builder.add(stm)
            for rule in facts.rules():
                builder.add(rule)
        # Hypothetical premises (why-not): each atom derived from a fresh external, switched on one at a time.
        hypotheses = "".join(f"#external {PREMISE}({i}).\n{atom} :- {PREMISE}({i}).\n" for i, atom in enumerate(premises))
        # (batch.lp opens its own program part: whatever follows it would be grounded only with that part.)
        self.ctl.add("base", [], check_program(axioms, files) + hypotheses + encoding("batch"))
        self.versions = [v for source in files for v in source.versions]
        self.premises = len(premises)
        try:
            _ground(self.ctl, self.log, facts.context())
        except InputError:
            _raise_plain_errors(files)
            raise
        self._drop_engine_warnings()
        self.axioms = list(axioms)
        self._shown: dict = {}  # symbol -> what it shows, read once for every solve (output.read_consequences)
        self.batches = 0  # parts grounded by all_minimal_conflicts
        self._clashes = False  # whether add_clashes has been
        self._assigned: dict = {}  # external -> the value last assigned (None: free)
        # The switches every solve sets (axiom and auxiliary guards, tracing, the version) are free externals, each
        # solve's values passed as assumptions: assigning an external starts a new step of the program, which cost
        # some 6 ms a solve on the shipped KB, most of a sensitivity sweep.
        self._guards = {axiom: _guard(axiom) for axiom in self.axioms}
        self._literals = {}
        for atom in [*self._guards.values(), _TRACE, *map(version_symbol, self.versions)]:
            self.ctl.assign_external(atom, None)
            found = self.ctl.symbolic_atoms[atom]
            self._literals[atom] = found.literal if found is not None else None

    def _drop_engine_warnings(self) -> None:
        """Warnings about the engine's own block (a #show of a mechanism predicate this theory never uses, no clashing
        value to look for) are not the user's concern; the user's files are grounded with their own names."""
        self.log.messages = [m for m in self.log.messages
                             if m.severity == "error" or not (m.location and m.location.file == "<block>")]

    def _assumptions(self, values: dict, through: dict[int, int] | None = None) -> list:
        """The assumptions that give switches (symbol -> truth value) their values for one solve; a switch the
        grounding lacks is false (assumed true, nothing could hold). `through`: the solve is on a bottom
        (GroundProgram.bottom), whose atoms these are of the grounding's; a switch outside it is left out."""
        out = []
        for atom, value in values.items():
            literal = self._literals.get(atom)
            if literal is None:
                if value:
                    return [(atom, True)]
                continue
            if through is not None:
                if literal not in through:
                    continue
                literal = through[literal]
            out.append(literal if value else -literal)
        return out

    def _switches(self, dropped, fired: bool, version: str | None, free: bool = False) -> dict:
        """The switch values of a solve: every guard on but `dropped` (with `free`, unassumed but `dropped`), the
        tracing as `fired`, the one `version` (None: every version)."""
        values = {guard: False for axiom, guard in self._guards.items() if axiom in dropped}
        if not free:
            values.update({guard: True for axiom, guard in self._guards.items() if axiom not in dropped})
        values[_TRACE] = fired
        values.update({version_symbol(v): v == version for v in self.versions})
        return values

    def _assign(self, atom: clingo.Symbol, value: bool | None) -> None:
        """Assign an external, unless it holds that value already (a sweep solves a grounding hundreds of times, and
        reassigning some sixty externals each time was a tenth of each solve)."""
        if self._assigned.get(atom, "unset") is not value:
            self.ctl.assign_external(atom, value)
            self._assigned[atom] = value

    def solve(self, dropped: tuple[str, ...] = (), fired: bool = True, premise: int | None = None,
              version: str | None = None) -> SolveOutput | None:
        """Cautious consequences with the given axioms switched off; None when there is no answer set.

        Without `fired`, the rule firings are not read (no derivation trees): they are most of a model's atoms.
        `premise`: the index of the one hypothetical premise to switch on (all others off). `version`: the one
        version of the theory to solve (None: the consequences of every version, which is the theory's).
        """
        if fired and not self.traced:
            raise ValueError("an untraced grounding has no rule firings to read: solve(fired=False)")
        for i in range(self.premises):
            self._assign(clingo.Function(PREMISE, [clingo.Number(i)]), i == premise)
        assumptions = self._assumptions(self._switches(dropped, fired, version))
        self.ctl.configuration.solve.enum_mode = "cautious"
        self.ctl.configuration.solve.models = 0
        first: list[clingo.Symbol] = []
        last: list[clingo.Symbol] = []

        def on_model(model: clingo.Model) -> None:
            last[:] = model.symbols(shown=True)
            if not first:
                first[:] = last

        result = self.ctl.solve(assumptions=assumptions, on_model=on_model)
        if not result.satisfiable:
            return None
        out = SolveOutput(rules=self.rules)  # shared by every solve of this grounding (pickled once)
        read_consequences(out, last, self._shown)
        if fired:  # the first model is a real answer set: every cautious prediction has its derivation there
            read_fired(out, first)
        return out

    def add_clashes(self, facts: Facts) -> None:
        """Ground the clashes the conflict-set enumeration looks for (encodings/clashes.lp), with `facts` from
        `clash_facts`: the clash targets of the clashes the whole program derives (so, after its first solve)."""
        if self._clashes:
            raise ValueError("the clashes of a grounding are added once")
        self._clashes = True
        with ast.ProgramBuilder(self.ctl) as builder:
            for rule in facts.rules("_tc_clashes"):
                builder.add(rule)
        self.ctl.add("_tc_clashes", [], encoding("clashes"))
        self.ctl.ground([("_tc_clashes", [])], context=facts.context())
        self._drop_engine_warnings()

    def all_minimal_conflicts(self, findings: set[str], timeout: float, dropped: tuple[str, ...] = ()
                              ) -> tuple[dict[str, list[tuple[str, ...]]], bool]:
        """The subset-minimal clashing axiom sets of each of `findings`, and whether the enumeration finished within
        `timeout` (each set found is minimal either way; unfinished, some may be missing).

        Axiom externals are left free and the domain heuristic prefers them false; clingo's domRec enumeration then
        yields exactly the subset-minimal sets (no powerset is enumerated). One solve call per batch of BATCH_SIZE
        findings, not one per finding: the per-call cost of clingo grows with the whole program, so a solve per
        finding made explaining every contradicted cell quadratic in the number of findings. With more than one
        batch, a grounding made with `cones` solves each on the part of the program its clashes depend on
        (solver/cone.py), when that part has the whole program's answer sets; otherwise, on the whole program.
        """
        if not findings:
            return {}, True
        if not self._clashes:
            raise ValueError("no clashes to enumerate conflict sets of: add_clashes first")
        ordered = sorted(findings)
        batches = [ordered[i:i + BATCH_SIZE] for i in range(0, len(ordered), BATCH_SIZE)]
        versions = self.versions or [None]
        found = {version: {f: set() for f in findings} for version in versions}
        into: list[dict[str, set]] = []  # the sets of the version being enumerated

        def on_model(model: clingo.Model) -> None:
            picked, on = None, []
            for sym in model.symbols(shown=True):  # in the batch, only the picked finding and the axioms on
                if sym.name == PICK:
                    picked = str(sym.arguments[0])
                else:
                    on.append(str(sym.arguments[0]))
            into[0][picked].add(tuple(sorted(on)))

        deadline, complete = time.monotonic() + timeout, True
        split = self.program is not None and len(batches) > 1 and self.program.splittable()
        solvers = self._bottoms(batches, dropped) if split else self._whole(batches, dropped)
        try:
            for solve_batch in solvers:
                for version in versions:
                    into[:] = [found[version]]
                    left = deadline - time.monotonic()
                    complete = left > 0 and solve_batch(version, on_model, left)
                    if not complete:
                        break
                if not complete:
                    break
        finally:
            solvers.close()
        if self.versions:  # unfinished, no set is known to hold in every version
            sets = {f: in_every_version([found[v][f] for v in versions]) if complete else set() for f in findings}
        else:
            sets = found[None]
        return {f: sorted(s, key=lambda s: (len(s), s)) for f, s in sets.items()}, complete

    def _whole(self, batches: list[list[str]], dropped: tuple[str, ...]):
        """For each batch, a function that enumerates its conflict sets on the whole grounding (in one version)."""
        part = self.batches = self.batches + 1
        self.ctl.add(f"_tc_cells{part}", [], cells_text(part, batches))
        self.ctl.ground([(f"_tc_cells{part}", []), ("_tc_batch", [clingo.Number(part)])], context=NO_CALLS)
        switches = [clingo.Function("_tc_part", [clingo.Number(part), clingo.Number(b)]) for b in range(len(batches))]
        self.ctl.assign_external(clingo.Function(BATCH), True)
        try:
            # The batches' switches are free and each solve assumes its own on, the others off: assigning one before
            # each solve (and back after) started two steps of the program per batch, each costing as much as the
            # program is large (0.06 s a batch at 50,000 findings, 25 batches a theory).
            for switch in switches:
                self.ctl.assign_external(switch, None)
            literals = [self.ctl.symbolic_atoms[switch].literal for switch in switches]
            for b in range(len(batches)):
                batch = [literal if k == b else -literal for k, literal in enumerate(literals)]
                yield lambda version, on_model, left, batch=batch: enumerate_minimal(
                    self.ctl, self._assumptions(self._switches(dropped, False, version, free=True)) + batch,
                    on_model, left)
        finally:
            for switch in switches:
                self.ctl.release_external(switch)
            self.ctl.assign_external(clingo.Function(BATCH), False)

    def _bottoms(self, batches: list[list[str]], dropped: tuple[str, ...]):
        """For each batch, a function that enumerates its conflict sets (in one version) on a new Control holding
        the part of the grounding the batch's clashes depend on (GroundProgram.bottom), with encodings/batch.lp."""
        named = {self._literals[guard]: guard for guard in self._guards.values() if self._literals[guard] is not None}
        for batch in batches:
            clashes = {}
            for finding in batch:
                found = self.ctl.symbolic_atoms[clingo.Function(CLASH, [clingo.parse_term(finding)])]
                if found is not None:
                    clashes[found.literal] = found.symbol
            sub, mapped = self.program.bottom(clashes, {**named, **clashes}, ["--heuristic=Domain", "--warn=none"])
            sub.add("base", [], batch_program(batch))
            sub.ground([("base", []), ("_tc_batch", [clingo.Number(1)])], context=NO_CALLS)
            sub.assign_external(clingo.Function("_tc_part", [clingo.Number(1), clingo.Number(0)]), True)

            yield lambda version, on_model, left, sub=sub, mapped=mapped: enumerate_minimal(
                sub, self._assumptions(self._switches(dropped, False, version, free=True), mapped), on_model, left)
