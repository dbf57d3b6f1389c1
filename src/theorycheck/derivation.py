"""Derivation trees from the recorded rule firings of one solve (pure Python)."""

from __future__ import annotations

from collections import defaultdict

from .results import Step

LEAF_INPUT = "input"
LEAF_FACT = "background"


class Derivations:
    """For each derived atom, one shortest well-founded derivation: the rule group and its premises.

    Trees and the sets of rule groups they use are memoised per atom, so shared sub-derivations are built once
    and the cost stays linear in the number of firings, however many predictions share them.
    """

    def __init__(self, fired: list[tuple[int, str, tuple[str, ...]]], rules: list[tuple[str, object]]):
        self.rules = rules
        by_head: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for index, head, premises in fired:
            by_head[head].append((index, premises))
        self.best: dict[str, tuple[int, tuple[str, ...]]] = {}
        self._trees: dict[str, Step] = {}
        self._groups: dict[str, frozenset[str]] = {}
        self._settle(by_head)

    def _settle(self, by_head) -> None:
        """Breadth-first from the leaves: an atom is settled by the first firing whose premises are settled."""
        derived = set(by_head)
        waiting: dict[str, list[tuple[str, int, tuple[str, ...]]]] = defaultdict(list)
        missing: dict[tuple[str, int], int] = {}
        ready: list[str] = []
        for head, firings in sorted(by_head.items()):
            for slot, (index, premises) in enumerate(firings):
                pending = {p for p in premises if p in derived}
                missing[(head, slot)] = len(pending)
                for premise in pending:
                    waiting[premise].append((head, slot, premises))
                if not pending and head not in self.best:
                    self.best[head] = (index, premises)
                    ready.append(head)
        while ready:
            nxt = []
            for atom in ready:
                for head, slot, premises in waiting.pop(atom, ()):
                    missing[(head, slot)] -= 1
                    if missing[(head, slot)] == 0 and head not in self.best:
                        self.best[head] = (by_head[head][slot][0], premises)
                        nxt.append(head)
            ready = sorted(nxt)

    def tree(self, atom: str) -> Step:
        """The derivation of `atom`; atoms without a recorded firing are leaves (background facts or input)."""
        if atom in self._trees:
            return self._trees[atom]
        if atom not in self.best:
            step = Step(atom, LEAF_INPUT if atom.startswith("asked(") else LEAF_FACT)
        else:
            index, premises = self.best[atom]
            step = Step(atom, self.rules[index][0], tuple(self.tree(p) for p in premises))
        self._trees[atom] = step
        return step

    def groups(self, atom: str) -> frozenset[str]:
        """The rule groups (axioms and bridge rules) used anywhere in the derivation of `atom`."""
        if atom not in self._groups:
            if atom not in self.best:
                self._groups[atom] = frozenset()
            else:
                index, premises = self.best[atom]
                found = {self.rules[index][0]}
                for premise in premises:
                    found |= self.groups(premise)
                self._groups[atom] = frozenset(found)
        return self._groups[atom]
