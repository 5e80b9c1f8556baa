"""Counting the commits a use case makes (each use case commits once, or raises before writing)."""

from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm import Session


class Commits:
    def __init__(self):
        self.count = 0

    def committed(self, session) -> None:
        self.count += 1


@contextmanager
def counting_commits():
    """Every ORM session's commits while the block runs (the store's group commits included)."""
    commits = Commits()
    sa.event.listen(Session, "after_commit", commits.committed)
    try:
        yield commits
    finally:
        sa.event.remove(Session, "after_commit", commits.committed)
