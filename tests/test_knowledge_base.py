"""The bundled knowledge base: the paper's findings, complete and well formed, and the headline verdicts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import theorycheck

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT.parent / "shared" / "findings-catalog.md"
BOX1 = ["psychomotor_stimulant", "incentive_sensitization", "hedonic_allostasis", "aberrant_learning",
        "frontostriatal_dysfunction"]
# Section (a) of the catalog: the four findings the Conclusions say unitary theories "would struggle to explain",
# core and supporting rows of each group (the Box 3 counter-evidence rows are not part of the groups).
GROUP_SETTING = ["setting_reward_opposite", "setting_choice_heroin_cocaine", "setting_priming_reinstatement",
                 "setting_drug_discrimination", "setting_fos_caudate", "setting_sensitization_vs_reward",
                 "human_setting_home_vs_outside", "setting_ketamine_alcohol_analogy"]
GROUP_ESCALATION = ["escalation_not_cross_predictive"]
GROUP_DOPAMINE_CORE = ["box3_systemic_da_antagonist_sa", "box3_nac_disruption_sa",
                       "box3_chronic_flupenthixol_potentiates", "fig1a_low_flupenthixol_sa", "fig1b_nac_6ohda_sa"]
GROUP_DOPAMINE = GROUP_DOPAMINE_CORE + ["mu_opioid_receptor_role", "social_defeat_binge_cocaine_only",
                                        "impulsivity_predicts_escalation"]
GROUP_PFC = ["dendritic_structure_opposite", "dendritic_ofc_s1_dissociation", "mpfc_ltp_withdrawal_differs",
             "heroin_cue_mpfc_ampa_nmda"]
HEADLINE = GROUP_SETTING + GROUP_ESCALATION + GROUP_DOPAMINE + GROUP_PFC


@pytest.fixture(scope="module")
def kb(shipped_kb):
    """The shipped KB, frozen: a finding a user adds changes none of the figures these tests pin."""
    return shipped_kb


@pytest.fixture(scope="module")
def result(kb):
    return theorycheck.check(kb)


def verdicts_of(result, theory: str) -> dict[str, str]:
    return {v.finding: v.verdict for v in result.verdicts(theory=theory)}


def paper_findings(kb) -> list:
    """The findings of the 2011 paper (findings.lp), which the catalog lists; the later literature is in findings/."""
    return [f for f in kb.findings if f.origin == "findings.lp"]


def catalog_keys() -> list[str]:
    rows = [line for line in CATALOG.read_text(encoding="utf-8").splitlines() if re.match(r"^\| \d+ \| `", line)]
    return [re.match(r"^\| \d+ \| `([a-z0-9_]+)`", row).group(1) for row in rows]


@pytest.mark.skipif(not CATALOG.exists(), reason="the shared catalog is beside the repository in CI and sessions")
def test_every_catalog_key_is_a_finding(kb):
    keys = catalog_keys()
    assert len(keys) == 96
    assert sorted(keys) == sorted(f.id for f in paper_findings(kb))


def test_every_finding_has_metadata_and_provenance(kb):
    cited = {c.key for c in kb.citations}
    for f in kb.findings:
        assert f.title and f.kind in ("difference", "similarity", "mixed"), f.id
        assert f.domain and f.strength in ("robust", "mixed", "preliminary", "caution"), f.id
        assert f.species and f.paradigms and f.observations, f.id
        assert f.sources and all(s.citation in cited and s.locator for s in f.sources), f.id
    assert {c.doi for c in kb.citations} >= {"10.1038/nrn3104"}


def test_observations_name_drugs_not_classes(kb):
    classes = set(kb.vocabulary.drug_classes.values())
    for f in kb.findings:
        for o in f.observations:
            words = set(re.findall(r"[a-z_]+", o.key))
            assert not words & classes, (f.id, o.key)
            assert words & kb.vocabulary.drugs, (f.id, o.key)


def test_kinds_match_the_catalog_counts(kb):
    kinds = [f.kind for f in paper_findings(kb)]
    assert (kinds.count("difference"), kinds.count("similarity"), kinds.count("mixed")) == (55, 40, 1)


def test_no_theory_file_names_a_finding(kb):
    ids = {f.id for f in kb.findings}
    for path in (kb.root / "theories").glob("*.lp"):
        words = set(re.findall(r"[a-z0-9_]+", path.read_text(encoding="utf-8")))
        assert not words & ids, (path.name, words & ids)


def test_box1_theories_are_unitary_and_the_comparison_theory_is_not(kb):
    assert all(kb.theory(name).unitary for name in BOX1)
    assert not kb.theory("drug_class_specific").unitary


@pytest.mark.parametrize("theory", BOX1)
def test_no_headline_finding_is_explained_by_a_unitary_theory(result, theory):
    verdicts = verdicts_of(result, theory)
    assert [f for f in HEADLINE if verdicts[f] == "explained"] == []


@pytest.mark.parametrize("theory", ["psychomotor_stimulant", "incentive_sensitization"])
def test_dopamine_theories_are_contradicted_by_setting_and_dopamine_independence(result, theory):
    verdicts = verdicts_of(result, theory)
    assert any(verdicts[f] == "contradicted" for f in GROUP_SETTING)
    assert any(verdicts[f] == "contradicted" for f in GROUP_DOPAMINE_CORE)


@pytest.mark.parametrize("theory", BOX1)
def test_unitary_theories_explain_five_similarities(result, kb, theory):
    """Issue 13's criterion: each Box 1 theory explains at least 5 similarity findings through its own axioms. A
    floor against axioms gone vacuous, not a target to fit. What the auxiliaries predict alone is never counted for
    a theory (issue 12). The count runs over the whole knowledge base, the paper's findings and the later literature
    (issue 14): on the paper's findings alone frontostriatal dysfunction explains 4 (its kalivas_volkow version
    explains a fifth, dmpfc_nac_core_glutamate_both, which the family as a whole does not), and its fifth here is
    Schippers et al. (2012), impulsive choice rising with heroin self-administration, through its core
    executive-control axioms."""
    kinds = {f.id: f.kind for f in kb.findings}
    explained = [v for v in result.verdicts(theory=theory) if v.verdict == "explained" and kinds[v.finding] == "similarity"]
    assert all(any(q.axioms for q in (*o.predictions, *o.relations)) for v in explained for o in v.observations)
    assert len(explained) >= 5, [v.finding for v in explained]


def test_comparison_theory_fits_the_paper_but_for_three_named_tensions(result, kb):
    """The class-specific theory is fitted to these findings: it shows the vocabulary can express them. Its three
    contradictions are real tensions, pinned here so that a change to them is seen: it says psychostimulant reward
    is independent of the mu opioid receptor and opiate self-administration of NAc dopamine, where the paper says
    "minor part" and "only minimally reduced" (small decreases); and it claims a relapse circuit common to both
    classes, which the common-substrate setting auxiliary reads as same-direction setting modulation, against its
    own opposite modulation (an incoherence it reports). It explained 61 findings before issue 12; it lost those it
    owed to background rules that read silence (no shared driver, hence no cross-prediction), to background-only
    predictions, and to observations hardened into "no change" or into a heroin mortality the paper never reports;
    and (issue 13) those it owed to a site list or a region copied from one finding (priming sites, the caudate).
    What remains explains about two fifths of the differences, a floor pinned here."""
    paper = {f.id for f in paper_findings(kb)}  # on the later literature it is tested, not fitted
    verdicts = {f: v for f, v in verdicts_of(result, "drug_class_specific").items() if f in paper}
    differences = [f.id for f in paper_findings(kb) if f.kind == "difference"]
    explained = [f for f in differences if verdicts[f] == "explained"]
    assert sorted(f for f, v in verdicts.items() if v == "contradicted") == [
        "box3_nac_disruption_sa", "mu_opioid_receptor_role", "setting_priming_reinstatement"]
    assert len(explained) >= 0.4 * len(differences)
    # The caudate's activation by setting is one imaging finding's: no principled axiom names the region.
    assert [f for f in GROUP_SETTING if verdicts[f] != "explained"] == [
        "setting_choice_heroin_cocaine", "setting_priming_reinstatement", "setting_fos_caudate"]


def test_no_box1_theory_is_incoherent(result):
    """The class-specific theory's one incoherence is the tension named in the test above."""
    assert {r.theory.name: [i.key for i in r.incoherences] for r in result.results} == \
        {**{name: [] for name in BOX1},
         "drug_class_specific": ["compare(cocaine,reinstatement(drug_priming),resident,nonresident)"]}


def test_every_conflict_set_of_the_matrix_passes_both_checks(kb):
    """Each set alone still contradicts its finding; dropping any one member removes the contradiction. The sets
    come from the conflict enumeration; the check solves each setting anew (one grounding per theory, `sweep`)."""
    from theorycheck.sweep import sweep

    explained = theorycheck.check(kb, explain=True)
    wanted: dict[str, list[tuple[str, frozenset, frozenset]]] = {}  # theory -> (finding, set, set minus one)
    for result in explained.results:
        name = result.theory.name
        contradicted = {v.finding for v in result.verdicts if v.verdict == "contradicted"}
        assert {c.finding for c in result.conflicts} == contradicted
        for conflicts in result.conflicts:
            assert conflicts.complete and conflicts.sets, (name, conflicts.finding)
            for conflict in conflicts.sets:
                on = frozenset(a for a, _ in conflict.members)
                wanted.setdefault(name, []).append((conflicts.finding, on, on))
                wanted[name] += [(conflicts.finding, on, on - {member}) for member in on]
    checked = 0
    for name, cases in wanted.items():
        settings = sorted({on for _, _, on in cases}, key=sorted)
        switches = set(kb.switches(name))
        runs = sweep(kb, [name], [tuple(sorted(switches - on)) for on in settings])[name]
        verdicts = dict(zip(settings, runs))
        for finding, conflict, on in cases:
            contradicted = verdicts[on][finding] == "contradicted"
            assert contradicted == (on == conflict), (name, finding, sorted(conflict), sorted(conflict - on))
            checked += on == conflict
    assert checked >= 30


def test_every_drop_repair_of_incentive_sensitization_leaves_nothing_contradicted(kb):
    from theorycheck.repair import repair

    report = repair(kb, "incentive_sensitization")
    assert report.subset_minimal and report.unitarity_cost is not None and report.complete
    for r in report.subset_minimal:
        result = theorycheck.check(kb, theories=["incentive_sensitization"], drop=list(r.axioms))
        assert result.theory("incentive_sensitization").count("contradicted") == 0, r.axioms


def test_design_proposes_experiments_not_in_the_findings(kb):
    from theorycheck.compare import design

    experiments = design(kb, "psychomotor_stimulant", "drug_class_specific")
    asked = set(kb.asked_keys())
    assert experiments and all(e.key not in asked for e in experiments)
    for e in experiments:
        values = dict(e.predictions)
        assert values["psychomotor_stimulant"] != values["drug_class_specific"]


# --- issue 12: auxiliaries are hypotheses, shown and switchable; no prediction from silence ----------------

def test_setting_contradicts_the_dopamine_theories_through_relations_and_auxiliaries(kb):
    """PS and IS are contradicted by the setting findings, the choice finding included, through relational
    predictions: each conflict set names the auxiliaries it rests on."""
    explained = theorycheck.check(kb, theories=["psychomotor_stimulant", "incentive_sensitization"], explain=True)
    for result in explained.results:
        verdicts = {v.finding: v for v in result.verdicts}
        for finding in ("setting_reward_opposite", "setting_choice_heroin_cocaine", "setting_priming_reinstatement"):
            assert verdicts[finding].verdict == "contradicted", (result.theory.name, finding)
            assert all(p.relations and not p.predictions for p in verdicts[finding].observations if p.status == "clash")
            sets = result.conflicts_of(finding).sets
            assert sets and all(s.axioms and s.auxiliaries and s.relation_clashes for s in sets)
        choice = result.conflicts_of("setting_choice_heroin_cocaine").sets
        assert all("common_modulation_keeps_preference" in s.auxiliaries for s in choice)


def test_no_auxiliary_reads_the_absence_of_a_theory_claim(kb):
    from theorycheck.silence import silence_problems

    assert silence_problems(kb.background, kb.vocabulary) == []
    assert "novelty_enhances_dopamine" not in kb.auxiliary_ids()


def test_every_background_rule_after_the_vocabulary_is_a_cited_auxiliary(kb):
    notes = kb.background.notes
    for rule in kb.background.rules:
        group = notes.group_at(rule.location.line)
        if group is not None:
            assert notes.kinds[group] == "auxiliary"
    assert all(a.claim for a in kb.auxiliaries)
    assert {a.id for a in kb.auxiliaries if a.contested} >= {"shared_driver_cross_predicts",
                                                             "binge_cycling_indexes_loss_of_control"}


# --- issue 13 (in part): core and belt, untested axioms, the theories' distinctive claims tested ---------------

def test_every_box1_axiom_is_marked_core_or_belt(kb):
    for name in BOX1:
        assert {a.id: a.role for a in kb.theory(name).axioms if a.role not in ("core", "belt")} == {}, name


def test_incentive_sensitization_meets_its_own_distinctive_claims(result, kb):
    """Its class-independent neuroadaptation axiom meets the opposite prefrontal plasticity of morphine and
    cocaine (the paper's fourth headline), and sensitized wanting explains pre-exposure facilitation."""
    explained = theorycheck.check(kb, theories=["incentive_sensitization"], explain=True).theory("incentive_sensitization")
    verdicts = {v.finding: v.verdict for v in explained.verdicts}
    assert verdicts["preexposure_facilitates_acquisition"] == "explained"
    assert verdicts["dendritic_structure_opposite"] == "contradicted"
    sets = explained.conflicts_of("dendritic_structure_opposite").sets
    assert all("class_independent_neuroadaptations" in s.axioms for s in sets)
    # ... an assumption the paper attributes to the theory's literature, not a Box 1 idea: the belt, not the core.
    assert not explained.conflicts_of("dendritic_structure_opposite").hits_core(kb.theory("incentive_sensitization").core)


def test_aberrant_learning_meets_dopamine_independent_opiate_reward(kb):
    explained = theorycheck.check(kb, theories=["aberrant_learning"], explain=True).theory("aberrant_learning")
    hit = [c.finding for c in explained.conflicts
           if c.finding in GROUP_DOPAMINE_CORE and all("dopamine_dependent_reinforcement" in s.axioms for s in c.sets)]
    assert hit, [c.finding for c in explained.conflicts]


def test_idle_axioms_are_listed_as_untested_with_what_no_measure_reads(kb):
    from theorycheck.sensitivity import sensitivity, untested_axioms

    found = {s.theory: dict(untested_axioms(kb, s)) for s in sensitivity(kb, BOX1)}
    # Both constructs now have measures (cue_motivation_measures, liking_measures): what is missing is a finding.
    assert found["incentive_sensitization"]["wanting_not_liking"] == ()
    # Computed, not written: dropping a listed axiom changes no verdict, dropping any other changes one.
    # An axiom of some versions only is tested when dropping it moves a version's own verdict.
    for name in BOX1:
        base_result = theorycheck.check(kb, theories=[name])
        base = verdicts_of(base_result, name), base_result.theory(name).versions
        for axiom in kb.theory(name).axioms:
            result = theorycheck.check(kb, theories=[name], drop=[axiom.id])
            after = verdicts_of(result, name), result.theory(name).versions
            assert (after == base) == (axiom.id in found[name]), (name, axiom.id)
    report = (kb.root / "reports" / "incentive_sensitization.md").read_text(encoding="utf-8")
    assert "### Not tested by this knowledge base" in report and "**wanting_not_liking**" in report


def test_drivers_and_effects_follow_one_protocol(kb):
    # docs/formalization.md, "drivers and effects": a theory that says exposure changes a driver of an outcome says
    # that the exposure changes the outcome (when the outcome is a process a measure reads), and a theory that says
    # exposure raises compulsive use names what drives it. Compulsion written as a driver for some theories and as
    # an effect for others decided alone which theories the binge findings could hit.
    import re

    result = theorycheck.check(kb, theories=list(BOX1))
    for theory in result.results:
        atoms = [re.match(r"(\w+)\((.*)\)$", m).groups() for m in theory.mechanisms]
        drives = {tuple(args.split(",")) for name, args in atoms if name == "drives"}
        adapts = {tuple(args.split(",")) for name, args in atoms if name == "adapts"}
        changed = {(d, target) for d, _, target, _ in adapts}
        for drug, outcome, driver in drives:
            # Compulsive use only: acquisition precedes the regimens that change its drivers (pre-exposure is each
            # theory's own propagation claim), and the other outcomes are not processes a measure reads.
            if outcome == "compulsive_use" and (drug, driver) in changed:
                assert (drug, outcome) in changed, (theory.theory.name, drug, outcome, driver)
        for drug, _, target, direction in adapts:
            if target == "compulsive_use" and direction == "increase":
                assert any(d == drug and o == target for d, o, _ in drives), (theory.theory.name, drug)
