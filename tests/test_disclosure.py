"""Small-number suppression: no count from 1 to 4 can be read, or worked out, from what is shown."""

from __future__ import annotations

import itertools

import pytest

from forum_feedback import disclosure
from forum_feedback.disclosure import SMALL_TEXT, change, count, suppress


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (1, SMALL_TEXT), (4, SMALL_TEXT), (5, "5"), (1234, "1,234")])
def test_a_count_from_1_to_4_is_fewer_than_5(value, text):
    assert count(value).text == text
    assert count(value).suppressed == (1 <= value <= 4)


def test_without_a_total_only_the_small_cells_are_hidden():
    cells = suppress([12, 3, 0, 7])
    assert [cell.value for cell in cells] == [12, None, 0, 7]


def test_the_subtraction_case_hides_a_second_cell():
    # Total 22 is shown; hiding only the 3 would let a reader work it out: 22 - 12 - 7 = 3.
    cells = suppress([12, 3, 7], total=22)
    assert [cell.value for cell in cells] == [12, None, None]


def test_two_hidden_cells_that_add_up_to_less_than_5_hide_a_third():
    # 1 + 1 hidden: 20 shown of a total of 22 tells the reader the two hidden cells hold 2, so 1 each.
    cells = suppress([20, 1, 1, 9], total=31)
    assert [cell.value for cell in cells] == [20, None, None, None]


def test_zeros_are_shown_and_never_chosen_to_hide():
    cells = suppress([0, 2, 10, 0], total=12)
    assert [cell.value for cell in cells] == [0, None, None, 0]


def test_a_small_total_hides_itself_and_its_cells():
    assert [cell.value for cell in suppress([3, 0], total=3)] == [None, 0]


def test_nothing_small_nothing_hidden():
    assert [cell.value for cell in suppress([5, 6, 0], total=11)] == [5, 6, 0]


def test_a_change_is_hidden_when_either_count_is_small():
    assert change(20, 3).suppressed
    assert change(3, 20).suppressed
    assert change(20, 0).value == 20 and change(20, 0).text == "+20"
    assert change(5, 12).text == "-7"
    assert change(9, 9).text == "no change"


def test_a_change_is_hidden_when_a_cell_was_hidden_to_stop_a_subtraction():
    now = suppress([12, 3, 7], total=22)  # 7 is hidden only because of the 3
    before = suppress([10, 10, 10], total=30)
    assert change(now[2], before[2]).suppressed  # else 10 + change would give the 7 back
    assert change(now[0], before[0]).value == 2


@pytest.mark.parametrize("size", [2, 3, 4])
def test_no_small_cell_can_be_worked_out_from_any_breakdown(size):
    # Every breakdown of up to four cells from 0..9: from the shown cells and the total, the reader
    # knows only that the hidden cells add up to (total - shown). If any hidden cell is small, that
    # remainder must be at least 5 and shared by at least two cells, so no single value is pinned down.
    for counts in itertools.product(range(10), repeat=size):
        total = sum(counts)
        cells = suppress(list(counts), total=total)
        hidden = [value for value, cell in zip(counts, cells, strict=True) if cell.suppressed]
        for value, cell in zip(counts, cells, strict=True):
            assert not (disclosure.is_small(value) and not cell.suppressed), counts
        if hidden and not disclosure.is_small(total):
            assert len(hidden) >= 2 and sum(hidden) >= disclosure.THRESHOLD, counts
