"""GitHub Markdown tables, as tabulate's "github" format writes them, fast enough for tables of 10,000 rows.

tabulate measures, parses and aligns every cell through generic machinery; on a large knowledge base that was most
of the time spent writing reports. This writes the same bytes for text cells (tests/test_mdtable.py holds it to
tabulate). Other formats (LaTeX, CSV) still go through tabulate.
"""

from __future__ import annotations

from pathlib import Path

from .escaping import table_cell

MIN_PADDING = 2  # tabulate's: a column is at least two wider than its header


def github_table(rows: list[list[str]], headers: list[str], align: list[str] | None = None) -> str:
    """The table with one `| ... |` line per row; `align` is "left" (default) or "right" per column.

    Example:
        github_table([["heroin", "3"]], ["drug", "count"], ["left", "right"])
    """
    heads = list(headers)  # tabulate strips cells but not headers
    body = [[c.strip() for c in row] for row in rows]
    align = align if align and body else ["left"] * len(heads)  # tabulate aligns an empty table's headers left
    widths = [max([len(h) + MIN_PADDING] + [len(row[i]) for row in body]) for i, h in enumerate(heads)]
    pads = [str.rjust if a == "right" else str.ljust for a in align]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(pad(c, w) for c, w, pad in zip(cells, widths, pads)) + " |"

    out = [line(heads), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in body]
    return "\n".join(out)


def table(rows: list[list], headers: list[str]) -> str:
    """A GitHub Markdown table (tabulate's "github" format, written by mdtable). Cells stay text (an id like `1e5` is
    never read as a number); a column whose cells are all Python ints (the counts) is right-aligned. Cells are
    Markdown already (text from KB files through `escaping.markdown_text`); `|` and newlines are escaped here."""
    align = ["right" if rows and all(_is_count(row[i]) for row in rows) else "left" for i in range(len(headers))]
    return github_table([[table_cell(c) for c in row] for row in rows], headers, align)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def relative(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return path
