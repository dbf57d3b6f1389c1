"""A theory never sees what was observed, holds only axioms, and is labelled unitary or class-specific."""

from __future__ import annotations

import pytest

import theorycheck
from theorycheck.errors import InputError

from conftest import BOX1_THEORIES, build_kb, findings_text, theory_text

FINDINGS = findings_text({"nac_up": [("effect(heroin, acute, nac_dopamine)", "increase")]})
NOT_SEEN = "theories see the keys findings ask about (asked/1), never observed values, finding ids or their metadata"

# name -> (axioms and rules, the offending line's text, expected message)
REFUSED = {
    "reads_observed": (
        "%! axiom peek [1]: A theory that copies the answer.\n"
        "predicts(K, V) :- asked(K), observed(_, K, V).\n",
        "predicts(K, V) :- asked(K), observed(_, K, V).",
        f"rules may not use observed/3: {NOT_SEEN}"),
    "reads_observed_in_aggregate": (
        "%! axiom count [1]: Counts what was observed.\n"
        "many(N) :- N = #count { F : observed(F, K, V) }.\n",
        "many(N) :-",
        f"rules may not use observed/3: {NOT_SEEN}"),
    "reads_finding": (
        "%! axiom ids [1]: Looks at finding ids.\n"
        "seen(F) :- finding(F).\n",
        "seen(F) :- finding(F).",
        f"rules may not use finding/1: {NOT_SEEN}"),
    "reads_title": (
        "%! axiom titles [1]: Looks at titles.\n"
        "named(T) :- title(_, T).\n",
        "named(T) :- title(_, T).",
        f"rules may not use title/2: {NOT_SEEN}"),
    "derives_asked": (
        "%! axiom ask [1]: Asks its own questions.\n"
        "asked(effect(D, acute, nac_dopamine)) :- drug(D).\n",
        "asked(effect(D, acute, nac_dopamine)) :- drug(D).",
        "asked/1 is input from the engine (one fact per observed key); rules may test it but not derive it"),
    "engine_prefix": (
        "%! axiom sneaky [1]: Switches axioms on by itself.\n"
        "_tc_on(sneaky) :- addictive(D).\n",
        "_tc_on(sneaky) :- addictive(D).",
        "the name '_tc_on' is reserved for the engine (_tc_...)"),
    "predicts_fact": (
        "%! axiom answer [1]: Writes the answer down.\n"
        "predicts(effect(morphine, acute, nac_dopamine), increase).\n",
        "predicts(effect(morphine, acute, nac_dopamine), increase).",
        "a predicts/2 fact is a hand-written prediction: derive predictions from general axioms"),
    "names_finding": (
        "%! axiom special [1]: Special-cases one finding.\n"
        "depends_on(D, nac_up, mesolimbic_da) :- addictive(D).\n",
        "depends_on(D, nac_up, mesolimbic_da) :- addictive(D).",
        "theories never name a finding, but this rule names 'nac_up'"),
    "rule_outside_axiom": (
        "activates(D, mesolimbic_da) :- addictive(D).\n"
        "%! axiom late [1]: Comes after its rule.\n"
        "adapts(D, repeated, liking, no_change) :- addictive(D).\n",
        "activates(D, mesolimbic_da) :- addictive(D).",
        "rule outside any axiom: put `%! axiom ID [refs]: claim` above it"),
    "axiom_without_refs": (
        "%! axiom norefs: Addictive drugs activate dopamine.\n"
        "activates(D, mesolimbic_da) :- addictive(D).\n",
        "%! axiom norefs",
        "axiom 'norefs' has no citation: give the reference numbers in brackets, e.g. [11]"),
    "axiom_without_claim": (
        "%! axiom noclaim [11]:\n"
        "activates(D, mesolimbic_da) :- addictive(D).\n",
        "%! axiom noclaim",
        "axiom 'noclaim' has no claim: write it in plain words after the colon"),
    "bridge_rule_in_theory": (
        "%! rule helper [1]: A bridge rule belongs in background.lp.\n"
        "activates(D, mesolimbic_da) :- addictive(D).\n",
        "%! rule helper",
        "theories hold axioms: use `%! axiom helper [refs]: claim`"),
}


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if line.startswith(fragment))


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    """Every refused theory in one KB: one load, and its InputError reports all of them at once."""
    theories = {name: theory_text(name, body) for name, (body, _, _) in REFUSED.items()}
    theories["clean"] = theory_text("clean", """
        %! axiom clean [1]: Talks about findings and observed values only in comments and claims.
        % observed(F, K, V) and finding(F) are never read; nac_up is a finding id in a comment only.
        activates(D, mesolimbic_da) :- addictive(D), label(D, "observed(nac_up)").
        label(D, "x") :- drug(D).
    """)
    root = build_kb(tmp_path_factory.mktemp("kb"), theories, FINDINGS)
    with pytest.raises(InputError) as err:
        theorycheck.load_kb(root)
    return root, theories, err.value.diagnostics


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_theory_is_named_with_file_and_line(refused, name):
    root, theories, diagnostics = refused
    path = str(root / "theories" / f"{name}.lp")
    _, fragment, message = REFUSED[name]
    ours = [d for d in diagnostics if d.location and d.location.file == path]
    assert [(d.severity, d.location.line, d.message) for d in ours] == [
        ("error", line_of(theories[name], fragment), message)]


def test_every_refused_file_is_reported_at_once_and_the_clean_one_is_not(refused):
    root, _, diagnostics = refused
    files = {d.location.file for d in diagnostics}
    assert files == {str(root / "theories" / f"{name}.lp") for name in REFUSED}


def test_diagnostic_text_is_file_line_col_severity_message(refused):
    root, theories, diagnostics = refused
    path = root / "theories" / "reads_observed.lp"
    (diag,) = [d for d in diagnostics if d.location.file == str(path)]
    assert str(diag) == f"{path}:5:1: error: rules may not use observed/3: {NOT_SEEN}"


def test_axiom_named_twice(make_kb):
    theory = theory_text("twice", """
        %! axiom same [1]: Once.
        activates(D, mesolimbic_da) :- addictive(D).
        %! axiom same [2]: Twice.
        activates(D, mesocortical_da) :- addictive(D).
    """)
    root = make_kb({"twice": theory}, FINDINGS)
    path = root / "theories" / "twice.lp"
    with pytest.raises(InputError) as err:
        theorycheck.load_kb(root)
    assert [str(d) for d in err.value.diagnostics] == [
        f"{path}:6:1: error: axiom 'same' is named twice (first at {path}:4:1)"]


# --- the unitary label ----------------------------------------------------------------------------------------

LABELLED = {
    "by_class": ("%! axiom opiate_reward [1]: Opiate reward depends on the mu opioid receptor.\n"
                 "depends_on(D, reward, mu_opioid_receptor) :- drug_class(D, opiate).\n"),
    "by_name": ("%! axiom heroin_reward [1]: Heroin reward depends on the mu opioid receptor.\n"
                "depends_on(heroin, reward, mu_opioid_receptor).\n"),
    "by_profile": ("%! axiom sedating_home [1]: Sedating drugs are more rewarding at home.\n"
                   "setting_favours(D, reward, high) :- acute_profile(D, sedating).\n"),
    "by_target": ("%! axiom target [1]: Each drug's reward depends on its own primary target.\n"
                  "depends_on(D, reward, T) :- primary_target(D, T).\n"),
    "by_nothing": ("%! axiom da [1]: Addictive drugs activate dopamine.\n"
                   "activates(D, mesolimbic_da) :- addictive(D).\n"),
    # Singling out drugs by comparing with a drug constant is still class-specific (a #const alias is refused).
    "by_comparison": ("%! axiom not_heroin [1]: Every drug but heroin depends on dopamine for its reward.\n"
                      "depends_on(D, reward, mesolimbic_da) :- addictive(D), D != heroin.\n"),
    # A comparison that pins a drug attribute to one value singles out drugs as the constant argument does.
    "by_pinned_target": ("%! axiom opioid [1]: Drugs acting on the mu opioid receptor depend on it for reward.\n"
                         "depends_on(D, reward, mu_opioid_receptor) :- primary_target(D, T), T = mu_opioid_receptor.\n"),
    "by_pinned_reversed": ("%! axiom opioid [1]: Drugs acting on the mu opioid receptor depend on it for reward.\n"
                           "depends_on(D, reward, mu_opioid_receptor) :- primary_target(D, T), mu_opioid_receptor = T.\n"),
    "by_unpinned": ("%! axiom others [1]: Drugs not acting on the mu opioid receptor depend on dopamine.\n"
                    "depends_on(D, reward, mesolimbic_da) :- primary_target(D, T), T != mu_opioid_receptor.\n"),
    "by_chained_pin": ("%! axiom opioid [1]: Drugs acting on the mu opioid receptor depend on it for reward.\n"
                       "depends_on(D, reward, mu_opioid_receptor) :- primary_target(D, T), U = T, "
                       "U = mu_opioid_receptor.\n"),
}


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    theories = {name: theory_text(name, body) for name, body in LABELLED.items()}
    return theorycheck.load_kb(build_kb(tmp_path_factory.mktemp("kb"), theories, FINDINGS))


def test_unitary_label_follows_the_rules(labelled):
    names = ("by_class", "by_name", "by_profile", "by_target", "by_nothing")
    assert {n: labelled.theories[n].unitary for n in names} == {
        "by_class": False, "by_name": False, "by_profile": False, "by_target": True, "by_nothing": True}


def test_class_markers_name_the_axiom_term_and_line(labelled):
    markers = {n: {(m.axiom, m.term, m.location.line) for m in labelled.theories[n].class_markers}
               for n in ("by_class", "by_name", "by_profile", "by_target")}
    assert markers == {
        "by_class": {("opiate_reward", "drug_class(_, opiate)", 5), ("opiate_reward", "opiate", 5)},
        "by_name": {("heroin_reward", "heroin", 5)},
        "by_profile": {("sedating_home", "acute_profile(_, sedating)", 5)},
        "by_target": set(),
    }


def test_comparison_with_a_drug_constant_is_class_specific(labelled):
    assert labelled.theories["by_comparison"].unitary is False


@pytest.mark.parametrize("name", ["by_pinned_target", "by_pinned_reversed", "by_unpinned", "by_chained_pin"])
def test_an_attribute_pinned_by_a_comparison_is_class_specific(labelled, name):
    theory = labelled.theories[name]
    assert theory.unitary is False
    assert [(m.term, m.location.line) for m in theory.class_markers] == [("primary_target(_, mu_opioid_receptor)", 5)]


def test_a_const_alias_is_refused(tmp_path):
    text = theory_text("by_alias", "%! axiom alias [1]: One drug's reward depends on the mu opioid receptor.\n"
                       "#const special = heroin.\ndepends_on(special, reward, mu_opioid_receptor).\n")
    with pytest.raises(theorycheck.InputError, match="#const is not allowed"):
        theorycheck.load_kb(build_kb(tmp_path, {"by_alias": text}, FINDINGS))


def test_the_five_box1_theories_are_unitary(repo_kb):
    kb = repo_kb
    assert {name: kb.theories[name].unitary for name in BOX1_THEORIES} == {name: True for name in BOX1_THEORIES}
