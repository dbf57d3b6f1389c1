"""Commands for researchers who write the knowledge base: `lint`, `add` and `new-theory`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli import Options, app

# Options `add` cannot do without: (option, prompt, several values allowed).
REQUIRED = (("id", "Finding id (snake_case)", False), ("title", "Title (one line)", False),
            ("kind", "Kind", False), ("domain", "Domain", False),
            ("species", "Species", True), ("paradigm", "Paradigm", True),
            ("strength", "Strength", False),
            ("citation", "Citation key", False), ("locator", "Locator (figure, table or section)", False),
            ("observe", "Observation KEY=VALUE", True))


@app.command("lint")
def lint_command(
    ctx: typer.Context,
    files: Annotated[Optional[list[Path]], typer.Argument(metavar="FILES", help="Extra findings or theory files to check with the KB.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 2) on warnings too.")] = False,
) -> None:
    """Check the knowledge base and extra files without running a theory; every problem at its file and line.

    Syntax errors, unsafe variables, terms outside the vocabulary (with a suggestion), missing metadata or
    provenance, duplicate ids, malformed DOIs, axioms without claim or citation, and atoms no rule defines;
    warnings for evidence a finding repeats from the same source, and for observations no theory can ever predict
    (with theories/background.lp among FILES, also for each term of the vocabulary that no rule reads).
    A file with `%! theory` or `%! axiom` lines is checked as a theory, any other as findings. Exit 0 when
    there are no errors, 2 when there are (with --strict, warnings count as errors).

    Example: theorycheck lint my-paper.lp ~/drafts/my_theory.lp
    """
    from .lint import classify, lint

    opts: Options = ctx.obj
    findings, theories = list(opts.findings), []
    background = (opts.kb / "theories" / "background.lp").resolve()
    for path in files or []:
        if path.resolve() != background:  # linted with the KB in any case
            (theories if classify(path) == "theory" else findings).append(path)
    vocabulary = any(path.resolve() == background for path in files or [])
    problems = lint(opts.kb, findings, theories, timeout=opts.timeout, vocabulary=vocabulary)
    for problem in problems:
        typer.echo(str(problem), err=True)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    typer.echo(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if errors or (strict and warnings):
        raise typer.Exit(2)


@app.command()
def add(
    ctx: typer.Context,
    ident: Annotated[Optional[str], typer.Option("--id", metavar="ID", help="The finding's id: a descriptive snake_case name.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="One line saying what was found.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", metavar="KIND", help="difference, similarity or mixed.")] = None,
    domain: Annotated[Optional[str], typer.Option("--domain", metavar="DOMAIN", help="A domain declared in background.lp.")] = None,
    species: Annotated[Optional[list[str]], typer.Option("--species", metavar="SPECIES", help="Species (repeatable).")] = None,
    paradigm: Annotated[Optional[list[str]], typer.Option("--paradigm", metavar="PARADIGM", help="Paradigm (repeatable).")] = None,
    strength: Annotated[Optional[str], typer.Option("--strength", metavar="STRENGTH", help="robust, mixed, preliminary or caution.")] = None,
    citation: Annotated[Optional[str], typer.Option("--citation", metavar="KEY", help="Citation key (citation/3 fact or BibTeX entry).")] = None,
    locator: Annotated[Optional[str], typer.Option("--locator", metavar="TEXT", help="Where in the source: figure, table or section.")] = None,
    observe: Annotated[Optional[list[str]], typer.Option("--observe", metavar="KEY=VALUE", help="An observation KEY=VALUE (repeatable).")] = None,
    refs: Annotated[str, typer.Option("--refs", metavar="TEXT", help="The source's own reference numbers, if any.")] = "",
    quote: Annotated[str, typer.Option("--quote", metavar="TEXT", help="At most 15 words from the source.")] = "",
    note: Annotated[Optional[list[str]], typer.Option("--note", metavar="TEXT", help="An encoding choice and its reason (repeatable).")] = None,
    cite_text: Annotated[str, typer.Option("--cite-text", metavar="TEXT", help="Declare a new citation key with this text.")] = "",
    doi: Annotated[str, typer.Option("--doi", metavar="DOI", help="The DOI of the new citation (10.NNNN/...).")] = "",
    to: Annotated[Optional[Path], typer.Option("--to", metavar="FILE", help="Append here instead of KB/findings.lp (a file in KB/findings/ is loaded by default).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the facts and check them; write nothing.")] = False,
) -> None:
    """Add a finding, checked against the whole knowledge base exactly as lint checks it, then appended atomically.

    Missing options are asked for when run in a terminal. Nothing is written if anything is wrong.

    Example: theorycheck add --id alcohol_acute_nac_dopamine --title "Ethanol raises accumbens dopamine"
    --kind similarity --domain neurochemistry --species rat --paradigm neurochemistry --strength robust
    --citation dichiara1988 --cite-text "Di Chiara G, Imperato A (1988) Proc Natl Acad Sci USA 85:5274-5278"
    --doi 10.1073/pnas.85.14.5274 --locator Abstract --observe "effect(alcohol, acute, nac_dopamine)=increase"
    """
    from .adding import NewFinding, add_finding
    from .origins import kb_finding_files

    opts: Options = ctx.obj
    given = _complete(ctx, {"id": ident, "title": title, "kind": kind, "domain": domain, "species": species,
                            "paradigm": paradigm, "strength": strength, "citation": citation, "locator": locator,
                            "observe": observe})
    asking = given.pop("asking", None)
    if asking:
        cite_text, doi, quote = _ask_provenance(asking, given["citation"], cite_text, doi, quote)
    new = NewFinding(given["id"], given["title"], given["kind"], given["domain"], list(given["species"]),
                     list(given["paradigm"]), given["strength"], given["citation"], given["locator"],
                     list(given["observe"]), refs, quote, list(note or []), cite_text, doi)
    added = add_finding(opts.kb, new, target=to, findings=opts.findings, dry_run=dry_run)
    for warning in added.warnings:
        typer.echo(str(warning), err=True)
    if dry_run:
        typer.echo(added.block, nl=False)
        typer.echo(f"dry run: the finding is valid; nothing was written to {added.target}", err=True)
        return
    own = {p.resolve() for p in kb_finding_files(opts.kb)}
    extra = "" if to is None or added.target.resolve() in own else f"--findings {added.target} "
    typer.echo(f"added finding '{new.id}' to {added.target}; `theorycheck {extra}run` checks it against every theory")


def _complete(ctx: typer.Context, given: dict) -> dict:
    """Prompt for missing required options in a terminal; elsewhere they are a usage error.

    Each answer is checked as it is given (names, the closed vocabularies with their choices, observation keys
    and values) and asked again when wrong, so one typo never costs the whole entry.
    """
    missing = [name for name, _, _ in REQUIRED if not given[name]]
    if missing and not _interactive():
        flags = ", ".join(f"--{name}" for name in missing)
        typer.echo(f"{ctx.get_usage()}\nTry 'theorycheck add --help' for help.\n\nError: missing {flags} "
                   "(or run `theorycheck add` in a terminal to be asked)", err=True)
        raise typer.Exit(2)
    if not missing:
        return given
    from .adding import answer_checks

    opts: Options = ctx.obj
    asking = answer_checks(opts.kb, opts.findings)
    for name, prompt, several in REQUIRED:
        if given[name]:
            continue
        check, choices = asking["checks"][name], asking["choices"].get(name)
        if choices:
            typer.echo(f"{prompt}: one of {', '.join(choices)}")
        elif name == "observe":
            typer.echo("Observations: KEY=VALUE with a key of background.lp, e.g. "
                       "effect(cocaine, acute, nac_dopamine)=increase")
        if not several:
            given[name] = _ask(prompt, check)
            continue
        values = []
        while value := _ask(f"{prompt} ({'empty to finish' if values else 'one at a time'})", check,
                            optional=bool(values)):
            values.append(value)
        given[name] = values
    given["asking"] = asking
    return given


def _ask(prompt: str, check, optional: bool = False) -> str:
    """One answer, asked again (with the reason) until `check` finds no problem; "" ends an optional list."""
    while True:
        try:
            answer = typer.prompt(prompt, default="", show_default=False).strip()
        except typer.Abort:  # Ctrl-C or Ctrl-D at the prompt: exit 1 would read as a contradiction
            typer.echo("\naborted: nothing was written", err=True)
            raise typer.Exit(130) from None
        if not answer and optional:
            return ""
        problem = check(answer) if answer else "an answer is needed"
        if problem is None:
            return answer
        typer.echo(f"  {problem}; try again", err=True)


def _ask_provenance(asking: dict, citation: str, cite_text: str, doi: str, quote: str) -> tuple[str, str, str]:
    """In a terminal: the text and DOI of a citation key no file declares yet, and the quote, if not given."""
    checks = asking["checks"]
    if citation not in asking["citations"] and not cite_text:
        typer.echo(f"'{citation}' is a new citation key: give its reference")
        cite_text = _ask("Reference (Author A, Author B (Year) Title. Journal Volume:Pages)", checks["cite_text"])
        doi = doi or _ask("DOI (10.NNNN/..., empty if none)", checks["doi"], optional=True)
    if not quote:
        quote = _ask("Quote from the source (at most 15 words, empty to skip)", lambda a: None, optional=True)
    return cite_text, doi, quote


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command("new-theory")
def new_theory(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The theory's name, also its file name: snake_case.")],
    output: Annotated[Optional[Path], typer.Option("--output", metavar="DIR", help="Folder for NAME.lp (default: KB/theories).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented template for a new theory to theories/NAME.lp; it is picked up with no code change.

    Example: theorycheck new-theory my_dopamine_theory
    """
    from .template import write_template

    opts: Options = ctx.obj
    path = write_template(opts.kb, name, output, force)
    check = f"--theory {name}" if output is None else f"--theory-file {path}"
    typer.echo(f"wrote {path}; write its axioms, then `theorycheck lint {path}` and `theorycheck run {check}`")
