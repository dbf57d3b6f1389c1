"""Plain data of the knowledge base: places and messages, findings, theories (no clingo types; what a check
returns is in results.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

VERDICTS = ("explained", "partial", "silent", "contradicted")
STRENGTHS = ("robust", "mixed", "preliminary", "caution")


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """A message about the user's input, printed as `file:line:col: severity: message`."""

    severity: str  # "error" | "warning" | "info"
    message: str
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.message}"


@dataclass(frozen=True)
class Observation:
    """One observed (key, value) pair of a finding; `key` is the ASP term as text."""

    key: str
    value: str
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Source:
    """Provenance of a finding: citation key, locator in the source, the source's own reference numbers."""

    citation: str
    locator: str
    refs: str = ""


@dataclass(frozen=True)
class Citation:
    """A citable work, declared once with `citation(Key, "Text", "DOI")`."""

    key: str
    text: str
    doi: str = ""
    number: str = ""  # in a paper's reference list (`references/<paper>.bib`, field `refnum`): its number there


@dataclass(frozen=True)
class Finding:
    """An empirical finding: metadata, provenance and its observations."""

    id: str
    title: str
    kind: str
    domain: str
    strength: str
    species: tuple[str, ...]
    paradigms: tuple[str, ...]
    sources: tuple[Source, ...]
    observations: tuple[Observation, ...]
    quote: str = ""
    location: Location | None = field(default=None, compare=False)
    notes: tuple[str, ...] = ()  # encoding choices and their reasons (`note/2`)
    origin: str = field(default="", compare=False)  # the findings file, relative to the KB (origins.py)


@dataclass(frozen=True)
class Axiom:
    """A named group of rules: an axiom of a theory, or an auxiliary hypothesis of the background (a bridge rule,
    measure mapping, manipulation or individual-difference rule), which `contested` says is disputed, and why."""

    id: str
    claim: str
    refs: str
    location: Location
    contested: str = ""
    role: str = ""  # axioms: "core" (the theory's hard core), "belt" (its protective belt), or "" (unmarked)
    versions: tuple[str, ...] = ()  # the versions it belongs to (none: every version of the theory)


@dataclass(frozen=True)
class Version:
    """One of a theory's alternative versions (Box 1 describes families): an answer set of its own."""

    id: str
    claim: str
    refs: str
    location: Location


@dataclass(frozen=True)
class ClassMarker:
    """Why a theory is class-specific: an axiom whose rules single out drugs or drug classes."""

    axiom: str
    term: str
    location: Location


@dataclass(frozen=True)
class Theory:
    """A theory file: its header, its axioms and whether its rules are unitary."""

    name: str
    title: str
    citation: str
    path: str
    axioms: tuple[Axiom, ...]
    class_markers: tuple[ClassMarker, ...] = ()
    versions: tuple[Version, ...] = ()  # alternative versions (answer sets); none: the theory has one

    @property
    def unitary(self) -> bool:
        return not self.class_markers

    def axiom(self, axiom_id: str) -> Axiom | None:
        return next((a for a in self.axioms if a.id == axiom_id), None)

    @property
    def core(self) -> set[str]:
        return {a.id for a in self.axioms if a.role == "core"}
