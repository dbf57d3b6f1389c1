"""Theory files: header, axioms, the rules' isolation from observed data and vocabulary, and the unitary label."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import solver
from .cache import cached
from .annotations import Annotations, parse_annotations, read_text, refuse_directives
from .errors import InputError
from .findings import PREDICATES as FINDING_PREDICATES
from .model import Axiom, ClassMarker, Diagnostic, Location, Theory
from .signatures import signature_problems
from .vocabulary import Vocabulary

RESERVED_PREFIX = "_tc_"


@dataclass
class ProgramFile:
    """A checked `.lp` program file: its text, its annotations and what its rules mention."""

    path: Path
    text: str
    notes: Annotations
    rules: list[solver.RuleInfo]

    def source(self, switchable: bool, restrictable: bool = True, trace_ungrouped: str | None = None
               ) -> solver.SourceFile:
        return solver.SourceFile(self.path, self.text, self.notes.group_at, switchable, restrictable, trace_ungrouped,
                                 versions=tuple(v.id for v in self.notes.versions),
                                 members={g.id: g.versions for g in self.notes.groups if g.versions})


def read_program(path: Path, atoms: bool = False, explicit: bool = False) -> ProgramFile:
    """Read, scan and parse a program file (syntax errors raise InputError at their line); `atoms`: with the
    arguments of every atom of its rules, which the vocabulary checks of a theory read; `explicit`: a file named on
    the command line (see kbfiles.read_text)."""
    text = read_text(path, explicit)
    # A text that passed once passes again (the check reads nothing else); one that fails is checked, and refused,
    # on every run (cache.py keeps no error). 0.01 s of every command on the shipped background.
    cached("directives", (str(path), text), lambda: refuse_directives(path, text) or True)
    notes = parse_annotations(path, text)
    return ProgramFile(path, text, notes, solver.analyse_rules(path, text, atoms))


def isolation_problems(program: ProgramFile) -> list[Diagnostic]:
    """Rules may read observation keys (asked/1) but never observed values, finding metadata or engine atoms."""
    problems = []
    for rule in program.rules:
        for name, arity in rule.body_predicates + rule.head_predicates:
            if FINDING_PREDICATES.get(name) == arity:
                problems.append(Diagnostic(
                    "error", f"rules may not use {name}/{arity}: theories see the keys findings ask about "
                    "(asked/1), never observed values, finding ids or their metadata", rule.location))
            elif name.startswith(RESERVED_PREFIX):
                problems.append(Diagnostic("error", f"{name}/{arity} is reserved for the engine ({RESERVED_PREFIX}...)",
                                           rule.location))
        if ("asked", 1) in rule.head_predicates:
            problems.append(Diagnostic("error", "asked/1 is input from the engine (one fact per observed key); "
                                       "rules may test it but not derive it", rule.location))
    return problems


def read_theory(path: Path, vocab: Vocabulary, finding_ids: set[str],
                explicit: bool = False) -> tuple[Theory, ProgramFile]:
    """Load one theory file and check it; every problem comes back together as one InputError."""
    program = read_program(path, atoms=True, explicit=explicit)
    notes = program.notes
    problems = isolation_problems(program)
    axioms = [a for a in notes.groups if notes.kinds[a.id] == "axiom"]
    for rule in notes.groups:
        if notes.kinds[rule.id] != "axiom":
            problems.append(Diagnostic("error", f"theories hold axioms: use `%! axiom {rule.id} [refs]: claim`",
                                       rule.location))
    for axiom in axioms:
        if not axiom.claim:
            problems.append(Diagnostic("error", f"axiom '{axiom.id}' has no claim: write it in plain words after "
                                       "the colon", axiom.location))
        if not axiom.refs:
            problems.append(Diagnostic("error", f"axiom '{axiom.id}' has no citation: give the reference numbers "
                                       "in brackets, e.g. [11]", axiom.location))
    used = set()
    for rule in program.rules:
        group = notes.group_at(rule.location.line)
        if group is None:
            problems.append(Diagnostic("error", "rule outside any axiom: put `%! axiom ID [refs]: claim` above it",
                                       rule.location))
        used.add(group)
        if rule.is_fact and ("predicts", 2) in rule.head_predicates:
            problems.append(Diagnostic("error", "a predicts/2 fact is a hand-written prediction: derive predictions "
                                       "from general axioms", rule.location))
        for named in sorted(set(rule.constants) & finding_ids):
            problems.append(Diagnostic("error", f"theories never name a finding, but this rule names '{named}'",
                                       rule.location))
    # Terms and predicates outside the vocabulary, once the rules are otherwise sound: a refused rule is not
    # reported again for what it derives.
    problems = problems or signature_problems(program.rules, vocab)
    if problems:
        raise InputError(problems)
    theory = Theory(
        name=path.stem,
        title=notes.fields.get("title", path.stem.replace("_", " ")),
        citation=notes.fields.get("citation", ""),
        path=str(path),
        axioms=tuple(axioms),
        class_markers=tuple(class_markers(program, vocab)),
        versions=tuple(notes.versions),
    )
    return theory, program


def class_markers(program: ProgramFile, vocab: Vocabulary) -> list[ClassMarker]:
    """Where the rules single out drugs: a drug or class constant, or a drug attribute tested for one value.

    A rule is unitary when it treats every addictive drug alike. Testing an attribute against a variable
    (`primary_target(D, T)`) still treats every drug by the same principle; testing it against a constant
    (`acute_profile(D, sedating)`, `drug_class(D, opiate)`) splits the drugs, so the theory is class-specific.
    So does a comparison that pins the attribute's variable to a constant (`primary_target(D, T), T =
    mu_opioid_receptor`, or `!=`, `<`, ...): the rule's meaning counts, not its spelling (solver/pins.py).
    """
    markers = []
    singles = vocab.class_terms()
    for rule in program.rules:
        group = program.notes.group_at(rule.location.line) or "?"
        terms = set(rule.constants) & singles
        terms |= {f"{pred}(_, {const})" for pred, const in rule.body_constant_args if pred in vocab.drug_attributes}
        markers.extend(ClassMarker(group, term, rule.location) for term in sorted(terms))
    return markers


def header_place(program: ProgramFile, name: str) -> Location:
    """Where the `%! name` header line of a program file is (its first line if it has none)."""
    pattern = re.compile(rf"^\s*%!\s*{name}\b")
    for number, line in enumerate(program.text.split("\n"), start=1):
        if pattern.match(line):
            return Location(str(program.path), number, 1)
    return Location(str(program.path), 1, 1)


def same_name(name: str, program: ProgramFile, first: ProgramFile) -> Diagnostic:
    """The error for a second theory file with the name of one already loaded, at both files' `%! theory` lines."""
    return Diagnostic("error", f"two theories are named '{name}' (first at {header_place(first, 'theory')}); a "
                      "theory is named after its file: rename one of the files", header_place(program, "theory"))


def axiom_table(theory: Theory) -> dict[str, Axiom]:
    return {a.id: a for a in theory.axioms}
