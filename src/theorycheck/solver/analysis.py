"""What each rule of a program mentions: predicates in head and body, and constants (for the engine's checks)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import clingo
from clingo import ast

from ..model import Location
from .parsing import _Log, _location, _parse


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


def analyse_rules(path: Path, text: str) -> list[RuleInfo]:
    """Per rule: its predicates and the constants it mentions (syntax errors raise InputError).

    A `#const name = value.` makes `name` an alias: rules that use it are reported as mentioning the value's
    constants too, so an alias cannot hide a drug name from the unitary check.
    """
    statements = [stm for stm in _parse(path, text, _Log()) if stm.ast_type != ast.ASTType.Program]
    aliases: dict[str, set[str]] = {}
    for stm in statements:
        if stm.ast_type == ast.ASTType.Definition:
            aliases[stm.name] = set()
            _collect_constants(stm.value, aliases[stm.name])
    infos = []
    for stm in statements:
        heads, bodies, consts, body_args = set(), set(), set(), set()
        if stm.ast_type == ast.ASTType.Rule:
            _collect_atoms(stm.head, heads, consts, None)
            for lit in stm.body:
                _collect_atoms(lit, bodies, consts, body_args)
        else:
            _collect_atoms(stm, bodies, consts, None)
        for name in list(consts):
            consts |= aliases.get(name, set())
        body_args |= {(pred, value) for pred, name in set(body_args) for value in aliases.get(name, ())}
        is_fact = stm.ast_type == ast.ASTType.Rule and not stm.body
        infos.append(RuleInfo(_location(stm.location), is_fact, tuple(sorted(heads)), tuple(sorted(bodies)),
                              tuple(sorted(consts)), tuple(sorted(body_args)), " ".join(str(stm).split())))
    return infos


def _collect_atoms(node, preds: set, consts: set, body_args: set | None) -> None:
    """Walk an AST node: atoms go to `preds`; constants anywhere (atoms, comparisons, ...) to `consts`."""
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
    if kind in (ast.ASTType.SymbolicTerm, ast.ASTType.Function):
        _collect_constants(node, consts)
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
