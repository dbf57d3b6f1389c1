"""One grounding per theory: axiom-guarded, firing-recording rules; cautious solving; minimal conflict sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import clingo
from clingo import ast

from ..errors import InputError
from ..model import Diagnostic, Location
from .parsing import _ground, _location, _Log, _parse

GUARD = "_tc_on"
TARGET = "_tc_target"
# The predicates through which theories state mechanisms (documented in background.lp).
MECHANISMS = {("depends_on", 3), ("independent_of", 3), ("activates", 2), ("adapts", 4), ("drives", 3),
              ("setting_favours", 3), ("favoured_in", 3), ("common_basis", 3), ("distinct_basis", 3)}
FIRED = "_tc_fired"


@dataclass(frozen=True)
class SourceFile:
    """A program file for a check: its path, its text, and the rule group of each rule (by line)."""

    path: Path
    text: str
    group_of: Callable[[int], str | None]
    switchable: bool  # theory files: every rule guarded by its axiom's switch


@dataclass
class SolveOutput:
    """The cautious consequences of one program: predictions and the rule instances that fired."""

    predictions: list[tuple[str, str]] = field(default_factory=list)
    fired: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    rules: list[tuple[str, Location]] = field(default_factory=list)  # rule index -> (group id, location)
    warnings: list[Diagnostic] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)  # mechanism atoms true in every answer set
    conflicts: dict = field(default_factory=dict)  # finding -> ([(axiom set, SolveOutput with only them on)], complete)


class _Rewriter:
    """Guards each theory rule with its axiom's switch and adds a twin rule that records the firing."""

    def __init__(self) -> None:
        self.rules: list[tuple[str, Location]] = []

    def rewrite(self, stm, group: str | None, switchable: bool) -> list:
        if stm.ast_type != ast.ASTType.Rule:
            return [stm]
        stm = _NameAnonymous()(stm)
        loc = stm.location
        body = list(stm.body)
        if switchable and group:
            body.append(_atom_literal(loc, GUARD, [_const(loc, group)]))
        out = [ast.Rule(loc, stm.head, body)]
        traced = group is not None and _traceable_head(stm.head)
        if traced and (stm.body or switchable):
            index = len(self.rules)
            self.rules.append((group, _location(loc)))
            positives = [lit.atom.symbol for lit in stm.body
                         if lit.ast_type == ast.ASTType.Literal and lit.sign == ast.Sign.NoSign
                         and lit.atom.ast_type == ast.ASTType.SymbolicAtom]
            premises = ast.Function(loc, "", positives, 0)
            head = ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(
                ast.Function(loc, FIRED, [ast.SymbolicTerm(loc, clingo.Number(index)), stm.head.atom.symbol, premises], 0)))
            out.append(ast.Rule(loc, head, body))
        return out


class _NameAnonymous(ast.Transformer):
    """Names each anonymous variable, so the twin rule can carry the body atoms in its head."""

    def __init__(self) -> None:
        self.count = 0

    def visit_Variable(self, node):
        if node.name != "_":
            return node
        self.count += 1
        return node.update(name=f"TC_ANON_{self.count}")


def _traceable_head(head) -> bool:
    return (head.ast_type == ast.ASTType.Literal and head.sign == ast.Sign.NoSign
            and head.atom.ast_type == ast.ASTType.SymbolicAtom
            and head.atom.symbol.ast_type in (ast.ASTType.Function, ast.ASTType.SymbolicTerm))


def _const(loc, name: str):
    return ast.SymbolicTerm(loc, clingo.Function(name))


def _atom_literal(loc, name: str, args: list):
    return ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(ast.Function(loc, name, args, 0)))


Target = dict[str, list[tuple[str, list[str]]]]  # finding id -> [(observed key, values incompatible with it)]


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


def _target_program(targets: Target) -> str:
    """Facts and rules that make `_tc_target(F)` demand a clash of finding F (engine atoms only)."""
    lines = []
    for finding, observations in sorted(targets.items()):
        lines.append(f"#external {TARGET}({finding}).")
        lines.append(f":- {TARGET}({finding}), not _tc_clash({finding}).")
        for key, values in observations:
            for value in values:
                lines.append(f"_tc_clash({finding}) :- predicts({key}, {value}).")
    return "\n".join(lines) + "\n"


class Grounding:
    """One grounding of background, theory and asked keys; axioms switched by externals between solves.

    `targets` adds, for each finding, an external `_tc_target(F)` and the constraint that F must clash: with the
    axiom externals left free, the answer sets are exactly the axiom subsets that reproduce the clash.
    """

    def __init__(self, files: list[SourceFile], asked: list[str], axioms: list[str], targets: Target | None = None):
        self.log = _Log()
        self.ctl = clingo.Control(["--warn=atom-undefined", "--heuristic=Domain"], logger=self.log, message_limit=200)
        rewriter = _Rewriter()
        with ast.ProgramBuilder(self.ctl) as builder:
            for source in files:
                for stm in _parse(source.path, source.text, self.log):
                    group = source.group_of(_location(stm.location).line) if stm.ast_type == ast.ASTType.Rule else None
                    for new in rewriter.rewrite(stm, group, source.switchable):
                        builder.add(new)
        self.rules = rewriter.rules
        facts = "".join(f"asked({key}).\n" for key in asked)
        externals = "".join(f"#external {GUARD}({a}). #heuristic {GUARD}({a}). [1, false]\n" for a in axioms)
        self.ctl.add("base", [], facts + externals + _target_program(targets or {}))
        try:
            _ground(self.ctl, self.log)
        except InputError:
            _raise_plain_errors(files)
            raise
        self.axioms = list(axioms)

    def solve(self, dropped: tuple[str, ...] = ()) -> SolveOutput | None:
        """Cautious consequences with the given axioms switched off; None when there is no answer set."""
        for axiom in self.axioms:
            self.ctl.assign_external(_guard(axiom), axiom not in dropped)
        self.ctl.configuration.solve.enum_mode = "cautious"
        self.ctl.configuration.solve.models = 0
        first: list[clingo.Symbol] = []
        last: list[clingo.Symbol] = []

        def on_model(model: clingo.Model) -> None:
            last[:] = model.symbols(atoms=True)
            if not first:
                first[:] = last

        result = self.ctl.solve(on_model=on_model)
        if not result.satisfiable:
            return None
        out = SolveOutput(rules=list(self.rules))
        out.warnings = [m for m in self.log.messages if m.severity != "error"]
        out.predictions = sorted((str(s.arguments[0]), str(s.arguments[1])) for s in last
                                 if s.name == "predicts" and len(s.arguments) == 2)
        out.mechanisms = sorted(str(s) for s in last if (s.name, len(s.arguments)) in MECHANISMS)
        # The first model is a real answer set: every cautious prediction has its derivation there.
        out.fired = sorted((s.arguments[0].number, str(s.arguments[1]), tuple(str(p) for p in s.arguments[2].arguments))
                           for s in first if s.name == FIRED and len(s.arguments) == 3)
        return out

    def minimal_conflicts(self, finding: str, timeout: float, dropped: tuple[str, ...] = ()
                          ) -> tuple[list[tuple[str, ...]], bool]:
        """All subset-minimal axiom sets with which `finding` still clashes, and whether enumeration finished.

        Axiom externals are left free and the domain heuristic prefers them false; clingo's domRec enumeration
        then yields exactly the subset-minimal sets of switched-on axioms (no powerset is enumerated).
        """
        for axiom in self.axioms:
            self.ctl.assign_external(_guard(axiom), False if axiom in dropped else None)
        target = clingo.Function(TARGET, [clingo.Function(finding)])
        self.ctl.assign_external(target, True)
        self.ctl.configuration.solve.enum_mode = "domRec"
        self.ctl.configuration.solve.models = 0
        found: list[tuple[str, ...]] = []
        guards = [(axiom, _guard(axiom)) for axiom in self.axioms]

        def on_model(model: clingo.Model) -> None:
            # Only the axiom switches are read: converting every atom of the model would dominate the time.
            found.append(tuple(sorted(axiom for axiom, guard in guards if model.contains(guard))))

        try:
            with self.ctl.solve(on_model=on_model, async_=True) as handle:
                complete = handle.wait(timeout)
                if not complete:
                    handle.cancel()
        finally:
            self.ctl.assign_external(target, False)
        return sorted(set(found), key=lambda s: (len(s), s)), complete
