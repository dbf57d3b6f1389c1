"""Add a finding: build its facts from structured input, validate them as lint does, append them atomically."""

from __future__ import annotations

import re
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .annotations import code_only, read_text
from .bibtex import doi_problem
from .duplicate_evidence import repeat_warnings
from .errors import InputError
from .findings import bib_citations, read_findings
from .kb import BACKGROUND, KB
from .lint import disagreements, finding_paths, static_errors, static_warnings
from .model import Diagnostic, Location
from .solver import Term, parse_term
from .theories import read_program
from .vocabulary import _unknown, read_vocabulary
from .writer import commit, locked, not_a_regular_file, write_temporary

_NAME = re.compile(r"^[a-z][A-Za-z0-9_]*$")
NOT_A_NAME = "not a name: a lower-case letter, then letters, digits or underscores"
NEW_FILE_HEADER = "%# Findings added with `theorycheck add`\n\n"


@dataclass
class NewFinding:
    """A finding as a researcher gives it on the command line; `observations` are `KEY=VALUE` strings."""

    id: str
    title: str
    kind: str
    domain: str
    species: list[str]
    paradigms: list[str]
    strength: str
    citation: str
    locator: str
    observations: list[str]
    refs: str = ""
    quote: str = ""
    notes: list[str] = field(default_factory=list)
    cite_text: str = ""
    doi: str = ""


@dataclass
class Added:
    """What `add_finding` did: the file, the facts appended, warnings about them, whether the file was written."""

    target: Path
    block: str
    warnings: list[Diagnostic]
    written: bool


def add_finding(root: str | Path, new: NewFinding, target: Path | None = None, findings: list[Path] = (),
                dry_run: bool = False) -> Added:
    """Validate `new` against the whole KB as lint does, then append its facts to `target` atomically.

    The target (default: the KB's findings.lp) is locked while it is read, checked and replaced, so concurrent
    adds never lose each other's findings; the new text is written to a temporary file, synced and renamed over
    the old one, so a crash leaves either the old file or the new one. Nothing is written on any error.

    Example:
        add_finding(".", NewFinding("f", "Title", "difference", ...), dry_run=True).block
    """
    root = Path(root)
    option = "--to" if target else None
    target = Path(target) if target else root / "findings.lp"
    problems = field_problems(new) + _target_problems(target, option)
    if target.resolve().parent == (root / "theories").resolve():
        problems.append(_usage("--to", f"{target} is in theories/, which holds theory files; findings go in "
                               "findings.lp or a file of your own"))
    if not target.parent.is_dir():
        problems.append(_usage("--to", f"the folder {target.parent} does not exist; create it first"))
    if problems:
        raise InputError(problems)
    background, vocab = _background(root)
    paths = [p for p in finding_paths(root, list(findings)) if p.resolve() != target.resolve()] + [target]
    with nullcontext(lambda tmp: None) if dry_run else locked(target) as record:
        old = read_text(target) if target.exists() else ""
        exact = target.read_bytes().decode("utf-8") if target.exists() else ""  # read_text made "\r\n" "\n"
        end = _line_end(exact)
        prefix = _prefix(exact, target.exists(), end)
        lines, labels = build_block(new, _declare_citation(new, paths, {target: old}))
        block = "".join(line + "\n" for line in lines)
        candidate = _candidate(target, prefix + "".join(line + end for line in lines), dry_run, record)
        try:
            place = _Place(candidate, target, prefix.count("\n") + 1, labels)
            warnings = _validate(KB(root, vocab, background, [], []), new, paths, place)
            if not dry_run:
                commit(candidate, target)
        except OSError as exc:
            raise InputError(f"cannot write {target}: {exc.strerror}") from None
        finally:
            _discard(candidate, dry_run)
    return Added(target, block, warnings, not dry_run)


@dataclass
class _Place:
    """Where the new lines are: the candidate file standing in for `target`, from line `start` on."""

    candidate: Path
    target: Path
    start: int
    labels: list[str]


def _validate(kb: KB, new: NewFinding, paths: list[Path], place: _Place) -> list[Diagnostic]:
    """Errors (raised) and warnings of the KB's findings with the candidate file in place of the target."""
    swapped = [place.candidate if p == place.target else p for p in paths]
    try:
        found, kb.citations = read_findings(swapped, kb.vocabulary, bibs=[place.target.with_suffix(".bib")])
    except InputError as err:
        _refuse_if_broken_already(kb, paths, place.target)
        raise InputError(_relabel(_first_causes(err.diagnostics, new.id), place)) from None
    kb.findings = [f for f in found if f.id == new.id]
    errors = static_errors(kb)
    if errors:
        raise InputError(_relabel(errors, place))
    warnings = _relabel(static_warnings(kb, []) + disagreements(found, kb.vocabulary, of=new.id)
                        + repeat_warnings(found, kb.citations, of=new.id), place)
    if new.cite_text and not new.doi:
        warnings.append(Diagnostic("warning", f"--cite-text: citation '{new.citation}' has no DOI (--doi)"))
    return warnings


def _refuse_if_broken_already(kb: KB, paths: list[Path], target: Path) -> None:
    """Report the KB's own errors as they are, if it has errors without the new finding too."""
    present = [p for p in paths if p.exists()]
    try:
        read_findings(present, kb.vocabulary, bibs=[target.with_suffix(".bib")])
    except InputError as err:
        raise InputError([Diagnostic("error", "the findings have errors already; fix them before adding one")]
                         + err.diagnostics) from None


def _candidate(target: Path, text: str, dry_run: bool, record) -> Path:
    """The new text (line ends as they are) in a file of its own: beside the target, recorded in its lock file (to
    be renamed over it), or for a dry run in a new temporary folder."""
    try:
        if not dry_run:
            return write_temporary(target, text, newline="", created=record)
        candidate = Path(tempfile.mkdtemp(prefix="theorycheck-add-")) / target.name
        candidate.write_text(text, encoding="utf-8", newline="")
        return candidate
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror}") from None


def _discard(candidate: Path, dry_run: bool) -> None:
    candidate.unlink(missing_ok=True)
    if dry_run:
        candidate.parent.rmdir()


def _prefix(old: str, exists: bool, end: str) -> str:
    """The old text, ending in a newline and a blank line before the new block (a header for a new file)."""
    if not exists:
        return NEW_FILE_HEADER.replace("\n", end)
    if not old.strip():
        return old
    return old.rstrip("\r\n") + end + end


def _line_end(text: str) -> str:
    """The file's line end, as its first line ends: "\r\n" (Windows) or "\n"; the new block is written with it."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _target_problems(target: Path, option: str | None) -> list[Diagnostic]:
    """The target must be a regular file, or not exist yet (see writer.not_a_regular_file)."""
    problem = not_a_regular_file(target)
    return [_usage(f"{option} {target}" if option else str(target), problem)] if problem else []


def field_problems(new: NewFinding) -> list[Diagnostic]:
    """Usage errors in the fields themselves: names that are not ASP constants, unreadable observations, bad DOIs."""
    problems = []
    names = [("--id", new.id), ("--kind", new.kind), ("--domain", new.domain), ("--strength", new.strength),
             ("--citation", new.citation)]
    names += [("--species", s) for s in new.species] + [("--paradigm", p) for p in new.paradigms]
    for option, value in names:
        if not _NAME.fullmatch(value or ""):
            problems.append(_usage(f"{option} '{value}'", f"{NOT_A_NAME} (e.g. cocaine_setting_reward)"))
    for option, value in (("--title", new.title), ("--locator", new.locator)):
        if not value.strip():
            problems.append(_usage(option, "must not be empty"))
    if not new.observations:
        problems.append(_usage("--observe", "give at least one observation, e.g. --observe "
                               "'effect(cocaine, acute, nac_dopamine)=increase'"))
    for raw in new.observations:
        problem = _observation_problem(raw)
        if problem:
            problems.append(_usage(f"--observe '{raw}'", problem))
    if new.doi and doi_problem(new.doi):
        problems.append(_usage("--doi", doi_problem(new.doi)))
    if new.doi and not new.cite_text:
        problems.append(_usage("--doi", "goes with --cite-text, which declares a new citation"))
    return problems


def _usage(option: str, message: str) -> Diagnostic:
    return Diagnostic("error", f"{option}: {message}")


def _observation_problem(raw: str) -> str | None:
    key, sep, value = raw.rpartition("=")
    if not sep or not key.strip():
        return "write KEY=VALUE, e.g. 'effect(cocaine, acute, nac_dopamine)=increase'"
    if not _NAME.fullmatch(value.strip()):
        return f"the value '{value.strip()}' is not a name (e.g. increase, less, shared)"
    try:
        term = parse_term(key.strip())
    except InputError:
        return f"'{key.strip()}' is not a ground term such as effect(cocaine, acute, nac_dopamine)"
    if not term.name or not term.args:
        return f"'{key.strip()}' is not an observation key such as effect(Drug, Manipulation, Measure)"
    return None


def build_block(new: NewFinding, declare_citation: bool) -> tuple[list[str], list[str]]:
    """The facts of the finding, one per line, and for each line the option it comes from (for messages)."""
    i = new.id
    rows: list[tuple[str, str]] = []
    if declare_citation:
        rows.append((f"citation({new.citation}, {_string(new.cite_text)}, {_string(new.doi)}).", "--cite-text"))
    rows += [(f"finding({i}).", f"--id {i}"), (f"title({i}, {_string(new.title)}).", "--title"),
             (f"kind({i}, {new.kind}).", f"--kind {new.kind}"),
             (f"domain({i}, {new.domain}).", f"--domain {new.domain}")]
    rows += [(f"species({i}, {s}).", f"--species {s}") for s in new.species]
    rows += [(f"paradigm({i}, {p}).", f"--paradigm {p}") for p in new.paradigms]
    rows.append((f"strength({i}, {new.strength}).", f"--strength {new.strength}"))
    rows.append((f"source({i}, {new.citation}, {_string(new.locator)}, {_string(new.refs)}).",
                 f"--citation {new.citation} --locator {_string(new.locator)}"))
    if new.quote:
        rows.append((f"quote({i}, {_string(new.quote)}).", "--quote"))
    for raw in new.observations:
        key, _, value = raw.rpartition("=")
        rows.append((f"observed({i}, {_render(parse_term(key.strip()))}, {value.strip()}).", f"--observe '{raw}'"))
    rows += [(f"note({i}, {_string(n)}).", "--note") for n in new.notes]
    return [r[0] for r in rows], [r[1] for r in rows]


def _string(text: str) -> str:
    """An ASP string literal: one line, backslashes and quotes escaped."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _render(term: Term) -> str:
    """A key as in findings.lp: `compare(ketamine, sa_reward, resident, nonresident)`."""
    if not term.name or not term.args or term.text.startswith("-"):
        return term.text
    return f"{term.name}({', '.join(_render(a) for a in term.args)})"


def _background(root: Path):
    path = root / "theories" / BACKGROUND
    if not path.is_file():
        raise InputError(f"{root}: not a knowledge base (no theories/{BACKGROUND}); use --kb DIR")
    program = read_program(path)
    return program, read_vocabulary(path, program.text)


def known_citations(paths: list[Path], texts: dict[Path, str] | None = None) -> set[str]:
    """The citation keys the findings files declare (citation/3 facts) or their BibTeX files hold."""
    known = set(bib_citations(paths, []))
    for path in paths:
        text = (texts or {}).get(path)
        text = (read_text(path) if path.exists() else "") if text is None else text
        known |= set(re.findall(r"(?<![\w])citation\(\s*([a-z][A-Za-z0-9_]*)\s*,", code_only(text)))
    return known


def answer_checks(root: Path, findings: list[Path] = ()) -> dict[str, object]:
    """For asking a researcher field by field: each field's check of one answer (its problem, or None), and the
    choices of the closed fields, from the KB's vocabulary. A wrong answer is asked again, not found at the end."""
    from .findings import KINDS
    from .model import STRENGTHS

    _, vocab = _background(Path(root))
    choices = {"kind": sorted(KINDS), "strength": list(STRENGTHS), "domain": sorted(vocab.terms["domain"]),
               "species": sorted(vocab.terms["species"]), "paradigm": sorted(vocab.terms["paradigm"])}

    def member(field: str):
        def check(answer: str) -> str | None:
            if answer in choices[field]:
                return None
            return _unknown(field, answer, choices[field], None, f"; one of: {', '.join(choices[field])}",
                            vocab if field in ("domain", "species", "paradigm") else None).message
        return check

    def name(answer: str) -> str | None:
        return None if _NAME.fullmatch(answer) else NOT_A_NAME

    def observation(answer: str) -> str | None:
        problem = _observation_problem(answer)
        if problem:
            return problem
        key, _, value = answer.rpartition("=")
        term = parse_term(key.strip())
        found = vocab.check_key(term, None) or vocab.check_value(term.name, value.strip(), None)
        return "; ".join(d.message for d in found) or None

    def text(answer: str) -> str | None:
        return None if answer.strip() else "must not be empty"

    checks = {"id": name, "title": text, "citation": name, "locator": text, "observe": observation,
              "cite_text": text, "doi": doi_problem}
    checks.update({field: member(field) for field in choices})
    return {"checks": checks, "choices": choices,
            "citations": known_citations(finding_paths(Path(root), list(findings)))}


def _declare_citation(new: NewFinding, paths: list[Path], texts: dict[Path, str]) -> bool:
    """Whether the block must declare the citation; a usage error if it is unknown and not declared."""
    known = known_citations(paths, texts)
    if new.citation in known and new.cite_text:
        raise InputError(_usage("--cite-text", f"citation '{new.citation}' is already declared; "
                                "leave out --cite-text and --doi"))
    if new.citation not in known and not new.cite_text:
        raise InputError(_usage(f"--citation {new.citation}", "no citation/3 fact or BibTeX entry declares it; "
                                'declare it with --cite-text "Author (Year) Title. Journal" and --doi'))
    return new.citation not in known


def _first_causes(diagnostics: list[Diagnostic], ident: str) -> list[Diagnostic]:
    """Without the echoes of a duplicate id (a second title, kind, ... for the same id)."""
    if not any(d.message.startswith(f"duplicate finding id '{ident}'") for d in diagnostics):
        return diagnostics
    return [d for d in diagnostics if not d.message.startswith(f"finding '{ident}' has more than one")]


def _relabel(diagnostics: list[Diagnostic], place: _Place) -> list[Diagnostic]:
    """Diagnostics about the new lines name the option they came from; the rest keep their file and line."""
    out = []
    candidate, target = str(place.candidate), str(place.target)
    for diag in diagnostics:
        loc, message = diag.location, diag.message.replace(candidate, target)
        if loc is not None and loc.file == candidate and loc.line >= place.start:
            label = place.labels[min(loc.line - place.start, len(place.labels) - 1)]
            out.append(Diagnostic(diag.severity, f"{label}: {message}"))
        elif loc is not None and loc.file == candidate:
            out.append(Diagnostic(diag.severity, message, Location(target, loc.line, loc.column)))
        else:
            out.append(Diagnostic(diag.severity, message, loc))
    return out
