"""Verdicts as DESIGN.md defines them: explained, partial, silent, contradicted; incoherence; drop; cautious."""

from __future__ import annotations

import json

import pytest

import theorycheck
from theorycheck.errors import InputError
from theorycheck.model import Finding, Observation
from theorycheck.results import Incoherence, Prediction
from theorycheck.verdicts import incoherences, index_predictions, judge

from conftest import build_kb, findings_text, theory_text

# Two axioms over asked keys: acute exposure raises NAc dopamine, repeated exposure lowers it.
UP_DOWN = theory_text("t", """
    %! axiom up [1]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
    %! axiom down [2]: Repeated exposure to any drug lowers NAc dopamine.
    predicts(effect(D, repeated, nac_dopamine), decrease) :- asked(effect(D, repeated, nac_dopamine)).
""")

INCOHERENT = theory_text("inc", """
    %! axiom up [1]: Acute exposure raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
    %! axiom flat [2]: Acute exposure leaves NAc dopamine unchanged.
    predicts(effect(D, acute, nac_dopamine), no_change) :- asked(effect(D, acute, nac_dopamine)).
""")

# A mechanism axiom: the background's bridge rules turn it into predictions.
MECHANISM = theory_text("m", """
    %! axiom da [11]: Addictive drugs activate the mesolimbic dopamine system.
    activates(D, mesolimbic_da) :- addictive(D).
""")

# Several answer sets: only what holds in all of them is predicted.
CHOICE = theory_text("c", """
    %! axiom either_route [1]: A drug raises dopamine by one of two routes; which one is left open.
    { route(D, a); route(D, b) } = 1 :- asked(effect(D, acute, nac_dopamine)).
    predicts(effect(D, acute, nac_dopamine), increase) :- route(D, a).
    predicts(effect(D, acute, nac_dopamine), increase) :- route(D, b).
    %! axiom maybe_sensitizes [2]: Repeated exposure may or may not sensitize dopamine release.
    { sensitized(D) } :- asked(effect(D, repeated, nac_dopamine)).
    predicts(effect(D, repeated, nac_dopamine), increase) :- sensitized(D).
""")

FINDINGS = {
    "f_explained": [("effect(heroin, acute, nac_dopamine)", "increase"),
                    ("effect(cocaine, acute, nac_dopamine)", "increase")],
    "f_partial": [("effect(morphine, acute, nac_dopamine)", "increase"),
                  ("effect(morphine, acute, locomotor_activation)", "increase")],
    "f_silent": [("effect(cocaine, acute, locomotor_activation)", "increase")],
    "f_contradicted": [("effect(cocaine, repeated, nac_dopamine)", "increase")],
    # One observation predicted, one clashing: the clash wins.
    "f_mixed": [("effect(amphetamine, acute, nac_dopamine)", "increase"),
                ("effect(amphetamine, repeated, nac_dopamine)", "no_change")],
    # Predicted by background bridge rules alone (pharmacology: different dopamine-release routes).
    "f_background": [("relation(heroin, cocaine, da_release_mechanism)", "distinct")],
    "f_single": [("effect(heroin, single_injection, nac_dopamine)", "decrease")],
}
THEORIES = {"t": UP_DOWN, "inc": INCOHERENT, "m": MECHANISM, "c": CHOICE}


@pytest.fixture(scope="module")
def kb_root(tmp_path_factory):
    return build_kb(tmp_path_factory.mktemp("kb"), THEORIES, findings_text(FINDINGS))


@pytest.fixture(scope="module")
def kb(kb_root):
    return theorycheck.load_kb(kb_root)


@pytest.fixture(scope="module")
def result(kb):
    return theorycheck.check(kb)


def verdict_dict(result, theory: str) -> dict[str, str]:
    return {v.finding: v.verdict for v in result.theory(theory).verdicts}


def test_each_verdict_kind(result):
    assert verdict_dict(result, "t") == {
        "f_explained": "explained",
        "f_partial": "partial",
        "f_silent": "silent",
        "f_contradicted": "contradicted",
        "f_mixed": "contradicted",
        "f_background": "silent",
        "f_single": "silent",
    }


def test_counts_and_lookups_agree(result):
    t = result.theory("t")
    assert {v: t.count(v) for v in ("explained", "partial", "silent", "contradicted")} == {
        "explained": 1, "partial": 1, "silent": 3, "contradicted": 2}
    assert t.verdict("f_partial").verdict == "partial"
    assert sorted(v.theory for v in result.verdicts(finding="f_silent")) == ["c", "inc", "m", "t"]
    assert [v.finding for v in result.verdicts(theory="t")] == list(FINDINGS)


def test_observation_statuses(result):
    t = result.theory("t")
    statuses = {f: [(o.observation.key, o.status) for o in t.verdict(f).observations] for f in FINDINGS}
    assert statuses == {
        "f_explained": [("effect(heroin,acute,nac_dopamine)", "predicted"),
                        ("effect(cocaine,acute,nac_dopamine)", "predicted")],
        "f_partial": [("effect(morphine,acute,nac_dopamine)", "predicted"),
                      ("effect(morphine,acute,locomotor_activation)", "unpredicted")],
        "f_silent": [("effect(cocaine,acute,locomotor_activation)", "unpredicted")],
        "f_contradicted": [("effect(cocaine,repeated,nac_dopamine)", "clash")],
        "f_mixed": [("effect(amphetamine,acute,nac_dopamine)", "predicted"),
                    ("effect(amphetamine,repeated,nac_dopamine)", "clash")],
        "f_background": [("relation(heroin,cocaine,da_release_mechanism)", "unpredicted")],
        "f_single": [("effect(heroin,single_injection,nac_dopamine)", "unpredicted")],
    }


def test_clash_names_the_axiom_and_the_predicted_value(result):
    (part,) = result.theory("t").verdict("f_contradicted").observations
    assert [(p.key, p.value, p.axioms) for p in part.predictions] == [
        ("effect(cocaine,repeated,nac_dopamine)", "decrease", ("down",))]
    tree = part.predictions[0].derivation
    assert (tree.atom, tree.rule) == ("predicts(effect(cocaine,repeated,nac_dopamine),decrease)", "down")
    assert [(s.atom, s.rule) for s in tree.premises] == [("asked(effect(cocaine,repeated,nac_dopamine))", "input")]


def test_what_the_auxiliaries_predict_alone_is_reported_apart_and_never_counted(result):
    # Pharmacology and two auxiliaries predict the distinct release mechanisms with no axiom at all: the background's
    # verdict, not a theory's. Every theory is silent on it, whatever it claims.
    assert {v.finding: v.verdict for v in result.background}["f_background"] == "explained"
    assert {name: verdict_dict(result, name)["f_background"] for name in THEORIES} == dict.fromkeys(THEORIES, "silent")


def test_coherent_theories_report_no_incoherence(result):
    assert {name: result.theory(name).incoherences for name in ("t", "m", "c")} == {"t": (), "m": (), "c": ()}


def test_mechanism_axiom_predicts_through_a_bridge_rule(result):
    # acute_activation_raises_measure covers every regimen involving acute exposure (a single injection is one).
    assert verdict_dict(result, "m") == {
        "f_explained": "explained",
        "f_partial": "partial",
        "f_silent": "silent",
        "f_contradicted": "silent",
        "f_mixed": "partial",
        "f_background": "silent",
        "f_single": "contradicted",
    }
    (part,) = result.theory("m").verdict("f_single").observations
    (prediction,) = part.predictions
    assert (prediction.value, prediction.axioms) == ("increase", ("da",))
    assert prediction.derivation.rule == "acute_activation_raises_measure"


def test_incoherent_theory_is_reported_and_contradicted(result):
    t = result.theory("inc")
    assert [(i.key, [(p.value, p.axioms) for p in i.predictions]) for i in t.incoherences] == [
        ("effect(amphetamine,acute,nac_dopamine)", [("increase", ("up",)), ("no_change", ("flat",))]),
        ("effect(cocaine,acute,nac_dopamine)", [("increase", ("up",)), ("no_change", ("flat",))]),
        ("effect(heroin,acute,nac_dopamine)", [("increase", ("up",)), ("no_change", ("flat",))]),
        ("effect(morphine,acute,nac_dopamine)", [("increase", ("up",)), ("no_change", ("flat",))]),
    ]
    assert verdict_dict(result, "inc") == {
        "f_explained": "contradicted",
        "f_partial": "contradicted",
        "f_silent": "silent",
        "f_contradicted": "silent",
        "f_mixed": "contradicted",
        "f_background": "silent",
        "f_single": "silent",
    }
    part = t.verdict("f_explained").observations[0]
    assert (part.status, [(p.value, p.axioms) for p in part.predictions]) == ("clash", [("no_change", ("flat",))])


def test_drop_turns_a_contradiction_into_silence(kb, result):
    after = theorycheck.check(kb, theories=["t"], drop=["down"])
    assert result.theory("t").verdict("f_contradicted").verdict == "contradicted"
    assert after.theory("t").dropped == ("down",)
    assert verdict_dict(after, "t") == {
        "f_explained": "explained",
        "f_partial": "partial",
        "f_silent": "silent",
        "f_contradicted": "silent",
        "f_mixed": "partial",
        "f_background": "silent",
        "f_single": "silent",
    }


def test_drop_applies_only_to_the_theory_that_has_the_axiom(kb):
    # `up` names an axiom in both t and inc; `flat` only in inc. Dropping flat removes inc's incoherence.
    after = theorycheck.check(kb, theories=["t", "inc"], drop=["flat"])
    assert {r.theory.name: r.dropped for r in after.results} == {"t": (), "inc": ("flat",)}
    assert after.theory("inc").incoherences == ()
    assert [verdict_dict(after, name)["f_explained"] for name in ("t", "inc")] == ["explained", "explained"]
    assert verdict_dict(after, "t")["f_contradicted"] == "contradicted"


def test_drop_from_the_command_line(kb_root, cli):
    done = cli("--kb", kb_root, "run", "--theory", "t", "--drop", "down", "--format", "json")
    assert done.exit_code == 0, done.stderr
    (theory,) = json.loads(done.stdout)["theories"]
    verdicts = {v["finding"]: v["verdict"] for v in theory["verdicts"]}
    assert (theory["name"], theory["dropped"], verdicts["f_contradicted"], verdicts["f_mixed"]) == (
        "t", ["down"], "silent", "partial")


def test_unknown_axiom_in_drop_lists_the_axioms(kb):
    with pytest.raises(InputError) as err:
        theorycheck.check(kb, theories=["t"], drop=["down", "sensitisation"])
    assert [d.message for d in err.value.diagnostics] == [
        "unknown axiom or auxiliary 'sensitisation' (axioms: t: up, down; auxiliaries of background.lp: "
        + ", ".join(kb.auxiliary_ids()) + ")"]


def test_only_predictions_of_every_answer_set_count(result):
    # `increase` after repeated exposure holds in some answer sets only: not a cautious consequence.
    verdicts = verdict_dict(result, "c")
    assert (verdicts["f_explained"], verdicts["f_contradicted"], verdicts["f_mixed"]) == (
        "explained", "silent", "partial")


def test_cautious_prediction_names_the_axiom_that_derives_it(result):
    # Every answer set derives the acute prediction through axiom either_route (by one rule or the other), so the
    # explanation must cite it; "background rules alone" would be false.
    part = result.theory("c").verdict("f_explained").observations[0]
    assert [(p.value, p.axioms) for p in part.predictions] == [("increase", ("either_route",))]


def test_theory_without_answer_set_is_an_input_error(make_kb):
    theory = theory_text("none", """
        %! axiom nothing [1]: No drug is addictive.
        :- addictive(D).
    """)
    kb = theorycheck.load_kb(make_kb({"none": theory}, findings_text({"f1": [("effect(heroin, acute, nac_dopamine)",
                                                                             "increase")]})))
    with pytest.raises(InputError) as err:
        theorycheck.check(kb)
    assert [(d.message, d.location.line) for d in err.value.diagnostics] == [
        ("theory 'none' has no answer set, so nothing can be checked against it: this constraint, with what the "
         "theory derives, may exclude every model: :- addictive(D).", 5)]


# --- verdicts.judge on its own: pure data in, verdict out ---------------------------------------------------

VALUES = {"increase", "decrease", "no_change"}


def incompatible(constructor: str, a: str, b: str) -> bool:
    return a != b and a in VALUES and b in VALUES


class Values:
    """The value semantics judge needs: closed, exclusive values, with directions for relations."""

    signs = {"increase": 1, "decrease": -1, "no_change": 0}

    @staticmethod
    def incompatible(constructor: str, a: str, b: str) -> bool:
        return incompatible(constructor, a, b)

    @staticmethod
    def entails(predicted: str, observed: str) -> bool:
        return predicted == observed


def finding(*observations: tuple[str, str]) -> Finding:
    return Finding("f", "t", "difference", "setting", "robust", ("rat",), ("cpp",), (),
                   tuple(Observation(k, v) for k, v in observations))


def predictions(*pairs: tuple[str, str], axiom: str = "a") -> dict[str, list[Prediction]]:
    return index_predictions([Prediction(k, v, (axiom,)) for k, v in pairs])


@pytest.mark.parametrize("observed, predicted, expected", [
    ([("k(1)", "increase")], [("k(1)", "increase")], "explained"),
    ([("k(1)", "increase"), ("k(2)", "decrease")], [("k(1)", "increase"), ("k(2)", "decrease")], "explained"),
    ([("k(1)", "increase"), ("k(2)", "decrease")], [("k(1)", "increase")], "partial"),
    ([("k(1)", "increase")], [], "silent"),
    ([("k(1)", "increase")], [("k(2)", "increase")], "silent"),
    ([("k(1)", "increase")], [("k(1)", "decrease")], "contradicted"),
    ([("k(1)", "increase"), ("k(2)", "decrease")], [("k(1)", "increase"), ("k(2)", "no_change")], "contradicted"),
    ([("k(1)", "increase"), ("k(2)", "decrease")], [("k(2)", "no_change")], "contradicted"),
])
def test_judge(observed, predicted, expected):
    assert judge("T", finding(*observed), predictions(*predicted), Values).verdict == expected


def test_judge_keeps_observation_order_and_reports_only_clashing_predictions():
    by_key = index_predictions([Prediction("k(1)", "increase", ("good",)), Prediction("k(1)", "decrease", ("bad",)),
                                Prediction("k(2)", "no_change", ("flat",))])
    verdict = judge("T", finding(("k(2)", "no_change"), ("k(1)", "increase")), by_key, Values)
    assert (verdict.theory, verdict.finding, verdict.verdict) == ("T", "f", "contradicted")
    assert [(o.observation.key, o.status, [p.axioms for p in o.predictions]) for o in verdict.observations] == [
        ("k(2)", "predicted", [("flat",)]), ("k(1)", "clash", [("bad",)])]


def test_incoherences_pure():
    by_key = index_predictions([Prediction("k(1)", "increase", ("a",)), Prediction("k(1)", "increase", ("b",)),
                                Prediction("k(2)", "increase", ("a",)), Prediction("k(2)", "decrease", ("b",))])
    assert incoherences(by_key, Values) == [
        Incoherence("k(2)", (Prediction("k(2)", "decrease", ("b",)), Prediction("k(2)", "increase", ("a",))))]


# --- relational predictions and value sizes --------------------------------------------------------------

@pytest.mark.parametrize("relation, a, b, expected", [
    ("same_direction", "increase", "increase", True),
    ("same_direction", "greater", "less", False),
    ("same_direction", "increase", "no_change", None),     # one unmodulated: neither satisfied nor violated
    ("opposite_direction", "greater", "less", True),
    ("opposite_direction", "decrease", "decrease", False),
    ("opposite_direction", "no_difference", "no_difference", None),
    ("no_difference", "first", "first", True),
    ("no_difference", "first", "second", False),
])
def test_relation_holds(relation, a, b, expected):
    from theorycheck.verdicts import relation_holds

    signs = {"increase": 1, "greater": 1, "first": 1, "decrease": -1, "less": -1, "second": -1, "no_change": 0,
             "no_difference": 0}
    assert relation_holds(relation, a, b, signs) is expected


def test_a_violated_relation_contradicts_and_a_satisfied_one_predicts_both_observations():
    from theorycheck.results import RelationPrediction
    from theorycheck.verdicts import index_relations

    same = index_relations([RelationPrediction("k(1)", "k(2)", "same_direction", ("shared",))])
    opposite = finding(("k(1)", "increase"), ("k(2)", "decrease"))
    together = finding(("k(1)", "increase"), ("k(2)", "increase"))
    clash = judge("T", opposite, {}, Values, same)
    assert clash.verdict == "contradicted"
    assert [(p.status, [r.relation for r in p.relations]) for p in clash.observations] == [
        ("clash", ["same_direction"]), ("clash", ["same_direction"])]
    assert judge("T", together, {}, Values, same).verdict == "explained"
    # The relation is symmetric: stated the other way round, it decides the same.
    flipped = index_relations([RelationPrediction("k(2)", "k(1)", "same_direction")])
    assert judge("T", opposite, {}, Values, flipped).verdict == "contradicted"


def test_a_theory_whose_values_violate_its_own_relation_is_incoherent():
    from theorycheck.results import RelationPrediction
    from theorycheck.verdicts import index_relations

    by_key = predictions(("k(1)", "increase"), ("k(2)", "decrease"))
    (found,) = incoherences(by_key, Values, index_relations([RelationPrediction("k(1)", "k(2)", "same_direction")]))
    assert (found.key, [p.key for p in found.predictions], [r.relation for r in found.relations]) == (
        "k(1)", ["k(1)", "k(2)"], ["same_direction"])


@pytest.mark.parametrize("predicted, observed, clash, predicts", [
    ("decrease", "small_decrease", False, False),      # right direction, size not said: neither
    ("large_decrease", "small_decrease", True, False),  # the effect rests wholly on the substrate: contradicted
    ("large_decrease", "decrease", False, True),        # a large decrease is a decrease
    ("no_change", "small_decrease", True, False),       # "minimally reduced" is not "no change"
    ("increase", "small_change", False, False),        # a minimal effect may be a small rise
    ("no_change", "small_change", False, True),
    ("large_decrease", "small_change", True, False),
])
def test_value_sizes(vocabulary, predicted, observed, clash, predicts):
    assert vocabulary.incompatible("effect", predicted, observed) is clash
    assert vocabulary.entails(predicted, observed) is predicts
