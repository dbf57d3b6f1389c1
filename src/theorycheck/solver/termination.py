"""Rules that may build ever new terms, the usual reason a grounding never ends: found in the text, not grounded."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import clingo
from clingo import ast

from ..model import Diagnostic, Location
from .grounding import SourceFile
from .parsing import _Log, _location, _parse

_EQUAL = ast.ComparisonOperator.Equal
Predicate = tuple[str, int]


@dataclass(frozen=True)
class _Rule:
    """A rule with the predicates of its head atoms and of its positive body atoms: the dependency graph's edges."""

    node: ast.AST
    heads: frozenset[Predicate]
    body: frozenset[Predicate]
    location: Location
    text: str


def growing_rules(files: list[SourceFile], severity: str = "error") -> list[Diagnostic]:
    """`_growing_rules`, kept across runs (cache.py) by the files' paths and texts."""
    from ..cache import cached

    parts = tuple(part for source in files for part in (str(source.path), source.text))
    return cached(f"growing-{severity}", parts, lambda: _growing_rules(files, severity))


def _growing_rules(files: list[SourceFile], severity: str) -> list[Diagnostic]:
    """One diagnostic per rule of `files` whose head makes a new term from a body atom that depends on the head.

    Such a rule sits in a positive cycle of the predicate dependency graph (taken over all the files together,
    as they are grounded together) and has in a head atom of that cycle an arithmetic or function term over
    variables bound by the cycle's body atoms (directly, or through `Y = X + 1` in the body): every term it
    derives feeds the next, larger one. Recursion through negation alone is no cycle here; it builds nothing.

    Whether a grounding ends is undecidable, so this is a hint for the message of a grounding that ran out of time
    or memory, and for lint; never a verdict: `p(X+1) :- p(X), X < 10.` is flagged, and its grounding ends.
    """
    rules = [rule for source in files for rule in _rules(source.path, source.text)]
    depends: dict[Predicate, set[Predicate]] = {}
    for rule in rules:
        for head in rule.heads:
            depends.setdefault(head, set()).update(rule.body)
    closure = {pred: _reachable(pred, depends) for pred in depends}
    return [Diagnostic(severity, f"rule '{rule.text}' may build ever new terms (its head makes a new term from its "
                       "own body): unless a condition bounds them, grounding never ends", rule.location)
            for rule in rules if any(head in closure[head] for head in rule.heads) and _grows_in(rule, closure)]


_GROWS: dict[tuple, tuple[_Rule, bool]] = {}  # (rule, the dependencies it sits in) -> (rule, whether it grows)


def _grows_in(rule: _Rule, closure: dict) -> bool:
    """`_grows`, once per rule and dependency pattern: lint and `matrix` ask it of the background's recursive
    rules with every theory, and the answer depends only on which of its predicates depend on its heads."""
    preds = rule.heads | rule.body
    key = (id(rule), frozenset((h, p) for h in rule.heads for p in preds if h in closure.get(p, ())))
    if key not in _GROWS or _GROWS[key][0] is not rule:
        _GROWS[key] = (rule, _grows(rule.node, closure))
    return _GROWS[key][1]


@lru_cache(maxsize=16)
def _rules(path: Path, text: str) -> tuple[_Rule, ...]:
    """The rules of a file with their predicates, read once: lint asks about every theory with the same background.

    Facts (no body) are left out: they add no dependency and build nothing from a body (most of the background's
    statements are facts, and walking their trees was most of this check)."""
    return tuple(_Rule(stm, frozenset(map(_predicate, _atoms(stm.head))), frozenset(map(_predicate, _atoms(stm.body))),
                       _location(stm.location), _text(text, stm))
                 for stm in _parse(path, text, _Log()) if stm.ast_type == ast.ASTType.Rule and len(stm.body))


def _grows(rule, closure: dict) -> bool:
    """Whether a head atom of the rule builds a term from variables of a body atom that depends on that head."""
    for head in _atoms(rule.head):
        pred = _predicate(head)
        if pred not in closure.get(pred, ()):
            continue
        recursive = [lit.atom.symbol for lit in rule.body
                     if _positive_atom(lit) and pred in closure.get(_predicate(lit.atom), ())]
        bound = set().union(*(_variables(term) for term in recursive))
        grown = _assigned(rule.body, bound)
        matched = {str(sub) for atom in _atoms(rule.body) for arg in _arguments(atom.symbol)
                   for sub in _subterms(arg)}
        built = set().union(*(_built_from(arg, matched) for arg in _arguments(head.symbol)))
        if built & (bound | grown) or _variables(head.symbol) & grown:
            return True
    return False


def _assigned(body, bound: set[str]) -> set[str]:
    """Variables the body sets to a term built from `bound` ones or from each other: `Y = X + 1`."""
    grown: set[str] = set()
    changed = True
    while changed:
        changed = False
        for lit in body:
            if lit.ast_type != ast.ASTType.Literal or lit.sign != ast.Sign.NoSign \
                    or lit.atom.ast_type != ast.ASTType.Comparison or len(lit.atom.guards) != 1 \
                    or lit.atom.guards[0].comparison != _EQUAL:
                continue
            for left, right in ((lit.atom.term, lit.atom.guards[0].term), (lit.atom.guards[0].term, lit.atom.term)):
                if left.ast_type == ast.ASTType.Variable and left.name not in grown \
                        and _built_from(right, set()) & (bound | grown):
                    grown.add(left.name)
                    changed = True
    return grown


def _reachable(start: Predicate, depends: dict) -> set[Predicate]:
    """The predicates `start` depends on positively, through any number of rules (itself only through a cycle)."""
    seen: set[Predicate] = set()
    todo = list(depends.get(start, ()))
    while todo:
        pred = todo.pop()
        if pred not in seen:
            seen.add(pred)
            todo.extend(depends.get(pred, ()))
    return seen


def _atoms(node) -> list:
    """The symbolic atoms in a head or body, outside negated literals (those make no positive dependency)."""
    if isinstance(node, (list, ast.ASTSequence)):
        return [atom for item in node for atom in _atoms(item)]
    if not isinstance(node, ast.AST):
        return []
    if node.ast_type == ast.ASTType.Literal and node.sign != ast.Sign.NoSign:
        return []
    if node.ast_type == ast.ASTType.SymbolicAtom:
        return [node] if _arguments(node.symbol) is not None else []
    return [atom for key in node.keys() if key != "location" for atom in _atoms(getattr(node, key))]


def _positive_atom(lit) -> bool:
    return lit.ast_type == ast.ASTType.Literal and lit.sign == ast.Sign.NoSign \
        and lit.atom.ast_type == ast.ASTType.SymbolicAtom and _arguments(lit.atom.symbol) is not None


def _predicate(atom) -> Predicate:
    term = _unsigned(atom.symbol)
    return (term.name, len(_arguments(term)))


def _unsigned(term):
    """The atom's term without its classical negation (`-p(X)` is grounded like `p(X)`)."""
    return term.argument if term.ast_type == ast.ASTType.UnaryOperation else term


def _arguments(term) -> list | None:
    """The arguments of an atom's term (none for `p`); None for what is no predicate (a pool, say)."""
    term = _unsigned(term)
    if term.ast_type == ast.ASTType.Function:
        return list(term.arguments)
    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type == clingo.SymbolType.Function:
        return []
    return None


def _built_from(term, matched: set[str]) -> set[str]:
    """The variables under an arithmetic operation or a function term (a tuple too): the terms that can grow.

    A term that a body atom holds as written (`in_state(S, M)` in `manipulation(in_state(S, M))`) is matched
    against what is already there, not built.
    """
    if str(term) in matched:
        return set()
    if term.ast_type == ast.ASTType.BinaryOperation or (term.ast_type == ast.ASTType.Function and term.arguments):
        return _variables(term)
    return set().union(*(_built_from(child, matched) for child in _children(term)))


def _subterms(term) -> list:
    return [term] + [sub for child in _children(term) for sub in _subterms(child)]


def _variables(term) -> set[str]:
    if term.ast_type == ast.ASTType.Variable:
        return {term.name} if term.name != "_" else set()
    return set().union(*(_variables(child) for child in _children(term)))


def _children(node) -> list:
    children = []
    for key in node.keys():
        value = getattr(node, key)
        if isinstance(value, ast.AST) and key != "location":
            children.append(value)
        elif isinstance(value, (list, ast.ASTSequence)):
            children.extend(item for item in value if isinstance(item, ast.AST))
    return children


def _text(text: str, rule) -> str:
    """The rule as the user wrote it (clingo's own rendering adds parentheses), on one line, at most 80 characters."""
    begin, end = rule.location.begin, rule.location.end
    lines = text.split("\n")[begin.line - 1:end.line]
    lines[-1] = lines[-1][:end.column - 1]
    lines[0] = lines[0][begin.column - 1:]
    written = " ".join(" ".join(lines).split())
    return written if len(written) <= 80 else written[:77] + "..."
