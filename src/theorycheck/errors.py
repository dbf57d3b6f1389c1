"""The one exception type for bad input: it carries diagnostics with file and line."""

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
