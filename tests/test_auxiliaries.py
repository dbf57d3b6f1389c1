"""Auxiliary hypotheses (issue 12): named and switchable, never a prediction from silence, and the encodings the
review found wrong, each fixed (every test here fails on the background before issue 12)."""

from __future__ import annotations

import json
import shutil

import pytest

import theorycheck

from conftest import BACKGROUND, build_kb, findings_text, theory_text

THEORIES = {
    # Reward rests on mesolimbic dopamine, which every drug activates (the dopamine theories' core).
    "da": theory_text("da", """
        %! axiom da_reward [10]: Reward and drug seeking rest on mesolimbic dopamine, which every drug activates.
        depends_on(D, (reward; drug_seeking), mesolimbic_da) :- addictive(D).
        activates(D, mesolimbic_da) :- addictive(D).
    """),
    # Reward is independent of dopamine; it rests on the NAc's own neurons.
    "indep": theory_text("indep", """
        %! axiom nac_not_da [20]: Reward rests on NAc neurons, not on mesolimbic dopamine; seeking not on the vmPFC.
        depends_on(D, reward, nac) :- addictive(D).
        independent_of(D, reward, mesolimbic_da) :- addictive(D).
        independent_of(D, primed_seeking, vmpfc) :- addictive(D).
    """),
    # Compulsive use grows with unlimited access.
    "compulsion": theory_text("compulsion", """
        %! axiom loss_of_control [18]: Unlimited access makes drug use compulsive.
        adapts(D, unlimited_access, compulsive_use, increase) :- addictive(D).
    """),
    # No axioms at all.
    "empty": "%! theory empty\n%! title: EMPTY\n%! citation: Test (2024)\n",
}

FINDINGS = {
    # Chronic blockade: compensation silences dependence and independence claims alike.
    "chronic_blockade": [("effect(heroin, antagonist(dopamine_receptor, chronic), sa_reward)", "increase")],
    # Stimulating the vmPFC: an independence claim is about disruption, not stimulation.
    "vmpfc_stimulated": [("effect(cocaine, activation(vmpfc), reinstatement(drug_priming))", "decrease")],
    # 6-OHDA spares the NAc's own neurons.
    "nac_6ohda_cpp": [("effect(heroin, lesion(nac, six_ohda), cpp)", "no_change")],
    # A drug acts locally only where its release route acts: opiates at VTA cell bodies.
    "intra_nac_morphine": [("effect(morphine, intracranial(nac), cpp)", "increase")],
    "intra_vta_morphine": [("effect(morphine, intracranial(vta), cpp)", "increase")],
    # No bridge says drugs sharing a reward substrate are encoded by the same NAc neurons.
    "reward_neurons": [("relation(heroin, cocaine, reward_encoding_neurons(nac))", "distinct")],
    # Overdose death is no measure of compulsion; binge cycling is one, by a contested auxiliary.
    "overdose_death": [("effect(cocaine, unlimited_access, overdose_mortality)", "increase")],
    "binge_cycling": [("effect(heroin, unlimited_access, intake_cycling)", "no_change")],
    # Being self-administered is reinforcement, not a change of reward.
    "heroin_reinforces": [("reinforces(heroin, sa_reward)", "positive")],
    # Stimulating the VTA engages the mesolimbic system, as inactivating it disrupts it.
    "vta_stimulated": [("effect(cocaine, activation(vta), reinstatement(cue))", "increase")],
    # A common substrate predicts no difference between drugs under a manipulation of it: sizes differ here.
    "lesion_sizes": [("effect(heroin, lesion(nac, six_ohda), cpp)", "small_decrease"),
              ("effect(cocaine, lesion(nac, six_ohda), cpp)", "large_decrease")],
    # The background alone predicts distinct release mechanisms: a theory with no axiom must not be contradicted.
    "release_routes": [("relation(heroin, cocaine, da_release_mechanism)", "shared")],
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return theorycheck.load_kb(build_kb(tmp_path_factory.mktemp("aux"), THEORIES, findings_text(FINDINGS)))


@pytest.fixture(scope="module")
def result(kb):
    return theorycheck.check(kb, explain=True)


def verdict(result, theory: str, finding: str) -> str:
    return result.theory(theory).verdict(finding).verdict


def test_a_theory_with_no_axioms_contradicts_nothing(result):
    assert {v.verdict for v in result.theory("empty").verdicts} == {"silent"}
    # ... although the auxiliaries alone contradict one finding: that is the background's verdict, shown apart.
    assert {v.finding: v.verdict for v in result.background}["release_routes"] == "contradicted"
    assert {verdict(result, t, "release_routes") for t in THEORIES} == {"silent"}


def test_chronic_blockade_silences_dependence_and_independence_alike(result):
    assert verdict(result, "da", "chronic_blockade") == "silent"
    assert verdict(result, "indep", "chronic_blockade") == "silent"


def test_independence_says_nothing_of_stimulation(result):
    assert verdict(result, "indep", "vmpfc_stimulated") == "silent"


def test_six_ohda_spares_the_region_s_own_neurons(result):
    assert verdict(result, "indep", "nac_6ohda_cpp") == "explained"
    assert result.theory("indep").incoherences == ()


def test_local_action_follows_the_drug_s_release_route(result):
    assert verdict(result, "da", "intra_nac_morphine") == "silent"
    assert verdict(result, "da", "intra_vta_morphine") == "explained"


def test_no_auxiliary_makes_common_substrates_common_neurons(result):
    assert verdict(result, "da", "reward_neurons") == "silent"


def test_overdose_death_measures_no_compulsion_and_binge_cycling_is_a_contested_measure(kb, result):
    assert verdict(result, "compulsion", "overdose_death") == "silent"
    assert verdict(result, "compulsion", "binge_cycling") == "contradicted"
    (conflict,) = result.theory("compulsion").conflicts_of("binge_cycling").sets
    assert "binge_cycling_indexes_loss_of_control" in conflict.auxiliaries
    assert kb.background.notes.contested["binge_cycling_indexes_loss_of_control"]
    after = theorycheck.check(kb, theories=["compulsion"], drop=["binge_cycling_indexes_loss_of_control"])
    assert verdict(after, "compulsion", "binge_cycling") == "silent"


def test_a_drug_that_activates_the_reward_substrate_is_reinforcing(result):
    assert verdict(result, "da", "heroin_reinforces") == "explained"
    (part,) = result.theory("da").verdict("heroin_reinforces").observations
    assert part.predictions[0].auxiliaries == ("reward_is_reinforcement", "reward_measures")


def test_stimulating_a_substrate_engages_what_it_contains(result):
    assert verdict(result, "da", "vta_stimulated") == "explained"


def test_a_common_substrate_predicts_no_difference_between_drugs(result):
    assert verdict(result, "da", "lesion_sizes") == "contradicted"
    (conflict,) = result.theory("da").conflicts_of("lesion_sizes").sets
    assert conflict.axioms == ("da_reward",)
    assert "common_mechanism_same_response" in conflict.auxiliaries
    assert [(r.relation, r.first, r.second) for r in conflict.relation_clashes] == [
        ("no_difference", "effect(cocaine,lesion(nac,six_ohda),cpp)", "effect(heroin,lesion(nac,six_ohda),cpp)")]


def test_drop_takes_auxiliaries_and_json_marks_conflict_set_members(kb, cli):
    done = cli("--kb", kb.root, "run", "--theory", "da", "--drop", "common_mechanism_same_response",
               "--format", "json")
    assert done.exit_code == 0, done.stderr
    data = json.loads(done.stdout)
    assert {a["id"] for a in data["auxiliaries"]} == set(kb.auxiliary_ids())
    assert all({"id", "claim", "refs", "file", "line"} <= set(a) for a in data["auxiliaries"])
    (theory,) = data["theories"]
    assert theory["dropped"] == ["common_mechanism_same_response"]
    assert {v["finding"]: v["verdict"] for v in theory["verdicts"]}["lesion_sizes"] == "silent"
    done = cli("--kb", kb.root, "run", "--theory", "compulsion", "--format", "json")
    (theory,) = json.loads(done.stdout)["theories"]
    (conflicts,) = theory["conflicts"]
    kinds = {m["id"]: m["kind"] for s in conflicts["sets"] for m in s["members"]}
    assert kinds["loss_of_control"] == "axiom" and kinds["binge_cycling_indexes_loss_of_control"] == "auxiliary"


def test_sensitivity_switches_each_auxiliary_off_in_turn(kb, cli):
    done = cli("--kb", kb.root, "sensitivity", "--theory", "compulsion", "--format", "json")
    assert done.exit_code == 0, done.stderr
    (theory,) = json.loads(done.stdout)["theories"]
    effects = {e["auxiliary"]: e for e in theory["switched_off"]}
    assert set(effects) == set(kb.auxiliary_ids())
    assert effects["binge_cycling_indexes_loss_of_control"]["changed"] == [
        {"finding": "binge_cycling", "with": "contradicted", "without": "silent"}]
    assert theory["contradicted"] - effects["binge_cycling_indexes_loss_of_control"]["contradicted"] == 1


def test_repair_offers_auxiliaries_apart_with_their_effect_on_other_theories(kb):
    from theorycheck.repair import repair_all

    reports = {r.theory: r for r in repair_all(kb, list(kb.theories))}
    compulsion = reports["compulsion"]
    assert [r.axioms for r in compulsion.subset_minimal] == [("loss_of_control",)]
    # The contested measure mapping, or the bridge from an adaptation to its measures: either alone repairs it.
    assert [r.auxiliaries for r in compulsion.auxiliary_repairs] == [("binge_cycling_indexes_loss_of_control",),
                                                                     ("exposure_changes_measure",)]
    for repair in compulsion.auxiliary_repairs:
        assert {name for name, _, _ in repair.others} == set(kb.theories) - {"compulsion"}
    # Switching off the bridge from adaptations to measures costs the dopamine theory nothing here, but it is shown.
    assert all(before >= after for r in compulsion.auxiliary_repairs for _, before, after in r.others)


def test_lint_refuses_an_auxiliary_that_reads_the_absence_of_a_theory_claim(tmp_path, cli):
    root = build_kb(tmp_path / "kb", {"da": THEORIES["da"]}, findings_text(FINDINGS))
    text = BACKGROUND.read_text(encoding="utf-8")
    default = ("\n%! auxiliary novelty_default [84]: Unless a theory says otherwise, novel settings enhance reward.\n"
               "setting_favours(D, reward, low) :- drug(D), not depends_on(D, reward, mu_opioid_receptor).\n")
    (root / "theories" / "background.lp").write_text(text + default, encoding="utf-8")
    line = (text + default).count("\n")
    done = cli("--kb", root, "lint")
    assert done.exit_code == 2
    assert f"background.lp:{line}:1: error: this rule reads the absence of depends_on/3" in done.stderr
    assert cli("--kb", root, "run").exit_code == 2


def test_an_axiom_named_like_an_auxiliary_is_refused(tmp_path):
    theory = theory_text("clash", """
        %! axiom reward_measures [1]: A name the background already uses.
        activates(D, mesolimbic_da) :- addictive(D).
    """)
    root = build_kb(tmp_path / "kb", {"clash": theory}, findings_text(FINDINGS))
    with pytest.raises(theorycheck.InputError) as err:
        theorycheck.load_kb(root)
    assert "has the name of an auxiliary of background.lp" in str(err.value.diagnostics[0])


def test_the_shipped_background_and_a_copy_give_the_same_auxiliaries(tmp_path, kb):
    (tmp_path / "theories").mkdir()
    shutil.copy(BACKGROUND, tmp_path / "theories" / "background.lp")
    assert theorycheck.load_kb(tmp_path).auxiliary_ids() == kb.auxiliary_ids()
