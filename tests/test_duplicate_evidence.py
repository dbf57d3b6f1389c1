"""Which observations repeat evidence from one work: by DOI, by first author and year, by a review's reference."""

from __future__ import annotations

import pytest

from theorycheck.duplicate_evidence import author_year, ref_numbers, repeated_findings, repeats
from theorycheck.model import Citation, Finding, Observation, Source

CITATIONS = [Citation("smith2015", "Smith J, Doe R (2015) One paper. J Neurosci 35:1", "10.1523/a"),
             Citation("smith2015b", "Smith J (2015) Another paper. Neuron 80:2", "10.1016/b"),
             Citation("smith_nodoi", "Smith J, Doe R (2015) One paper", ""),
             Citation("review", "Badiani A, Belin D (2011) A review", "10.1038/nrn3104")]


def finding(ident: str, citation: str, refs: str = "", key: str = "effect(heroin,acute,nac_dopamine)",
            value: str = "increase") -> Finding:
    return Finding(ident, ident, "difference", "setting", "robust", ("rat",), ("cpp",),
                   (Source(citation, "Fig. 1", refs),), (Observation(key, value),))


@pytest.mark.parametrize("first, second, work", [
    (finding("a", "smith2015"), finding("b", "smith2015"), "doi:10.1523/a"),
    (finding("a", "smith2015"), finding("b", "smith_nodoi"), "smith 2015"),  # one without a DOI: author and year
    (finding("a", "review", "46, 47"), finding("b", "review", "22-25,47"), "doi:10.1038/nrn3104, ref 47"),
])
def test_the_same_work_gives_the_same_evidence_once(first, second, work):
    (repeat,) = repeats([first, second], CITATIONS)
    assert (repeat.finding, repeat.earlier, repeat.work) == ("b", "a", work)
    assert repeated_findings([first, second], CITATIONS) == {"b": "a"}


@pytest.mark.parametrize("first, second", [
    (finding("a", "smith2015"), finding("b", "smith2015b")),  # one author, one year, two DOIs: two papers
    (finding("a", "review", "46"), finding("b", "review", "47")),  # two primary papers of one review
    (finding("a", "review", "46"), finding("b", "review")),  # a reference of the review is not the review
    (finding("a", "smith2015"), finding("b", "smith2015", value="decrease")),  # another value: a disagreement
])
def test_different_works_or_values_are_not_repeats(first, second):
    assert repeats([first, second], CITATIONS) == []


def test_reference_numbers_and_author_year():
    assert ref_numbers("22-25, 29;31") == [22, 23, 24, 25, 29, 31]
    assert ref_numbers("1-100000") == []
    assert author_year("Müller K, Doe R (2019) Title") == "muller 2019"
    assert author_year("No year here") is None
