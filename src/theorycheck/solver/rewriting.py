"""How theory rules are rewritten for the engine's programs (clingo ASTs in, clingo ASTs out).

- `_Rewriter`, for checks: each theory rule guarded by its axiom's switch `_tc_on(A)`, and a twin rule that records
  the firing as `_tc_fired(Index, Head, (Premises))`, from which derivation trees are rebuilt.
- `_ScopedRewriter`, for repairs: each theory rule guarded by its axiom and, when the axiom is restricted to a drug
  class, blocked for heads about drugs of another class.
"""

from __future__ import annotations

import re

import clingo
from clingo import ast

from ..model import Location
from .parsing import _location, _parse

GUARD = "_tc_on"
_ANONYMOUS = re.compile(r"(?<![A-Za-z0-9_'\"])_(?![A-Za-z0-9_'])")  # `_` as a variable (strings aside, near enough)
IN_VERSION = "_tc_in"  # encodings/versions.lp: the axiom belongs to the version of the answer set
FIRED = "_tc_fired"
_SHOW = (ast.ASTType.ShowSignature, ast.ASTType.ShowTerm)


class _Rewriter:
    """Guards each theory rule with its axiom's switch and adds a twin rule that records the firing."""

    def __init__(self, versioned: set[str] = frozenset(), start: int = 0, traced: bool = True) -> None:
        self.rules: list[tuple[str, Location]] = []
        self.versioned = versioned  # axioms of some versions only: also guarded by `_tc_in(A)`
        self.start = start  # the index of the first traced rule (those of the files before come first)
        self.traced = traced  # False: no tracing twins (for solves that never read a firing)
        self.heads: set = set()  # the signatures of the traced rules' heads
        self.pending: list = []  # (location, rule index, its premises' signatures): for `needed_premises`

    def rewrite(self, stm, group: str | None, switchable: bool, trace_as: str | None = None) -> list:
        """The rule guarded by its group's switch (when `switchable`), and its tracing twin; a rule of no group is
        traced as `trace_as` if given (the background's vocabulary helpers, so that trees reach the auxiliaries
        behind them), never guarded."""
        if stm.ast_type in _SHOW:
            return []  # the engine shows exactly what it reads (encodings/check.lp); a user's #show would hide predictions
        if stm.ast_type != ast.ASTType.Rule:
            return [stm]
        if _ANONYMOUS.search(str(stm)):  # one rendering, where the transformer walked every rule's whole tree
            stm = _NameAnonymous()(stm)
        loc = stm.location
        body = list(stm.body)
        if switchable and group:
            body.append(_atom_literal(loc, GUARD, [_const(loc, group)]))
        if group in self.versioned:
            body.append(_atom_literal(loc, IN_VERSION, [_const(loc, group)]))
        out = [ast.Rule(loc, stm.head, body)]
        label = group or trace_as
        traced = self.traced and label is not None and _traceable_head(stm.head)
        if traced and (stm.body or (switchable and group)):
            index = self.start + len(self.rules)
            self.rules.append((label, _location(loc)))
            positives = [lit.atom.symbol for lit in stm.body
                         if lit.ast_type == ast.ASTType.Literal and lit.sign == ast.Sign.NoSign
                         and lit.atom.ast_type == ast.ASTType.SymbolicAtom]
            premises = ast.Function(loc, "", positives, 0)
            head = ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(
                ast.Function(loc, FIRED, [ast.SymbolicTerm(loc, clingo.Number(index)), stm.head.atom.symbol, premises], 0)))
            out.append(ast.Rule(loc, head, body))
            self.heads.add(_signature(stm.head.atom.symbol))
            self.pending.append((loc, index, tuple(map(_signature, positives))))
        return out


NEED = "_tc_need"


def needed_premises(pending: list, heads: set) -> list:
    """`_tc_need(Pk) :- _tc_fired(index, H, (P1, ..., Pn)), _tc_need(H).` for each premise k of each traced rule
    (`pending`, from every file of the grounding): the atoms some derivation of a prediction may pass through
    (encodings/check.lp seeds it with the predictions), so that a model shows the firings of those atoms only.
    Derivation trees are rebuilt from every firing of every needed atom, so they are the same; the firings no
    prediction rests on (nine in ten on the shipped KB) are never read.

    A premise whose predicate heads no traced rule (`heads`) is left out: its `_tc_need` would select no firing
    and lead to no other. That is half of these rules on the shipped KB, and a third of a check's grounding time
    (incentive_sensitization 0.111 -> 0.078 s of CPU; 10,000 findings 0.27 -> 0.17 s per theory)."""
    out = []
    for loc, index, signatures in pending:
        premises = [ast.Variable(loc, f"_TC_P{k}") for k in range(len(signatures))]
        fired = _atom_literal(loc, FIRED, [ast.SymbolicTerm(loc, clingo.Number(index)), ast.Variable(loc, "_TC_H"),
                                           ast.Function(loc, "", premises, 0)])
        need = _atom_literal(loc, NEED, [ast.Variable(loc, "_TC_H")])
        out += [ast.Rule(loc, _atom_literal(loc, NEED, [premise]), [fired, need])
                for premise, signature in zip(premises, signatures) if signature is None or signature in heads]
    return out


def _signature(term) -> tuple[str, int] | None:
    """An atom's predicate and arity, None where the atom is not a plain one (`-p(X)`, a pool): kept as needed."""
    if term.ast_type == ast.ASTType.Function and not term.external:
        return term.name, len(term.arguments)
    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type == clingo.SymbolType.Function:
        return term.symbol.name, len(term.symbol.arguments)
    return None


_REWRITTEN: dict[tuple, tuple] = {}  # one file's rewriting, by everything it depends on
_COMBINED: dict[tuple, tuple[list, list]] = {}  # a grounding's files' rewriting with the `_tc_need` rules
_REWRITTEN_MAX = 64


def rewrite_files(files: list, versioned: set[str], log, traced: bool = True) -> tuple[list, list[tuple[str, Location]]]:
    """The check program's statements of `files` (SourceFile) and its traced rules (index -> group, location);
    without `traced`, no rule is traced (no twins: for groundings whose solves never read a firing).

    Each file is rewritten once per process for what its rewriting depends on (its text, how it is switched, the
    index of its first traced rule, its versioned axioms): every theory's grounding shares the background's, and
    the forked workers inherit what the parent rewrote (`prepare`), where each rewrote it again (a fifth of a
    check on the shipped KB)."""
    statements: list = []
    rules: list[tuple[str, Location]] = []
    keys, heads, pending = [], set(), []
    for source in files:
        own = frozenset(versioned) & frozenset(source.members)
        key = (str(source.path), source.text, source.switchable, source.trace_ungrouped, len(rules), own, traced)
        keys.append(key)
        if key not in _REWRITTEN:
            rewriter = _Rewriter(own, len(rules), traced)
            out = []
            for stm in _parse(source.path, source.text, log):
                group = source.group_of(_location(stm.location).line) if stm.ast_type == ast.ASTType.Rule else None
                out += rewriter.rewrite(stm, group, source.switchable, source.trace_ungrouped)
            _keep(_REWRITTEN, key, (out, rewriter.rules, rewriter.heads, rewriter.pending))
        out, own_rules, own_heads, own_pending = _REWRITTEN[key]
        statements += out
        rules += own_rules
        heads |= own_heads
        pending += own_pending
    combined = tuple(keys)
    if combined not in _COMBINED:
        _keep(_COMBINED, combined, (statements + needed_premises(pending, heads), rules))
    return _COMBINED[combined]


def _keep(memo: dict, key, value) -> None:
    if len(memo) >= _REWRITTEN_MAX:
        memo.pop(next(iter(memo)))
    memo[key] = value


class _NameAnonymous(ast.Transformer):
    """Names each anonymous variable, so the twin rule can carry the body atoms in its head."""

    def __init__(self) -> None:
        self.count = 0

    def visit_Variable(self, node):
        if node.name != "_":
            return node
        self.count += 1
        return node.update(name=f"_TC_ANON_{self.count}")  # a reserved name: no user variable has it


def _traceable_head(head) -> bool:
    return (head.ast_type == ast.ASTType.Literal and head.sign == ast.Sign.NoSign
            and head.atom.ast_type == ast.ASTType.SymbolicAtom
            and head.atom.symbol.ast_type in (ast.ASTType.Function, ast.ASTType.SymbolicTerm))


def _const(loc, name: str):
    return ast.SymbolicTerm(loc, clingo.Function(name))


def _atom_literal(loc, name: str, args: list):
    return ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(ast.Function(loc, name, args, 0)))


class _ScopedRewriter(ast.Transformer):
    """Guards each theory rule with its axiom and, for restrictions, with the class of the head's first argument."""

    def __init__(self, group: str, restrictable: bool = True, versioned: bool = False):
        self.group, self.restrictable, self.versioned = group, restrictable, versioned

    def rewrite(self, stm):
        if stm.ast_type != ast.ASTType.Rule:
            return stm
        loc = stm.location
        body = list(stm.body) + [_atom_literal(loc, GUARD, [_const(loc, self.group)])]
        if self.versioned:
            body.append(_atom_literal(loc, IN_VERSION, [_const(loc, self.group)]))
        first = _first_argument(stm.head) if self.restrictable else None
        if first is not None:
            blocked = _atom_literal(loc, "_tc_blocked", [_const(loc, self.group), first])
            body.append(ast.Literal(loc, ast.Sign.Negation, blocked.atom))
        return ast.Rule(loc, stm.head, body)


def _first_argument(head):
    if head.ast_type != ast.ASTType.Literal or head.atom.ast_type != ast.ASTType.SymbolicAtom:
        return None
    term = head.atom.symbol
    if term.ast_type == ast.ASTType.Function and term.arguments:
        return term.arguments[0]
    return None
