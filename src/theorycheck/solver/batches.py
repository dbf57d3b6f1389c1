"""The pieces of the conflict-set enumeration in batches of findings (Grounding.all_minimal_conflicts): the cells
of a batch, the batch program of a bottom (solver/cone.py), the domRec solve, and the sets of every version."""

from __future__ import annotations

import clingo

from .encodings import encoding


def cells_text(part: int, batches: list[list[str]]) -> str:
    """`_tc_cell(P, B, F)`: finding F is in batch B of enumeration P (the input of encodings/batch.lp)."""
    return "".join(f"_tc_cell({part}, {b}, {finding}).\n" for b, batch in enumerate(batches) for finding in batch)


def batch_program(batch: list[str]) -> str:
    """The program that enumerates one batch's conflict sets on a Control of its own (a bottom): its cells, the
    batch on, the switches shown, and encodings/batch.lp (whose switch `_tc_part(1, 0)` is then assigned true)."""
    return f"{cells_text(1, [batch])}_tc_batch.\n#show _tc_on/1.\n{encoding('batch')}"


def enumerate_minimal(ctl: clingo.Control, assumptions: list, on_model, timeout: float) -> bool:
    """domRec enumeration under `assumptions` (the switches' values and the batch's); whether it finished in time."""
    ctl.configuration.solve.enum_mode = "domRec"
    ctl.configuration.solve.models = 0
    with ctl.solve(assumptions=assumptions, on_model=on_model, async_=True) as handle:
        if not handle.wait(timeout):
            handle.cancel()
        # Finished means the search space was exhausted, whatever the clock said when it ended.
        return handle.get().exhausted


def in_every_version(per_version: list[set[tuple[str, ...]]], limit: int = 4096) -> set[tuple[str, ...]]:
    """The subset-minimal switch sets that produce a clash in every version: a union of one minimal set of each
    version (the theory's consequences are those of every version). `limit` bounds the combinations kept."""
    combined: set[frozenset] = {frozenset()}
    for sets in per_version:
        combined = {c | s for c in combined for s in map(frozenset, sets)}
        combined = {c for c in combined if not any(o < c for o in combined)}
        if len(combined) > limit:
            combined = set(sorted(combined, key=lambda c: (len(c), sorted(c)))[:limit])
    return {tuple(sorted(c)) for c in combined}
