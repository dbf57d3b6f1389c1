"""theorycheck: test theories of addiction, written as clingo axioms, against empirical findings.

Example:
    import theorycheck
    kb = theorycheck.load_kb(".")
    result = theorycheck.check(kb)
    result.verdicts(theory="incentive_sensitization")
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["load_kb", "check", "InputError"]


def __getattr__(name: str):
    # Lazy, so that `theorycheck --help` never imports clingo.
    if name == "load_kb":
        from .kb import load_kb

        return load_kb
    if name == "check":
        from .engine import check

        return check
    if name == "InputError":
        from .errors import InputError

        return InputError
    raise AttributeError(name)
