"""The studio's after-commit loops: a round that fails is tried again, and a stopped app's loops end for good."""

import time

from badgeathon.workshop import studio, versions


def wait_for(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_failing_view_round_is_retried_until_the_app_stops_it(app, monkeypatch):
    rounds = []

    def failing(design_ids, pause=lambda: None):
        rounds.append(list(design_ids))
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(versions, "refresh_views_of", failing)
    with app.app_context():
        loops = studio.after_commit()
        loops.written({4242: b"\x00"})
        assert wait_for(lambda: len(rounds) >= 3)  # retried: the design stays stale while the round fails
        assert "views" in loops.running

        loops.stop()
        assert wait_for(lambda: not loops.running)
        after = len(rounds)
        time.sleep(0.2)
        assert len(rounds) == after  # no round once stopped

        loops.written({4242: b"\x00"})  # a commit after the stop starts nothing
        time.sleep(0.2)
        assert not loops.running and len(rounds) == after
