"""The facts the engine generates for a program (asked keys, clash targets, observations), handed to clingo as
symbols instead of program text.

Parsed as text, every program paid about 6 µs a fact: at 10,000 findings some 60,000 facts, 0.37 s per program
and a third of `theorycheck matrix` at 30 theories. A `Facts` is built once, in the parent process (the forked
workers inherit its symbols), and each program draws a relation in with one rule and one call:
`name(X0, X1) :- (X0, X1) = @"tc rows"("name").`, which the grounder turns into plain facts.

No program text can reach those rows (they hold the values that would contradict each observation): the rules are
built as ASTs, and the one function of the grounding context is named `tc rows`, which no `@` term can spell (an
identifier has no space). The context answers no other name either, not even Python's own (`@__init__`), and every
other grounding gets `NO_CALLS`, a context without functions, instead of clingo's default (the `__main__` module).
"""

from __future__ import annotations

from typing import Iterable

import clingo
from clingo import ast

ROWS = "tc rows"  # the context's one function: a name with a space, which no program text can spell
_ENGINE = ast.Location(ast.Position("<block>", 1, 1), ast.Position("<block>", 1, 1))  # as clingo names Control.add


class CallRefused(Exception):
    """A program called a function the grounding context does not offer (`@name(...)`)."""


class _Context:
    """A grounding context whose only attribute is ROWS (the rows of one relation); any other name is refused."""

    __slots__ = ("_symbols",)

    def __init__(self, symbols: dict[str, list[clingo.Symbol]] | None = None):
        object.__setattr__(self, "_symbols", symbols or {})

    def __getattribute__(self, name: str):
        if name != ROWS:
            raise CallRefused(name)
        symbols = object.__getattribute__(self, "_symbols")
        return lambda relation: symbols.get(relation.string, []) if relation.type == clingo.SymbolType.String else []

    def __setattr__(self, name: str, value) -> None:
        raise CallRefused(name)


NO_CALLS = _Context()  # for every grounding that draws in no generated facts


class Facts:
    """Named relations of ground facts, each row a tuple of term texts (one arity per relation).

    An opaque value outside the solver package: callers build it from text and pass it to a grounding.
    """

    def __init__(self, relations: dict[str, Iterable[tuple[str, ...]]], arity_of: dict[str, int] | None = None):
        """`arity_of`: a relation's arity when it may have no rows (else 1), so that a rule reading it is not told
        its atoms are undefined."""
        self.rows = {name: list(rows) for name, rows in relations.items()}
        self.arity: dict[str, int] = {}
        symbols: dict[str, list[clingo.Symbol]] = {}
        for name, rows in self.rows.items():
            arities = {len(row) for row in rows} | ({arity_of[name]} if arity_of and name in arity_of else set())
            if len(arities) > 1:
                raise ValueError(f"relation {name} has rows of arities {sorted(arities)}")
            self.arity[name] = arity = arities.pop() if arities else 1
            # All rows parsed as one tuple term: one call, where a clingo.Tuple_ per row cost 3.5 µs each.
            rows_text = ",".join(row[0] if arity == 1 else f"({','.join(row)})" for row in rows)
            symbols[name] = list(clingo.parse_term(f"({rows_text},)").arguments) if rows else []
        self._context = _Context(symbols)

    def rules(self, part: str | None = None) -> list[ast.AST]:
        """The rules that draw every relation in, one each, as ASTs (no text can spell their `@` term); in program
        `part` if named (else in the part the statements before them opened)."""
        out = [ast.Program(_ENGINE, part, [])] if part else []
        for name, arity in self.arity.items():
            args = [ast.Variable(_ENGINE, f"X{i}") for i in range(arity)]
            row = ast.Function(_ENGINE, "", args, 0) if arity > 1 else args[0]
            call = ast.Function(_ENGINE, ROWS, [ast.SymbolicTerm(_ENGINE, clingo.String(name))], 1)
            head = ast.Literal(_ENGINE, ast.Sign.NoSign, ast.SymbolicAtom(ast.Function(_ENGINE, name, args, 0)))
            body = ast.Literal(_ENGINE, ast.Sign.NoSign, ast.Comparison(row, [ast.Guard(ast.ComparisonOperator.Equal, call)]))
            out.append(ast.Rule(_ENGINE, head, [body]))
        return out

    def text(self) -> str:
        """The same facts as program text, for a solver without the Python context (the bare clingo executable)."""
        return "".join(f"{name}({', '.join(row)}).\n" for name, rows in self.rows.items() for row in rows)

    def context(self) -> _Context:
        """What `Control.ground` needs as `context` to ground `rules()`."""
        return self._context


Target = dict[str, list[tuple[str, list[str]]]]  # finding id -> [(observed key, values incompatible with it)]
RelationTarget = list[tuple[str, str, str, str]]  # (finding, key, other key, relation their observed values violate)


def check_facts(asked: list[str]) -> Facts:
    """The generated facts of a check program: `asked(K)` for every key."""
    return Facts({"asked": [(key,) for key in asked]})


def clash_facts(targets: Target, relation_targets: RelationTarget, live: list[tuple[str, str]],
                live_relations: list[tuple[str, str, str]]) -> Facts:
    """The clash targets of the clashes a program derives (encodings/clashes.lp): `_tc_clashes(F, K, V)` for each
    finding F, observed key K and value V that would contradict the observation, where (K, V) is in `live`, and
    `_tc_rclashes(F, K1, K2, R)` for each relation R that the values F observes for K1 and K2 violate, where
    (K1, K2, R) is in `live_relations`."""
    live, live_relations = set(live), set(live_relations)
    clashes = [(finding, key, value) for finding, observations in sorted(targets.items())
               for key, values in observations for value in values if (key, value) in live]
    related = sorted(row for row in relation_targets if row[1:] in live_relations)
    return Facts({"_tc_clashes": clashes, "_tc_rclashes": related}, arity_of={"_tc_clashes": 3, "_tc_rclashes": 4})
