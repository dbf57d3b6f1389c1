"""Positions in a text: the long-line check that every KB file passes through (kbfiles.read_text, findings)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from theorycheck.textpos import Lines, long_line


@given(st.text(alphabet="ab \n\r\x0c\u2028", max_size=60), st.integers(min_value=0, max_value=8))
def test_long_line_is_the_first_line_over_the_limit(text, limit):
    found = re.search(r"[^\n]{%d}" % (limit + 1), text)  # the definition: limit + 1 characters without a newline
    expected = None if found is None else Lines(text).at(found.start())[0]
    assert long_line(text, limit) == expected


def test_only_a_newline_ends_a_line():
    assert long_line("ab\rcd\n", 4) == 1  # a carriage return or form feed does not end a line for clingo
    assert long_line("ab\ncd\n", 4) is None
    assert long_line("ok\n" + "x" * 5, 4) == 2
