"""The `vocab` command: browse and search the controlled vocabulary of background.lp."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli import Format, Options, app


@app.command()
def vocab(
    ctx: typer.Context,
    words: Annotated[Optional[list[str]], typer.Argument(metavar="[WORD]...", help="Show only the terms whose name, description or details contain every word.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format (json: a list of terms).")] = Format.markdown,
) -> None:
    """Browse the vocabulary findings are written in: drugs with their class and pharmacology, key constructors
    with their value sets and an example, measures, manipulations, conditions, regions, substrates, processes,
    each with its description from background.lp.

    Example: theorycheck vocab kappa
    """
    from .vocab_view import entries_json, render_entries, render_markdown, search, vocabulary_entries

    opts: Options = ctx.obj
    vocabulary, examples = load_vocabulary(opts.kb, opts.findings, opts.timeout)
    found = search(vocabulary_entries(vocabulary, examples), list(words or []))
    if fmt == Format.json:
        typer.echo(json.dumps({"query": list(words or []), "terms": entries_json(found)}, indent=2,
                              ensure_ascii=False))
    elif found:  # a compact view on a terminal, Markdown through a pipe (as every command)
        typer.echo((render_entries(found) if sys.stdout.isatty() else render_markdown(found)).rstrip("\n"))
    else:
        typer.echo(f"no term of the vocabulary matches {' '.join(words or [])!r}", err=True)


def load_vocabulary(root: Path, findings: list[Path], timeout: float):
    """The KB's vocabulary, and for each key constructor an observation of the findings that uses it (the
    findings are read if they load; a vocabulary is worth browsing while a findings file is being fixed)."""
    from .errors import InputError
    from .findings import read_findings
    from .kb import BACKGROUND
    from .kbfiles import present
    from .origins import all_finding_files
    from .theories import read_program
    from .vocabulary import read_vocabulary

    path = root / "theories" / BACKGROUND
    if not present(path):
        raise InputError(f"{root}: not a knowledge base (no theories/{BACKGROUND}); use --kb DIR")
    program = read_program(path)
    vocabulary = read_vocabulary(path, program.text, timeout=timeout)
    examples: dict[str, str] = {}
    try:
        own = all_finding_files(root, [])
        paths = all_finding_files(root, findings)
        found, _ = read_findings(paths, vocabulary, explicit=[p for p in paths if p not in own])
    except InputError:
        return vocabulary, examples
    for finding in found:
        for obs in finding.observations:
            examples.setdefault(obs.key.split("(", 1)[0], f"observed({finding.id}, {obs.key.replace(',', ', ')}, {obs.value})")
    return vocabulary, examples
