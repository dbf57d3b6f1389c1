"""`theorycheck vocab`: every term documented, browsable and searchable, as text or JSON."""

from __future__ import annotations

import json

import pytest

from conftest import BACKGROUND, MINI_BACKGROUND
from theorycheck.vocab_docs import read_term_docs
from theorycheck.vocab_view import render_entries, vocabulary_entries

KAPPA = """
%- kappa_opioid_receptor: The kappa opioid receptor, bound by dynorphin; its activation is aversive, opposite to
%-   the mu opioid receptor.
substrate(kappa_opioid_receptor).
receptor(kappa_opioid_receptor).
"""


def test_every_term_of_the_repository_vocabulary_has_a_description(vocabulary):
    missing = sorted({(e.section, e.shown) for e in vocabulary_entries(vocabulary) if not e.description})
    assert missing == []


def test_docs_read_both_conventions():
    text = ("%- fos(Region): Fos\n%-   protein.\n%- predictor impulsivity: trait\n"
            "% Exposure: use by people (ref 1).\nexposure(human_use; other_use).\n")
    docs = read_term_docs(text)
    assert [(d.name, d.text, d.line, d.type, d.shown) for ds in docs.values() for d in ds] == [
        ("fos", "Fos protein.", 1, "", "fos(Region)"), ("impulsivity", "trait", 3, "predictor", "impulsivity"),
        ("human_use", "use by people (ref 1).", 4, "exposure", ""),
        ("other_use", "use by people (ref 1).", 4, "exposure", "")]


@pytest.fixture
def kappa_kb(make_kb):
    return make_kb({}, background=MINI_BACKGROUND + KAPPA)


def test_vocab_word_finds_a_term_by_name_with_its_description(kappa_kb, cli):
    result = cli("--kb", kappa_kb, "vocab", "kappa")
    assert result.exit_code == 0, result.stderr
    description = ("The kappa opioid receptor, bound by dynorphin; its activation is aversive, opposite to the mu "
                   "opioid receptor.")
    assert result.stdout == (f"## Substrates (besides the regions) (1)\n\n- `kappa_opioid_receptor`: {description}\n\n"
                             f"## Receptors (antagonist, knockout) (1)\n\n- `kappa_opioid_receptor`: {description}\n")


def test_the_terminal_view_wraps_descriptions_under_each_term(vocabulary):
    heroin = [e for e in vocabulary_entries(vocabulary) if e.name == "heroin"]
    assert render_entries(heroin, width=60) == (
        "Drugs (1)\n\n"
        "  heroin\n"
        "      Diacetylmorphine, an opiate; a prodrug of morphine\n"
        "      that enters the brain fast (refs 46, 47).\n"
        "      drug_class: opiate\n"
        "      acute_profile: sedating\n"
        "      primary_target: mu_opioid_receptor\n"
        "      primary_action: agonist\n"
        "      da_release_route: vta_disinhibition\n")


def test_vocab_json_lists_drugs_with_their_pharmacology(cli, repo_root):
    result = cli("--kb", repo_root, "vocab", "--format", "json", "heroin")
    terms = json.loads(result.stdout)["terms"]
    heroin = next(t for t in terms if t["name"] == "heroin")
    assert heroin == {"section": "drug", "name": "heroin", "term": "heroin",
                      "description": "Diacetylmorphine, an opiate; a prodrug of morphine that enters the brain "
                                     "fast (refs 46, 47).",
                      "details": {"drug_class": "opiate", "acute_profile": "sedating",
                                  "primary_target": "mu_opioid_receptor", "primary_action": "agonist",
                                  "da_release_route": "vta_disinhibition"}}


def test_vocab_shows_constructors_with_values_and_an_example(cli, repo_root):
    result = cli("--kb", repo_root, "vocab", "--format", "json", "reinforces")
    constructor = next(t for t in json.loads(result.stdout)["terms"] if t["section"] == "constructor")
    assert constructor["term"] == "reinforces(Drug, Measure)"
    assert constructor["details"] == {"values": "negative, none, positive",
                                      "example": "observed(both_classes_self_administered, "
                                                 "reinforces(heroin, sa_reward), positive)"}


def test_vocab_shows_compound_terms_with_argument_types(cli, repo_root):
    result = cli("--kb", repo_root, "vocab", "--format", "json", "lesion")
    lesion = next(t for t in json.loads(result.stdout)["terms"] if t["name"] == "lesion")
    assert (lesion["term"], lesion["details"]) == (
        "lesion(Region, LesionMethod)", {"arguments": "Region: a region; LesionMethod: a lesion method"})


def test_vocab_with_no_match_says_so(cli, repo_root):
    result = cli("--kb", repo_root, "vocab", "zzz_nothing")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "no term of the vocabulary matches 'zzz_nothing'\n")


def test_vocab_outside_a_kb_is_a_usage_error(cli, tmp_path):
    result = cli("--kb", tmp_path, "vocab")
    assert (result.exit_code, result.stderr) == (
        2, f"error: {tmp_path}: not a knowledge base (no theories/background.lp); use --kb DIR\n")


def test_the_repository_background_is_the_one_documented():
    assert "%## Glossary: what each term means" in BACKGROUND.read_text(encoding="utf-8")
