"""The hand-written GitHub table writes exactly what tabulate writes for text cells."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from theorycheck.mdtable import github_table

text = st.text(alphabet=st.sampled_from(list("ab z_(),.-'\"`") + ["✓", "✗", "·", "◐", "—", "é"]), max_size=12)


@settings(max_examples=200, deadline=None)
@given(width=st.integers(1, 5), data=st.data())
def test_same_bytes_as_tabulate(width, data):
    headers = data.draw(st.lists(text, min_size=width, max_size=width))
    rows = data.draw(st.lists(st.lists(text, min_size=width, max_size=width), max_size=6))
    align = data.draw(st.lists(st.sampled_from(["left", "right"]), min_size=width, max_size=width))
    expected = tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True, colalign=align)
    assert github_table(rows, headers, align) == expected


def test_counts_right_aligned_under_a_padded_header():
    assert github_table([["heroin", "3"]], ["drug", "n"], ["left", "right"]).splitlines() == [
        "| drug   |   n |", "|--------|-----|", "| heroin |   3 |"]
