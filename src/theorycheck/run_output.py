"""What `theorycheck run` prints or writes: the terminal view, the Markdown report or JSON, for theories or one
finding (text out; `write_report` is the one function that writes a file)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from .errors import InputError
from .escaping import markdown_text as md
from .jsonout import finding_dict, result_dict
from .kb import KB
from .results import CheckResult
from .provenance import provenance_lines
from .report import SYMBOL, render_theory, table
from .stamp import Stamp


def run_text(kb: KB, result: CheckResult, stamp: Stamp, fmt: str, trees: bool = False, finding: str | None = None
             ) -> str:
    """The output of `run` in `fmt` (terminal, markdown or json), for every theory checked or for one finding."""
    if finding:
        return _finding_text(kb, result, stamp, fmt, finding)
    if fmt == "json":
        data = {**result_dict(result, kb.root, kb.citations, kb.auxiliaries, kb.references),
                "generated_by": stamp.as_dict()}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "terminal":
        from rich.console import Group
        from rich.rule import Rule

        from .terminal import theory_view

        views = []
        for r in result.results:
            views += [theory_view(r, result.findings, kb.claims(r.theory.name), stamp.text()), Rule(style="dim")]
        return terminal(Group(*views[:-1]))
    texts = [render_theory(r, result.findings, kb.root, kb.claims(r.theory.name), kb.citations, with_trees=trees,
                           references=kb.references) for r in result.results]
    return stamp.footer("\n---\n\n".join(texts))


def _finding_text(kb: KB, result: CheckResult, stamp: Stamp, fmt: str, ident: str) -> str:
    from .terminal import finding_view, reason

    f = kb.finding(ident)
    lines = provenance_lines(f, {c.key: c for c in kb.citations}, kb.references)
    rows = [(r.theory.name, r.verdict(ident).verdict, reason(r.verdict(ident), r)) for r in result.results]
    if fmt == "terminal":
        return terminal(finding_view(result, f, lines, stamp.text()))
    if fmt == "json":
        data = {"finding": finding_dict(f, kb.references),
                "verdicts": [{"theory": t, "verdict": v, "reason": why} for t, v, why in rows],
                "generated_by": stamp.as_dict()}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    out = [f"# {md(f.id)}: {md(f.title)}", "", f"{f.kind} · {f.domain} · {f.strength}", ""]
    out += [f"- {md(line.strip())}" for line in lines] + [""]
    out.append(table([[t, f"{SYMBOL[v]} {v}", md(why)] for t, v, why in rows], ["theory", "verdict", "why"]))
    return stamp.footer("\n".join(out))


def terminal(renderable) -> str:
    """`renderable` as the terminal shows it: at most WIDTH columns, coloured unless NO_COLOR or not a terminal."""
    from .terminal import WIDTH, to_text  # rich, only for a terminal's view (piped, `run` prints Markdown)

    width = min(shutil.get_terminal_size((WIDTH, 24)).columns, WIDTH)
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return to_text(renderable, width, colour)


def write_report(path: Path, text: str) -> None:
    """Write `text` to `path` whole (a temporary file renamed over it), or an InputError naming the path."""
    from .writer import write_atomic

    try:
        write_atomic(path, text)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
