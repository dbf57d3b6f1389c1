"""Text from knowledge-base files made inert for each output format: Markdown, HTML, SVG and LaTeX (pure).

Every string a KB file holds (titles, quotes, citations, locators, notes, claims, theory titles) goes through the
function of the format it is written in, wherever it is rendered, so no file can add a heading, a link, an HTML
comment or a LaTeX command to a report. Whitespace runs (newlines, `\\n` escapes of ASP strings, tabs) become one
space: every such string is one line of text, and a newline in a table cell would end its row.

Example:
    markdown_text('<!-- *hidden*')  # '\\<!-- \\*hidden\\*'
"""

from __future__ import annotations

import re

# Characters XML 1.0 does not allow at all (an SVG holding one is not a picture) and the terminal's control bytes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
# Anywhere in a line: code, emphasis, links and images, autolinks and raw HTML, entities, strikethrough, math,
# and the backslash itself. A `_` between two letters or digits never emphasises (CommonMark), so
# `sa_intake_trend` stays as it is written.
_INLINE = re.compile(r"[\\`*\[\]<>&~$]|(?<![^\W_])_|_(?![^\W_])")
# At the start of a line only: a heading, a list item, a block quote (`>` is escaped anywhere), a setext underline.
_LINE_START = re.compile(r"^([#+=-]|\d+[.)])")
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "%": r"\%", "#": r"\#", "_": r"\_",
          "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "&": r"\&",
          # pdflatex's default font encoding (OT1) prints `<`, `>` and `|` as `¡`, `¿` and an em dash
          "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
_LATEX_SPECIAL = re.compile(r"[\\{}$%#_^~&<>|]")


def one_line(text: object) -> str:
    """The text on one line: control characters dropped, each run of whitespace one space, no space at the ends."""
    text = str(text)
    # Most text is one line already: printable means no control character and no whitespace but the plain space
    # (`\s` and `_CONTROL` match nothing printable besides it), so only runs of spaces and the ends are left.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def markdown_text(text: object) -> str:
    """Text that Markdown (GitHub's, CommonMark) shows as written, in a paragraph, list item, heading or cell.

    Table cells need `table_cell` on top (report.table applies it to every cell): `|` and newlines.
    """
    line = _INLINE.sub(lambda m: "\\" + m.group(0), one_line(text))
    return _LINE_START.sub(lambda m: f"{m.group(0)[:-1]}\\{m.group(0)[-1]}", line)  # `\#`, `1\.`


def table_cell(text: object) -> str:
    """A cell of a GitHub Markdown table, on one line, with a backslash before every `|`: GFM removes exactly that
    one before it reads the cell (also inside code spans), so the cell shows what `text` shows elsewhere."""
    return one_line(text).replace("|", "\\|")


def code_span(text: object) -> str:
    """Text as inline code: fenced by more backticks than it holds in a row, padded where it starts or ends with one."""
    line = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", line)), default=0) + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    return f"{fence}{pad}{line}{pad}{fence}"


def url_part(text: object) -> str:
    """Text inside a link target: percent-encoded, so it can neither close the link nor start another one."""
    from urllib.parse import quote

    return quote(one_line(text), safe="/:;=@+,.-_")


def html_text(text: object) -> str:
    """Text for HTML element content and quoted attribute values: `& < > " '` as entities (as `html.escape` writes
    them, without its import on every call)."""
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") \
        .replace("'", "&#x27;")


def svg_text(text: object) -> str:
    """Text for an SVG (XML) element or attribute: as for HTML; characters XML forbids are already dropped."""
    return html_text(text)


def latex_text(text: object) -> str:
    r"""Text LaTeX typesets as written: each of `\ { } $ % # _ ^ ~ & < > |` as its command or escape."""
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group(0)], one_line(text))
