"""The HTML report without a browser: deterministic bytes, hostile KB text changes no tag and reaches the data
intact, and the page asks the network for nothing."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser

from hypothesis import assume, given, settings

from theorycheck.escaping import one_line
from theorycheck.html_report import render_html

from test_escaping import checked, hostile_text  # noqa: F401  (the fixture and the strategy)


class Tags(HTMLParser):
    """The page's tags in order, and the text of its JSON data script."""

    def __init__(self):
        super().__init__()
        self.tags, self.data, self._in_data = [], "", False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_data = ("id", "data") in attrs

    def handle_endtag(self, tag):
        self.tags.append("/" + tag)
        self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data += data


def page_with(checked, text: str) -> str:  # noqa: F811
    kb, result = checked
    findings = tuple(replace(f, title=text, quote=text, notes=(text,)) for f in result.findings)
    theory = replace(result.results[0].theory, title=text)
    check = replace(result, findings=findings, results=(replace(result.results[0], theory=theory),))
    return render_html(check, [replace(c, text=text) for c in kb.citations], kb.auxiliaries, {}, text)


def parsed(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


@settings(max_examples=60, deadline=None)
@given(text=hostile_text)
def test_hostile_text_changes_no_tag_and_reaches_the_data_as_written(checked, text):  # noqa: F811
    assume(one_line(text))
    hostile, plain = parsed(page_with(checked, text)), parsed(page_with(checked, "plain"))
    assert hostile.tags == plain.tags
    data = json.loads(hostile.data)
    assert {f["title"] for f in data["findings"].values()} == {text}
    assert {f["quote"] for f in data["findings"].values()} == {text}


def test_the_same_result_gives_the_same_bytes(checked):  # noqa: F811
    assert page_with(checked, "x") == page_with(checked, "x")


def test_a_title_cannot_fill_in_a_placeholder(checked):  # noqa: F811
    page = page_with(checked, "@@DATA@@ @@JS@@")
    assert page.count('<script type="application/json" id="data">') == 1
    assert "@@DATA@@ @@JS@@" in page


def test_every_cell_is_focusable_and_names_its_verdict(checked):  # noqa: F811
    cells = re.findall(r'<td class="cell v-(\w+)" tabindex="0" role="button"[^>]*aria-label="([^"]*)"',
                       page_with(checked, "x"))
    assert len(cells) == 3 and all(label.endswith(verdict) for verdict, label in cells)
