"""What any theory of a knowledge base could ever predict: an over-approximation, for lint's reach warnings.

The background and every theory are grounded together with each rule relaxed: conditions under `not`, aggregates
and conditional literals dropped (a rule then fires wherever its positive conditions hold), choice and disjunctive
heads made definite (each element a rule of its own), integrity constraints dropped. The result is a positive
program whose one model holds every atom that some theory, with any of its axioms switched on or off, in any answer
set, can derive, and more. A key that no `predicts/2` or `predicts_relation/3` atom of it names can never be
predicted by any theory of the knowledge base.
"""

from __future__ import annotations

import clingo
from clingo import ast

from .facts import Facts
from .grounding import SourceFile
from .parsing import _ground, _Log, _parse


def reachable_keys(files: list[SourceFile], facts: Facts) -> set[str] | None:
    """The asked keys (`facts` holds `asked/1`) some relaxed rule predicts or relates; None when the relaxed
    program cannot be grounded (a dropped aggregate bound a variable, say): then nothing is known."""
    log = _Log()
    ctl = clingo.Control(["--warn=none"], logger=log, message_limit=20)
    try:
        with ast.ProgramBuilder(ctl) as builder:
            for source in files:
                for stm in _parse(source.path, source.text, log):
                    for new in _relax(stm):
                        builder.add(new)
            for rule in facts.rules():
                builder.add(rule)
        _ground(ctl, log, facts.context())
    except Exception:  # noqa: BLE001 - an over-approximation that cannot be built says nothing
        return None
    found: set[str] = set()
    for atom in ctl.symbolic_atoms.by_signature("predicts", 2):
        found.add(str(atom.symbol.arguments[0]))
    for atom in ctl.symbolic_atoms.by_signature("predicts_relation", 3):
        found.update(str(arg) for arg in atom.symbol.arguments[:2])
    return found


def _relax(stm) -> list:
    """The relaxed form of one statement (see the module docstring); statements other than rules stay."""
    if stm.ast_type != ast.ASTType.Rule:
        return [stm]
    body = [lit for lit in stm.body if _kept(lit)]
    head = stm.head
    if head.ast_type == ast.ASTType.Literal:
        if head.atom.ast_type == ast.ASTType.BooleanConstant:
            return []  # an integrity constraint (or a fact `#true`): it derives nothing
        return [ast.Rule(stm.location, head, body)] if head.sign == ast.Sign.NoSign else []
    if head.ast_type in (ast.ASTType.Aggregate, ast.ASTType.Disjunction):
        out = []
        for element in head.elements:
            literal = element.literal
            if literal.sign == ast.Sign.NoSign and literal.atom.ast_type == ast.ASTType.SymbolicAtom:
                out.append(ast.Rule(stm.location, literal, body + [c for c in element.condition if _kept(c)]))
        return out
    return []  # a head aggregate (#sum, #count in the head) or a theory atom: it derives nothing this reads


def _kept(literal) -> bool:
    """Whether a body literal stays: positive atoms and comparisons (which bind and filter variables)."""
    if literal.ast_type != ast.ASTType.Literal or literal.sign != ast.Sign.NoSign:
        return False
    return literal.atom.ast_type in (ast.ASTType.SymbolicAtom, ast.ASTType.Comparison)
