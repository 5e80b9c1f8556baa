"""Races for real: a second app node on the test's database, and actions started on several threads at one instant."""

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask

from badgeathon import create_app
from badgeathon.extensions import db
from tests.config import TestConfig


def another_node(database_url: str) -> Flask:
    """A second app on the same database, as a second gunicorn process would be (its own engine and sessions).
    The database must be a file or a server: two engines on `sqlite://` would each have their own memory."""
    assert database_url != "sqlite://", "two nodes need a shared database"
    return create_app(type("OtherNodeConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url}))


def close_node(app: Flask) -> None:
    from tests.conftest import settle_studio

    with app.app_context():
        settle_studio(stop=True)  # no studio loop of the node outlives it
        db.session.remove()
        db.engine.dispose()


def at_once(*actions: Callable[[Callable[[], None]], Any], timeout: float = 30) -> list[Any]:
    """Run each action in its own thread and return what each gave back (or the exception it raised).

    Each action gets `start`: it prepares what it needs (a session, an object loaded from the database), then calls
    `start()`, which releases every thread at the same instant."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action) -> None:
        try:
            results[index] = action(lambda: barrier.wait(timeout))
        except BaseException as error:  # noqa: BLE001 - the test asserts on it
            barrier.abort()
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, action), daemon=True) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "an action is still running"
    return results


def post_at_once(*posts: tuple[Any, str, dict]) -> list[Any]:
    """(test client, path, form) of each node posted at the same instant; their responses or exceptions."""

    def post(client, path, data):
        def action(start):
            start()
            return client.post(path, data=data)

        return action

    return at_once(*(post(*item) for item in posts))


def status(result: Any) -> int | str:
    """A response's status code, or the exception that would have been a 500 (the test app propagates them)."""
    return result.status_code if hasattr(result, "status_code") else f"500 {result!r}"
