"""The facts the engine generates for a program (asked keys, clash targets, observations), handed to clingo as
symbols instead of program text.

Parsed as text, every program paid about 6 µs a fact: at 10,000 findings some 60,000 facts, 0.37 s per program
and a third of `theorycheck matrix` at 30 theories. A `Facts` is built once, in the parent process (the forked
workers inherit its symbols), and each program draws a relation in with one rule and one call:
`name(X0, X1) :- (X0, X1) = @_tc_rows("name").`, which the grounder turns into plain facts.
"""

from __future__ import annotations

from typing import Iterable

import clingo

ROWS = "_tc_rows"


class _Context:
    """The grounding context: `@_tc_rows(name)` returns the rows of one relation."""

    def __init__(self, symbols: dict[str, list[clingo.Symbol]]):
        self._symbols = symbols

    def _tc_rows(self, name: clingo.Symbol) -> list[clingo.Symbol]:
        return self._symbols[name.string]


class Facts:
    """Named relations of ground facts, each row a tuple of term texts (one arity per relation).

    An opaque value outside the solver package: callers build it from text and pass it to a grounding.
    """

    def __init__(self, relations: dict[str, Iterable[tuple[str, ...]]]):
        self.rows = {name: list(rows) for name, rows in relations.items()}
        self.arity: dict[str, int] = {}
        symbols: dict[str, list[clingo.Symbol]] = {}
        for name, rows in self.rows.items():
            arities = {len(row) for row in rows}
            if len(arities) > 1:
                raise ValueError(f"relation {name} has rows of arities {sorted(arities)}")
            self.arity[name] = arity = arities.pop() if arities else 1
            # All rows parsed as one tuple term: one call, where a clingo.Tuple_ per row cost 3.5 µs each.
            rows_text = ",".join(row[0] if arity == 1 else f"({','.join(row)})" for row in rows)
            symbols[name] = list(clingo.parse_term(f"({rows_text},)").arguments) if rows else []
        self._context = _Context(symbols)

    def rules(self) -> str:
        """The program text that draws every relation in: one rule each."""
        lines = []
        for name, arity in self.arity.items():
            args = ", ".join(f"X{i}" for i in range(arity))
            lines.append(f'{name}({args}) :- {"(" + args + ")" if arity > 1 else args} = @{ROWS}("{name}").')
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        """The same facts as program text, for a solver without the Python context (the bare clingo executable)."""
        return "".join(f"{name}({', '.join(row)}).\n" for name, rows in self.rows.items() for row in rows)

    def context(self) -> _Context:
        """What `Control.ground` needs as `context` to ground `rules()`."""
        return self._context
