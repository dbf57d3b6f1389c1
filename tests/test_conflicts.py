"""Minimal conflict sets, derivations and why-not, on small theories with known answers."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import theorycheck
from theorycheck.explain import explanation_dict

from conftest import MINI_BACKGROUND, clause_theory, findings_text

ROOT = Path(__file__).resolve().parent.parent
FINDING = """citation(c1, "Test (2024)", "10.1000/test").
finding(f1).
title(f1, "t"). kind(f1, difference). domain(f1, setting). species(f1, rat). paradigm(f1, self_administration).
strength(f1, robust). source(f1, c1, "Fig. 1", "1").
observed(f1, effect(heroin, acute, nac_dopamine), increase).
"""


def make_kb(root: Path, theory: str, real_background: bool = False) -> Path:
    """A KB with one theory `t` and finding f1; the small background of conftest unless the bridges are needed."""
    (root / "theories").mkdir(parents=True, exist_ok=True)
    if real_background:
        shutil.copy(ROOT / "theories" / "background.lp", root / "theories" / "background.lp")
    else:
        (root / "theories" / "background.lp").write_text(MINI_BACKGROUND, encoding="utf-8")
    (root / "theories" / "t.lp").write_text(theory, encoding="utf-8")
    (root / "findings.lp").write_text(FINDING, encoding="utf-8")
    return root


def minimal(sets: list[frozenset[str]]) -> set[frozenset[str]]:
    return {s for s in sets if not any(other < s for other in sets)}


def conflict_sets(root: Path, drop=()) -> tuple[set[frozenset[str]], bool]:
    kb = theorycheck.load_kb(root)
    result = theorycheck.check(kb, drop=list(drop), explain=True)
    found = result.theory("t").conflicts_of("f1")
    return ({frozenset(c.axioms) for c in found.sets}, found.complete) if found else (set(), True)


def verdict(root: Path, drop) -> str:
    kb = theorycheck.load_kb(root)
    return theorycheck.check(kb, drop=list(drop)).theory("t").verdict("f1").verdict


def test_exact_minimal_conflict_sets(tmp_path):
    # a0 & a1 clash (rule under a2 needs q0, q1 and a2 itself); a3 alone clashes (rule under a3, no premises).
    theory = clause_theory(4, [(2, frozenset({0, 1})), (3, frozenset())])
    root = make_kb(tmp_path, theory)
    assert conflict_sets(root) == ({frozenset({"a0", "a1", "a2"}), frozenset({"a3"})}, True)


def test_an_enumeration_out_of_time_says_so_and_keeps_only_minimal_sets(tmp_path):
    root = make_kb(tmp_path, clause_theory(4, [(2, frozenset({0, 1})), (3, frozenset())]))
    kb = theorycheck.load_kb(root)
    found = theorycheck.check(kb, explain=True, explain_timeout=0).theory("t").conflicts_of("f1")
    assert found is not None and not found.complete
    assert {frozenset(c.axioms) for c in found.sets} <= {frozenset({"a0", "a1", "a2"}), frozenset({"a3"})}
    report = explanation_dict(kb, theorycheck.check(kb, explain=True, explain_timeout=0), "t", "f1")
    assert report["minimal_proven"] is False


def test_dropped_axioms_are_not_used_in_conflict_sets(tmp_path):
    root = make_kb(tmp_path, clause_theory(4, [(2, frozenset({0, 1})), (3, frozenset())]))
    assert conflict_sets(root, drop=["a3"]) == ({frozenset({"a0", "a1", "a2"})}, True)


def test_explanation_json_follows_the_contract(tmp_path):
    root = make_kb(tmp_path, clause_theory(3, [(2, frozenset({0}))]))
    kb = theorycheck.load_kb(root)
    result = theorycheck.check(kb, explain=True)
    data = explanation_dict(kb, result, "t", "f1")
    assert {"theory", "finding", "verdict", "conflict_sets", "minimal_proven", "derivations", "why_not"} <= set(data)
    assert (data["verdict"], data["conflict_sets"], data["minimal_proven"]) == ("contradicted", [["a0", "a2"]], True)
    clash = data["conflicts"][0]["clashes"][0]
    assert (clash["key"], clash["value"], clash["derivation"]["rule"]) == (
        "effect(heroin,acute,nac_dopamine)", "decrease", "a2")


def test_why_not_names_the_missing_premise(tmp_path):
    theory = ("%! theory t\n%! title: T\n%! axiom a0 [1]: nothing about dopamine\n"
              "drives(D, relapse, stress_response) :- addictive(D).\n")
    root = make_kb(tmp_path, theory, real_background=True)
    kb = theorycheck.load_kb(root)
    data = explanation_dict(kb, theorycheck.check(kb, explain=True), "t", "f1")
    (entry,) = data["why_not"]
    assert entry["key"] == "effect(heroin,acute,nac_dopamine)"
    # Every premise offered is one the solver showed to predict the observation alone.
    assert "activates(heroin,da_transmission)" in entry["premises"]
    assert "acute_activation_raises_measure" in entry["bridges"]
    assert any("makes the theory predict this observation" in m for m in entry["missing"])


def test_derivation_trees_cite_only_switched_on_axioms(tmp_path):
    root = make_kb(tmp_path, clause_theory(3, [(0, frozenset()), (1, frozenset({2}))]))
    kb = theorycheck.load_kb(root)
    for dropped in ([], ["a0"], ["a1"], ["a0", "a2"]):
        result = theorycheck.check(kb, drop=dropped)
        for part in result.theory("t").verdict("f1").observations:
            for p in part.predictions:
                assert not set(p.axioms) & set(dropped)
                assert set(p.axioms) <= {"a0", "a1", "a2"}


clauses = st.lists(st.tuples(st.integers(0, 4), st.frozensets(st.integers(0, 4), max_size=3)), min_size=1, max_size=4)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(clauses=clauses)
def test_reported_sets_are_exactly_the_minimal_clashing_sets(tmp_path_factory, clauses):
    root = make_kb(tmp_path_factory.mktemp("kb"), clause_theory(5, clauses))
    expected = minimal([frozenset(f"a{i}" for i in others | {host}) for host, others in clauses])
    found, complete = conflict_sets(root)
    assert complete and found == expected
    everything = {f"a{i}" for i in range(5)}
    for conflict in found:
        # Alone (every other axiom dropped) the set still contradicts the finding ...
        assert verdict(root, sorted(everything - conflict)) == "contradicted"
        # ... and without any one of its members it does not.
        for member in conflict:
            assert verdict(root, sorted(everything - conflict | {member})) != "contradicted"


measure_clauses = st.lists(st.tuples(st.integers(0, 3), st.frozensets(st.integers(0, 3), max_size=2),
                                     st.sampled_from(["nac_dopamine", "locomotor_activation"])), min_size=1, max_size=5)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(clauses=measure_clauses, batch_size=st.sampled_from([1, 2, 256]))
def test_one_enumeration_for_all_cells_gives_each_cell_its_own_minimal_sets(tmp_path_factory, clauses, batch_size):
    # All contradicted cells of a theory are enumerated in one solve per batch of cells; a set minimal for one
    # finding must not hide a superset that is minimal for another, so the findings here clash through different,
    # overlapping clauses, in one batch or spread over several (the workers are forked: they see the patch).
    from theorycheck.solver import grounding

    default, grounding.BATCH_SIZE = grounding.BATCH_SIZE, batch_size
    try:
        _check_overlapping_clauses(tmp_path_factory, clauses)
    finally:
        grounding.BATCH_SIZE = default


def _check_overlapping_clauses(tmp_path_factory, clauses):
    lines = ["%! theory t", "%! title: T"]
    read = {j for _, others, _ in clauses for j in others}
    for i in range(4):
        lines += [f"%! axiom a{i} [1]: claim {i}"] + [f"q{i}(D) :- addictive(D)."] * (i in read)
        for host, others, measure in clauses:
            if host == i:
                body = "".join(f", q{j}(D)" for j in sorted(others))
                lines.append(f"predicts(effect(D, M, {measure}), decrease) :- asked(effect(D, M, {measure})){body}.")
    root = make_kb(tmp_path_factory.mktemp("kb"), "\n".join(lines) + "\n")
    (root / "findings.lp").write_text(findings_text({
        "f1": [("effect(heroin, acute, nac_dopamine)", "increase")],
        "f2": [("effect(heroin, acute, locomotor_activation)", "increase")],
        "f3": [("effect(heroin, acute, nac_dopamine)", "increase"),
               ("effect(heroin, acute, locomotor_activation)", "no_change")]}), encoding="utf-8")
    clash = {"nac_dopamine": [frozenset(f"a{i}" for i in o | {h}) for h, o, m in clauses if m == "nac_dopamine"],
             "locomotor_activation": [frozenset(f"a{i}" for i in o | {h}) for h, o, m in clauses
                                      if m == "locomotor_activation"]}
    expected = {"f1": minimal(clash["nac_dopamine"]), "f2": minimal(clash["locomotor_activation"]),
                "f3": minimal(clash["nac_dopamine"] + clash["locomotor_activation"])}
    result = theorycheck.check(theorycheck.load_kb(root), explain=True).theory("t")
    for finding, sets in expected.items():
        found = result.conflicts_of(finding)
        assert ({frozenset(c.axioms) for c in found.sets} if found else set()) == sets
        assert found is None or found.complete


def test_every_why_not_premise_predicts_its_observation_when_added(repo_kb, tmp_path_factory):
    """Issue 12's property, checked independently of the search: for why-not suggestions on the shipped KB, a copy
    of the theory with the suggested premise added as an axiom (a fact) predicts the observation. The search
    runs once per theory over a seeded sample of its open findings; a sample of (theory, suggestion) pairs is then
    checked end to end."""
    import random

    from theorycheck.abduction import why_not

    result = theorycheck.check(repo_kb)
    suggestions = []
    pick = random.Random(12)
    for name in repo_kb.theories:
        # A seeded sample of the findings each theory does not explain: every candidate premise of every finding
        # is a solve, and all of them for every theory took minutes.
        open_findings = sorted(v.finding for v in result.theory(name).verdicts if v.verdict != "explained")
        chosen = pick.sample(open_findings, min(6, len(open_findings)))
        for finding, entries in why_not(repo_kb, result, name, chosen).items():
            suggestions += [(name, finding, w.observation, p) for w in entries for p in w.premises]
    assert len({s[0] for s in suggestions}) == len(repo_kb.theories)
    for name, finding, observation, premise in pick.sample(suggestions, 8):
        text = Path(repo_kb.programs[name].path).read_text(encoding="utf-8")
        draft = tmp_path_factory.mktemp("whynot") / f"{name}.lp"
        draft.write_text(text + f"\n%! axiom tc_whynot_premise [0]: The suggested premise.\n{premise}.\n")
        kb = theorycheck.load_kb(repo_kb.root, theory_files=[draft])
        after = theorycheck.check(kb, theories=[name]).theory(name).verdict(finding)
        part = next(p for p in after.observations if p.observation == observation)
        assert part.status == "predicted", (name, finding, observation.key, premise)


def test_only_firings_a_prediction_rests_on_are_read(tmp_path):
    """A model shows the firings of the atoms some derivation of a prediction passes through, and no others; the
    tree of a prediction is rebuilt from them, down to its leaves."""
    from theorycheck.solver import Grounding, check_facts

    theory = """%! theory t
%! title: T
%! citation: Test (2024)
%! axiom a0 [1]: Heroin activates the mesolimbic system.
activates(heroin, mesolimbic_da).
%! axiom a1 [1]: What is activated is depended on for reward.
depends_on(D, reward, S) :- activates(D, S).
%! axiom a2 [1]: Cocaine shares heroin's dependence (no finding asks about cocaine: no prediction rests on it).
depends_on(cocaine, reward, S) :- depends_on(heroin, reward, S).
%! axiom a3 [1]: Reward dependence raises accumbal dopamine.
predicts(effect(D, acute, nac_dopamine), increase) :- depends_on(D, reward, mesolimbic_da), asked(effect(D, acute, nac_dopamine)).
"""
    kb = theorycheck.load_kb(make_kb(tmp_path, theory))
    grounding = Grounding(kb.sources("t"), check_facts(kb.asked_keys()), kb.switches("t"))
    out = grounding.solve()
    heads = {head for _, head, _ in out.fired}
    assert heads == {"predicts(effect(heroin,acute,nac_dopamine),increase)", "depends_on(heroin,reward,mesolimbic_da)",
                     "activates(heroin,mesolimbic_da)"}  # a guarded fact fires too; cocaine's dependence is not read
    assert "depends_on(cocaine,reward,mesolimbic_da)" in out.mechanisms
    (prediction,) = theorycheck.check(kb).theory("t").verdict("f1").observations[0].predictions
    assert set(prediction.axioms) == {"a0", "a1", "a3"}
    # A premise is followed only where some traced rule derives its predicate: a3's `asked/1` (a fact of the
    # engine's) gets no `_tc_need` rule; its `depends_on/3`, a1's `activates/2` and a2's `depends_on/3` do.
    from clingo import ast

    from theorycheck.solver.grounding import versioned
    from theorycheck.solver.parsing import _Log
    from theorycheck.solver.rewriting import rewrite_files

    statements, _ = rewrite_files(kb.sources("t"), versioned(kb.sources("t")), _Log())
    followed = sorted((s.location.begin.line, str(s.head)) for s in statements
                      if s.ast_type == ast.ASTType.Rule and str(s.head).startswith("_tc_need(")
                      and s.location.begin.filename.endswith("t.lp"))
    assert followed == [(7, "_tc_need(_TC_P0)"), (9, "_tc_need(_TC_P0)"), (11, "_tc_need(_TC_P0)")]


def test_an_untraced_grounding_solves_alike_and_refuses_to_show_firings(shipped_kb):
    """Sweeps ground without tracing twins (no solve of theirs reads a firing): the same consequences under every
    setting, and asking an untraced grounding for firings is an error, not an empty tree."""
    import pytest

    from theorycheck.solver import Grounding, check_facts

    kb = shipped_kb
    theory = "incentive_sensitization"
    facts, switches = check_facts(kb.asked_keys()), kb.switches(theory)
    traced = Grounding(kb.sources(theory), facts, switches)
    untraced = Grounding(kb.sources(theory), facts, switches, traced=False)
    assert untraced.rules == [] and len(traced.rules) > 100
    for dropped in [(), (kb.theory(theory).axioms[0].id,), tuple(kb.auxiliary_ids()[:3])]:
        a, b = traced.solve(dropped, fired=False), untraced.solve(dropped, fired=False)
        assert (a.predictions, a.relations, a.mechanisms) == (b.predictions, b.relations, b.mechanisms)
        assert a.predictions  # a setting that predicts something
    with pytest.raises(ValueError, match="untraced"):
        untraced.solve()


def test_a_check_split_between_two_workers_gives_the_same_result(shipped_kb, monkeypatch):
    """With a core to spare, a theory's check runs in two halves (tracing and verdicts; conflict sets, versions and
    the background on an untraced grounding): the same verdicts, conflict sets, clashes and version verdicts."""
    from theorycheck import engine

    kb = shipped_kb
    names = ["frontostriatal_dysfunction", "drug_class_specific"]  # versions; the most conflict sets
    calls = []
    real_merged = engine._merged
    monkeypatch.setattr(engine, "_merged", lambda *parts: calls.append(1) or real_merged(*parts))
    for name in names:
        monkeypatch.setattr(engine.os, "cpu_count", lambda: 1)
        whole = engine.check(kb, theories=[name], explain=True, trees=False)
        assert not calls
        monkeypatch.setattr(engine.os, "cpu_count", lambda: 4)
        halves = engine.check(kb, theories=[name], explain=True, trees=False)
        assert calls and halves == whole
        assert whole.results[0].conflicts  # something to compare
        calls.clear()
