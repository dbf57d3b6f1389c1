"""The part of a ground program that some atoms depend on, solved on its own (a splitting set's bottom).

A conflict-set enumeration asks, for a batch of findings, which sets of switches make their clashes hold. Every
model clingo enumerates costs as much as the program is large, so over the whole grounding the enumeration grew
with the square of the findings: more batches, each as dear as the whole program (at 50,000 findings, 25 batches
of 0.35 s each). The clashes of one batch depend on a small part of the program, though: their own clash rules,
the predictions of their keys, and the mechanisms those rest on. That part is a splitting set (Lifschitz & Turner
1994, "Splitting a logic program", ICLP): every rule defining one of its atoms is in it, with every atom that
rule's body reads. Each answer set of the whole program is an answer set of the part extended by the rest, and when
the rest has no integrity constraint and no cycle through negation or an aggregate, every answer set of the part
extends to one of the whole (the rest, evaluated on it, is a stratified program with choices, which always has an
answer set). The part then has the very answer sets of the whole, restricted to its atoms, and so the same
subset-minimal switch sets.

`GroundProgram` records a grounding's statements as clingo hands them to the solver (a `clingo.Observer`);
`GroundProgram.splittable` says whether the rest is always so harmless (every integrity constraint of the program
is put in the part, with everything it reads, so the rest has none; a cycle through negation or an aggregate, or a
statement this module does not copy (an optimisation, a projection, a theory atom, an acyclicity edge), and the
whole program is solved instead); `GroundProgram.bottom` copies the part for some atoms into a new clingo.Control,
with the atoms a caller names by their symbols.
"""

from __future__ import annotations

from typing import Iterable

import clingo
from clingo.backend import HeuristicType

Statement = tuple  # (choice, head atoms, body literals) or (choice, head atoms, lower bound, ((literal, weight), ...))


class GroundProgram:
    """A clingo.Observer that keeps a grounding's rules and weight rules (its facts as a set), its externals with
    their current values, and its heuristics."""

    def __init__(self) -> None:
        self.facts: set[int] = set()
        self.statements: list[Statement] = []
        self.externals: dict[int, clingo.TruthValue] = {}
        self.heuristics: list[tuple[int, HeuristicType, int, int, tuple[int, ...]]] = []
        self.unsupported: str | None = None  # the first statement the bottom cannot copy
        self._index: tuple[dict, list] | None = None  # atom -> the statements defining it; the constraints
        self._splittable: bool | None = None

    # The observer's side: clingo calls these while it grounds (and `external` when a value is assigned).
    def rule(self, choice: bool, head, body) -> None:
        if not choice and not body and len(head) == 1:
            self.facts.add(head[0])
        else:
            self.statements.append((choice, tuple(head), tuple(body)))
            self._index = self._splittable = None

    def weight_rule(self, choice: bool, head, lower_bound: int, body) -> None:
        self.statements.append((choice, tuple(head), lower_bound, tuple(map(tuple, body))))
        self._index = self._splittable = None

    def external(self, atom: int, value: clingo.TruthValue) -> None:
        self.externals[atom] = value

    def heuristic(self, atom: int, type_: HeuristicType, bias: int, priority: int, condition) -> None:
        self.heuristics.append((atom, type_, bias, priority, tuple(condition)))
        self._index = None

    def _refuse(self, what: str) -> None:
        self.unsupported = self.unsupported or what

    def minimize(self, priority, literals) -> None:
        self._refuse("an optimisation statement")

    def project(self, atoms) -> None:
        self._refuse("a projection")

    def acyc_edge(self, node_u, node_v, condition) -> None:
        self._refuse("an acyclicity edge")

    def theory_atom(self, term_id, element_ids) -> None:
        self._refuse("a theory atom")

    def theory_atom_with_guard(self, term_id, element_ids, operator_id, right_hand_side_id) -> None:
        self._refuse("a theory atom")

    # The reading side.
    def _statements(self) -> tuple[dict[int, list[int]], list[int]]:
        """Each atom's defining statements (those with it in their head, by index) and its heuristics' condition
        atoms (negated indices); the integrity constraints (no head, not a choice)."""
        if self._index is None:
            defining: dict[int, list[int]] = {}
            constraints = []
            for i, (choice, head, *_) in enumerate(self.statements):
                for atom in head:
                    defining.setdefault(atom, []).append(i)
                if not head and not choice:
                    constraints.append(i)
            for i, heuristic in enumerate(self.heuristics):
                defining.setdefault(heuristic[0], []).append(-1 - i)
            self._index = defining, constraints
        return self._index

    def splittable(self) -> bool:
        """Whether the bottom of any atoms has the answer sets of the whole program, restricted to it: no
        statement the bottom cannot copy, and no cycle through a negative literal or a weight rule's body."""
        if self._splittable is None:
            self._splittable = self.unsupported is None and not _unstratified(self.statements)
        return self._splittable

    def cone(self, seeds: Iterable[int]) -> tuple[set[int], list[int]]:
        """The atoms `seeds` and every integrity constraint depend on, and the statements defining them (with the
        constraints): closed under the statements defining an atom (their heads and bodies) and under the
        conditions of the atoms' heuristics."""
        defining, constraints = self._statements()
        chosen = list(constraints)
        stack = [atom for i in constraints for atom in _body_atoms(self.statements[i])]
        stack.extend(seeds)
        seen: set[int] = set()
        while stack:
            atom = stack.pop()
            if atom in seen:
                continue
            seen.add(atom)
            for i in defining.get(atom, ()):
                if i < 0:
                    stack.extend(abs(lit) for lit in self.heuristics[-1 - i][4])
                    continue
                chosen.append(i)
                stack.extend(self.statements[i][1])
                stack.extend(_body_atoms(self.statements[i]))
        return seen, sorted(set(chosen))

    def bottom(self, seeds: Iterable[int], named: dict[int, clingo.Symbol], options: list[str]
               ) -> tuple[clingo.Control, dict[int, int]]:
        """A new Control holding the part of the program `seeds` (and every integrity constraint) depend on, and
        the map of this program's atoms in that part to the new one's. An atom of `named` (atom -> its symbol)
        keeps its symbol there, so that a program added later can read it; every other atom is anonymous.
        Externals keep their current value; the heuristics of the part's atoms are kept."""
        atoms, chosen = self.cone(seeds)
        ctl = clingo.Control(options, logger=_quiet)  # the engine's own program: nothing a user should read
        mapped: dict[int, int] = {}
        with ctl.backend() as backend:
            for atom in sorted(atoms):
                mapped[atom] = backend.add_atom(named[atom]) if atom in named else backend.add_atom()

            def lit(literal: int) -> int:
                return mapped[literal] if literal > 0 else -mapped[-literal]

            for atom in sorted(atoms & self.facts):
                backend.add_rule([mapped[atom]])
            for atom in sorted(atoms & self.externals.keys()):
                if self.externals[atom] != clingo.TruthValue.Release:
                    backend.add_external(mapped[atom], self.externals[atom])
            for i in chosen:
                statement = self.statements[i]
                head = [mapped[atom] for atom in statement[1]]
                if len(statement) == 3:
                    backend.add_rule(head, [lit(b) for b in statement[2]], statement[0])
                else:
                    backend.add_weight_rule(head, statement[2], [(lit(b), w) for b, w in statement[3]], statement[0])
            for atom, type_, bias, priority, condition in self.heuristics:
                if atom in atoms:
                    backend.add_heuristic(mapped[atom], type_, bias, priority, [lit(c) for c in condition])
        return ctl, mapped


def _quiet(code: clingo.MessageCode, message: str) -> None:
    """A logger that drops clingo's messages (else printed on stderr)."""


def _body_atoms(statement: Statement) -> list[int]:
    if len(statement) == 3:
        return [abs(lit) for lit in statement[2]]
    return [abs(lit) for lit, _ in statement[3]]


def _unstratified(statements: list[Statement]) -> bool:
    """Whether some cycle of the dependency graph passes through a negative literal or a weight rule's body (a
    disjunction's head atoms depend on each other). Tarjan's strongly connected components, without recursion."""
    edges: dict[int, list[tuple[int, bool]]] = {}  # head atom -> (body atom, whether the edge is non-monotone)
    for statement in statements:
        head = statement[1]
        if len(statement) == 3:
            out_edges = [(abs(lit), lit < 0) for lit in statement[2]]
        else:
            out_edges = [(abs(lit), True) for lit, _ in statement[3]]
        for atom in head:
            out = edges.setdefault(atom, [])
            out.extend(out_edges)
            out.extend((other, False) for other in head if other != atom)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    component: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = edges.get(node, ())
            if i < len(successors):
                work.append((node, i + 1))
                child = successors[i][0]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = node
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return any(flagged and component.get(child) == component[atom]
               for atom, out in edges.items() for child, flagged in out if child in component)
