"""The analysis cache: a value is computed once per content, never read stale, never trusted as code."""

from __future__ import annotations

import os
import pickle

import pytest

from theorycheck import cache, load_kb
from theorycheck.errors import InputError


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_value_is_computed_once_per_content(folder):
    compute, calls = counting(["a", ("b", 1)])
    assert cache.cached("kind", ("p.lp", "x."), compute) == ["a", ("b", 1)]
    assert cache.cached("kind", ("p.lp", "x."), compute) == ["a", ("b", 1)]
    assert len(calls) == 1
    cache.cached("kind", ("p.lp", "y."), compute)  # new text: computed again
    cache.cached("kind", ("q.lp", "x."), compute)  # same text elsewhere: locations differ, computed again
    cache.cached("other", ("p.lp", "x."), compute)
    assert len(calls) == 4


def test_parts_are_not_confused_by_where_they_are_cut(folder):
    compute, calls = counting(1)
    cache.cached("kind", ("ab", "c"), compute)
    cache.cached("kind", ("a", "bc"), compute)
    assert len(calls) == 2


class Planted:
    """What an attacker would leave in the folder: unpickling it would call os.system."""

    def __reduce__(self):
        return os.system, ("touch planted",)


def test_an_entry_that_is_not_engine_data_is_never_run(folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    compute, calls = counting("fresh")
    cache.cached("kind", ("p.lp", "x."), compute)
    (entry,) = (folder / "kind").iterdir()
    entry.write_bytes(pickle.dumps(Planted()))
    assert cache.cached("kind", ("p.lp", "x."), compute) == "fresh"
    assert len(calls) == 2 and not (tmp_path / "planted").exists()


def test_a_truncated_entry_is_computed_again(folder):
    compute, calls = counting(list(range(100)))
    cache.cached("kind", ("p.lp", "x."), compute)
    (entry,) = (folder / "kind").iterdir()
    entry.write_bytes(entry.read_bytes()[:10])
    assert cache.cached("kind", ("p.lp", "x."), compute) == list(range(100))
    assert len(calls) == 2


def test_a_folder_that_cannot_be_written_is_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocker))
    compute, calls = counting(3)
    assert cache.cached("kind", ("p",), compute) == 3
    assert cache.cached("kind", ("p",), compute) == 3
    assert len(calls) == 2


def test_off_turns_it_off(monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    compute, calls = counting(3)
    cache.cached("kind", ("p",), compute)
    cache.cached("kind", ("p",), compute)
    assert len(calls) == 2


def test_old_entries_are_pruned(folder, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 3)
    for i in range(6):
        cache.cached("kind", (str(i),), lambda: i)
    assert len(list((folder / "kind").iterdir())) == 3


def test_the_folder_is_kept_under_its_size(folder, monkeypatch):
    monkeypatch.setattr(cache, "BYTES", 2500)
    for i in range(6):
        cache.cached("kind", (str(i),), lambda: bytes(1000))
    assert len(list((folder / "kind").iterdir())) == 2


def _content(kb):
    """What a load computes that the cache holds, as comparable data."""
    vocab = kb.vocabulary
    return ({k: sorted(v) for k, v in vocab.terms.items()}, sorted(map(str, vocab.extension.items())),
            kb.background.rules, {n: p.rules for n, p in kb.programs.items()},
            [(f.id, f.observations, f.location) for f in kb.findings])


def test_a_load_from_the_cache_equals_a_load_without(folder, shipped_root, monkeypatch):
    cold = _content(load_kb(shipped_root))
    assert any(folder.iterdir())
    warm = _content(load_kb(shipped_root))
    monkeypatch.setenv(cache.ENV, "off")
    assert warm == cold == _content(load_kb(shipped_root))


def test_an_edit_is_seen_at_once(folder, make_kb):
    root = make_kb(theories={}, findings="")
    background = root / "theories" / "background.lp"
    assert "zetamorphine" not in load_kb(root).vocabulary.terms["drug"]
    background.write_text(background.read_text() + "\ndrug(zetamorphine).\n%- zetamorphine: A drug made up for this test.\n")
    assert "zetamorphine" in load_kb(root).vocabulary.terms["drug"]


def test_findings_files_are_read_back_and_an_edit_of_one_is_seen_at_once(folder, shipped_root, tmp_path):
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(shipped_root, root, ignore=shutil.ignore_patterns("reports"))
    titles = {f.id: f.title for f in load_kb(root).findings}
    assert any((folder / "facts").iterdir())  # each findings file's facts, kept
    findings = root / "findings.lp"
    first = next(iter(titles))
    findings.write_text(findings.read_text().replace(f'title({first}, "', f'title({first}, "Edited: ', 1))
    again = {f.id: f.title for f in load_kb(root).findings}
    assert again == {**titles, first: "Edited: " + titles[first]}


def test_a_findings_file_the_fast_path_refuses_is_not_scanned_again(folder, shipped_root, tmp_path, monkeypatch):
    import shutil

    from theorycheck import solver

    root = tmp_path / "kb"
    shutil.copytree(shipped_root, root, ignore=shutil.ignore_patterns("reports"))
    findings = root / "findings.lp"
    findings.write_text("%*\n%\n*%\n" + findings.read_text())  # a `%` in a block comment: clingo's path
    first = [f.id for f in load_kb(root).findings]
    scans = []
    real = solver.scan_facts
    monkeypatch.setattr(solver, "scan_facts", lambda *args: scans.append(args[0]) or real(*args))
    assert [f.id for f in load_kb(root).findings] == first
    assert scans == []  # every file, this one too, read from the cache


def test_errors_are_reported_on_every_run(folder, make_kb):
    root = make_kb(theories={"t": "%! theory t\n%! title: T\n%! citation: X (2020)\np(X) :- .\n"}, findings="")
    for _ in range(2):
        with pytest.raises(InputError) as err:
            load_kb(root)
        assert "t.lp:4" in str(err.value.diagnostics[0])


def test_a_refused_directive_is_refused_on_every_run_and_a_passed_text_kept(folder, make_kb):
    header = "%! theory t\n%! title: T\n%! citation: X (2020)\n"
    root = make_kb(theories={"t": header + '#script (python)\nimport os\n#end.\n'}, findings="")
    for _ in range(2):
        with pytest.raises(InputError, match="#script is not allowed"):
            load_kb(root)
    assert len(list((folder / "directives").iterdir())) == 1  # the background passed; the refusal is not kept
    (root / "theories" / "t.lp").write_text(header)
    load_kb(root)
    assert len(list((folder / "directives").iterdir())) == 2  # the background and the mended theory


def test_a_rewriting_read_back_from_the_cache_grounds_alike_without_parsing(folder, shipped_kb, monkeypatch):
    """The check program's rewriting is kept as clingo text: a later process reads it back without parsing or
    rewriting the files, and solves to the same consequences and firings."""
    from theorycheck.solver import Grounding, check_facts, rewriting, rewriting_text

    theory = "incentive_sensitization"
    files, facts, switches = shipped_kb.sources(theory), check_facts(shipped_kb.asked_keys()), shipped_kb.switches(theory)
    monkeypatch.setattr(rewriting_text, "_READ", {})  # as in a new process, whatever tests ran before in this one

    def solved(**options):
        out = Grounding(files, facts, switches, **options).solve()
        return out.predictions, out.relations, out.mechanisms, out.fired, out.rules

    exact = solved(warnings=True)  # the files' own statements, rewritten in this process
    assert solved() == exact  # the same, now also kept as text (a miss computes, and returns the ASTs)
    assert list((folder / "rewriting").iterdir())
    for module, memo in [(rewriting, "_REWRITTEN"), (rewriting, "_COMBINED"), (rewriting_text, "_READ")]:
        monkeypatch.setattr(module, memo, {})

    def no_parse(*args):
        raise AssertionError("parsed again")

    monkeypatch.setattr(rewriting, "_parse", no_parse)  # a new process: only the cache to read
    assert solved() == exact


def test_a_rewriting_that_does_not_read_back_is_not_kept_as_text():
    from clingo import ast

    from theorycheck.solver.rewriting_text import _as_text

    statements: list = []
    ast.parse_string("p(1). q(X) :- p(X).", statements.append)
    assert _as_text(statements, ["r"]) == ("p(1).\nq(X) :- p(X).", ["r"])
    ast.parse_string("#program step(t). r(t).", statements.append)  # a part of its own: the text would lose it
    assert _as_text(statements, ["r"]) == (None, ["r"])


def test_errors_of_a_cached_rewriting_name_the_file(folder, tmp_path, monkeypatch):
    """A grounding error of a check names the user's file and line whether or not its rewriting came from the
    cache: the error is found again in the files as written. (Loading refuses unsafe rules before any check; the
    grounding is given one here directly.)"""
    from theorycheck.solver import Grounding, SourceFile, check_facts, rewriting, rewriting_text

    path = tmp_path / "t.lp"
    path.write_text("p(1).\nq(X, Y) :- p(X).\n")
    files = [SourceFile(path, path.read_text(), lambda line: "a", True)]
    for _ in range(2):  # the second one reads the rewriting back from the cache, as a new process would
        with pytest.raises(InputError) as err:
            Grounding(files, check_facts([]), ["a"])
        assert [d.location.file for d in err.value.diagnostics] == [str(path)]
        assert err.value.diagnostics[0].location.line == 2
        for module, memo in [(rewriting, "_REWRITTEN"), (rewriting, "_COMBINED"), (rewriting_text, "_READ")]:
            monkeypatch.setattr(module, memo, {})
    assert list((folder / "rewriting").iterdir())


def test_with_the_cache_off_the_rewriting_is_not_rendered(monkeypatch, shipped_kb):
    from theorycheck.solver import Grounding, check_facts, rewriting_text

    monkeypatch.setenv(cache.ENV, "off")
    monkeypatch.setattr(rewriting_text, "_as_text", lambda *args: pytest.fail("rendered with the cache off"))
    monkeypatch.setattr(rewriting_text, "_READ", {})
    theory = "psychomotor_stimulant"
    assert Grounding(shipped_kb.sources(theory), check_facts(shipped_kb.asked_keys()),
                     shipped_kb.switches(theory)).solve() is not None
