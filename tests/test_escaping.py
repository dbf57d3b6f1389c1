"""Text from KB files reaches no report unescaped: Markdown (with its HTML), SVG and LaTeX."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import assume, given, settings, strategies as st
from markdown_it import MarkdownIt

import theorycheck
from conftest import CITATION, MINI_BACKGROUND, finding_block, theory_text
from theorycheck.escaping import code_span, latex_text, markdown_text, one_line, svg_text, table_cell
from theorycheck.report import render_matrix, render_theory

THEORY = theory_text("t", """
    %! axiom up [1]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)), addictive(D).
""")
FINDINGS = (CITATION + finding_block("f1", [("effect(heroin, acute, nac_dopamine)", "increase")])
            + finding_block("f2", [("effect(cocaine, acute, nac_dopamine)", "decrease")])
            + finding_block("f3", [("effect(cocaine, acute, locomotor_activation)", "increase")]))
HOSTILE = ["<!--", "-->", "|", "`", "``", "\\n", "\n", "\r\n", "\t", "<script>", "</script>", "&", "&amp;", "\\",
           "{", "}", "$", "%", "#", "_", "^", "~", "~~", "*", "**", "[", "]", "(", ")", "![x](y)", "[a](javascript:b)",
           "# ", "- ", "+ ", "1. ", "2) ", ">", "=", "---", "<b>", "<https://x.y>", "\x00", "\x1b[31m", " ", "a", "é"]
hostile_text = st.one_of(st.lists(st.sampled_from(HOSTILE), max_size=12).map("".join), st.text(max_size=30))
PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    root = tmp_path_factory.mktemp("esc") / "kb"
    from conftest import build_kb

    build_kb(root, {"t": THEORY}, FINDINGS, background=MINI_BACKGROUND)
    kb = theorycheck.load_kb(root)
    return kb, theorycheck.check(kb, theories=["t"])


def reports_with(checked, text: str) -> list[str]:
    """The matrix and the theory report with `text` as every title, locator, citation, claim, refs and theory title."""
    kb, result = checked
    findings = tuple(replace(f, title=text, sources=tuple(replace(s, locator=text) for s in f.sources))
                     for f in result.findings)
    citations = [replace(c, text=text) for c in kb.citations]
    theory = result.results[0].theory
    theory = replace(theory, title=text, citation=text, axioms=tuple(replace(a, claim=text, refs=text)
                                                                     for a in theory.axioms))
    outcome = replace(result.results[0], theory=theory)
    check = replace(result, findings=findings, results=(outcome,))
    claims = {a.id: text for a in theory.axioms}
    return [render_matrix(check, kb.root, citations), render_theory(outcome, findings, kb.root, claims, citations)]


def tags(html: str) -> list[str]:
    """Every raw tag, comment or declaration of the HTML, in order (text is escaped, so `<` starts only these)."""
    return re.findall(r"<(/?[^\s>/]+)", html)


def shown(text: str) -> str:
    """How markdown-it writes text it shows as written."""
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@settings(max_examples=150, deadline=None)
@given(text=hostile_text)
def test_no_kb_text_changes_the_structure_of_a_report_and_each_shows_as_written(checked, text):
    """Property: a report with hostile text has the very structure (tags, in order) of one with plain text, and
    the text is shown as written (on one line), so nothing in it was read as Markdown or HTML."""
    assume(one_line(text))  # an empty title leaves out what it would fill (a `Source:` line): another structure
    for hostile, plain in zip(reports_with(checked, text), reports_with(checked, "plain")):
        html = PARSER.render(hostile)
        assert tags(html) == tags(PARSER.render(plain))
        assert shown(text) in html


def test_a_title_with_newline_escapes_and_an_open_comment_hides_nothing(cli, make_kb):
    title = r"Dopamine\n# Injected heading\n<!-- the rest"
    kb = make_kb({"t": THEORY}, FINDINGS.replace('title(f2, "f2")', f'title(f2, "{title}")'),
                 background=MINI_BACKGROUND)
    done = cli("--kb", kb, "matrix")
    assert done.exit_code == 0, done.stderr
    report = (kb / "reports" / "t.md").read_text()
    assert "Dopamine # Injected heading \\<!-- the rest" in report
    html = PARSER.render(report)
    assert "<h1>Injected" not in html and "<!--" not in html and "<h2>Explained</h2>" in html


def test_a_pipe_in_a_title_stays_in_its_cell(checked):
    for report in reports_with(checked, "a | b || c"):
        html = PARSER.render(report)
        assert "a | b || c" in html
        for table in re.findall(r"<table>(.*?)</table>", html, re.S):
            columns = len(re.findall(r"<th[ >]", table))
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
                assert row.count("<td") in (0, columns), row


def test_a_link_or_image_in_a_citation_is_text(checked):
    matrix = PARSER.render(reports_with(checked, "[click](javascript:alert(1)) ![i](http://x/y.png)")[0])
    assert "javascript:" not in re.findall(r'href="([^"]*)"', matrix) and "<img" not in matrix


def test_a_doi_cannot_close_its_link():
    from theorycheck.model import Citation, Finding, Source
    from theorycheck.references import render_references

    finding = Finding("f", "T", "difference", "setting", "robust", (), (), (Source("c", "Fig. 1"),), ())
    lines = render_references([finding], [Citation("c", "Someone (2020)", "10.1/x) [evil](http://e")])
    html = PARSER.render("\n".join(lines))
    assert re.findall(r'href="([^"]*)"', html) == ["https://doi.org/10.1/x%29%20%5Bevil%5D%28http://e"]


@pytest.mark.parametrize("text, expected", [
    ("# h", r"\# h"), ("1. a", r"1\. a"), ("- a", r"\- a"), ("a_b", "a_b"), ("_a_", r"\_a\_"), ("a\nb", "a b"),
    ("<!--", r"\<!--"), ("a & b", r"a \& b"), ("~23%", r"\~23%"), ("$x$", r"\$x\$"), ("x\x1b[31m", r"x\[31m"),
])
def test_markdown_text(text, expected):
    assert markdown_text(text) == expected


@pytest.mark.parametrize("text, expected", [("a", "`a`"), ("a`b", "``a`b``"), ("`a", "`` `a ``"), ("a\nb", "`a b`")])
def test_code_span(text, expected):
    assert code_span(text) == expected


def test_table_cell_escapes_every_pipe_and_newline():
    assert table_cell("a|b\nc") == r"a\|b c"


LATEX_TOKEN = re.compile(r"\\text(?:backslash|asciicircum|asciitilde|less|greater|bar)\{\}|\\[{}$%#_&]|[^\\{}$%#_^~&<>|]")
LATEX_PLAIN = {r"\textbackslash{}": "\\", r"\textasciicircum{}": "^", r"\textasciitilde{}": "~", r"\textless{}": "<",
               r"\textgreater{}": ">", r"\textbar{}": "|"}


@given(text=hostile_text)
def test_latex_text_leaves_no_special_unescaped(text):
    out = latex_text(text)
    tokens = LATEX_TOKEN.findall(out)
    assert "".join(tokens) == out
    assert "".join(LATEX_PLAIN.get(t, t[-1]) for t in tokens) == one_line(text)


@given(text=hostile_text)
def test_svg_text_is_well_formed_xml_that_reads_back_as_the_text(text):
    element = ET.fromstring(f'<svg><text a="{svg_text(text)}">{svg_text(text)}</text></svg>')[0]
    assert (element.text or "") == element.get("a") == one_line(text)


def test_the_latex_matrix_escapes_its_cells(checked):
    from theorycheck.export import render_latex

    kb, result = checked
    latex = render_latex(replace(result, findings=tuple(replace(f, domain="a_b&c%") for f in result.findings)))
    assert r"a b\&c\%" in latex and "a_b" not in latex  # the domain heading reads as words


SPACES = ["\u00a0", "\u2028", "\u3000", "\x1c", "\x85", "\v", "\f", "\ufffe", "\uffff", "  ", " "]


@given(text=st.one_of(hostile_text, st.lists(st.sampled_from(HOSTILE + SPACES), max_size=12).map("".join)))
def test_one_line_and_html_text_write_what_their_definitions_do(text):
    # one_line returns printable text that needs nothing as it is; the rest goes through the two substitutions.
    import html

    expected = re.sub(r"\s+", " ", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", "", text)).strip()
    assert one_line(text) == expected
    assert svg_text(text) == html.escape(expected, quote=True)
