"""The knowledge base: a folder with `findings.lp` and `theories/`, loaded and checked as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import solver
from .errors import InputError, unknown_name
from .findings import read_findings
from .kbfiles import present
from .origins import all_finding_files, kb_finding_files, with_origins
from .model import STRENGTHS, Axiom, Citation, Diagnostic, Finding, Theory
from .provenance import read_reference_lists
from .sandbox import DEFAULT_TIMEOUT
from .silence import silence_problems
from .theories import ProgramFile, isolation_problems, read_program, read_theory, same_name
from .vocabulary import Vocabulary, read_vocabulary

BACKGROUND = "background.lp"
VOCABULARY = "vocabulary"  # how derivation trees name a rule of the background that belongs to no auxiliary


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
    references: dict[str, dict[str, Citation]] = field(default_factory=dict)  # paper -> number -> work (provenance)

    def theory(self, name: str) -> Theory:
        if name not in self.theories:
            raise InputError(f"unknown theory '{name}'; available: {', '.join(sorted(self.theories)) or '(none)'}")
        return self.theories[name]

    def finding(self, ident: str) -> Finding:
        for finding in self.findings:
            if finding.id == ident:
                return finding
        raise unknown_name("finding", ident, [f.id for f in self.findings])

    def sources(self, theory_name: str) -> list[solver.SourceFile]:
        """The program files a solve of this theory grounds: the background with its auxiliaries switchable, the
        theory with its axioms switchable."""
        return [self.background.source(True, restrictable=False, trace_ungrouped=VOCABULARY),
                self.programs[theory_name].source(True)]

    @property
    def auxiliaries(self) -> tuple[Axiom, ...]:
        """The auxiliary hypotheses of the background: its named, switchable rule groups."""
        return tuple(self.background.notes.groups)

    def auxiliary_ids(self) -> list[str]:
        return [a.id for a in self.auxiliaries]

    def switches(self, theory_name: str) -> list[str]:
        """Every switch of a grounding of this theory: its axioms, then the background's auxiliaries."""
        return [a.id for a in self.theory(theory_name).axioms] + self.auxiliary_ids()

    def claims(self, theory_name: str) -> dict[str, str]:
        """Claim text of every rule group a derivation for this theory can cite: auxiliaries and axioms."""
        groups = list(self.auxiliaries) + list(self.theory(theory_name).axioms)
        return {g.id: g.claim for g in groups}

    def asked_keys(self) -> list[str]:
        """Every observation key of every finding, once, sorted: the `asked/1` facts of a grounding."""
        return sorted({o.key for f in self.findings for o in f.observations})


def load_kb(root: str | Path = ".", findings: list[str | Path] = (), theory_files: list[str | Path] = (),
            timeout: float = DEFAULT_TIMEOUT, only: list[str] | None = None) -> KB:
    """Load and check a knowledge base folder, plus extra findings and theory files; the background's grounding
    is bounded by `timeout` (seconds) and the memory limit. `only`: the KB's theories to read (with the extra
    files), for a command about those alone; all of them if any is not a theory of the KB (so that the error
    names the ones there are).

    Example:
        kb = load_kb(".", findings=["new-paper.lp"])
    """
    root = Path(root)
    theory_dir = root / "theories"
    background_path = theory_dir / BACKGROUND
    if not present(background_path):
        raise InputError(f"{root}: not a knowledge base (no theories/{BACKGROUND}); use --kb DIR")
    background = read_program(background_path)
    problems = background_problems(background)
    if problems:
        raise InputError(problems)
    vocab = read_vocabulary(background_path, background.text, background.rules, timeout)
    problems = silence_problems(background, vocab)
    if problems:
        raise InputError(problems)
    own = kb_finding_files(root)
    paths = all_finding_files(root, list(findings))
    found, citations = read_findings(paths, vocab, explicit=[p for p in paths if p not in own])
    kb = KB(root, vocab, background, with_origins(found, root), citations,
            references=read_reference_lists(root))
    own_theories, extra = theory_paths(root, list(theory_files))
    if only and set(only) <= {p.stem for p in own_theories}:
        own_theories = [p for p in own_theories if p.stem in set(only)]
    errors = add_theories(kb, own_theories, extra)
    if errors:
        raise InputError(errors)
    return kb


def with_min_strength(kb: KB, min_strength: str | None) -> KB:
    """The KB with only findings at least as strong as `min_strength` (robust > mixed > preliminary > caution)."""
    if min_strength is None:
        return kb
    keep = STRENGTHS[: STRENGTHS.index(min_strength) + 1]
    return replace(kb, findings=[f for f in kb.findings if f.strength in keep])


def background_problems(background: ProgramFile) -> list[Diagnostic]:
    """What the background may not do: read observed data (as theories may not), or hold axioms (an axiom there
    would be switched as if it were an auxiliary)."""
    notes = background.notes
    return isolation_problems(background) + [Diagnostic("error", f"background.lp holds auxiliary hypotheses, not axioms: write `%! auxiliary {g.id} "
                       "[refs]: claim` (axioms belong in a theory file)", g.location)
            for g in notes.groups if notes.kinds[g.id] != "auxiliary"]


def theory_paths(root: Path, extra: list[Path]) -> tuple[list[Path], list[Path]]:
    """The KB's own theory files, and the extra ones that are not among them."""
    folder = root / "theories"
    own = sorted(p for p in folder.glob("*.lp") if p.name != BACKGROUND)
    known = {p.resolve() for p in own} | {(folder / BACKGROUND).resolve()}
    return own, [Path(p) for p in extra if Path(p).resolve() not in known]


def add_theories(kb: KB, own: list[Path], extra: list[Path]) -> list[Diagnostic]:
    """Read the KB's own theory files and extra ones into `kb`; the problems, each at its file and line.

    An extra file (`--theory-file`, a file given to lint) whose theory has the name of one of the KB's own
    replaces it, so that an edited copy of a theory can be checked without touching theories/. Two files of
    the same kind with one name are an error naming both.
    """
    problems: list[Diagnostic] = []
    ids = {f.id for f in kb.findings}
    replaced: set[str] = set()
    for path in own + extra:
        try:
            theory, program = read_theory(path, kb.vocabulary, ids, explicit=path in extra)
        except InputError as err:
            problems.extend(err.diagnostics)
            continue
        shared = [a for a in theory.axioms if a.id in set(kb.auxiliary_ids())]
        if shared:
            problems.extend(Diagnostic("error", f"axiom '{a.id}' has the name of an auxiliary of "
                                       f"{kb.background.path.name}: --drop could not tell them apart; rename the axiom",
                                       a.location) for a in shared)
            continue
        name = theory.name
        if name in kb.theories and not (path in extra and kb.programs[name].path in own and name not in replaced):
            problems.append(same_name(name, program, kb.programs[name]))
            continue
        if name in kb.theories:
            replaced.add(name)
        kb.theories[name] = theory
        kb.programs[name] = program
    # Unitary theories first, then class-specific ones (comparison theories), each group by name.
    kb.theories = dict(sorted(kb.theories.items(), key=lambda item: (not item[1].unitary, item[0])))
    return problems
