"""The engine's own ASP encodings: package data in theorycheck/encodings/, read once, with their generated facts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

# Beside the package's modules, as cache.py hashes them: importlib.resources (and the zipfile module its readers
# import) cost 5 ms of every command for a package that is always a folder of files.
FOLDER = Path(__file__).resolve().parent.parent / "encodings"


@cache
def encoding(name: str) -> str:
    """The text of theorycheck/encodings/NAME.lp."""
    return (FOLDER / f"{name}.lp").read_text(encoding="utf-8")


def facts_of(name: str, values: list[str]) -> str:
    """`name(v).` for each value: the small per-theory inputs of an encoding (its axioms, its drug classes)."""
    return "".join(f"{name}({value}).\n" for value in values)
