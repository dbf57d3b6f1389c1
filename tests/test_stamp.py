"""Every report names what produced it: tool version, the knowledge base's content hash, the options; no time."""

from __future__ import annotations

import json
import shutil
from importlib.metadata import version

import theorycheck
from theorycheck.stamp import kb_hash

from conftest import MINI_BACKGROUND, findings_text, theory_text

UP = {"up": theory_text("up", """
    %! axiom up [1]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
""")}
FINDINGS = findings_text({"f1": [("effect(heroin, acute, nac_dopamine)", "increase")],
                          "f2": [("effect(cocaine, acute, nac_dopamine)", "decrease")]})


def test_version_prints_the_installed_version(cli):
    done = cli("--version")
    assert (done.exit_code, done.stdout) == (0, f"theorycheck {version('theorycheck')}\n")


def test_the_hash_follows_the_content_not_the_folder(make_kb, tmp_path):
    root = make_kb(UP, FINDINGS, background=MINI_BACKGROUND)
    copy = shutil.copytree(root, tmp_path / "elsewhere")
    first = kb_hash(theorycheck.load_kb(root))
    assert len(first) == 12 and first == kb_hash(theorycheck.load_kb(copy))
    with open(copy / "findings.lp", "a", encoding="utf-8") as out:
        out.write("% a comment changes the hash too\n")
    assert kb_hash(theorycheck.load_kb(copy)) != first


def test_markdown_and_json_name_version_hash_and_options(cli, make_kb):
    root = make_kb(UP, FINDINGS, background=MINI_BACKGROUND)
    digest = kb_hash(theorycheck.load_kb(root))
    stamp = f"theorycheck {version('theorycheck')} · knowledge base sha256:{digest}"
    done = cli("--kb", root, "--min-strength", "robust", "run", "--theory", "up", "--format", "markdown")
    assert done.stdout.endswith(f"\n\nProduced by {stamp} · options: --min-strength robust --theory up.\n")
    again = cli("--kb", root, "--min-strength", "robust", "run", "--theory", "up", "--format", "markdown")
    assert again.stdout == done.stdout  # no timestamp: the same inputs give the same bytes
    data = json.loads(cli("--kb", root, "run", "--format", "json").stdout)
    assert data["generated_by"] == {"tool": "theorycheck", "version": version("theorycheck"),
                                    "kb_hash": f"sha256:{digest}",
                                    "options": []}


def test_every_generated_file_is_stamped(cli, make_kb, tmp_path):
    root = make_kb(UP, FINDINGS, background=MINI_BACKGROUND)
    for fmt, first in (("markdown", None), ("latex", "% Produced by theorycheck"), ("csv", "# Produced by theorycheck")):
        out = tmp_path / fmt
        assert cli("--kb", root, "matrix", "--output", out, "--format", fmt, "--svg").exit_code == 0
        for path in out.iterdir():
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".svg":
                assert text.splitlines()[1].startswith("<desc>Produced by theorycheck"), path.name
            elif path.suffix == ".html":
                assert '<p class="stamp">Produced by theorycheck' in text, path.name
            elif path.suffix == ".md":
                assert text.splitlines()[-1].startswith("Produced by theorycheck"), path.name
            else:
                assert text.startswith(first), path.name
