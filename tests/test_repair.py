"""Repairs (drop and restrict), the repair formula, comparison and experiment design, on small theories."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import Symbol

import theorycheck
from theorycheck.compare import candidate_keys, compare, design
from theorycheck.repair import repair, repair_formula

from conftest import MINI_BACKGROUND, build_kb, clause_theory, findings_text, theory_text

HEROIN_UP = [("effect(heroin, acute, nac_dopamine)", "increase")]
COCAINE_UP = [("effect(cocaine, acute, nac_dopamine)", "increase")]


def kb_with(tmp: Path, theory: str, findings: dict) -> theorycheck.kb.KB:
    root = build_kb(tmp, {"t": theory}, findings_text(findings), background=MINI_BACKGROUND)
    return theorycheck.load_kb(root)


def hitting_sets(conflicts: list[frozenset[str]], axioms: list[str]) -> set[frozenset[str]]:
    """Brute force: the subset-minimal sets of axioms that meet every conflict set."""
    hits = [frozenset(c) for n in range(len(axioms) + 1) for c in combinations(axioms, n)
            if all(set(c) & conflict for conflict in conflicts)]
    return {h for h in hits if not any(other < h for other in hits)}


def test_exact_drop_repairs_and_formula(tmp_path):
    # Conflicts {a0, a2} and {a1, a2}: dropping a2 repairs alone; a0 and a1 together too.
    kb = kb_with(tmp_path, clause_theory(3, [(2, frozenset({0})), (2, frozenset({1}))]), {"f1": HEROIN_UP})
    report = repair(kb, "t")
    assert [r.axioms for r in report.subset_minimal] == [("a2",), ("a0", "a1")]
    assert [r.axioms for r in report.cardinality_minimal] == [("a2",)]
    assert (report.essential, report.optional, report.complete) == ((), ("a0", "a1", "a2"), True)
    assert report.formula == "~a2 | (~a0 & ~a1)"


def test_restricting_an_axiom_to_one_class_is_the_unitarity_cost(tmp_path):
    # The axiom says every drug lowers dopamine: heroin's observation clashes, cocaine's is explained.
    theory = theory_text("t", """
        %! axiom lowers [1]: Every drug lowers dopamine.
        lowers(D) :- addictive(D).
        %! axiom reads [1]: What lowers dopamine shows in the measure.
        predicts(effect(D, M, X), decrease) :- asked(effect(D, M, X)), lowers(D).
    """)
    kb = kb_with(tmp_path, theory, {"f1": HEROIN_UP, "f2": [("effect(cocaine, acute, nac_dopamine)", "decrease")]})
    report = repair(kb, "t")
    assert report.unitarity_cost == 1
    assert {r.restrictions for r in report.restrict_repairs} == {
        (("lowers", "psychostimulant"),), (("reads", "psychostimulant"),)}
    assert all(r.explained == 1 and r.loses == () for r in report.restrict_repairs)
    assert [(r.axioms, r.loses) for r in report.subset_minimal] == [(("lowers",), ("f2",)), (("reads",), ("f2",))]


def test_nothing_to_repair(tmp_path):
    kb = kb_with(tmp_path, clause_theory(2, []), {"f1": HEROIN_UP})
    report = repair(kb, "t")
    assert ([r.axioms for r in report.subset_minimal], report.formula, report.unitarity_cost) == ([()], "True", 0)


def test_formula_of_no_repair_is_false():
    assert repair_formula(()) == "False"


clauses = st.lists(st.tuples(st.integers(0, 3), st.frozensets(st.integers(0, 3), max_size=2)), min_size=1, max_size=4)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(clauses=clauses)
def test_repairs_are_exactly_the_minimal_hitting_sets(tmp_path_factory, clauses):
    kb = kb_with(tmp_path_factory.mktemp("kb"), clause_theory(4, clauses), {"f1": HEROIN_UP})
    axioms = [f"a{i}" for i in range(4)]
    conflicts = [frozenset(f"a{i}" for i in others | {host}) for host, others in clauses]
    report = repair(kb, "t")
    found = {frozenset(r.axioms) for r in report.subset_minimal}
    assert found == hitting_sets(conflicts, axioms)
    smallest = min(len(h) for h in found)
    assert {frozenset(r.axioms) for r in report.cardinality_minimal} == {h for h in found if len(h) == smallest}
    for r in report.subset_minimal:
        # Applied with --drop, a repair leaves nothing contradicted; no proper subset of it does.
        assert theorycheck.check(kb, drop=list(r.axioms)).theory("t").count("contradicted") == 0
        for member in r.axioms:
            rest = [a for a in r.axioms if a != member]
            assert theorycheck.check(kb, drop=rest).theory("t").count("contradicted") == 1
    # The formula holds for a set of dropped axioms exactly when it contains a reported repair.
    expr = _parse_formula(report.formula, axioms)
    for n in range(len(axioms) + 1):
        for dropped in combinations(axioms, n):
            value = bool(expr.subs({Symbol(a): a not in dropped for a in axioms}))
            assert value == any(h <= set(dropped) for h in found)


def _parse_formula(text: str, axioms: list[str]):
    from sympy.parsing.sympy_parser import parse_expr

    return parse_expr(text, local_dict={a: Symbol(a) for a in axioms})


def test_compare_lists_disagreements_and_subsumption(tmp_path):
    weak = theory_text("weak", """
        %! axiom raises [1]: Drugs raise dopamine.
        predicts(effect(D, M, X), increase) :- asked(effect(D, M, X)), D = heroin.
    """)
    strong = theory_text("strong", """
        %! axiom raises [1]: Drugs raise dopamine.
        predicts(effect(D, M, X), increase) :- asked(effect(D, M, X)), addictive(D).
    """)
    root = build_kb(tmp_path, {"weak": weak, "strong": strong}, findings_text({"f1": HEROIN_UP, "f2": COCAINE_UP}),
                    background=MINI_BACKGROUND)
    c = compare(theorycheck.load_kb(root), "weak", "strong")
    assert c.disagreements == (("f2", "silent", "explained"),)
    assert (c.first_subsumes_second, c.second_subsumes_first, c.conflicting_keys, c.shared) == (False, True, (), 1)


def test_design_proposes_unobserved_keys_that_separate_the_theories(tmp_path):
    up = theory_text("up", """
        %! axiom raises [1]: Drugs raise dopamine.
        predicts(effect(D, M, X), increase) :- asked(effect(D, M, X)), addictive(D).
    """)
    split = theory_text("split", """
        %! axiom opiates_lower [1]: Opiates lower dopamine, psychostimulants raise it.
        predicts(effect(D, M, X), decrease) :- asked(effect(D, M, X)), drug_class(D, opiate).
        predicts(effect(D, M, X), increase) :- asked(effect(D, M, X)), drug_class(D, psychostimulant).
    """)
    root = build_kb(tmp_path, {"up": up, "split": split}, findings_text({"f1": COCAINE_UP}),
                    background=MINI_BACKGROUND)
    kb = theorycheck.load_kb(root)
    assert "effect(heroin,acute,nac_dopamine)" in candidate_keys(kb)
    assert "effect(cocaine,acute,nac_dopamine)" not in candidate_keys(kb)
    experiments = design(kb, "up", "split")
    assert {e.key for e in experiments} == {"effect(heroin,acute,nac_dopamine)", "effect(morphine,acute,nac_dopamine)"}
    assert all(dict(e.predictions) == {"up": "increase", "split": "decrease"} and e.separated_pairs == 1
               for e in experiments)


def test_of_equally_few_restrictions_those_that_keep_most_explained_are_listed(tmp_path):
    # Restricting `lowers` or `reads_da` to psychostimulants each remove heroin's clash with one restriction; only
    # the second keeps heroin's locomotor finding (which `lowers` explains with `reads_loco`) explained.
    theory = theory_text("t", """
        %! axiom lowers [1]: Every drug lowers dopamine.
        lowers(D) :- addictive(D).
        %! axiom reads_da [1]: Lowered dopamine shows in NAc dopamine.
        predicts(effect(D, acute, nac_dopamine), decrease) :- asked(effect(D, acute, nac_dopamine)), lowers(D).
        %! axiom reads_loco [1]: Lowered dopamine slows locomotion.
        predicts(effect(D, acute, locomotor_activation), decrease) :-
            asked(effect(D, acute, locomotor_activation)), lowers(D).
    """)
    kb = kb_with(tmp_path, theory, {"f1": HEROIN_UP, "f2": [("effect(cocaine, acute, nac_dopamine)", "decrease")],
                                    "f3": [("effect(heroin, acute, locomotor_activation)", "decrease")]})
    report = repair(kb, "t")
    assert report.unitarity_cost == 1
    assert [(r.restrictions, r.explained, r.loses) for r in report.restrict_repairs] == [
        ((("reads_da", "psychostimulant"),), 2, ())]


def test_axioms_are_restricted_only_to_classes_some_finding_observes(make_kb):
    # The mini background has two opiates and two psychostimulants; findings that observe only heroin leave
    # psychostimulants out: restricting an axiom to a class no finding observes would be a drop in disguise.
    from conftest import MINI_BACKGROUND, findings_text, theory_text

    from theorycheck.repair import restriction_classes

    theory = theory_text("t", "%! axiom a [1]: rises.\npredicts(K, increase) :- asked(K).\n")
    only_heroin = findings_text({"f1": [("effect(heroin, acute, nac_dopamine)", "increase")]})
    both = findings_text({"f1": [("effect(heroin, acute, nac_dopamine)", "increase")],
                          "f2": [("effect(cocaine, acute, nac_dopamine)", "increase")]})
    for findings, expected in ((only_heroin, ["opiate"]), (both, ["opiate", "psychostimulant"])):
        root = make_kb({"t": theory}, findings, background=MINI_BACKGROUND)
        assert restriction_classes(theorycheck.load_kb(root)) == expected


def test_restrictions_that_are_every_combination_of_some_classes_make_one_row():
    from theorycheck.repair import RestrictRepair
    from theorycheck.repair_report import restriction_rows

    product = [RestrictRepair((("a", x), ("b", y)), 3, ("f1",)) for x in ("opiate", "psychostimulant")
               for y in ("cannabinoid", "opiate")]
    assert restriction_rows(product) == [("a → opiate | psychostimulant; b → cannabinoid | opiate", 3, ("f1",))]
    # Three of the four combinations are not a product: each stays a row of its own.
    assert [row for row, _, _ in restriction_rows(product[:3])] == [
        "a → opiate; b → cannabinoid", "a → opiate; b → opiate", "a → psychostimulant; b → cannabinoid"]
    # Other axioms, or another outcome, are another row.
    other = RestrictRepair((("a", "opiate"), ("b", "opiate")), 2, ("f1", "f2"))
    assert len(restriction_rows([*product, other])) == 2
