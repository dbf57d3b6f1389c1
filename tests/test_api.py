"""The Python API: every command in a few lines, records ready for pandas, unknown names as the CLI's InputError."""

from __future__ import annotations

import pytest

import theorycheck as tc

from conftest import MINI_BACKGROUND, findings_text
from test_cli import TWO_THEORIES as THEORIES

FINDINGS = findings_text({"f1": [("effect(heroin, acute, nac_dopamine)", "increase")],
                          "f2": [("effect(cocaine, acute, locomotor_activation)", "increase")]})


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    from conftest import build_kb

    return tc.load(build_kb(tmp_path_factory.mktemp("api") / "kb", THEORIES, FINDINGS, background=MINI_BACKGROUND))


def test_check_gives_records_ready_for_a_data_frame(kb):
    records = tc.check(kb, explain=True).to_records()
    assert [(r["theory"], r["finding"], r["verdict"]) for r in records] == [
        ("down", "f1", "contradicted"), ("down", "f2", "silent"), ("up", "f1", "explained"), ("up", "f2", "silent")]
    assert records[0]["conflict_sets"] == [["down"]] and records[2]["axioms"] == ["up"]
    assert records[0]["title"] == "f1" and records[0]["domain"] == "setting"
    assert all(isinstance(v, (str, int, list)) for r in records for v in r.values())


def test_every_command_is_a_function(kb):
    why = tc.explain(kb, "down", "f1")
    assert why.to_records()[0]["status"] == "clash" and "# Why `down` gives `f1`" in why._repr_markdown_()
    assert tc.repair(kb, "down").to_records() == [{"theory": "down", "drop": ["down"], "size": 1, "loses": []}]
    assert tc.compare(kb, "down", "up").to_records() == [{"finding": "f1", "down": "contradicted", "up": "explained"}]
    assert isinstance(tc.design(kb, "down", "up", limit=3).to_records(), list)
    assert {r["theory"] for r in tc.sensitivity(kb).to_records()} <= {"down", "up"}
    assert len(tc.matrix(kb).to_records()) == 4


@pytest.mark.parametrize("call, message", [
    (lambda kb, r: r.theory("upp"), "unknown theory 'upp' (did you mean 'up'?); available: down, up"),
    (lambda kb, r: r.verdicts(theory="typo"), "unknown theory 'typo'; available: down, up"),
    (lambda kb, r: r.verdicts(finding="f1x"), "unknown finding 'f1x' (did you mean 'f1'?); available: f1, f2"),
    (lambda kb, r: r.theory("up").verdict("nope"), "unknown finding 'nope'; available: f1, f2"),
    (lambda kb, r: tc.check(kb, theories=["typo"]), "unknown theory 'typo'; available: down, up"),
    (lambda kb, r: tc.explain(kb, "up", "nope"), "unknown finding 'nope'; available: f1, f2"),
])
def test_unknown_names_raise_the_cli_s_input_error(kb, call, message):
    with pytest.raises(tc.InputError) as raised:
        call(kb, tc.check(kb))
    assert str(raised.value) == f"error: {message}"
