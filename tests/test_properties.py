"""Properties of verdicts: they depend on each finding alone, not on file order, neighbours or the finding's name."""

from __future__ import annotations

import dataclasses
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import theorycheck
from theorycheck.findings import read_findings

from conftest import MINI_BACKGROUND, build_kb, findings_text, theory_text

DRUGS = ("heroin", "morphine", "cocaine", "amphetamine")
MANIPULATIONS = ("acute", "repeated")
MEASURES = ("nac_dopamine", "locomotor_activation")
VALUES = ("increase", "decrease", "no_change")
KEYS = tuple(f"effect({d}, {m}, {x})" for d in DRUGS for m in MANIPULATIONS for x in MEASURES)

# Each axiom predicts a key from that key alone; `open_question` has two answer sets, so it predicts nothing.
THEORY = theory_text("t", """
    %! axiom acute_rise [1]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
    %! axiom tolerance [2]: Repeated exposure to any drug lowers every measure.
    predicts(effect(D, repeated, X), decrease) :- asked(effect(D, repeated, X)).
    %! axiom open_question [3]: Acute exposure may or may not raise locomotion.
    { active(D) } :- asked(effect(D, acute, locomotor_activation)).
    predicts(effect(D, acute, locomotor_activation), increase) :- active(D).
""")

SETTINGS = settings(max_examples=25, deadline=None)

# One finding: one to three distinct keys, each with a value.
observations = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(VALUES), min_size=1, max_size=3).map(
    lambda d: sorted(d.items()))
findings = st.lists(observations, min_size=1, max_size=5).map(
    lambda blocks: {f"f{i}": obs for i, obs in enumerate(blocks)})


_KEEP: list[tempfile.TemporaryDirectory] = []


@cache
def base_kb():
    """The KB with THEORY and no findings, loaded once; each example reads only its own findings file."""
    folder = tempfile.TemporaryDirectory(prefix="theorycheck-properties-")
    _KEEP.append(folder)  # removed when the interpreter exits
    return theorycheck.load_kb(build_kb(Path(folder.name), {"t": THEORY}, None, background=MINI_BACKGROUND))


def outcome(blocks: dict[str, list[tuple[str, str]]]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Finding id -> (verdict, observation statuses), checking THEORY against these findings in this file order."""
    kb = base_kb()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "findings.lp"
        path.write_text(findings_text(blocks), encoding="utf-8")
        found, citations = read_findings([path], kb.vocabulary)
    result = theorycheck.check(dataclasses.replace(kb, findings=found, citations=citations))
    return {v.finding: (v.verdict, tuple(o.status for o in v.observations)) for v in result.verdicts(theory="t")}


def expected_verdict(obs: list[tuple[str, str]]) -> str:
    """The verdict by DESIGN.md's table, from what THEORY says about each key."""
    def predicted(key: str) -> str | None:
        _, manipulation, measure = key[len("effect("):-1].split(", ")
        if manipulation == "repeated":
            return "decrease"
        return "increase" if measure == "nac_dopamine" else None

    hits = [predicted(k) for k, _ in obs]
    if any(p is not None and p != v for p, (_, v) in zip(hits, obs)):
        return "contradicted"
    matched = sum(p is not None for p in hits)
    return "explained" if matched == len(obs) else "partial" if matched else "silent"


@SETTINGS
@given(findings)
def test_verdicts_follow_the_definition(blocks):
    got = outcome(blocks)
    assert {f: v for f, (v, _) in got.items()} == {f: expected_verdict(obs) for f, obs in blocks.items()}


@SETTINGS
@given(findings.flatmap(lambda blocks: st.tuples(st.just(blocks), st.permutations(list(blocks)))))
def test_order_of_findings_does_not_change_any_verdict(case):
    blocks, order = case
    assert outcome({f: blocks[f] for f in order}) == outcome(blocks)


@SETTINGS
@given(findings, observations)
def test_adding_a_finding_keeps_the_verdicts_of_the_others(blocks, extra):
    before = outcome(blocks)
    after = outcome({**blocks, "added": extra})
    assert {f: after[f] for f in blocks} == before


@SETTINGS
@given(findings.flatmap(lambda blocks: st.tuples(st.just(blocks), st.sampled_from(list(blocks)))))
def test_renamed_duplicate_gets_the_verdict_of_its_original(case):
    blocks, original = case
    got = outcome({**blocks, "renamed_copy": blocks[original]})
    assert got["renamed_copy"] == got[original]
