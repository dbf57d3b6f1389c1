"""Reading facts: the fast path (`scan_facts`) and clingo's AST (`parse_facts`) agree on every file."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from theorycheck.annotations import refuse_directives
from theorycheck.errors import InputError
from theorycheck.model import Location
from theorycheck.solver import parse_facts, read_facts, scan_facts

from conftest import REPO_ROOT

SETTINGS = settings(max_examples=150, deadline=None)


def outcome(read, path: Path):
    """The facts a reader returns, or the diagnostics of the InputError it raises."""
    try:
        return read(path, path.read_bytes().decode("utf-8"))  # as kbfiles.read_text: no newline translation
    except InputError as err:
        return err.diagnostics


def check_agreement(path: Path) -> bool:
    """Assert the two paths agree on the file (and that a file the fast path takes passes `refuse_directives`);
    whether the fast path took it."""
    fast, precise = scan_facts(path), outcome(parse_facts, path)
    assert outcome(read_facts, path) == precise
    if fast is not None:
        assert fast == precise
        refuse_directives(path, path.read_bytes().decode("utf-8"))  # read_findings skips it for such files
    return fast is not None


# (file text, whether the fast path takes it): every file gives the same facts or errors either way.
CASES = [
    ('p("é"). q(a).', True), ('p("a\\nb").', True), ('p("a\\\\b").', True), ('p("a\\"b").', True),
    ('p("a\x7fb").', True), ('p("a\\tb").', False), ('p("a\\qb").', False), ('p("a\nb").', False),
    ('p("a\tb").', False), ('p("a""b").', False),
    ("p(-0).", True), ("p(999999999).", True), ("p(-999999999).", True), ("p(007).", False), ("p(- 3).", False),
    ("p(99999999999).", False), ("p(2147483648).", False), ("p(1-2).", False), ("p(1+2).", False), ("p(--3).", False),
    ("p(-(3)).", False), ("p(|-1|).", False), ("p(#inf).", False),
    ("p(-a).", False), ("p(-f(a)).", False), ("-p(a).", False), ("p(X).", False), ("p(_).", False), ("P(a).", False),
    ("p(not).", False), ("not(a).", False), ("p(nota).", True), ("p(_not).", True), ("p(a').", True),
    ("p(_a).", True), ("p(__a).", True),
    ("p().", False), ("p(a,).", False), ("p(f(a),).", False), ("p(f(a,)).", False), ("p((a,)).", True),
    ("p((a)).", True), ("p(()).", True), ("p(( )).", True), ("p((a,b)).", True), ("p((a,b,)).", True),
    ("p(f()).", True), ("p(f(()) ).", True), ("p(f(-3)).", True), ("p(f(a) ).", True), ("p(f (a)).", False),
    ("p(f(g(h(i(j))))).", True), ("p(f(g(h(i(j(k)))))).", False),
    ('p(a,"x,y",(1,"(")).', True), ('p(f(a,(b,c)),g(h(i,-1),"t")).', True), ("p(1,2,3,4,5,6,7,8,9,10).", True),
    ("p(a;b).", False), ("p(1..2).", False), ("p(@f(a)).", False), ("p(a):-q.", False), ("p(a) :- not q(b).", False),
    ("#program base. p(a).", False), ("#const n = 1. p(n).", False), ("#show p/1. p(a).", False),
    ("p(a)", False), ("p(a b).", False), ("p(1 2).", False), ("p(1a).", False), ("p(a)..", False), ("p(\x0ca).", False),
    ("p(a) .", True), ("p(a)\n.", True), ("p (a).", False), ("p\t(a).", False), ("p(a).q(b).", True), ("a.b.", True),
    ("", True), ("% only\n", True), ("%* a\n b *%", True), ("p(a). % c\n", True), ("p(a). % *%\nq(b).", True),
    ("p(a).%*x*%q(b).", True), ("p(a).%**%q(b).", True), ("p(a).%***%q(b).", True), ("% a %* b\nq(b).", True),
    ("p(a).\n%*\n%\n*%\nq(b).", False), ("p(a).%* %* x *% *% q(b).", False), ("p(a).%*%q(b).*%r(c).", False),
    ("%*a%b*%\nq(c).", False), ("p(a). %* unterminated", False),
    ("p(a).\r\nq(b).", True), ("%* a\r\n b *%\r\nq(c).", True), ("%*a\rb*%q(c).", True), ("p(a).\rq(b).", False),
    ("p(a). % x\rq(b).\nr(c).", False),
    ("p(a).\n\n  q( b ,\n c ).\n", True), ("p(a,\n-5,\n\"s\").", True), ('x. p("é"). q("ü", a). r(1).', True),
    ('p("é", x). q(a). "é".', False), ('p("\\n\\"").', True),
]


@pytest.mark.parametrize(("text", "fast"), CASES, ids=[repr(text) for text, _ in CASES])
def test_the_two_paths_agree(tmp_path, text, fast):
    path = tmp_path / "facts.lp"
    path.write_bytes(text.encode())
    assert check_agreement(path) == fast


def test_locations_are_clingo_s_lines_and_byte_columns(tmp_path):
    path = tmp_path / "facts.lp"
    path.write_bytes('p("é"). q(a).\r\n  r(\n b).\n%* x\n *% s.'.encode())
    facts = scan_facts(path)
    assert [(f.predicate, f.location) for f in facts] == [
        ("p", Location(str(path), 1, 1)), ("q", Location(str(path), 1, 10)), ("r", Location(str(path), 2, 3)),
        ("s", Location(str(path), 5, 5))]
    assert facts == parse_facts(path, "")


def test_text_that_is_not_utf8_goes_to_clingo(tmp_path):
    path = tmp_path / "facts.lp"
    path.write_bytes(b'p("\xff").')
    assert scan_facts(path) is None


def test_the_repository_findings_take_the_fast_path():
    assert check_agreement(REPO_ROOT / "findings.lp")


# Ground terms as text, with the whitespace a person might type; strings escape `"`, `\` and newlines.
identifiers = st.from_regex(r"_{0,2}[a-z][A-Za-z0-9_']{0,6}", fullmatch=True).filter(lambda name: name != "not")
numbers = st.integers(-999_999_999, 999_999_999).map(str)
characters = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\x7f")
strings = st.text(characters, max_size=12).map(
    lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"')
spaces = st.sampled_from(["", "", " ", "\n  "])


def _joined(terms: list[str], spacing: list[str]) -> str:
    return ",".join(space + term for term, space in zip(terms, spacing))


def _compound(children):
    items = st.lists(children, min_size=1, max_size=3)
    function = st.tuples(identifiers, items, st.lists(spaces, min_size=3, max_size=3)).map(
        lambda t: f"{t[0]}({_joined(t[1], t[2])})")
    pair_or_more = st.lists(children, min_size=2, max_size=3).map(lambda ts: f"({','.join(ts)})")
    return st.one_of(function, function, pair_or_more, children.map(lambda t: f"({t},)"), st.just("()"))


terms = st.recursive(identifiers | numbers | strings, _compound, max_leaves=6)
facts = st.tuples(identifiers, st.lists(terms, max_size=4), st.lists(spaces, min_size=4, max_size=4)).map(
    lambda t: f"{t[0]}({_joined(t[1], t[2])})." if t[1] else f"{t[0]}.")
separators = st.sampled_from(["\n", " ", "", "\r\n", "\n% a comment, é\n", "\n%* a block\n comment *%\n", "\n\n"])
files = st.lists(st.tuples(separators, facts), max_size=6).map(lambda pairs: "".join(s + f for s, f in pairs))


def _depth(text: str) -> int:
    """How deep parentheses nest outside strings."""
    depth = deepest = 0
    for char in re.sub(r'"(?:[^"\\]|\\.)*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


@SETTINGS
@given(files)
def test_the_fast_path_reads_plain_facts_as_clingo_does(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.lp"
        path.write_bytes(text.encode())
        taken = check_agreement(path)
        assert taken or _depth(text) > 5  # the head's parentheses and four levels of nesting


# ASCII troublemakers: whichever path a file with one of them takes, the facts or errors are the same.
NOISE = ["X", ";", "1..2", ":- q", "#const n=1.", "not ", "-", "- ", '"\t"', "%*%", "*%", "007", "f()", "(a)", ",",
         ")", "(", ".", "\\", '"', "%", "\r", "@f", "|1|", "1+", "#program base.", "2147483648", "'", "_", "\x0c"]


@SETTINGS
@given(files.map(lambda text: text.encode("ascii", "ignore").decode()), st.sampled_from(NOISE), st.floats(0, 1))
@example("a(b).\nf((a,),g(1,\n  x)).\n", "%", 0.5)  # the comment hides half a fact: the rest is a syntax error
def test_any_file_reads_the_same_either_way(text, noise, where):
    at = int(where * len(text))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.lp"
        path.write_bytes((text[:at] + noise + text[at:]).encode())
        check_agreement(path)
