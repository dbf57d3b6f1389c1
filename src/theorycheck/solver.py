"""The only module that imports clingo: parsing, rule analysis, rewriting, grounding and cautious solving."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import clingo
from clingo import ast

from .errors import InputError
from .model import Diagnostic, Location

_MESSAGE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+)(?:-\d+(?::\d+)?)?:\s*(?P<sev>error|warning|info):\s*(?P<msg>.*)$", re.S)
GUARD = "_tc_on"
TARGET = "_tc_target"
# The predicates through which theories state mechanisms (documented in background.lp).
MECHANISMS = {("depends_on", 3), ("independent_of", 3), ("activates", 2), ("adapts", 4), ("drives", 3),
              ("setting_favours", 3), ("favoured_in", 3), ("common_basis", 3), ("distinct_basis", 3)}
_COMMENT = getattr(ast.ASTType, "Comment", None)
FIRED = "_tc_fired"


@dataclass(frozen=True)
class Term:
    """A ground term as plain data: `text` is clingo's own rendering; `string` is set for string constants."""

    name: str
    args: tuple["Term", ...]
    text: str
    string: str | None = None
    number: int | None = None

    @property
    def value(self) -> str | int:
        """The term as a Python value: the string's content, the number, or the term's text."""
        if self.string is not None:
            return self.string
        return self.number if self.number is not None else self.text


@dataclass(frozen=True)
class Fact:
    """A ground fact of a data file and where it stands."""

    predicate: str
    args: tuple[Term, ...]
    location: Location


@dataclass(frozen=True)
class RuleInfo:
    """What a rule mentions, for the engine's checks: predicates in head and body, constants anywhere."""

    location: Location
    is_fact: bool
    head_predicates: tuple[tuple[str, int], ...]
    body_predicates: tuple[tuple[str, int], ...]
    constants: tuple[str, ...]
    body_constant_args: tuple[tuple[str, str], ...]  # (predicate, constant) for constants in body atoms' arguments
    text: str


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


def to_diagnostic(message: str, severity: str | None = None) -> Diagnostic:
    """Turn one clingo log message into a Diagnostic with a location."""
    text = message.strip()
    match = _MESSAGE.match(text)
    if not match:
        return Diagnostic(severity or "error", text.replace("\n", " "))
    msg = " ".join(line.strip() for line in match["msg"].splitlines() if line.strip())
    sev = severity or ("warning" if match["sev"] == "info" else match["sev"])
    return Diagnostic(sev, msg, Location(match["file"], int(match["line"]), int(match["col"])))


class _Log:
    """Collects clingo's messages instead of letting them reach the terminal."""

    def __init__(self) -> None:
        self.messages: list[Diagnostic] = []

    def __call__(self, code: clingo.MessageCode, message: str) -> None:
        self.messages.append(to_diagnostic(message))

    def errors(self) -> list[Diagnostic]:
        return [m for m in self.messages if m.severity == "error"]


def _location(node_location) -> Location:
    begin = node_location.begin
    return Location(begin.filename, begin.line, begin.column)


def _parse(path: Path, text: str, log: _Log) -> list:
    statements: list = []
    try:
        ast.parse_string(text, statements.append, logger=log, message_limit=50)
    except RuntimeError:
        errors = log.errors() or [Diagnostic("error", "syntax error", Location(str(path), 1, 1))]
        raise InputError([_with_file(d, path) for d in errors]) from None
    statements = [stm for stm in statements if stm.ast_type != _COMMENT]
    for stm in statements:
        _relocate(stm, str(path))
    return statements


def _with_file(diag: Diagnostic, path: Path) -> Diagnostic:
    if diag.location and diag.location.file == "<string>":
        return Diagnostic(diag.severity, diag.message, Location(str(path), diag.location.line, diag.location.column))
    return diag


def _relocate(node, filename: str) -> None:
    """Give every node the real file name (the text was parsed from a string after the safety scan)."""
    if not isinstance(node, ast.AST):
        return
    for key in node.keys():
        value = getattr(node, key)
        if key == "location":
            b, e = value.begin, value.end
            setattr(node, key, ast.Location(ast.Position(filename, b.line, b.column), ast.Position(filename, e.line, e.column)))
        elif isinstance(value, ast.AST):
            _relocate(value, filename)
        elif isinstance(value, (list, ast.ASTSequence)):
            for item in value:
                _relocate(item, filename)


def _symbol_to_term(sym: clingo.Symbol) -> Term:
    if sym.type == clingo.SymbolType.String:
        return Term("", (), str(sym), string=sym.string)
    if sym.type == clingo.SymbolType.Number:
        return Term("", (), str(sym), number=sym.number)
    if sym.type == clingo.SymbolType.Function:
        return Term(sym.name, tuple(_symbol_to_term(a) for a in sym.arguments), str(sym))
    return Term("", (), str(sym))


def read_facts(path: Path, text: str) -> list[Fact]:
    """The ground facts of a data file; anything that is not a plain ground fact is an error at its line."""
    log = _Log()
    facts, problems = [], []
    for stm in _parse(path, text, log):
        if stm.ast_type == ast.ASTType.Program:
            continue
        loc = _location(stm.location)
        head = getattr(stm, "head", None)
        if stm.ast_type != ast.ASTType.Rule or stm.body or head.ast_type != ast.ASTType.Literal \
                or head.atom.ast_type != ast.ASTType.SymbolicAtom:
            problems.append(Diagnostic("error", f"only facts are allowed here, not `{_short(stm)}`", loc))
            continue
        try:
            sym = clingo.parse_term(str(head.atom.symbol))
        except RuntimeError:
            sym = None
        if sym is None or sym.type != clingo.SymbolType.Function or not _is_ground_text(str(head.atom.symbol)):
            problems.append(Diagnostic("error", f"a fact must be ground and plain (no variables, pools or arithmetic): `{_short(stm)}`", loc))
            continue
        facts.append(Fact(sym.name, tuple(_symbol_to_term(a) for a in sym.arguments), loc))
    if problems:
        raise InputError(problems)
    return facts


def _is_ground_text(text: str) -> bool:
    return ";" not in re.sub(r'"(?:[^"\\]|\\.)*"', "", text)


def _short(stm) -> str:
    text = " ".join(str(stm).split())
    return text if len(text) <= 80 else text[:77] + "..."


def parse_term(text: str) -> Term:
    """Parse one ground term (an observation key given on the command line, say)."""
    try:
        return _symbol_to_term(clingo.parse_term(text))
    except RuntimeError:
        raise InputError(f"not a ground term: {text}") from None


def analyse_rules(path: Path, text: str) -> list[RuleInfo]:
    """Per rule: its predicates and the constants it mentions (syntax errors raise InputError)."""
    log = _Log()
    infos = []
    for stm in _parse(path, text, log):
        if stm.ast_type == ast.ASTType.Program:
            continue
        heads, bodies, consts, body_args = set(), set(), set(), set()
        if stm.ast_type == ast.ASTType.Rule:
            _collect_atoms(stm.head, heads, consts, None)
            for lit in stm.body:
                _collect_atoms(lit, bodies, consts, body_args)
        else:
            _collect_atoms(stm, bodies, consts, None)
        is_fact = stm.ast_type == ast.ASTType.Rule and not stm.body
        infos.append(RuleInfo(_location(stm.location), is_fact, tuple(sorted(heads)), tuple(sorted(bodies)),
                              tuple(sorted(consts)), tuple(sorted(body_args)), " ".join(str(stm).split())))
    return infos


def _collect_atoms(node, preds: set, consts: set, body_args: set | None) -> None:
    """Walk an AST node: atoms go to `preds`, zero-arity constants and strings to `consts`."""
    if not isinstance(node, ast.AST):
        return
    kind = node.ast_type
    if kind == ast.ASTType.SymbolicAtom:
        term = node.symbol
        if term.ast_type == ast.ASTType.UnaryOperation:
            term = term.argument
        if term.ast_type == ast.ASTType.Function:
            preds.add((term.name, len(term.arguments)))
            for arg in term.arguments:
                found: set = set()
                _collect_constants(arg, found)
                consts |= found
                if body_args is not None:
                    body_args |= {(term.name, c) for c in found}
            return
        if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type == clingo.SymbolType.Function:
            preds.add((term.symbol.name, 0))
            return
    for key in node.keys():
        if key == "location":
            continue
        value = getattr(node, key)
        if isinstance(value, ast.AST):
            _collect_atoms(value, preds, consts, body_args)
        elif isinstance(value, (list, ast.ASTSequence)):
            for item in value:
                _collect_atoms(item, preds, consts, body_args)


def _collect_constants(node, found: set) -> None:
    if not isinstance(node, ast.AST):
        return
    if node.ast_type == ast.ASTType.SymbolicTerm:
        sym = node.symbol
        if sym.type == clingo.SymbolType.Function and not sym.arguments and sym.name:
            found.add(sym.name)
        elif sym.type == clingo.SymbolType.Function:
            for arg in sym.arguments:
                _collect_symbol_constants(arg, found)
            if sym.name:
                found.add(sym.name)
        elif sym.type == clingo.SymbolType.String:
            found.add(sym.string)
        return
    if node.ast_type == ast.ASTType.Function and not node.arguments and node.name:
        found.add(node.name)
    elif node.ast_type == ast.ASTType.Function and node.name:
        found.add(node.name)
    for key in node.keys():
        if key == "location":
            continue
        value = getattr(node, key)
        if isinstance(value, ast.AST):
            _collect_constants(value, found)
        elif isinstance(value, (list, ast.ASTSequence)):
            for item in value:
                _collect_constants(item, found)


def _collect_symbol_constants(sym: clingo.Symbol, found: set) -> None:
    if sym.type == clingo.SymbolType.Function:
        if sym.name:
            found.add(sym.name)
        for arg in sym.arguments:
            _collect_symbol_constants(arg, found)


def model_atoms(path: Path, text: str) -> list[Term]:
    """Ground and solve one file on its own; the atoms of its (first) answer set."""
    log = _Log()
    statements = _parse(path, text, log)
    ctl = clingo.Control(["--warn=none"], logger=log, message_limit=50)
    with ast.ProgramBuilder(ctl) as builder:
        for stm in statements:
            builder.add(stm)
    _ground(ctl, log)
    atoms: list[Term] = []
    ctl.solve(on_model=lambda m: atoms.extend(_symbol_to_term(s) for s in m.symbols(atoms=True)))
    return atoms


def _ground(ctl: clingo.Control, log: _Log) -> None:
    try:
        ctl.ground([("base", [])])
    except RuntimeError:
        raise InputError(_one_per_place(log.errors()) or [Diagnostic("error", "grounding failed")]) from None
    if log.errors():
        raise InputError(_one_per_place(log.errors()))


def _one_per_place(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One message per location, preferring the user's own rule over the engine's rewritten twin of it."""
    best: dict = {}
    for diag in diagnostics:
        key = diag.location
        twin = "_tc_" in diag.message
        if key not in best or ("_tc_" in best[key].message and not twin):
            best[key] = diag
    return list(best.values())


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
        _ground(self.ctl, self.log)
        self.axioms = list(axioms)
        self.targets = sorted(targets or {})

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
        for other in self.targets:
            self.ctl.assign_external(clingo.Function(TARGET, [clingo.Function(other)]), other == finding)
        self.ctl.configuration.solve.enum_mode = "domRec"
        self.ctl.configuration.solve.models = 0
        found: list[tuple[str, ...]] = []

        def on_model(model: clingo.Model) -> None:
            found.append(tuple(sorted(str(s.arguments[0]) for s in model.symbols(atoms=True)
                                      if s.name == GUARD and len(s.arguments) == 1)))

        try:
            with self.ctl.solve(on_model=on_model, async_=True) as handle:
                complete = handle.wait(timeout)
                if not complete:
                    handle.cancel()
        finally:
            for other in self.targets:
                self.ctl.assign_external(clingo.Function(TARGET, [clingo.Function(other)]), False)
        return sorted(set(found), key=lambda s: (len(s), s)), complete
