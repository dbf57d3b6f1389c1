"""The vocabulary as a person browses it: terms by section, each with its description, searchable (pure)."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass, field

from .vocabulary import Vocabulary

# (type, heading): the sections `theorycheck vocab` shows, in this order. "class" and "constructor" are not unary
# predicates of the background: drug classes come from drug_class/2, constructors from key_arg/3.
SECTIONS = (("drug", "Drugs"), ("class", "Drug classes"), ("constructor", "Observation key constructors"),
            ("measure", "Measures"), ("manipulation", "Manipulations"), ("condition", "Conditions"),
            ("predictor", "Predictors"), ("outcome", "Outcomes"), ("aspect", "Aspects"), ("region", "Regions"),
            ("substrate", "Substrates (besides the regions)"), ("process", "Processes"),
            ("receptor", "Receptors (antagonist, knockout)"), ("route", "Routes of administration"),
            ("lesion_method", "Lesion methods"), ("stressor", "Stressors"), ("trigger", "Reinstatement triggers"),
            ("treatment", "Treatments"), ("domain", "Finding domains"), ("species", "Species"),
            ("paradigm", "Paradigms"))
DRUG_FACTS = ("drug_class", "acute_profile", "primary_target", "primary_action", "da_release_route")


@dataclass(frozen=True)
class Entry:
    """One term as `vocab` lists it: its section, the term as written (`fos(Region)`), its description, details."""

    section: str
    name: str
    shown: str
    description: str
    details: dict[str, str] = field(default_factory=dict)

    def matches(self, words: list[str]) -> bool:
        text = " ".join([self.name, self.shown, self.description, *self.details.values()]).lower()
        return all(word.lower() in text for word in words)


def vocabulary_entries(vocab: Vocabulary, examples: dict[str, str] | None = None) -> list[Entry]:
    """Every documented or declared term, section by section; `examples`: constructor -> an observation using it."""
    entries: list[Entry] = []
    for kind, _ in SECTIONS:
        if kind == "drug":
            entries += [_drug(vocab, d) for d in sorted(vocab.drugs)]
        elif kind == "class":
            entries += [_class(vocab, c) for c in sorted(set(vocab.drug_classes.values()))]
        elif kind == "constructor":
            entries += [_constructor(vocab, c, (examples or {}).get(c)) for c in sorted(vocab.key_args)]
        else:
            skip = vocab.terms["region"] if kind == "substrate" else set()
            entries += _typed(vocab, kind, skip)
    return entries


def _drug(vocab: Vocabulary, drug: str) -> Entry:
    details = {name: ", ".join(vocab.related_any(name, drug)) for name in DRUG_FACTS if vocab.related_any(name, drug)}
    return Entry("drug", drug, drug, vocab.describe(drug, "drug"), details)


def _class(vocab: Vocabulary, name: str) -> Entry:
    members = sorted(d for d, c in vocab.drug_classes.items() if c == name)
    return Entry("class", name, name, vocab.describe(name, "class"), {"drugs": ", ".join(members)})


def _constructor(vocab: Vocabulary, name: str, example: str | None) -> Entry:
    signature = vocab.key_args[name]
    shown = f"{name}({', '.join(signature[i].capitalize() for i in sorted(signature))})"
    details = {"values": ", ".join(sorted(vocab.values.get(name, ())))}
    details["example"] = example or _made_up_example(vocab, name)
    return Entry("constructor", name, shown, vocab.describe(name, "constructor"), details)


def _made_up_example(vocab: Vocabulary, name: str) -> str:
    signature = vocab.key_args[name]
    args = [min(vocab.terms[signature[i]], key=lambda t: (len(t), t), default="?") for i in sorted(signature)]
    values = sorted(vocab.values.get(name, ()))
    return f"observed(my_finding, {name}({', '.join(args)}), {values[0] if values else '?'})"


def _typed(vocab: Vocabulary, kind: str, skip: set[str]) -> list[Entry]:
    """The terms of a unary predicate of the background, compound ones once per function name and arity."""
    atoms = [a.args[0] for a in vocab.extension.get((kind, 1), ()) if a.args[0].text not in skip]
    constants = sorted({t.text for t in atoms if not t.args})
    compound: dict[tuple[str, int], list] = {}
    for term in atoms:
        if term.args:
            compound.setdefault((term.name, len(term.args)), []).append(term)
    entries = [Entry(kind, c, c, vocab.describe(c, kind)) for c in constants]
    for (name, arity), terms in sorted(compound.items()):
        places = [argument_type(vocab, {t.args[i].text for t in terms}) for i in range(arity)]
        shown = f"{name}({', '.join(_variable(t) for t, _ in places)})"
        details = {"arguments": "; ".join(_argument_text(t, extra) for t, extra in places)}
        entries.append(Entry(kind, name, shown, vocab.describe(name, kind), details))
    return entries


# The unary predicates an argument of a compound term is described by: the vocabulary types, and the sets the
# manipulations are built from.
ARGUMENT_TYPES = ("drug", "region", "substrate", "process", "measure", "manipulation", "receptor", "route",
                  "lesion_method", "stressor", "trigger", "treatment", "exposure", "dependence_state", "condition",
                  "outcome", "predictor", "aspect")


def argument_type(vocab: Vocabulary, values: set[str]) -> tuple[str, list[str]]:
    """The type covering most `values` (the smallest among equals), and the values it leaves out."""
    best, covered, size = "", set(), 0
    for name in ARGUMENT_TYPES:
        members = vocab.column(name, 1, 1)
        hits = values & members
        if hits and (len(hits) > len(covered) or (len(hits) == len(covered) and len(members) < size)):
            best, covered, size = name, hits, len(members)
    return best, sorted(values - covered)


def _variable(kind: str) -> str:
    """A type as an ASP variable name: dependence_state -> DependenceState ("" -> X)."""
    return "".join(part.capitalize() for part in kind.split("_")) or "X"


def _argument_text(kind: str, extra: list[str]) -> str:
    if not kind:
        return f"X: one of {', '.join(extra)}"
    more = f", or {', '.join(extra)}" if extra else ""
    return f"{_variable(kind)}: a {kind.replace('_', ' ')}{more}"


def search(entries: list[Entry], words: list[str]) -> list[Entry]:
    """The entries whose name, description or details contain every word (case-insensitive)."""
    return [e for e in entries if e.matches(words)] if words else entries


def entries_json(entries: list[Entry]) -> list[dict]:
    return [{"section": e.section, "name": e.name, "term": e.shown, "description": e.description,
             **({"details": e.details} if e.details else {})} for e in entries]


def by_section(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """The entries grouped under their section headings, in the order of SECTIONS (empty sections left out)."""
    return [(f"{heading} ({len(members)})", members) for kind, heading in SECTIONS
            for members in [[e for e in entries if e.section == kind]] if members]


NO_DESCRIPTION = "(no description: add a `%- NAME: description` line to background.lp)"


def render_entries(entries: list[Entry], width: int | None = None) -> str:
    """For a terminal: one heading per section, each term with its description wrapped under it (to the
    terminal's width, at most 120 columns)."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 120)
    out: list[str] = []
    for heading, members in by_section(entries):
        out += [heading, ""]
        for entry in members:
            out.append(f"  {entry.shown}")
            out += textwrap.wrap(entry.description or NO_DESCRIPTION, width, initial_indent="      ",
                                 subsequent_indent="      ")
            for label, value in entry.details.items():
                out += textwrap.wrap(f"{label}: {value}", width, initial_indent="      ",
                                     subsequent_indent="        ", break_on_hyphens=False)
        out.append("")
    return "\n".join(out)


def render_markdown(entries: list[Entry]) -> str:
    """Markdown, for a pipe or a file: a heading per section, a bullet per term with its description, its details
    as sub-bullets."""
    from .escaping import code_span, markdown_text

    out: list[str] = []
    for heading, members in by_section(entries):
        out += [f"## {heading}", ""]
        for entry in members:
            out.append(f"- {code_span(entry.shown)}: {markdown_text(entry.description or NO_DESCRIPTION)}")
            out += [f"  - {label}: {markdown_text(value)}" for label, value in entry.details.items()]
        out.append("")
    return "\n".join(out)
