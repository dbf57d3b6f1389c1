"""Where a rule pins a variable of a body atom to a constant: `primary_target(D, T), T = mu_opioid_receptor` tests
primary_target/2 for one value as surely as `primary_target(D, mu_opioid_receptor)` does."""

from __future__ import annotations

import clingo
from clingo import ast

_T = ast.ASTType


def pinned_args(rule) -> set[tuple[str, str]]:
    """(predicate, constant) for each body atom (conditions included) with a variable argument that a comparison of
    the rule (`=`, `!=`, `<`, ...: each splits the values) relates to a ground term, directly or through equalities
    between variables (`T = U, U = c`)."""
    comparisons, atoms = [], []
    stack = list(rule.body) + _head_conditions(rule.head)
    while stack:
        node = stack.pop()
        if not isinstance(node, ast.AST):
            continue
        kind = node.ast_type
        if kind == _T.Comparison:
            comparisons.append(node)
            continue
        if kind == _T.SymbolicAtom:
            atoms.append(node.symbol)
            continue
        for key in node.keys():
            if key != "location":
                value = getattr(node, key)
                stack.extend(value if isinstance(value, (list, ast.ASTSequence)) else [value])
    same: dict[str, str] = {}  # union-find over variables that equalities join

    def root(name: str) -> str:
        while same.get(name, name) != name:
            name = same[name]
        return name

    pins: list[tuple[str, str]] = []  # (variable, constant text)
    for comparison in comparisons:
        left = comparison.term
        for guard in comparison.guards:
            right = guard.term
            names = [_variable(t) for t in (left, right)]
            if all(names) and guard.comparison == ast.ComparisonOperator.Equal:
                same[root(names[0])] = root(names[1])
            for name, other in ((names[0], right), (names[1], left)):
                if name and _ground(other):
                    pins.append((name, str(other)))
            left = right
    if not pins:
        return set()
    uses: dict[str, set[str]] = {}
    for symbol in atoms:
        term = symbol.argument if symbol.ast_type == _T.UnaryOperation else symbol
        if term.ast_type != _T.Function or term.external:
            continue
        for arg in term.arguments:
            name = _variable(arg)
            if name:
                uses.setdefault(root(name), set()).add(term.name)
    return {(pred, constant) for name, constant in pins for pred in uses.get(root(name), ())}


def _head_conditions(head) -> list:
    """The conditions of a head's choice or disjunction elements: they are read like a body."""
    found = []
    for element in getattr(head, "elements", None) or ():
        condition = getattr(element, "condition", None)
        if isinstance(condition, ast.AST):
            found.append(condition)
        elif condition is not None:
            found.extend(condition)
    return found


def _variable(term) -> str | None:
    return term.name if term.ast_type == _T.Variable and term.name != "_" else None


def _ground(term) -> bool:
    """A constant, number, string or function term without variables, operations or pools."""
    if term.ast_type == _T.SymbolicTerm:
        return term.symbol.type in (clingo.SymbolType.Function, clingo.SymbolType.Number, clingo.SymbolType.String)
    if term.ast_type == _T.Function and not term.external:
        return all(_ground(arg) for arg in term.arguments)
    return False
