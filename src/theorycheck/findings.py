"""Findings files: their facts become `Finding`s, checked against the vocabulary and for provenance."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from . import solver
from .annotations import read_text, refuse_directives
from .bibtex import doi_problem, read_bibtex
from .cache import cached
from .errors import InputError
from .kbfiles import MAX_STRING, present
from .solver.allowlist import RESERVED_PREFIX
from .textpos import long_line
from .model import STRENGTHS, Citation, Diagnostic, Finding, Location, Observation, Source
from .vocabulary import Vocabulary, _unknown

KINDS = ("difference", "similarity", "mixed")
# predicate -> arity; every fact in a findings file uses one of these.
PREDICATES = {"citation": 3, "finding": 1, "title": 2, "kind": 2, "domain": 2, "species": 2, "paradigm": 2,
              "strength": 2, "source": 4, "quote": 2, "note": 2, "observed": 3}
SINGLE = ("title", "kind", "domain", "strength", "quote")
REQUIRED = ("title", "kind", "domain", "strength", "species", "paradigm", "source", "observed")


def read_findings(paths: list[Path], vocab: Vocabulary, bibs: list[Path] = (),
                  explicit: list[Path] = ()) -> tuple[list[Finding], list[Citation]]:
    """All findings of the given files, in file order, with every problem reported at once.

    A BibTeX file beside a findings file (`paper.bib` beside `paper.lp`) declares citation keys too, as do the
    extra BibTeX files `bibs`. `explicit`: the files named on the command line (see kbfiles.read_text).
    """
    facts: list[solver.Fact] = []
    problems: list[Diagnostic] = []
    named = {Path(p) for p in explicit}
    bib = bib_citations(paths, problems, bibs, named)
    for path in paths:
        text = read_text(path, path in named)
        # A file of plain facts and comments only (no directive to refuse), read once per text: a findings file is
        # read by every command, and scanning the shipped ones took 0.03 s, reading them back 0.007 s. Kept in a
        # tuple, so that "not plain facts" (None) is kept too rather than scanned, and written, on every run.
        plain = cached("facts", (str(path), text), lambda: (solver.scan_facts(path, text),))[0]
        if plain is None:
            refuse_directives(path, text)
        try:
            read = solver.parse_facts(path, text) if plain is None else plain
        except InputError as err:
            problems.extend(err.diagnostics)
            continue
        facts.extend(read)
        problems += _term_problems(read, text)
    if problems:
        raise InputError(problems)
    findings, citations = _assemble(facts, vocab, problems, bib)
    if problems:
        raise InputError(sorted(problems, key=lambda d: (d.location or Location("", 0), d.message)))
    return findings, citations


def _term_problems(facts: list[solver.Fact], text: str) -> list[Diagnostic]:
    """Strings longer than MAX_STRING and names with the engine's prefix in a file's facts (looked for only when
    the text could hold them: a string is on one line; a name is spelt in the text)."""
    problems = []
    if long_line(text, MAX_STRING) is not None:
        problems += [Diagnostic("error", f"a string longer than {MAX_STRING} characters: a title, quote or citation "
                                "is a line or a paragraph, not a document", fact.location)
                     for fact in facts if any(arg.string is not None and len(arg.string) > MAX_STRING
                                              for arg in fact.args)]
    if RESERVED_PREFIX in text.lower():
        for fact in facts:
            names = [fact.predicate] + [t.name for arg in fact.args for t in _subterms(arg)]
            reserved = next((n for n in names if n.lower().startswith(RESERVED_PREFIX)), None)
            if reserved:
                problems.append(Diagnostic("error", f"the name '{reserved}' is reserved for the engine "
                                           f"({RESERVED_PREFIX}...)", fact.location))
    return problems


def _subterms(term: solver.Term) -> list[solver.Term]:
    found, stack = [], [term]
    while stack:
        found.append(stack.pop())
        stack.extend(found[-1].args)
    return found


def bib_citations(paths: list[Path], problems: list[Diagnostic], bibs: list[Path] = (),
                  explicit: set[Path] = frozenset()) -> dict[str, Citation]:
    """The citations of the BibTeX files beside the given findings files (and of `bibs`); errors go to `problems`.
    A BibTeX file is read as the findings file it stands beside is (`explicit`: named on the command line)."""
    found: dict[str, Citation] = {}
    named = {p.with_suffix(".bib") for p in explicit}
    for bib in dict.fromkeys([p.with_suffix(".bib") for p in paths] + list(bibs)):
        if present(bib):
            entries, issues = read_bibtex(bib, bib in named)
            found.update((c.key, c) for c in entries)
            problems.extend(d for d in issues if d.severity == "error")
    return found


def _assemble(facts: list[solver.Fact], vocab: Vocabulary, problems: list[Diagnostic], bib=None):
    declared: dict[str, Location] = {}
    citations: dict[str, Citation] = dict(bib or {})
    about: dict[str, dict[str, list[solver.Fact]]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        arity = PREDICATES.get(fact.predicate)
        if arity != len(fact.args):
            what = "unknown predicate" if arity is None else f"{fact.predicate} takes {arity} arguments:"
            known = ", ".join(f"{p}/{n}" for p, n in PREDICATES.items())
            problems.append(Diagnostic("error", f"{what} {fact.predicate}/{len(fact.args)} (findings use {known})",
                                       fact.location))
            continue
        if fact.predicate == "citation":
            key, text, doi = (a.value for a in fact.args)
            problem = doi_problem(str(doi))
            if problem:
                problems.append(Diagnostic("error", f"citation '{key}': {problem}", fact.location))
            citations[str(key)] = Citation(str(key), str(text), str(doi))
            continue
        ident = fact.args[0].text
        if fact.args[0].string is not None or fact.args[0].args or not fact.args[0].name:
            problems.append(Diagnostic("error", f"a finding id is a snake_case name such as cocaine_setting_reward, "
                                       f"not {ident}", fact.location))
            continue
        if fact.predicate == "finding":
            if ident in vocab.names():
                problems.append(Diagnostic("error", f"finding id '{ident}' is a term of the vocabulary (background.lp "
                                           f"uses it): give the finding a name of its own, such as {ident}_<what it "
                                           "shows>", fact.location))
            if ident in declared:
                problems.append(Diagnostic("error", f"duplicate finding id '{ident}' (first declared at {declared[ident]})",
                                           fact.location))
            else:
                declared[ident] = fact.location
            continue
        about[ident][fact.predicate].append(fact)
    for ident in about:
        if ident not in declared:
            first = min(f.location for fs in about[ident].values() for f in fs)
            problems.append(Diagnostic("error", f"facts about '{ident}' but no finding({ident}) declares it", first))
    members = {kind: sorted(vocab.terms[kind]) for kind in ("domain", "species", "paradigm")}  # once, not per finding
    findings = [_finding(ident, loc, about[ident], vocab, citations, problems, members)
                for ident, loc in declared.items()]
    return findings, sorted(citations.values(), key=lambda c: c.key)


def _finding(ident, location, facts, vocab: Vocabulary, citations, problems, members) -> Finding:
    for name in REQUIRED:
        if not facts.get(name):
            problems.append(Diagnostic("error", f"finding '{ident}' has no {name}/{PREDICATES[name]} fact", location))
    for name in SINGLE:
        if len(facts.get(name, [])) > 1:
            problems.append(Diagnostic("error", f"finding '{ident}' has more than one {name}", facts[name][1].location))

    def one(name: str) -> str:
        found = facts.get(name)
        return str(found[0].args[1].value) if found else ""

    _check_member(facts.get("kind", []), KINDS, "kind", problems)
    _check_member(facts.get("strength", []), STRENGTHS, "strength", problems)
    for name, kind in (("domain", "domain"), ("species", "species"), ("paradigm", "paradigm")):
        _check_member(facts.get(name, []), members[kind], kind, problems, vocab)
    sources = []
    for fact in facts.get("source", []):
        _, cite, locator, refs = fact.args
        if cite.text not in citations:
            problems.append(Diagnostic("error", f"source cites '{cite.text}', which no citation/3 fact declares",
                                       fact.location))
        if not str(locator.value).strip():
            problems.append(Diagnostic("error", "source has an empty locator (give a figure, box or section)",
                                       fact.location))
        sources.append(Source(cite.text, str(locator.value), str(refs.value)))
    observations = _observations(ident, facts.get("observed", []), vocab, problems)
    return Finding(ident, one("title"), one("kind"), one("domain"), one("strength"),
                   tuple(str(f.args[1].value) for f in facts.get("species", [])),
                   tuple(str(f.args[1].value) for f in facts.get("paradigm", [])),
                   tuple(sources), observations, one("quote"), location,
                   tuple(str(f.args[1].value) for f in facts.get("note", [])))


def _check_member(facts, allowed, what: str, problems, vocab: Vocabulary | None = None) -> None:
    for fact in facts:
        value = fact.args[1].text
        if value not in allowed:
            problems.append(_unknown(what, value, allowed, fact.location, f" (one of: {', '.join(allowed)})", vocab))


def _observations(ident, facts, vocab: Vocabulary, problems) -> tuple[Observation, ...]:
    seen: dict[str, str] = {}
    out = []
    for fact in facts:
        _, key, value = fact.args
        issues = vocab.check_key(key, fact.location) or vocab.check_value(key.name, value.text, fact.location)
        problems.extend(issues)
        if key.text in seen and seen[key.text] != value.text:
            problems.append(Diagnostic("error", f"finding '{ident}' observes {key.text} twice with different values "
                                       f"({seen[key.text]} and {value.text})", fact.location))
        if key.text in seen:
            continue
        seen[key.text] = value.text
        out.append(Observation(key.text, value.text, fact.location))
    return tuple(out)
