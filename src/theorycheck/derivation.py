"""Derivation trees from the recorded rule firings of one solve (pure Python)."""

from __future__ import annotations

from collections import defaultdict

from .model import Step

LEAF_INPUT = "input"
LEAF_FACT = "background"


class Derivations:
    """For each derived atom, one shortest well-founded derivation: the rule group and its premises."""

    def __init__(self, fired: list[tuple[int, str, tuple[str, ...]]], rules: list[tuple[str, object]]):
        self.rules = rules
        by_head: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for index, head, premises in fired:
            by_head[head].append((index, premises))
        self.best: dict[str, tuple[int, tuple[str, ...]]] = {}
        self._settle(by_head)

    def _settle(self, by_head) -> None:
        """Breadth-first from the leaves: an atom is settled by the first firing whose premises are settled."""
        derived = set(by_head)
        settled = lambda atom: atom not in derived or atom in self.best  # noqa: E731
        pending = dict(by_head)
        while pending:
            newly = {}
            for head, firings in sorted(pending.items()):
                for index, premises in firings:
                    if all(settled(p) for p in premises):
                        newly[head] = (index, premises)
                        break
            if not newly:
                break
            self.best.update(newly)
            for head in newly:
                del pending[head]

    def tree(self, atom: str) -> Step:
        """The derivation of `atom`; atoms without a recorded firing are leaves (facts or input)."""
        if atom not in self.best:
            return Step(atom, LEAF_INPUT if atom.startswith("asked(") else LEAF_FACT)
        index, premises = self.best[atom]
        return Step(atom, self.rules[index][0], tuple(self.tree(p) for p in premises))

    def groups(self, atom: str) -> set[str]:
        """The rule groups (axioms and bridge rules) used anywhere in the derivation of `atom`."""
        found, stack, seen = set(), [atom], set()
        while stack:
            current = stack.pop()
            if current in seen or current not in self.best:
                continue
            seen.add(current)
            index, premises = self.best[current]
            found.add(self.rules[index][0])
            stack.extend(premises)
        return found
