"""The README documents every command, and its matrix excerpt is the real, current matrix."""

from __future__ import annotations

from pathlib import Path

import typer

from theorycheck.cli import app

ROOT = Path(__file__).resolve().parent.parent


def command_names() -> list[str]:
    group = typer.main.get_group(app)
    return sorted(group.commands)


def test_every_command_is_in_the_readme_with_help():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_group(app)
    for name in command_names():
        assert f"theorycheck {name}" in readme or f"`{name}" in readme, name
        assert group.commands[name].help and "Example:" in group.commands[name].help, name


def test_readme_excerpt_is_taken_from_the_shipped_matrix(shipped_root):
    # The shipped KB's matrix (frozen at git HEAD), or the working one while a change to both is not committed yet:
    # a finding a user adds (README's worked example) changes their matrix, not the README's excerpt of ours.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- excerpt:")
    excerpt = readme[start:readme.index("## Commands", start)]
    rows = [line for line in excerpt.splitlines() if line.startswith("| ")]
    assert len(rows) >= 10
    matrices = [(folder / "reports" / "compatibility_matrix.md").read_text(encoding="utf-8")
                for folder in (shipped_root, ROOT)]
    assert any([row for row in rows if row not in matrix] == [] for matrix in matrices), (
        "README's excerpt is not taken from reports/compatibility_matrix.md: copy its rows again")
