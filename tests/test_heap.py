"""The collector's settings around the engine's entry points (theorycheck/heap.py)."""

import gc

import pytest

from theorycheck.heap import THRESHOLDS, steady


@pytest.fixture
def default_collector():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_freezes_the_heap_and_raises_thresholds_only_while_it_runs(default_collector):
    seen = {}

    @steady
    def work():
        seen["frozen"], seen["thresholds"] = gc.get_freeze_count(), gc.get_threshold()
        return "done"

    before = gc.get_freeze_count()
    assert work() == "done"
    assert seen["frozen"] > before  # what existed when the call started (the loaded KB) is frozen
    assert seen["thresholds"] == THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == before


def test_nested_entry_points_leave_it_to_the_outermost(default_collector):
    inner_seen = []

    @steady
    def inner():
        inner_seen.append((gc.get_freeze_count(), gc.get_threshold()))

    @steady
    def outer():
        frozen = gc.get_freeze_count()
        inner()
        assert gc.get_freeze_count() >= frozen and gc.get_threshold() == THRESHOLDS  # inner undid nothing
        return frozen

    before = gc.get_freeze_count()
    frozen = outer()
    assert inner_seen[0][0] >= frozen and inner_seen[0][1] == THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == before


def test_restored_when_the_call_fails(default_collector):
    @steady
    def fail():
        raise ValueError("bad input")

    before = gc.get_freeze_count()
    with pytest.raises(ValueError):
        fail()
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == before
    fail_again = steady(lambda: gc.get_threshold())
    assert fail_again() == THRESHOLDS  # and the next call still takes effect


def test_higher_thresholds_of_the_caller_are_kept(default_collector):
    gc.set_threshold(500_000, 50, 50)
    assert steady(gc.get_threshold)() == (500_000, 50, 50)
    assert gc.get_threshold() == (500_000, 50, 50)
