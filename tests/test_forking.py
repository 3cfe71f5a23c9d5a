"""Work split over forked processes (`kb.forking`): the same results as one process, and no process left waiting."""

from __future__ import annotations

import os
import time

import pytest

from kb.forking import beside, fork_map


def test_results_come_back_in_the_order_of_the_items() -> None:
    items = list(range(1000))
    assert fork_map(lambda number: number * number, items, workers=2) == [number * number for number in items]


def test_a_slow_item_holds_back_only_the_process_that_took_it() -> None:
    # The first item takes as long as all the others together: the process that took it should do few of the rest
    # (dealt into two fixed shares, it would do exactly half).
    def work(number: int) -> int:
        time.sleep(1.0 if number == 0 else 0.002)
        return os.getpid()

    pids = fork_map(work, list(range(400)), workers=2)
    assert len(set(pids)) == 2
    slow = pids[0]
    assert pids.count(slow) < 150


def test_few_items_or_one_worker_run_in_this_process() -> None:
    assert fork_map(lambda _: os.getpid(), [1, 2, 3], workers=1) == [os.getpid()] * 3
    assert fork_map(lambda _: os.getpid(), [1], workers=2) == [os.getpid()]


def test_work_beside_runs_in_another_process_and_gives_its_result() -> None:
    with beside(os.getpid) as result:
        assert result() != os.getpid()
    with beside(os.getpid, parallel=False) as result:
        assert result() == os.getpid()


def test_work_beside_raises_what_it_raised() -> None:
    def fails() -> None:
        raise ValueError("no listing")

    with beside(fails) as result, pytest.raises(ValueError, match="no listing"):
        result()
