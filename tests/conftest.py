"""Shared fixtures: tiny throwaway knowledge bases in tmp_path, and an in-process CLI runner."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# The analysis cache (theorycheck/cache.py) of this test session: never the user's, and empty at the start, so tests
# neither read what a user's runs left nor leave anything there; the CLI's subprocesses inherit it.
_CACHE = tempfile.mkdtemp(prefix="theorycheck-test-cache-")
os.environ["THEORYCHECK_CACHE"] = _CACHE


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)
BACKGROUND = REPO_ROOT / "theories" / "background.lp"
BOX1_THEORIES = ("psychomotor_stimulant", "incentive_sensitization", "hedonic_allostasis", "aberrant_learning",
                 "frontostriatal_dysfunction")

# A minimal background for tests whose subject does not depend on the real vocabulary and bridge rules (the CLI,
# error reporting, metamorphic properties of verdicts): it loads and grounds in milliseconds, where the real one
# takes about a second per load.
MINI_BACKGROUND = """\
value_of(effect, (increase; decrease; no_change)).
key_arg(effect, 1, drug).  key_arg(effect, 2, manipulation).  key_arg(effect, 3, measure).
drug(heroin; morphine; cocaine; amphetamine).
drug_class(heroin, opiate).  drug_class(morphine, opiate).
drug_class(cocaine, psychostimulant).  drug_class(amphetamine, psychostimulant).
addictive(D) :- drug(D).
manipulation(acute; repeated).
measure(nac_dopamine; locomotor_activation).
domain(setting).  species(rat).  paradigm(self_administration).
mechanism_arg(depends_on, 1, drug).  mechanism_arg(depends_on, 2, process).  mechanism_arg(depends_on, 3, substrate).
mechanism_arg(activates, 1, drug).  mechanism_arg(activates, 2, substrate).
process(reward).  substrate(mesolimbic_da).
"""

CITATION = 'citation(c1, "Someone 2020", "10.1/x").\n'


def finding_block(ident: str, observations: list[tuple[str, str]], *, kind: str = "difference",
                  domain: str = "setting", strength: str = "robust", title: str | None = None) -> str:
    """The facts of one finding with complete metadata (citation c1 must be declared once in the file)."""
    lines = [
        f"finding({ident}).",
        f'title({ident}, "{title or ident}"). kind({ident}, {kind}). domain({ident}, {domain}). '
        f"species({ident}, rat). paradigm({ident}, self_administration).",
        f'strength({ident}, {strength}). source({ident}, c1, "Fig. 1", "1").',
    ]
    lines += [f"observed({ident}, {key}, {value})." for key, value in observations]
    return "\n".join(lines) + "\n"


def findings_text(blocks: dict[str, list[tuple[str, str]]]) -> str:
    """A findings file: the citation, then one block per finding, in the dict's order."""
    return CITATION + "".join(finding_block(ident, obs) for ident, obs in blocks.items())


def theory_text(name: str, body: str) -> str:
    """A theory file: header lines, then `body` (dedented), which holds the `%! axiom` lines and rules."""
    return f"%! theory {name}\n%! title: {name.upper()}\n%! citation: Test (2024)\n" + dedent(body).lstrip("\n")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


def build_kb(root: Path, theories: dict[str, str] | None = None, findings: str | None = None,
             background: str | None = None) -> Path:
    """Write a KB folder: a background (the real one by default), theories (name -> file text), findings text."""
    (root / "theories").mkdir(parents=True, exist_ok=True)
    if background is None:
        shutil.copy(BACKGROUND, root / "theories" / "background.lp")
    else:
        (root / "theories" / "background.lp").write_text(background, encoding="utf-8")
    for name, text in (theories or {}).items():
        (root / "theories" / f"{name}.lp").write_text(text, encoding="utf-8")
    if findings is not None:
        (root / "findings.lp").write_text(findings, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def repo_kb(repo_root):
    """The repository's working KB, loaded once for the session (tests must not change it): for what must hold of
    any KB a user edits (its reports are not stale, its rules stay in the vocabulary); figures use `shipped_kb`."""
    import theorycheck

    return theorycheck.load_kb(repo_root)


# The files of the knowledge base as shipped: what tests that pin figures, verdicts or report text read.
SHIPPED = ("findings.lp", "findings", "theories", "references", "reports")


def freeze_kb(target: Path) -> Path:
    """A copy of the KB as committed (git HEAD) in `target`, or of the working files where there is no git
    checkout: a finding a user adds (README's worked example) changes the working KB, never this copy.
    THEORYCHECK_TEST_WORKING_KB=1 copies the working files instead (to test a KB change before committing it)."""
    import subprocess
    import tarfile
    from io import BytesIO

    target.mkdir(parents=True, exist_ok=True)
    try:
        if os.environ.get("THEORYCHECK_TEST_WORKING_KB"):
            raise OSError("the working files are asked for")
        tree = subprocess.run(["git", "-C", str(REPO_ROOT), "ls-tree", "--name-only", "HEAD"], check=True,
                              capture_output=True, text=True).stdout.split()
        paths = [p for p in SHIPPED if p in tree]
        archive = subprocess.run(["git", "-C", str(REPO_ROOT), "archive", "HEAD", "--", *paths], check=True,
                                 capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError):
        for name in SHIPPED:
            source = REPO_ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name)
            elif source.is_file():
                shutil.copy(source, target / name)
        return target
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


@pytest.fixture(scope="session")
def shipped_root(tmp_path_factory) -> Path:
    """The folder of a frozen copy of the shipped KB (see freeze_kb)."""
    return freeze_kb(tmp_path_factory.mktemp("shipped") / "kb")


@pytest.fixture(scope="session")
def shipped_kb(shipped_root):
    """The shipped KB, frozen (see freeze_kb), loaded once for the session."""
    import theorycheck

    return theorycheck.load_kb(shipped_root)


@pytest.fixture
def make_kb(tmp_path):
    """Build a KB folder in tmp_path/kb: `make_kb(theories={name: text}, findings=text)` -> its root."""

    def build(theories: dict[str, str] | None = None, findings: str | None = None, **kwargs) -> Path:
        return build_kb(kwargs.pop("root", tmp_path / "kb"), theories, findings, **kwargs)

    return build


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run the console entry point in-process: `cli("run", "--theory", "t")` -> CliResult."""
    from theorycheck.console import main

    def invoke(*args: str) -> CliResult:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["theorycheck", *map(str, args)])
        crash = ""
        try:
            main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        except Exception:  # what the interpreter would print and exit with if the exception escaped main()
            code, crash = 1, traceback.format_exc()
        out = capsys.readouterr()
        return CliResult(code, out.out, out.err + crash)

    return invoke


@pytest.fixture(scope="session")
def vocabulary():
    """The vocabulary of the real background, read once (solving the background takes a while)."""
    from theorycheck.vocabulary import read_vocabulary

    return read_vocabulary(BACKGROUND, BACKGROUND.read_text(encoding="utf-8"))


def clause_theory(n_axioms: int, clauses: list[tuple[int, frozenset[int]]]) -> str:
    """Theory `t` whose conflicts are known: axiom i defines q_i, and clause (host, others), under axiom `host`,
    predicts that every drug's measure falls (so an observed rise clashes) from the q_j of the others.

    Axiom i defines q_i only where a clause reads it (a rule nothing reads is refused), so an axiom no clause
    names holds no rule."""
    lines = ["%! theory t", "%! title: T"]
    read = {j for _, others in clauses for j in others}
    for i in range(n_axioms):
        lines += [f"%! axiom a{i} [1]: claim {i}"] + [f"q{i}(D) :- addictive(D)."] * (i in read)
        for host, others in clauses:
            if host == i:
                body = "".join(f", q{j}(D)" for j in sorted(others))
                lines.append(f"predicts(effect(D, M, X), decrease) :- asked(effect(D, M, X)){body}.")
    return "\n".join(lines) + "\n"


CORPUS = Path(__file__).parent / "bad_inputs"  # the bad-input corpus and its own small knowledge base


@pytest.fixture(scope="module")
def corpus_kb(tmp_path_factory) -> Path:
    """The corpus's own small knowledge base."""
    root = tmp_path_factory.mktemp("corpus") / "kb"
    (root / "theories").mkdir(parents=True)
    shutil.copy(CORPUS / "_background.lp", root / "theories" / "background.lp")
    shutil.copy(CORPUS / "_theory.lp", root / "theories" / "good.lp")
    shutil.copy(CORPUS / "_findings.lp", root / "findings.lp")
    return root


# A theory whose grounding never ends: its worker runs until the time limit, or until something stops it.
SLOW = theory_text("slow", """
    %! axiom grow [1]: Numbers grow without end.
    n(0).
    n(X+1) :- n(X).
""")


def workers_of(pid: int) -> list[int]:
    """The live children of `pid`, from /proc (zombies, already dead, are not counted)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def wait_for_workers(pid: int) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = workers_of(pid)
        if workers:
            time.sleep(0.3)  # the worker is grounding
            return workers
        time.sleep(0.05)
    raise AssertionError("no worker started")
