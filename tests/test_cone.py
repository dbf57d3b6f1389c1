"""Conflict sets enumerated on the part of the ground program a batch's clashes depend on (solver/cone.py): the same
sets as on the whole program, for random ground programs and through the engine; refused where the rest of the
program could remove answer sets."""

from __future__ import annotations

from pathlib import Path

import clingo
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import theorycheck
from theorycheck.solver.batches import batch_program
from theorycheck.solver.cone import GroundProgram

from conftest import build_kb, findings_text, theory_text

GUARDS = [f"_tc_on(a{i})" for i in range(4)]
ATOMS = [f"p{i}" for i in range(5)]
FINDINGS = [f"f{i}" for i in range(6)]
CLASHES = [f"_tc_clash({f})" for f in FINDINGS]
SWITCHES = "".join(f"#external {g}.\n#heuristic {g}. [1, false]\n" for g in GUARDS)


def _literal(draw, atoms):
    return ("not " if draw(st.booleans()) else "") + draw(st.sampled_from(atoms))


@st.composite
def programs(draw) -> str:
    """A ground program over four free switches, five atoms and six clash atoms: normal rules with negation,
    perhaps a choice, a disjunction, a counting aggregate and integrity constraints (some programs have cycles
    through negation)."""
    rules = []
    for _ in range(draw(st.integers(2, 12))):
        head = draw(st.sampled_from(ATOMS + CLASHES))
        body = [_literal(draw, GUARDS + ATOMS) for _ in range(draw(st.integers(1, 3)))]
        rules.append(f"{head} :- {', '.join(body)}.")
    if draw(st.booleans()):
        rules.append(f"{{ {draw(st.sampled_from(ATOMS))} }} :- {draw(st.sampled_from(GUARDS))}.")
    if draw(st.booleans()):
        heads = draw(st.lists(st.sampled_from(ATOMS + CLASHES), min_size=2, max_size=3, unique=True))
        rules.append(f"{' ; '.join(heads)} :- {_literal(draw, GUARDS + ATOMS)}.")
    if draw(st.booleans()):
        count = "; ".join(f"{i} : {literal}" for i, literal in enumerate(GUARDS + ATOMS[:2]))
        rules.append(f"{draw(st.sampled_from(ATOMS + CLASHES))} :- #count {{ {count} }} >= {draw(st.integers(1, 3))}.")
    for _ in range(draw(st.integers(0, 2))):
        rules.append(f":- {', '.join(_literal(draw, GUARDS + ATOMS) for _ in range(draw(st.integers(1, 2))))}.")
    return SWITCHES + "\n".join(rules) + "\n"


def _enumerate(ctl: clingo.Control) -> set[tuple[str, frozenset]]:
    """Ground the batch part, switch the batch on, and enumerate: (picked finding, switches on) per model."""
    ctl.ground([("base", []), ("_tc_batch", [clingo.Number(1)])])
    _free(ctl)
    ctl.assign_external(clingo.Function("_tc_part", [clingo.Number(1), clingo.Number(0)]), True)
    ctl.configuration.solve.enum_mode = "domRec"
    ctl.configuration.solve.models = 0
    found = set()

    def on_model(model):
        shown = model.symbols(shown=True)
        picked = [str(s.arguments[0]) for s in shown if s.name == "_tc_pick"]
        found.add((picked[0], frozenset(str(s) for s in shown if s.name == "_tc_on")))

    ctl.solve(on_model=on_model)
    return found


def _free(ctl: clingo.Control) -> None:
    """The switches free, as the engine leaves them for the enumeration."""
    for guard in GUARDS:
        atom = ctl.symbolic_atoms[clingo.parse_term(guard)]
        if atom is not None and atom.is_external:
            ctl.assign_external(atom.symbol, None)


def _whole(program: str, batch: list[str]) -> set:
    ctl = clingo.Control(["--heuristic=Domain", "--warn=none"])
    ctl.add("base", [], program + batch_program(batch))
    return _enumerate(ctl)


def _observed(program: str) -> tuple[GroundProgram, clingo.Control]:
    observed = GroundProgram()
    ctl = clingo.Control(["--heuristic=Domain", "--warn=none"])
    ctl.register_observer(observed)
    ctl.add("base", [], program)
    ctl.ground([("base", [])])
    _free(ctl)
    return observed, ctl


def _bottom(observed: GroundProgram, ctl: clingo.Control, batch: list[str]) -> set:
    named = {}
    for text in GUARDS + [f"_tc_clash({f})" for f in batch]:
        atom = ctl.symbolic_atoms[clingo.parse_term(text)]
        if atom is not None:
            named[atom.literal] = atom.symbol
    seeds = [literal for literal, symbol in named.items() if symbol.name == "_tc_clash"]
    sub, _ = observed.bottom(seeds, named, ["--heuristic=Domain", "--warn=none"])
    sub.add("base", [], batch_program(batch))
    return _enumerate(sub)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), st.integers(1, 5))
def test_a_bottom_has_the_whole_programs_minimal_sets(program, cut):
    observed, ctl = _observed(program)
    if not observed.splittable():
        return
    for batch in (FINDINGS[:cut], FINDINGS[cut:]):
        assert _bottom(observed, ctl, batch) == _whole(program, batch), program


@pytest.mark.parametrize("program, splittable", [
    ("p :- not q, _tc_on(a0).\nq :- not p.\n", False),  # a choice by an even loop: its rest may differ by batch
    ("x :- not x, _tc_on(a1).\n", False),  # an odd loop: switching a1 on leaves no answer set
    ("p :- q.\nq :- p.\nq :- _tc_on(a0).\n", True),  # a positive loop is stratified
    ("p :- #count { 1 : q; 2 : _tc_on(a0) } >= 1.\nq :- p.\n", False),  # a loop through an aggregate
    ("p :- not q.\nq :- _tc_on(a0).\n", True),
    ("#minimize { 1 : p }.\np :- _tc_on(a0).\n", False),  # an optimisation statement is not copied
])
def test_a_program_splits_only_where_its_rest_keeps_every_answer_set(program, splittable):
    observed, _ = _observed(SWITCHES + program)
    assert observed.splittable() is splittable


def test_an_odd_loop_outside_the_bottom_would_change_the_sets():
    """Why the check matters: with `x :- not x, _tc_on(a1)`, no answer set has a1 on, so {a0, a1} is no conflict
    set of f0; the part f0's clash depends on alone would find it."""
    program = SWITCHES + "_tc_clash(f0) :- _tc_on(a0), _tc_on(a1).\nx :- not x, _tc_on(a1).\n"
    observed, ctl = _observed(program)
    assert _whole(program, ["f0"]) == set()
    assert _bottom(observed, ctl, ["f0"]) == {("f0", frozenset({"_tc_on(a0)", "_tc_on(a1)"}))}
    assert not observed.splittable()


def test_every_integrity_constraint_is_in_the_bottom():
    """A constraint over atoms no clash reads still removes answer sets: it is copied, with what it reads."""
    program = SWITCHES + "_tc_clash(f0) :- _tc_on(a0).\n_tc_clash(f0) :- _tc_on(a1).\nq :- _tc_on(a1).\n:- q.\n"
    observed, ctl = _observed(program)
    assert observed.splittable()
    assert _bottom(observed, ctl, ["f0"]) == _whole(program, ["f0"]) == {("f0", frozenset({"_tc_on(a0)"}))}


DRUGS = ["heroin", "morphine", "cocaine", "amphetamine", "methamphetamine"]
MEASURES = ["hedonic_reaction", "positive_affect", "reward_threshold", "withdrawal_signs", "pit", "sign_tracking",
            "cue_reactivity", "pr_breakpoint", "drug_demand", "punished_taking", "seeking_after_abstinence",
            "oral_preference"]
KEYS = [f"effect({d}, {m}, {x})" for d in DRUGS for m in ("acute", "repeated", "withdrawal") for x in MEASURES]
VALUES = ["increase", "decrease", "no_change"]

NEGATION = theory_text("negation", """
    %! axiom a0 [1]: Opiates engage q0.
    q0(D) :- addictive(D), drug_class(D, opiate).
    %! axiom a1 [1]: Every addictive drug engages q1.
    q1(D) :- addictive(D).
    %! axiom a2 [1]: What q0 and q1 engage falls.
    predicts(effect(D, M, X), decrease) :- asked(effect(D, M, X)), q0(D), q1(D).
    %! axiom a3 [1]: What q1 alone engages rises.
    predicts(effect(D, M, X), increase) :- asked(effect(D, M, X)), q1(D), not q0(D).
    %! axiom a4 [1]: Repeated exposure changes nothing where q1 holds.
    predicts(effect(D, repeated, X), no_change) :- asked(effect(D, repeated, X)), q1(D).
""")
VERSIONED = theory_text("versioned", """
    %! version v1 [1]: the first version.
    %! version v2 [2]: the second version.
    %! axiom s [1]: A shared premise.
    s(D) :- addictive(D).
    %! axiom up1 [1] in v1: Acute effects rise in v1, by the shared premise.
    predicts(effect(D, acute, X), increase) :- asked(effect(D, acute, X)), s(D).
    %! axiom up2 [1] in v2: Acute effects rise in v2.
    predicts(effect(D, acute, X), increase) :- asked(effect(D, acute, X)), addictive(D).
    %! axiom down1 [1] in v1: Repeated exposure lowers everything in v1.
    predicts(effect(D, repeated, X), decrease) :- asked(effect(D, repeated, X)), addictive(D).
    %! axiom down2 [1] in v2: Repeated exposure lowers psychostimulants' effects in v2, by the shared premise.
    predicts(effect(D, repeated, X), decrease) :- asked(effect(D, repeated, X)), s(D), drug_class(D, psychostimulant).
    %! axiom flat [1]: Withdrawal changes nothing.
    predicts(effect(D, withdrawal, X), no_change) :- asked(effect(D, withdrawal, X)).
""")


@pytest.fixture(scope="module")
def many_findings(tmp_path_factory) -> Path:
    """600 findings over 180 keys, and two theories (one with negation, one with versions) that each contradict
    more than a batch of them (grounding.BATCH_SIZE)."""
    blocks = {f"f{i:03d}": [(KEYS[i % len(KEYS)], VALUES[i % 3])]
              + ([(KEYS[(i + 1) % len(KEYS)], VALUES[(i // 3) % 3])] if i % 4 == 0 else []) for i in range(600)}
    return build_kb(tmp_path_factory.mktemp("cone") / "kb", {"negation": NEGATION, "versioned": VERSIONED},
                    findings_text(blocks))


def _sets(result) -> set:
    """Each conflict set with its clashing keys and values (not the derivations: where a clash has several, which
    one a solve's first model holds depends on what the grounding solved before)."""
    return {(r.theory.name, c.finding, c.complete, s.axioms, s.auxiliaries, tuple((p.key, p.value) for p in s.clashes))
            for r in result.results for c in r.conflicts for s in c.sets}


@pytest.mark.parametrize("trees", [False, True])
def test_the_engine_finds_the_same_conflict_sets_on_the_bottoms(many_findings, monkeypatch, trees):
    kb = theorycheck.load_kb(many_findings)
    bottoms = []
    real = GroundProgram.bottom
    monkeypatch.setattr(GroundProgram, "bottom", lambda self, *a: bottoms.append(1) or real(self, *a))
    from theorycheck import engine

    # In this process, so that the count of bottoms made is seen (the workers would fork from it).
    monkeypatch.setattr(engine, "run_bounded", lambda jobs, timeout: [job.func(*job.args) for job in jobs])
    split = engine.check(kb, explain=True, trees=trees)
    assert len(bottoms) == 4  # two batches of contradicted findings, two theories
    monkeypatch.setattr(GroundProgram, "splittable", lambda self: False)
    whole = engine.check(kb, explain=True, trees=trees)
    assert _sets(split) == _sets(whole)
    assert [r.verdicts for r in split.results] == [r.verdicts for r in whole.results]
    if not trees:
        assert split == whole
    for name in ("negation", "versioned"):
        conflicts = split.theory(name).conflicts
        assert len(conflicts) > 256 and all(c.complete and c.sets for c in conflicts)
