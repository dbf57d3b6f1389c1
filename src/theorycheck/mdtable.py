"""GitHub Markdown tables, as tabulate's "github" format writes them, fast enough for tables of 10,000 rows.

tabulate measures, parses and aligns every cell through generic machinery; on a large knowledge base that was most
of the time spent writing reports. This writes the same bytes for text cells (tests/test_mdtable.py holds it to
tabulate). Other formats (LaTeX, CSV) still go through tabulate.
"""

from __future__ import annotations

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
