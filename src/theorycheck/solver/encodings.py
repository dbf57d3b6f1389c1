"""The engine's own ASP encodings: package data in theorycheck/encodings/, read once, with their generated facts."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def encoding(name: str) -> str:
    """The text of theorycheck/encodings/NAME.lp."""
    return (files("theorycheck") / "encodings" / f"{name}.lp").read_text(encoding="utf-8")


def facts_of(name: str, values: list[str]) -> str:
    """`name(v).` for each value: the small per-theory inputs of an encoding (its axioms, its drug classes)."""
    return "".join(f"{name}({value}).\n" for value in values)
