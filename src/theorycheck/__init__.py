"""theorycheck: test theories of addiction, written as clingo axioms, against empirical findings.

Example:
    import theorycheck as tc
    kb = tc.load(".")
    result = tc.check(kb, theories=["incentive_sensitization"])
    result.to_records()                     # one dict per verdict, ready for pandas.DataFrame
    tc.explain(kb, "incentive_sensitization", "setting_reward_opposite")
"""

from __future__ import annotations

import sys
import types

__version__ = "0.1.0"

API = ("load", "check", "matrix", "explain", "repair", "compare", "design", "sensitivity", "Result")
__all__ = ["load_kb", "InputError", *API]


def __getattr__(name: str):
    # Lazy, so that `theorycheck --help` never imports clingo.
    if name == "load_kb":
        from .kb import load_kb

        return load_kb
    if name == "InputError":
        from .errors import InputError

        return InputError
    if name in API:
        from . import api

        return getattr(api, name)
    raise AttributeError(name)


class _Package(types.ModuleType):
    """Keeps `theorycheck.explain` (and repair, compare, sensitivity) the API's functions: importing the submodule of
    the same name would otherwise make the package attribute that module."""

    def __setattr__(self, name: str, value) -> None:
        if name in API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
