"""What each rule of a program mentions: predicates in head and body, constants, and each atom's arguments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import clingo
from clingo import ast

from ..model import Location
from .parsing import _Log, _location, _parse
from .pins import pinned_args


@dataclass(frozen=True)
class ArgTerm:
    """An argument of an atom (or one alternative of a pool there), for the vocabulary checks.

    `text` is the term as clingo prints it; `ground` when it holds no variable and no arithmetic; `functor` and
    `arity` name a constant (arity 0) or function term, and are empty for a variable or an operation.
    """

    text: str
    ground: bool
    functor: str
    arity: int
    location: Location


@dataclass(frozen=True)
class AtomUse:
    """An atom a rule mentions: its predicate, whether it stands in the head, its arguments by position."""

    predicate: str
    in_head: bool
    args: tuple[tuple[ArgTerm, ...], ...]  # per position, the alternatives of a pool (one term without a pool)
    location: Location

    @property
    def arity(self) -> int:
        return len(self.args)


@dataclass(frozen=True)
class RuleInfo:
    """What a rule mentions, for the engine's checks: predicates in head and body, constants anywhere."""

    location: Location
    is_fact: bool
    head_predicates: tuple[tuple[str, int], ...]
    body_predicates: tuple[tuple[str, int], ...]
    constants: tuple[str, ...]
    body_constant_args: tuple[tuple[str, str], ...]  # (predicate, constant): a body atom's argument is, or is pinned to
    # (by a comparison, solver/pins.py), the constant
    text: str
    atoms: tuple[AtomUse, ...] = ()  # filled only when analyse_rules is asked for them
    # Predicates whose atoms the body reads non-monotonically: under `not` (or `not not`), or inside an aggregate.
    # A rule may then conclude something from what is *not* derived.
    nonmonotone_predicates: tuple[tuple[str, int], ...] = ()


def analyse_rules(path: Path, text: str, atoms: bool = False) -> list[RuleInfo]:
    """`_analyse_rules`, kept across runs (cache.py) by the file's path and text."""
    from ..cache import cached

    return cached("rules-atoms" if atoms else "rules", (str(path), text), lambda: _analyse_rules(path, text, atoms))


def _analyse_rules(path: Path, text: str, atoms: bool) -> list[RuleInfo]:
    """Per rule: its predicates and the constants it mentions, with `atoms` each atom's arguments too (syntax errors
    raise InputError). Reading the arguments doubles the time clingo's AST takes, so only theories ask for them.

    A `#const name = value.` makes `name` an alias: rules that use it are reported as mentioning the value's
    constants too, so an alias cannot hide a drug name from the unitary check.
    """
    statements = [stm for stm in _parse(path, text, _Log()) if stm.ast_type != ast.ASTType.Program]
    aliases: dict[str, set[str]] = {}
    values: dict = {}  # name -> the term a #const gives it
    for stm in statements:
        if stm.ast_type == ast.ASTType.Definition:
            aliases[stm.name] = set()
            _collect_constants(stm.value, aliases[stm.name])
            values[stm.name] = stm.value
    infos = []
    for stm in statements:
        heads, bodies, consts, body_args, nonmonotone = set(), set(), set(), set(), set()
        uses: list[AtomUse] = []
        if stm.ast_type == ast.ASTType.Rule:
            _collect_atoms(stm.head, heads, consts, None, bodies)
            for lit in stm.body:
                _collect_atoms(lit, bodies, consts, body_args)
                _nonmonotone(lit, nonmonotone, False)
            body_args |= pinned_args(stm)
            if atoms:
                _atom_uses(stm.head, True, uses, values)
                for lit in stm.body:
                    _atom_uses(lit, False, uses, values)
        else:
            _collect_atoms(stm, bodies, consts, None)
            if atoms:
                _atom_uses(stm, False, uses, values)
        for name in list(consts):
            consts |= aliases.get(name, set())
        body_args |= {(pred, value) for pred, name in set(body_args) for value in aliases.get(name, ())}
        is_fact = stm.ast_type == ast.ASTType.Rule and not stm.body
        infos.append(RuleInfo(_location(stm.location), is_fact, tuple(sorted(heads)), tuple(sorted(bodies)),
                              tuple(sorted(consts)), tuple(sorted(body_args)), " ".join(str(stm).split()),
                              tuple(uses), tuple(sorted(nonmonotone))))
    return infos


# Nodes that hold terms but never an atom: the walk for atoms stops there.
_NO_ATOMS = {ast.ASTType.Comparison, ast.ASTType.BooleanConstant, ast.ASTType.Variable, ast.ASTType.SymbolicTerm,
             ast.ASTType.Function, ast.ASTType.Pool, ast.ASTType.Interval, ast.ASTType.UnaryOperation,
             ast.ASTType.BinaryOperation}


def _atom_uses(node, in_head: bool, out: list[AtomUse], values: dict) -> None:
    """Walk an AST node: every atom with its arguments goes to `out` (conditions of a head atom count as body).

    `values` maps the names a `#const` defines to their terms, which stand in for them.
    """
    if not isinstance(node, ast.AST):
        return
    kind = node.ast_type
    if kind == ast.ASTType.Literal:
        node, kind = node.atom, node.atom.ast_type  # the common case, without walking the literal's other fields
    if kind in _NO_ATOMS:
        return
    if kind == ast.ASTType.SymbolicAtom:
        for term in _pooled_atoms(node.symbol):
            if term.ast_type == ast.ASTType.Function and not term.external:
                args = tuple(tuple(_arg_terms(arg, values)) for arg in term.arguments)
                out.append(AtomUse(term.name, in_head, args, _location(term.location)))
            elif term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type == clingo.SymbolType.Function:
                out.append(AtomUse(term.symbol.name, in_head, (), _location(term.location)))
        return
    for key in node.keys():
        if key == "location":
            continue
        value = getattr(node, key)
        inner = in_head and key not in ("condition", "body")
        if isinstance(value, ast.AST):
            _atom_uses(value, inner, out, values)
        elif isinstance(value, (list, ast.ASTSequence)):
            for item in value:
                _atom_uses(item, inner, out, values)


def _arg_terms(node, values: dict, where: Location | None = None) -> list[ArgTerm]:
    """The alternatives of one argument: the members of a pool, else the term itself (a #const name: its value)."""
    where = where or _location(node.location)
    if node.ast_type == ast.ASTType.Pool:
        return [t for alternative in node.arguments for t in _arg_terms(alternative, values)]
    if node.ast_type == ast.ASTType.SymbolicTerm:
        sym = node.symbol
        if sym.type == clingo.SymbolType.Function and not sym.arguments and sym.name in values:
            return _arg_terms(values[sym.name], {}, where)
        named = sym.type == clingo.SymbolType.Function
        return [ArgTerm(str(sym), True, sym.name if named else "", len(sym.arguments) if named else 0, where)]
    if node.ast_type == ast.ASTType.Function and not node.external:
        return [ArgTerm(str(node), _is_ground(node, values), node.name, len(node.arguments), where)]
    return [ArgTerm(str(node), False, "", 0, where)]


def _is_ground(node, values: dict) -> bool:
    """No variable, pool, arithmetic or #const name anywhere in the term: it stands for the value clingo prints."""
    if node.ast_type == ast.ASTType.SymbolicTerm:
        return node.symbol.type != clingo.SymbolType.Function or node.symbol.name not in values
    if node.ast_type != ast.ASTType.Function or node.external:
        return False
    return all(_is_ground(arg, values) for arg in node.arguments)


_AGGREGATES = {ast.ASTType.Aggregate, ast.ASTType.BodyAggregate}


def _nonmonotone(node, out: set, inside: bool) -> None:
    """Walk a body element: the predicates of atoms under a negation or inside an aggregate go to `out`."""
    if not isinstance(node, ast.AST):
        return
    kind = node.ast_type
    if kind == ast.ASTType.Literal:
        negated = inside or node.sign != ast.Sign.NoSign
        if negated and node.atom.ast_type == ast.ASTType.SymbolicAtom:
            _collect_atoms(node.atom, out, set(), None)
        inside = negated
    elif kind in _AGGREGATES:
        inside = True
    elif kind == ast.ASTType.ConditionalLiteral:  # `p(X) : q(X)` holds for all q: more q can falsify it
        _nonmonotone(node.literal, out, inside)
        for condition in node.condition:
            _nonmonotone(condition, out, True)
        return
    elif kind in _NO_ATOMS:
        return
    for key in node.keys():
        if key == "location":
            continue
        value = getattr(node, key)
        if isinstance(value, ast.AST):
            _nonmonotone(value, out, inside)
        elif isinstance(value, (list, ast.ASTSequence)):
            for item in value:
                _nonmonotone(item, out, inside)


def _collect_atoms(node, preds: set, consts: set, body_args: set | None, conditions: set | None = None) -> None:
    """Walk an AST node: atoms go to `preds`; constants anywhere (atoms, comparisons, ...) to `consts`. In a head,
    the atoms of an element's condition (`{ p(X) : q(X) }`) are read, not defined: they go to `conditions`."""
    if not isinstance(node, ast.AST):
        return
    kind = node.ast_type
    if kind == ast.ASTType.SymbolicAtom:
        for term in _pooled_atoms(node.symbol):
            _collect_atom(term, preds, consts, body_args)
        return
    if kind in (ast.ASTType.SymbolicTerm, ast.ASTType.Function):
        _collect_constants(node, consts)
        return
    for key in node.keys():
        if key == "location":
            continue
        value = getattr(node, key)
        into = conditions if key == "condition" and conditions is not None else preds
        if isinstance(value, ast.AST):
            _collect_atoms(value, into, consts, body_args, conditions)
        elif isinstance(value, (list, ast.ASTSequence)):
            for item in value:
                _collect_atoms(item, into, consts, body_args, conditions)



def _pooled_atoms(symbol) -> list:
    """The atoms a symbolic atom stands for: `p(a; b)` parses as a pool of two atoms; `-p(a)` is p's atom."""
    if symbol.ast_type == ast.ASTType.Pool:
        return [atom for alternative in symbol.arguments for atom in _pooled_atoms(alternative)]
    return [symbol.argument if symbol.ast_type == ast.ASTType.UnaryOperation else symbol]


def _collect_atom(term, preds: set, consts: set, body_args: set | None) -> None:
    """One atom: its predicate goes to `preds`, the constants of its arguments to `consts` (and `body_args`)."""
    if term.ast_type == ast.ASTType.Function:
        preds.add((term.name, len(term.arguments)))
        for arg in term.arguments:
            found: set = set()
            _collect_constants(arg, found)
            consts |= found
            if body_args is not None:
                body_args |= {(term.name, c) for c in found}
    elif term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type == clingo.SymbolType.Function:
        preds.add((term.symbol.name, 0))
    else:
        _collect_constants(term, consts)


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
