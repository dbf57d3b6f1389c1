"""The knowledge base: a folder with `findings.lp` and `theories/`, loaded and checked as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import solver
from .errors import InputError
from .findings import read_findings
from .model import Citation, Diagnostic, Finding, Theory
from .theories import ProgramFile, isolation_problems, read_program, read_theory, same_name
from .vocabulary import Vocabulary, read_vocabulary

BACKGROUND = "background.lp"


@dataclass
class KB:
    """Everything a check needs: vocabulary, background program, findings and theories."""

    root: Path
    vocabulary: Vocabulary
    background: ProgramFile
    findings: list[Finding]
    citations: list[Citation]
    theories: dict[str, Theory] = field(default_factory=dict)
    programs: dict[str, ProgramFile] = field(default_factory=dict)

    def theory(self, name: str) -> Theory:
        if name not in self.theories:
            raise InputError(f"unknown theory '{name}'; available: {', '.join(sorted(self.theories)) or '(none)'}")
        return self.theories[name]

    def finding(self, ident: str) -> Finding:
        for finding in self.findings:
            if finding.id == ident:
                return finding
        raise InputError(f"unknown finding '{ident}'")

    def sources(self, theory_name: str) -> list[solver.SourceFile]:
        """The program files a solve of this theory grounds: the background as written, the theory switchable."""
        return [self.background.source(False), self.programs[theory_name].source(True)]

    def claims(self, theory_name: str) -> dict[str, str]:
        """Claim text of every rule group a derivation for this theory can cite: bridge rules and axioms."""
        groups = list(self.background.notes.groups) + list(self.theory(theory_name).axioms)
        return {g.id: g.claim for g in groups}

    def asked_keys(self) -> list[str]:
        """Every observation key of every finding, once, sorted: the `asked/1` facts of a grounding."""
        return sorted({o.key for f in self.findings for o in f.observations})


def load_kb(root: str | Path = ".", findings: list[str | Path] = (), theory_files: list[str | Path] = ()) -> KB:
    """Load and check a knowledge base folder, plus extra findings and theory files.

    Example:
        kb = load_kb(".", findings=["new-paper.lp"])
    """
    root = Path(root)
    theory_dir = root / "theories"
    background_path = theory_dir / BACKGROUND
    finding_paths = [root / "findings.lp", *map(Path, findings)]
    if not background_path.is_file():
        raise InputError(f"{root}: not a knowledge base (no theories/{BACKGROUND}); use --kb DIR")
    background = read_program(background_path)
    problems = isolation_problems(background)
    if problems:
        raise InputError(problems)
    vocab = read_vocabulary(background_path, background.text, background.rules)
    found, citations = read_findings([p for p in finding_paths if p.exists() or p != root / "findings.lp"], vocab)
    kb = KB(root, vocab, background, found, citations)
    ids = {f.id for f in found}
    paths = sorted(p for p in theory_dir.glob("*.lp") if p.name != BACKGROUND) + [Path(p) for p in theory_files]
    errors: list[Diagnostic] = []
    for path in paths:
        try:
            theory, program = read_theory(path, vocab, ids)
        except InputError as err:
            errors.extend(err.diagnostics)
            continue
        if theory.name in kb.theories:
            errors.append(same_name(theory.name, program, kb.programs[theory.name]))
            continue
        kb.theories[theory.name] = theory
        kb.programs[theory.name] = program
    if errors:
        raise InputError(errors)
    # Unitary theories first, then class-specific ones (comparison theories), each group by name.
    kb.theories = dict(sorted(kb.theories.items(), key=lambda item: (not item[1].unitary, item[0])))
    return kb
