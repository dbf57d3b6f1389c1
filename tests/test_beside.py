"""beside: work computed in a forked child while the caller works on; whatever happens there, the caller gets what
the call itself returns or raises."""

from __future__ import annotations

import os

import pytest

from theorycheck.beside import ahead, beside


def whose(word: str) -> tuple[str, int]:
    return word, os.getpid()


def test_the_result_comes_from_a_child_while_the_caller_works():
    with beside(whose, "page") as page:
        mine = whose("rest")
        word, pid = page()
    assert (word, mine[0]) == ("page", "rest")
    assert pid != os.getpid()


def test_a_child_that_dies_leaves_the_work_to_the_caller():
    calls = []

    def dies_in_the_child(word: str) -> tuple[str, int]:
        calls.append(word)  # seen by the caller only when the caller computes it
        if os.getpid() != parent:
            os._exit(3)
        return whose(word)

    parent = os.getpid()
    with beside(dies_in_the_child, "page") as page:
        assert page() == ("page", parent)
    assert calls == ["page"]


def test_an_error_is_raised_in_the_caller_as_the_call_raises_it():
    def broken(word: str):
        raise ValueError(word)

    with pytest.raises(ValueError, match="boom"), beside(broken, "boom") as page:
        page()


def test_a_result_that_cannot_be_sent_is_computed_by_the_caller():
    with beside(lambda: (lambda: 1)) as page:  # a lambda cannot be pickled back
        assert page()() == 1


def test_ahead_warms_the_child_before_the_arguments_exist():
    marks = []

    def warm():
        marks.append(os.getpid())  # in the child: the caller never sees it

    def where(word: str) -> tuple[str, int, list]:
        return word, os.getpid(), list(marks)

    with ahead(warm, where) as call:
        word, pid, warmed = call("late")
    assert (word, marks) == ("late", [])
    assert pid != os.getpid() and warmed == [pid]  # the same child ran warm() and then the call


def test_ahead_falls_back_to_the_caller_when_the_warm_up_fails_or_the_child_dies():
    def fails():
        raise ImportError("no such module")

    with ahead(fails, whose) as call:
        assert call("x") == ("x", os.getpid())

    def dies():
        os._exit(3)

    with ahead(dies, whose) as call:
        assert call("y") == ("y", os.getpid())
    with pytest.raises(ValueError, match="boom"), ahead(lambda: None, int) as call:
        call("boom")
