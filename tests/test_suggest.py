"""Did-you-mean is safe: a spelling fix only when the words agree in meaning, each suggestion with its description."""

from __future__ import annotations

import pytest

from conftest import CITATION, MINI_BACKGROUND, finding_block
from theorycheck.suggest import Suggestion, spelling_fix, suggestions

# A vocabulary of its own, so that what these tests expect does not move as the real one grows.
BACKGROUND = MINI_BACKGROUND + """
receptor(mu_opioid_receptor).  substrate(mu_opioid_receptor).  measure(sa_reward).
manipulation(knockout(R)) :- receptor(R).
%- heroin: An opiate.
%- mu_opioid_receptor: The mu opioid receptor, the main target of opiates, whose activation is rewarding.
%- knockout(Receptor): Genetic deletion of the receptor.
%- rat: Rats.
%- reward: The rewarding effect of a drug.
"""
KAPPA = """
%- kappa_opioid_receptor: The kappa opioid receptor, bound by dynorphin; its activation is aversive.
substrate(kappa_opioid_receptor).
receptor(kappa_opioid_receptor).
"""
MU_DESCRIPTION = ("The mu opioid receptor, the main target of opiates, whose activation is rewarding (refs 20, 213).")


@pytest.mark.parametrize("unknown, known, expected", [
    ("kapa_opioid_receptor", ["kappa_opioid_receptor", "mu_opioid_receptor"],
     [Suggestion("kappa_opioid_receptor", True), Suggestion("mu_opioid_receptor", False)]),
    ("kappa_opioid_receptor", ["mu_opioid_receptor"], [Suggestion("mu_opioid_receptor", False)]),
    ("mesolimbic_dopamin", ["mesolimbic_da"], [Suggestion("mesolimbic_da", True)]),
    ("nac_cor", ["nac_core", "nac_shell"], [Suggestion("nac_core", True)]),
    ("cocain", ["cocaine"], [Suggestion("cocaine", True)]),
])
def test_suggestions_put_spelling_fixes_first_and_mark_different_terms(unknown, known, expected):
    assert suggestions(unknown, known) == expected


@pytest.mark.parametrize("unknown, known", [
    ("kappa_opioid_receptor", "mu_opioid_receptor"), ("d1_receptor", "d2_receptor"), ("increase", "decrease"),
    ("nac_core", "nac_shell"), ("ventral_striatum", "dorsal_striatum"), ("dmpfc", "vmpfc"),
    ("nondependent", "dependent"), ("gaba_b_receptor", "gaba_a_receptor"), ("extended_access", "limited_access"),
    ("direct", "indirect"), ("ltp_gaba", "ltd_gaba"),
])
def test_a_word_of_different_meaning_is_never_a_spelling_fix(unknown, known):
    assert not spelling_fix(unknown, known)


def _kb(make_kb, observation: str, background: str = BACKGROUND):
    return make_kb({}, CITATION + finding_block("f1", [(observation, "increase")]) + 'quote(f1, "q").\n',
                   background=background)


def test_a_misspelt_receptor_gets_the_right_one_with_its_description(make_kb, cli):
    root = _kb(make_kb, "effect(heroin, knockout(kapa_opioid_receptor), sa_reward)", BACKGROUND + KAPPA)
    result = cli("--kb", root, "lint")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{root / 'findings.lp'}:5:1: error: unknown manipulation 'knockout(kapa_opioid_receptor)' "
        "(did you mean 'knockout(kappa_opioid_receptor)'?) — knockout(kappa_opioid_receptor): "
        "Genetic deletion of the receptor\n")


def test_an_unknown_receptor_never_gets_another_receptor_as_a_spelling_fix(make_kb, cli):
    root = _kb(make_kb, "effect(heroin, knockout(kappa_opioid_receptor), sa_reward)")
    result = cli("--kb", root, "lint")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{root / 'findings.lp'}:5:1: error: unknown manipulation 'knockout(kappa_opioid_receptor)'; "
        "'knockout(mu_opioid_receptor)' is a different term, not a spelling fix — knockout(mu_opioid_receptor): "
        "Genetic deletion of the receptor; if you mean knockout(kappa_opioid_receptor), declare it with a description "
        "in theories/background.lp (`theorycheck vocab` lists the terms)\n")


def test_a_misspelt_species_gets_its_fix_with_the_description(make_kb, cli):
    root = _kb(make_kb, "effect(heroin, acute, nac_dopamine)")
    text = (root / "findings.lp").read_text(encoding="utf-8")
    (root / "findings.lp").write_text(text.replace("species(f1, rat)", "species(f1, rats)"), encoding="utf-8")
    result = cli("--kb", root, "lint")
    assert result.stderr == (f"{root / 'findings.lp'}:3:61: error: unknown species 'rats' (did you mean 'rat'?) — "
                             "rat: Rats\n")


def test_a_drug_class_given_as_a_drug_says_so_and_lists_its_drugs(make_kb, cli):
    root = _kb(make_kb, "effect(opiate, acute, nac_dopamine)")
    result = cli("--kb", root, "lint")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{root / 'findings.lp'}:5:1: error: unknown drug 'opiate': 'opiate' is a drug class, not a drug; observations "
        "name the drug, and the class comes from theories/background.lp: heroin, morphine\n")


def test_plural_class_names_are_recognised(make_kb, cli):
    root = _kb(make_kb, "effect(psychostimulants, acute, nac_dopamine)")
    assert ("unknown drug 'psychostimulants': 'psychostimulant' is a drug class, not a drug; observations name the "
            "drug, and the class comes from theories/background.lp: amphetamine, cocaine"
            ) in cli("--kb", root, "lint").stderr


def test_a_term_of_another_type_is_named_as_such(make_kb, cli):
    root = _kb(make_kb, "effect(heroin, acute, reward)")
    assert ("unknown measure 'reward': 'reward' is a process, not a measure — reward: The rewarding effect of a drug"
            ) in cli("--kb", root, "lint").stderr


def test_add_shows_the_same_safe_suggestion(make_kb, cli):
    root = _kb(make_kb, "effect(heroin, acute, nac_dopamine)")
    result = cli("--kb", root, "add", "--id", "f2", "--title", "T", "--kind", "difference", "--domain", "setting",
                 "--species", "rat", "--paradigm", "self_administration", "--strength", "robust", "--citation", "c1",
                 "--locator", "Fig. 1", "--observe", "effect(heroin, knockout(kappa_opioid_receptor), sa_reward)=decrease")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --observe 'effect(heroin, knockout(kappa_opioid_receptor), sa_reward)=decrease': unknown manipulation "
        "'knockout(kappa_opioid_receptor)'; 'knockout(mu_opioid_receptor)' is a different term, not a spelling fix — "
        "knockout(mu_opioid_receptor): Genetic deletion of the receptor; if you mean knockout(kappa_opioid_receptor), "
        "declare it with a description in theories/background.lp (`theorycheck vocab` lists the terms)\n")


def test_the_repository_describes_the_mu_receptor(vocabulary):
    assert vocabulary.describe("mu_opioid_receptor", "receptor") == MU_DESCRIPTION


def test_a_term_of_another_type_spelt_alike_comes_last_and_says_its_type(make_kb, cli):
    root = _kb(make_kb, "effect(heroin, acute, rewrd)")
    assert cli("--kb", root, "lint").stderr == (
        f"{root / 'findings.lp'}:5:1: error: unknown measure 'rewrd'; no measure is spelt like it, but the process "
        "'reward' is (a process, not a measure) — reward: The rewarding effect of a drug\n")
