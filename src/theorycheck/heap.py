"""Python's cyclic garbage collector while the engine works on a loaded knowledge base.

A loaded KB is a few hundred thousand small objects that live as long as it does (findings, observations, terms);
a check adds a few million more (predictions, verdicts, derivation steps) and makes next to no reference cycles.
With the collector's default settings every full collection walked all of them again: at 10,000 findings a fifth
of `check` (0.58 of 2.85 s in the parent, 351 collections) was the collector finding nothing to free.

`steady` (a decorator for the engine's entry points) therefore, for the length of the call:

- freezes what exists when it starts (`gc.freeze`): the KB is never walked again, and the forked workers do not
  write to its pages when they collect (the use Python's documentation of `gc.freeze` gives for `fork`);
- raises the thresholds as mypy does, for the objects the call makes (console.main sets them for a whole command).

Both are undone when the outermost such call returns: nothing is kept frozen, and a notebook's collector has its
own settings again. Memory is unchanged but for cycles made during a call, which are collected later.
"""

from __future__ import annotations

import gc
from functools import wraps
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)

THRESHOLDS = (200_000, 30, 30)
_depth = 0  # nested entry points (repair_all calls check): only the outermost freezes and restores


def steady(func: F) -> F:
    """`func` with the KB frozen for the collector and its thresholds raised while it runs."""

    @wraps(func)
    def call(*args, **kwargs):
        global _depth
        if _depth:
            return func(*args, **kwargs)
        saved = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(*(max(a, b) for a, b in zip(saved, THRESHOLDS)))
        _depth = 1
        try:
            return func(*args, **kwargs)
        finally:
            _depth = 0
            gc.set_threshold(*saved)
            gc.unfreeze()

    return call  # type: ignore[return-value]
