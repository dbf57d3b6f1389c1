"""Lint a knowledge base and extra files: every problem at once, each at its file and line."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .annotations import code_only, read_text
from .duplicate_evidence import repeat_warnings
from .engine import no_answer_set
from .errors import InputError
from .kbfiles import present
from .origins import all_finding_files, kb_finding_files, with_origins
from .findings import read_findings
from .kb import BACKGROUND, KB, add_theories, background_problems, theory_paths
from .model import Diagnostic, Location
from .reach import REACH_TIMEOUT, reach_problems
from .textpos import Lines
from .sandbox import DEFAULT_TIMEOUT, Job, run_bounded
from .solver import growing_rules, parse_term
from .silence import silence_problems
from .solver.parsing import in_words
from .theories import header_place, read_program
from .verdicts import constructor
from .vocabulary import read_vocabulary

_THEORY_MARK = re.compile(r"(?m)^\s*%!\s*(theory|axiom)\b")
_UNDEFINED = "atom does not occur in any rule head:"
PLACEHOLDER = "TODO"


@dataclass
class Parts:
    """What lint could load: the KB (possibly without the files that failed), its findings files, the problems."""

    kb: KB | None
    finding_paths: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def classify(path: Path) -> str:
    """`theory` for a file with `%! theory` or `%! axiom` lines, `findings` otherwise."""
    return "theory" if _THEORY_MARK.search(read_text(path, explicit=True)) else "findings"


def lint(root: str | Path = ".", findings: list[Path] = (), theory_files: list[Path] = (),
         timeout: float = DEFAULT_TIMEOUT, vocabulary: bool = False) -> list[Diagnostic]:
    """Every error and warning of a KB plus extra findings and theory files, ordered by file and line.

    Grounds each theory with the background (bounded by `timeout`) for unsafe variables and for atoms that
    nothing defines, and all of them together, relaxed, for observations no theory can ever predict;
    `vocabulary`: also warn at each term of the background that no rule reads.

    Example:
        problems = lint(".", findings=[Path("my-paper.lp")])
    """
    parts = load_parts(Path(root), list(findings), list(theory_files), timeout)
    problems = list(parts.problems)
    if parts.kb is not None:
        problems += static_errors(parts.kb) + static_warnings(parts.kb, parts.finding_paths)
        problems += grounding_problems(parts.kb, timeout)
        if not any(p.severity == "error" for p in problems):  # what a broken KB cannot reach says nothing new
            problems += reach_warnings(parts.kb, timeout, vocabulary)
    return ordered(problems)


def reach_warnings(kb: KB, timeout: float = DEFAULT_TIMEOUT, declarations: bool = False) -> list[Diagnostic]:
    """Observations no theory can ever predict, and (`declarations`) vocabulary no rule reads (reach.py)."""
    return reach_problems(kb, growing_warnings(kb)[1], min(timeout, REACH_TIMEOUT), declarations)


def ordered(problems: list[Diagnostic]) -> list[Diagnostic]:
    """Unique diagnostics by file, line and column (those without a place first)."""
    return sorted(dict.fromkeys(problems), key=lambda d: (d.location or Location("", 0, 0), d.message))


def finding_paths(root: Path, extra: list[Path]) -> list[Path]:
    """The KB's findings files (findings.lp, findings/*.lp) and the extra files, each once."""
    return all_finding_files(root, extra)


def load_parts(root: Path, findings: list[Path], theory_files: list[Path],
               timeout: float = DEFAULT_TIMEOUT) -> Parts:
    """Load as much of the KB as loads, collecting the problems of every file instead of stopping at the first."""
    background_path = root / "theories" / BACKGROUND
    if not present(background_path):
        raise InputError(f"{root}: not a knowledge base (no theories/{BACKGROUND}); use --kb DIR")
    try:
        background = read_program(background_path)
        problems = background_problems(background)
        vocab = None if problems else read_vocabulary(background_path, background.text, background.rules, timeout)
        problems += silence_problems(background, vocab) if vocab else []
    except InputError as err:
        return Parts(None, problems=err.diagnostics)
    if vocab is None:
        return Parts(None, problems=problems)
    try:
        own = kb_finding_files(root)
        paths = finding_paths(root, findings)
        found, citations = read_findings(paths, vocab, explicit=[p for p in paths if p not in own])
    except InputError as err:
        found, citations, paths = [], [], []
        problems += err.diagnostics
    kb = KB(root, vocab, background, with_origins(found, root), citations)
    problems += add_theories(kb, *theory_paths(root, theory_files))
    return Parts(kb, paths, problems)


def static_errors(kb: KB) -> list[Diagnostic]:
    """Errors lint finds in a loaded KB beyond those of loading: findings about drugs the background does not describe.

    Example:
        errors = static_errors(load_kb("."))
    """
    problems = []
    vocab = kb.vocabulary
    undescribed = vocab.drugs - set(vocab.drug_classes)
    for finding in kb.findings:
        for observation in finding.observations:
            if not any(name in observation.key for name in undescribed):
                continue  # a cheap test first: parsing every key cost seconds on a large KB
            for drug in sorted(_drugs(observation.key, vocab) & undescribed):
                problems.append(Diagnostic(
                    "error", f"finding '{finding.id}' observes {drug}, which {BACKGROUND} declares as a drug but "
                    f"does not describe: add drug_class({drug}, Class) and its pharmacology (acute_profile/2, "
                    f"primary_target/2) to theories/{BACKGROUND}", observation.location))
    return problems


def _drugs(key: str, vocab) -> set[str]:
    """The arguments of an observation key that its constructor types as drugs."""
    term = parse_term(key)
    signature = vocab.key_args.get(term.name, {})
    return {arg.text for position, arg in enumerate(term.args, start=1) if signature.get(position) == "drug"}


def static_warnings(kb: KB, paths: list[Path]) -> list[Diagnostic]:
    """Warnings: findings without a quote, citations without a DOI or never cited, theory headers left incomplete."""
    problems = [Diagnostic("warning", f"finding '{f.id}' has no quote/2 (at most 15 words from the source)",
                           f.location) for f in kb.findings if not f.quote]
    cited = {s.citation for f in kb.findings for s in f.sources}
    places = _citation_places(paths, kb.root) if kb.citations else {}
    for citation in kb.citations:
        where = places.get(citation.key)
        if where is None:
            continue  # from a BibTeX file: a bibliography may hold more than the findings cite
        if not citation.doi:
            problems.append(Diagnostic("warning", f"citation '{citation.key}' has no DOI; give one where it exists",
                                       where))
        if citation.key not in cited:
            problems.append(Diagnostic("warning", f"citation '{citation.key}' is declared but no source cites it",
                                       where))
    for theory in kb.theories.values():
        problems += _header_warnings(kb.programs[theory.name], theory)
    return problems + disagreements(kb.findings, kb.vocabulary) + repeat_warnings(kb.findings, kb.citations)


def disagreements(findings: list, vocab, of: str | None = None) -> list[Diagnostic]:
    """Findings that observe one key with incompatible values: the literature disagrees, or one is mis-encoded.
    A warning at the later observation, naming the earlier one (only those of finding `of`, if given); every theory
    is contradicted by one of the two."""
    first: dict[str, tuple] = {}
    problems = []
    for finding in findings:
        for obs in finding.observations:
            other, seen = first.setdefault(obs.key, (finding, obs))
            if other is finding or of not in (None, finding.id):
                continue
            if vocab.incompatible(constructor(obs.key), seen.value, obs.value):
                where = f" ({seen.location.file}:{seen.location.line})" if seen.location else ""
                problems.append(Diagnostic(
                    "warning", f"finding '{finding.id}' observes {obs.key} = {obs.value}, but finding '{other.id}'"
                    f"{where} observes {seen.value}: no theory can explain both", obs.location or finding.location))
    return problems


def _citation_places(paths: list[Path], root: Path) -> dict[str, Location]:
    places: dict[str, Location] = {}
    own = kb_finding_files(root)
    for path in paths:
        text = code_only(read_text(path, explicit=path not in own))
        lines = Lines(text)
        for match in re.finditer(r"(?<![\w])citation\(\s*([a-z][A-Za-z0-9_]*)\s*,", text):
            line, column = lines.at(match.start())
            places.setdefault(match.group(1), Location(str(path), line, column))
    return places


def _header_warnings(program, theory) -> list[Diagnostic]:
    where = Location(str(program.path), 1, 1)
    fields = program.notes.fields
    problems = [Diagnostic("warning", f"theory '{theory.name}' has no `%! {name}:` header line", where)
                for name in ("theory", "title", "citation") if not fields.get(name)]
    named = fields.get("theory", theory.name).split()
    if named and named[0] != theory.name:
        problems.append(Diagnostic("warning", f"the header names the theory '{named[0]}', but it is called "
                                   f"'{theory.name}' after its file; rename one of them",
                                   header_place(program, "theory")))
    for name, value in fields.items():
        if PLACEHOLDER in value:
            problems.append(Diagnostic("warning", f"`%! {name}:` still holds the template's {PLACEHOLDER}",
                                       header_place(program, name)))
    for axiom in theory.axioms:
        if PLACEHOLDER in axiom.claim or PLACEHOLDER in axiom.refs:
            problems.append(Diagnostic("warning", f"axiom '{axiom.id}' still holds the template's {PLACEHOLDER}",
                                       axiom.location))
    if not theory.axioms:
        problems.append(Diagnostic("warning", f"theory '{theory.name}' has no axioms", where))
    return problems


def _ground_messages(files, facts, axioms) -> tuple[list[Diagnostic], bool]:
    """Runs in a worker process: ground background and theory, and solve once; clingo's messages, errors
    included, and whether there is an answer set (a theory without one cannot be checked)."""
    from .solver import Grounding

    try:
        grounding = Grounding(files, facts, axioms, warnings=True)
    except InputError as err:
        return list(err.diagnostics), True
    return list(grounding.log.messages), grounding.solve(fired=False) is not None


def grounding_problems(kb: KB, timeout: float = DEFAULT_TIMEOUT) -> list[Diagnostic]:
    """Unsafe variables, undefined atoms and theories without an answer set: the messages of grounding (and
    solving) each theory with the background.

    An atom the background tests but that a theory does not define is that theory's choice, so undefined atoms
    in the background are reported only when nothing anywhere defines their predicate; `asked/1` atoms are never
    reported (that no finding asks for such a key is no mistake). A theory with a rule that may build ever new
    terms gets a warning at that rule instead of a grounding (see `growing_warnings`).
    """
    from .solver import check_facts

    warnings, flagged = growing_warnings(kb)
    names = [n for n in kb.theories if n not in flagged]
    facts = check_facts(kb.asked_keys())  # once, here: the forked workers inherit it
    jobs = [Job(f"{kb.theories[n].path}: theory '{n}'", _ground_messages,
                (kb.sources(n), facts, kb.switches(n)), kb.sources(n)) for n in names]
    try:
        outputs = run_bounded(jobs, timeout=timeout)
    except InputError as err:
        return [*warnings, *err.diagnostics]
    background = str(kb.background.path)
    everywhere = _defined_predicates(kb, list(kb.theories))
    found = []
    for theory, (messages, satisfiable) in zip(names, outputs):
        if not satisfiable:
            found += no_answer_set(kb, theory)
        local = _defined_predicates(kb, [theory])
        for message in messages:
            name = _predicate(message.message)
            where = message.location
            if name == "asked" or (name and where is not None and where.file == background and name in everywhere):
                continue
            found.append(_readable(message, name, local))
    problems: dict = {}
    for diag in sorted(found, key=lambda d: d.message):
        undefined = diag.message.startswith("atom undefined")
        problems.setdefault(diag.location if undefined else (diag.location, diag.message), diag)
    return [*warnings, *problems.values()]


def growing_warnings(kb: KB, note: str = "; lint did not ground it, and `run` stops it at --timeout"
                     ) -> tuple[list[Diagnostic], set[str]]:
    """A warning at each rule that may build ever new terms (once, with `note` added), and the theories that load
    one (lint grounds none).

    Should such a rule never stop, grounding its theory would cost the whole timeout (minutes by default) or a
    worker's memory limit, only to end in what the warning says already. A flagged theory whose grounding does stop
    (its body bounds the terms, as in `p(X+1) :- p(X), X < 10`) loses lint's undefined-atom warnings, no more:
    `run` still grounds it, and refuses its unsafe variables.
    """
    warnings: dict[Diagnostic, None] = {}
    flagged = set()
    for name in kb.theories:
        for rule in growing_rules(kb.sources(name), "warning"):
            flagged.add(name)
            warnings[replace(rule, message=rule.message + note)] = None
    return list(warnings), flagged


def _predicate(text: str) -> str | None:
    """The predicate of an undefined atom in a clingo message (None for any other message)."""
    if _UNDEFINED not in text:
        return None
    match = re.match(r"\s*-?([a-z_][A-Za-z0-9_']*)", text.split(_UNDEFINED, 1)[1])
    return match.group(1) if match else ""


def _defined_predicates(kb: KB, theories: list[str]) -> set[str]:
    """The predicates in the heads of the background's and the given theories' rules."""
    programs = [kb.background, *(kb.programs[t] for t in theories)]
    return {name for p in programs for rule in p.rules for name, _ in rule.head_predicates} | {"asked"}


def _suggest(name: str, known: set[str]) -> list[str]:
    """The defined predicate closest to `name`: one it abbreviates or extends first, else the most similar."""
    stems = sorted((abs(len(k) - len(name)), k) for k in known if k.startswith(name) or name.startswith(k))
    if stems and len(name) >= 3:
        return [stems[0][1]]
    return difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)


def _readable(message: Diagnostic, name: str | None, defined: set[str]) -> Diagnostic:
    """clingo's message in the user's words: undefined atoms with a suggestion, unsafe variables by name."""
    text = message.message
    if name is not None:
        atom = text.split(_UNDEFINED, 1)[1].strip()
        guess = _suggest(name, defined - {name})
        if name in defined:
            hint = f" (rules derive {name}, but never with these arguments)"
        else:
            hint = f" (did you mean '{guess[0]}'?)" if guess else " (a typo, or a predicate nothing defines?)"
        return Diagnostic("warning", f"atom undefined: {atom} occurs in no rule head{hint}", message.location)
    return in_words(message)
