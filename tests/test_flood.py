"""Flood control: one person's burst of updates cannot spend the bot's sending budget that
every other resident shares."""

from __future__ import annotations

from bot.channels.telegram.flood import FloodGuard, Verdict


def test_a_burst_passes_then_drops_are_told_once_then_it_refills() -> None:
    now = [0.0]
    guard = FloodGuard(burst=3, per_second=0.5, clock=lambda: now[0])
    assert [guard.check(1) for _ in range(3)] == [Verdict.PASS] * 3
    assert guard.check(1) is Verdict.DROP_AND_TELL
    assert guard.check(1) is Verdict.DROP
    assert guard.check(2) is Verdict.PASS  # somebody else is not affected
    now[0] = 2.0  # one more allowed every two seconds
    assert guard.check(1) is Verdict.PASS
    assert guard.check(1) is Verdict.DROP  # same episode: not told twice
    now[0] = 60.0  # refilled
    assert [guard.check(1) for _ in range(3)] == [Verdict.PASS] * 3
    assert guard.check(1) is Verdict.DROP_AND_TELL  # a new episode is told again


def test_idle_people_are_forgotten() -> None:
    now = [0.0]
    guard = FloodGuard(burst=2, per_second=1.0, clock=lambda: now[0])
    for person in range(10_000):
        guard.check(person)
    now[0] = 3600.0
    guard.check(123_456_789)
    assert len(guard) == 1
