"""The exception for bad input, which carries diagnostics with file and line, and the one for a stopping signal."""

from __future__ import annotations

from .model import Diagnostic


class InputError(Exception):
    """Bad input or usage. The CLI prints each diagnostic on stderr and exits with code 2."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic | str):
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("error", diagnostics)]
        elif isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def unknown_name(what: str, name: str, names: list[str]) -> InputError:
    """`unknown theory 'typo' (did you mean 'x'?); available: a, b, c`: the error for a name that is not there."""
    import difflib

    guess = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return InputError(f"unknown {what} '{name}'{hint}; available: {', '.join(sorted(names)) or '(none)'}")


class Interrupted(BaseException):
    """Ctrl-C, SIGTERM or SIGHUP: the command stops as it would at an error (workers ended, nothing half-written)
    and exits with 128 + the signal's number. Not a KeyboardInterrupt, which click would turn into exit 1."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signum)
