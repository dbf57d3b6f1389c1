"""The `theorycheck` command line: parse arguments, call the library, render (console.py runs it as a process)."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Test theories of addiction, written as clingo axioms, against empirical findings.")


class Format(str, Enum):
    markdown = "markdown"
    json = "json"


class Strength(str, Enum):
    robust = "robust"
    mixed = "mixed"
    preliminary = "preliminary"
    caution = "caution"


class Options:
    """Global options shared by every command."""

    def __init__(self, kb: Path, findings: list[Path], timeout: float, min_strength: str | None = None):
        self.kb, self.findings, self.timeout, self.min_strength = kb, findings, timeout, min_strength

    def load(self, theory_files: list[Path] | None = (), only: list[str] | None = None):
        """The KB with the extra findings and theory files, refused (InputError) if it does not lint without errors;
        `only`: the KB's theories the command uses (all by default), the only ones read and checked."""
        from .errors import InputError
        from .kb import load_kb, with_min_strength
        from .lint import growing_warnings, static_errors

        kb = load_kb(self.kb, findings=self.findings, theory_files=list(theory_files or []), timeout=self.timeout,
                     only=only)
        errors = static_errors(kb)
        if errors:
            raise InputError(errors)
        # Said before any grounding starts: should such a rule never stop, the user learns why at once, not when
        # the time or memory limit ends the run minutes later (whose error names the rule again).
        for warning in growing_warnings(kb, " (the run stops at --timeout or at the memory limit)")[0]:
            typer.echo(str(warning), err=True)
        return with_min_strength(kb, self.min_strength)

    def words(self) -> list[str]:
        """The global options as given, for a report's stamp (the time limit changes no verdict, so is left out)."""
        return ([f"--findings {p}" for p in self.findings]
                + ([f"--min-strength {self.min_strength}"] if self.min_strength else []))

    def stamp(self, kb, **command: list[str] | str | None):
        """The stamp of a report: tool version, KB hash, the global options and the command's (`drop=[...]`)."""
        from .stamp import make_stamp

        words = self.words()
        for name, value in command.items():
            values = value if isinstance(value, (list, tuple)) else [value] if value else []
            words += [f"--{name.replace('_', '-')} {v}" for v in values]
        return make_stamp(kb, words)


def _print_version(value: bool) -> None:
    if value:
        from .stamp import tool_version

        typer.echo(f"theorycheck {tool_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    kb: Annotated[Path, typer.Option("--kb", metavar="DIR", help="Knowledge-base folder holding findings.lp and theories/.")] = Path("."),
    findings: Annotated[Optional[list[Path]], typer.Option("--findings", metavar="FILE", help="Extra findings file (repeatable).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, max=1_000_000, metavar="SECONDS", help="Seconds allowed to ground and solve each theory.")] = 300.0,
    min_strength: Annotated[Optional[Strength], typer.Option("--min-strength", help="Leave out findings weaker than this (robust > mixed > preliminary > caution).")] = None,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_print_version, help="Print the version and exit.")] = False,
) -> None:
    """Test theories of addiction, written as clingo axioms, against empirical findings."""
    ctx.obj = Options(kb, list(findings or []), timeout, min_strength.value if min_strength else None)


class RunFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


@app.command()
def run(
    ctx: typer.Context,
    theory: Annotated[Optional[list[str]], typer.Option("--theory", "-t", metavar="THEORY", help="Theory to check (repeatable; default: all).")] = None,
    finding: Annotated[Optional[str], typer.Option("--finding", "-f", metavar="FINDING", help="Show this finding under every theory (or those of --theory), side by side.")] = None,
    drop: Annotated[Optional[list[str]], typer.Option("--drop", metavar="ID", help="Switch an axiom, or an auxiliary of background.lp, off for this run (repeatable).")] = None,
    fmt: Annotated[Optional[RunFormat], typer.Option("--format", help="Output format (default: terminal on a terminal, else markdown).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the full report (markdown, or json with --format json) to FILE.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Add the derivation tree of each clashing prediction.")] = False,
    fail_on_contradiction: Annotated[bool, typer.Option("--fail-on-contradiction", help="Exit 1 if any finding is contradicted.")] = False,
    theory_file: Annotated[Optional[list[Path]], typer.Option("--theory-file", metavar="PATH", help="A theory file to check (repeatable): only these, and those named with --theory; one named like a KB theory replaces it for this run.")] = None,
) -> None:
    """Report which findings a theory explains, cannot derive and contradicts, and why.

    On a terminal it prints a compact, coloured summary; piped (or with --format markdown) the full Markdown report.

    Example: theorycheck run --theory incentive_sensitization --drop sensitization
    """
    from .engine import check
    from .run_output import run_text, write_report

    opts: Options = ctx.obj
    kb = opts.load(theory_file or [], only=theory)
    if finding:
        kb.finding(finding)
    files = {p.resolve() for p in theory_file or []}
    drafts = [t.name for t in kb.theories.values() if Path(t.path).resolve() in files]
    theory = list(dict.fromkeys([*(theory or []), *drafts])) or None
    stamp = opts.stamp(kb, theory=theory, finding=finding, drop=drop,
                       theory_file=[str(p) for p in theory_file or []])
    chosen = (fmt or (RunFormat.terminal if on_terminal() else RunFormat.markdown)).value
    # The conflict sets' clashes are traced (derivation trees, the axioms behind a relation) only where shown.
    count = len(theory or kb.theories)
    with progress(f"checking {count} {'theory' if count == 1 else 'theories'}"):
        result = check(kb, theories=theory, drop=list(drop or []), timeout=opts.timeout, explain=True,
                       trees=explain or chosen == "json")
    if output is not None:
        write_report(output, run_text(kb, result, stamp, "json" if chosen == "json" else "markdown", explain, finding))
        typer.echo(f"wrote {output}", err=True)
    if output is None or chosen == "terminal":
        typer.echo(run_text(kb, result, stamp, chosen, explain, finding), nl=False)
    if fail_on_contradiction and any(r.count("contradicted") for r in result.results):
        raise typer.Exit(1)


def on_terminal() -> bool:
    """Whether standard output is a terminal (a person reads it) rather than a pipe or a file."""
    return sys.stdout.isatty()


@contextmanager
def progress(message: str):
    """A rich progress bar on standard error while the workers run, only when a person watches a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from . import sandbox

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task(message, total=None)

    def advance(done: int, total: int, label: str) -> None:
        bar.update(task, completed=done, total=total, description=f"{message}: {label} done")

    sandbox.PROGRESS = advance
    try:
        with bar:
            yield
    finally:
        sandbox.PROGRESS = None


# A draft theory outside theories/ (repeatable); one named like a KB theory replaces it for the command.
TheoryFiles = Annotated[Optional[list[Path]], typer.Option(
    "--theory-file", metavar="PATH", help="A draft theory file to load with the KB (repeatable); one named like a KB "
    "theory replaces it.")]


class MatrixFormat(str, Enum):
    markdown = "markdown"
    latex = "latex"
    csv = "csv"


@app.command()
def matrix(
    ctx: typer.Context,
    output: Annotated[Optional[Path], typer.Option("--output", metavar="DIR", help="Folder for the reports (default: KB/reports).")] = None,
    fmt: Annotated[MatrixFormat, typer.Option("--format", help="Format of the matrix file (.md, .tex or .csv).")] = MatrixFormat.markdown,
    svg: Annotated[Optional[bool], typer.Option("--svg/--no-svg", help="Also draw the matrix as an SVG heatmap "
                                                "(default: when the folder already holds one, so it never goes stale).")] = None,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Also write compatibility_matrix.html: one "
                                       "self-contained interactive page (no network) with a detail panel per cell.")] = True,
) -> None:
    """Write reports/compatibility_matrix.md (and .html), one report per theory, repairs and sensitivity.

    Example: theorycheck matrix --svg --html
    """
    from .beside import ahead
    from .bundle import report_files
    from .errors import InputError
    from .repair import prefetch_formulas, repair_formulas
    from .transaction import write_set

    opts: Options = ctx.obj
    # The repairs' formulas are simplified by a child that imports sympy (0.2 s) while this process loads the KB.
    with ahead(prefetch_formulas, repair_formulas) as formulas:
        kb = opts.load()
        folder = output or kb.root / "reports"
        if svg is None:
            svg = (folder / "compatibility_matrix.svg").is_file()
        with progress("checking every theory, its repairs and its sensitivity"):
            files = report_files(kb, folder, fmt.value, svg, opts.timeout, stamp=opts.stamp(kb), html=html,
                                 formulas=formulas)
    try:
        write_set(folder, files)  # one transaction: the folder holds the whole old set or the whole new one
    except OSError as exc:
        raise InputError(f"cannot write the reports to {folder}: {exc.strerror or exc}; it keeps its old "
                         "reports") from None
    for path in files:
        typer.echo(f"wrote {path}")


@app.command()
def explain(
    ctx: typer.Context,
    theory: Annotated[str, typer.Option("--theory", "-t", metavar="THEORY", help="The theory whose verdict to explain.")],
    finding: Annotated[str, typer.Option("--finding", "-f", metavar="FINDING", help="The finding whose verdict to explain.")],
    drop: Annotated[Optional[list[str]], typer.Option("--drop", metavar="ID", help="Switch an axiom, or an auxiliary of background.lp, off (repeatable).")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.markdown,
    theory_file: TheoryFiles = None,
) -> None:
    """Explain one verdict: derivation trees, every minimal conflict set, and why-not for what is not predicted.

    Example: theorycheck explain --theory incentive_sensitization --finding setting_sensitization_vs_reward
    """
    from .engine import check
    from .explain import explanation_dict, render_explanation

    opts: Options = ctx.obj
    kb = opts.load(theory_file, only=[theory])
    kb.finding(finding)
    result = check(kb, theories=[theory], drop=list(drop or []), timeout=opts.timeout, explain=True)
    stamp = opts.stamp(kb, theory=theory, finding=finding, drop=drop)
    if fmt == Format.json:
        typer.echo(json.dumps({**explanation_dict(kb, result, theory, finding), "generated_by": stamp.as_dict()},
                              indent=2, ensure_ascii=False))
    else:
        typer.echo(stamp.footer(render_explanation(kb, result, theory, finding)), nl=False)


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List the theories with their axioms, and the findings with their verdict counts.

    Example: theorycheck list
    """
    from collections import Counter

    from .engine import check
    from .report import SYMBOL, table

    opts: Options = ctx.obj
    kb = opts.load()
    result = check(kb, timeout=opts.timeout)
    out = ["Theories", ""]
    for r in result.results:
        t = r.theory
        out.append(f"{t.name} ({'unitary' if t.unitary else 'class-specific'}): {t.title}")
        out += [f"  - {a.id} [{a.refs}]: {a.claim}" for a in t.axioms]
    out += ["", "Findings (number of theories per verdict)", ""]
    rows = []
    for f in result.findings:
        counts = Counter(v.verdict for v in result.verdicts(finding=f.id))
        rows.append([f.id, f.domain, f.kind] + [counts[v] for v in SYMBOL])
    out.append(table(rows, ["finding", "domain", "kind"] + [f"{s} {v}" for v, s in SYMBOL.items()]))
    typer.echo("\n".join(out))


from . import cli_authoring  # noqa: E402,F401  (registers lint, add, new-theory)
from . import cli_analysis  # noqa: E402,F401  (registers repair, compare, design)
from . import cli_vocab  # noqa: E402,F401  (registers vocab)
