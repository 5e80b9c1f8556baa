"""The studio's live path: a team's design made with the team, a browser's access rechecked, syncing it, receiving its
updates (logged by `store`), telling its pages what is on disk and which checklist moved, and the deadline's lock.
The database is the source of truth."""

import threading
import uuid
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..auth import sessions
from ..db_types import utcnow
from ..errors import NotFound
from ..events import signals
from ..events.models import Event, Team
from ..events.phases import Phase
from ..extensions import db, socketio
from ..realtime import WORKSHOP, announce, design_room
from . import access as policy
from . import document, online, store, versions
from .access import Access, DesignLocked, EpochChanged, SignedOut
from .models import Design
from .view import DesignView


def _first_state(team: Team) -> tuple[bytes, DesignView]:
    """A design's first snapshot and view: its whole structure, and the team's theme."""
    snapshot = document.new_document()
    doc = document.load(snapshot)
    view = document.to_view(doc)
    if team.theme is not None:
        view = view.with_texts(theme=team.theme.name)
        snapshot = document.merge(snapshot, document.edit_to_match(doc, view))
    return snapshot, view


def new_design(team: Team) -> Design:
    """The team's design, added in the caller's transaction: made with the team (`events.signals.team_added`), so a
    page of the team always finds it."""
    snapshot, view = _first_state(team)
    design = Design(team=team, snapshot=snapshot, view=view)
    db.session.add(design)
    return design


def design_for_team(team: Team) -> Design:
    """The team's design; NotFound for a team made before designs came with their team and never opened since
    (`badgeathon db upgrade` gives them theirs)."""
    if team.design is None:
        raise NotFound()
    return team.design


def _on_team_added(team: Team, **_) -> None:
    new_design(team)


def _on_team_theme_set(team: Team, **_) -> None:
    """A design nobody wrote in yet follows its team's new theme, as one made now would: made again, with a new
    epoch (a browser already on it starts over from it), in the caller's transaction."""
    design = team.design
    if design is None or design.log_head or store.current().pending_for(design.id):
        return
    design.snapshot, design.view = _first_state(team)
    design.epoch = uuid.uuid4()


def join(person, public_id: uuid.UUID) -> Access:
    """A browser opens a design on the studio's socket: its access, checked first (NotFound for anyone else, nothing
    written), then the deadline's lock when it is due (`lock_at_deadline`: the first studio back after a deadline
    nobody moved the phase for locks the event's designs; pages never do, they only read)."""
    facts = policy.facts(public_id)
    access = policy.grant(person, facts)
    if lock_at_deadline(facts, utcnow()):
        access = policy.grant(person, policy.facts(public_id))
    return access


def refresh_access(access: Access) -> Access:
    """The access again, at most every WORKSHOP_ACCESS_SECONDS: the person and the design read in one query. Reads
    only: from the deadline on, the design is read-only whether or not its lock is written yet (that is `join`'s)."""
    now = utcnow()
    if now - access.checked_at < timedelta(seconds=current_app.config["WORKSHOP_ACCESS_SECONDS"]):
        return access
    person, facts = policy.reread(access)
    if person is None or not sessions.holds(
        person, access.session_token or "", now, current_app.config["SIGN_IN_LIFETIME"]
    ):
        raise SignedOut()
    fresh = policy.grant(person, facts)
    if fresh.epoch != access.epoch:  # joined before a rebuild: its updates belong to the old document
        raise EpochChanged()
    return fresh


def lock_at_deadline(facts: policy.DesignFacts, now) -> bool:
    """Lock the event's designs (their final versions kept, one commit) if the deadline passed with nobody moving
    the phase and this design is not locked yet; whether it did."""
    if not facts.lock_due(now):
        return False
    lock_designs(db.session.get(Event, facts.event_id))
    return True


def full_state(design_id: int) -> tuple[bytes, int]:
    """The whole CRDT state from the database and this node's queue, and the last log number it holds."""
    return store.current().full_state(design_id)


def sync(access: Access, their_state_vector: bytes) -> tuple[bytes, bytes, bool]:
    """Sync step 2 for the browser (what it lacks), the server's state vector (so it sends what we lack), and
    whether everything the server holds is written (the page's "tout est enregistré")."""
    return store.current().sync(access.design_id, their_state_vector)


def receive_update(access: Access, update: bytes) -> store.Receipt:
    """Check an update from a browser and queue it for the next group commit (see store.Receipt)."""
    if access.readonly or (access.deadline is not None and utcnow() >= access.deadline):
        raise DesignLocked()
    return store.current().receive(access.design_id, access.person_id, update)


# --- after each group commit: what is on disk, the plain views ----------------------------------------------------


class AfterCommit:
    """Tells each written design's pages what is now on disk (at most every WORKSHOP_SAVED_SECONDS) and refreshes
    the designs' plain views (and checklists) at most every WORKSHOP_VIEW_SECONDS, off the keystrokes' path. Two
    loops of their own: a long round of view refreshes never holds back the pages' "saved"."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.saved: dict[int, bytes] = {}
        self.stale: set[int] = set()
        self.refreshing = threading.Lock()  # held while a design's view is taken from the stale set and refreshed
        self.running: set[str] = set()  # the loops under way
        self.checklists: dict[int, list[dict]] = {}  # design -> the checklist its pages were last told
        self.stopped = False

    def stop(self) -> None:
        """No more rounds: the loops end after the one under way (the app is going away; a loop that kept failing
        would otherwise retry for ever)."""
        with self.lock:
            self.stopped = True

    def written(self, vectors: dict[int, bytes]) -> None:
        with self.lock:
            self.saved.update(vectors)
            self.stale |= set(vectors)
            start = set() if self.stopped else {"saved", "views"} - self.running
            self.running |= start
        for loop in start:
            socketio.start_background_task(self._loop, loop)

    def _loop(self, loop: str) -> None:
        config = self.app.config
        every = config["WORKSHOP_SAVED_SECONDS"] if loop == "saved" else config["WORKSHOP_VIEW_SECONDS"]
        while True:
            with self.lock:
                if self.stopped or not (self.saved if loop == "saved" else self.stale):
                    self.running.discard(loop)
                    return
            try:
                with self.app.app_context():
                    if loop == "saved":
                        self._tell_saved()
                    else:
                        self.refresh_views()
            except Exception:  # the views are refreshed again next time; the pages resync anyway
                self.app.logger.exception("workshop: after-commit work failed")
            socketio.sleep(every or 0.01)

    def _tell_saved(self) -> None:
        with self.lock:
            saved, self.saved = self.saved, {}
        if not saved:
            return
        ids = dict(db.session.execute(db.select(Design.id, Design.public_id).where(Design.id.in_(saved))).all())
        db.session.remove()  # no transaction under way: the messages go at once
        for design_id, vector in saved.items():
            if design_id in ids:
                announce(
                    "saved",
                    {"design": str(ids[design_id]), "sv": vector},
                    to=design_room(ids[design_id]),
                    namespace=WORKSHOP,
                )

    def refresh_views(self) -> None:
        """Refresh the stale views in one round (letting keystrokes through between designs), then tell the pages
        and the board of each checklist that moved."""
        with self.refreshing:
            with self.lock:
                designs, self.stale = self.stale, set()
            if not designs:
                return
            try:
                views = versions.refresh_views_of(sorted(designs), pause=lambda: socketio.sleep(0))
            except Exception:
                with self.lock:  # refreshed next time
                    self.stale |= designs
                raise
            finally:
                db.session.remove()
            for design_id in designs - views.keys():
                self.checklists.pop(design_id, None)
            for design_id, view in views.items():
                findings = checklist_payload(view)
                if self.checklists.get(design_id) != findings:  # the usual case is typing in a text
                    self.checklists[design_id] = findings
                    tell_checklist(design_id, findings)
            db.session.remove()


def after_commit() -> AfterCommit:
    app = current_app._get_current_object()
    return app.extensions.setdefault("workshop_after_commit", AfterCommit(app))


@store.designs_written.connect
def _on_designs_written(app, vectors: dict[int, bytes], **_) -> None:
    with app.app_context():
        after_commit().written(vectors)


def drain() -> None:
    """Write everything queued and bring every view up to date now, including a refresh under way elsewhere
    (tests, shutdown)."""
    store.current().drain()
    after_commit().refresh_views()
    with after_commit().refreshing:
        pass


def tell_checklist(design_id: int, findings: list[dict]) -> None:
    """Tell the team's browsers and the organisers' board that the design's checklist moved (its view is committed:
    the read of where to tell it ends with a commit, which sends the messages)."""
    public_id, event_id, team_public_id = db.session.execute(
        db.select(Design.public_id, Team.event_id, Team.public_id)
        .join(Team, Team.id == Design.team_id)
        .where(Design.id == design_id)
    ).one()
    announce(
        "checklist", {"design": str(public_id), "findings": findings}, to=design_room(public_id), namespace=WORKSHOP
    )
    online.tell_board(event_id, team_public_id)
    db.session.commit()


def checklist_payload(view: DesignView) -> list[dict]:
    """The team's checklist as plain data for browsers: codes and numbers; each page words them in its own language.
    Only what the team can act on: the issuer and the platform's limits are staff's (see the export page); then a
    list beyond the badge's limits, if any."""
    from .checklist import check, for_team, over_limits

    return [
        {
            "code": finding.code,
            "field": finding.field,
            "level": finding.level,
            "ok": finding.ok,
            "detail": finding.detail,
        }
        for finding in for_team(check(view)) + over_limits(view)
    ]


# --- the deadline -----------------------------------------------------------------------------------------------


def lock_designs(event: Event) -> None:
    """At the deadline (or when the design phase ends): keep each team's final version, once, even when two
    nodes get there at the same instant (compare-and-set on `locked_at`); one commit for every team."""
    _lock_designs(event)
    db.session.commit()


def _lock_designs(event: Event) -> None:
    """`lock_designs` in the caller's transaction: the lock of every team and their final versions commit together."""
    now = utcnow()
    for team in event.teams:
        design = team.design
        if design is None or design.locked_at is not None:
            continue
        locked = db.session.execute(
            db.update(Design)
            .where(Design.id == design.id, Design.locked_at.is_(None))
            .values(locked_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.expire(design, ["locked_at"])
        if locked:
            versions.keep_version(design.id, str(_l("Version finale de l'équipe (échéance)")), "deadline")


def _on_phase_moved(event: Event, before=None, **_) -> None:
    """In the move's transaction (the sender commits): leaving the design phase locks the designs."""
    if before == Phase.DESIGN and event.phase != Phase.DESIGN:
        _lock_designs(event)


def _on_deadline_moved(event: Event, **_) -> None:
    """In the move's transaction (the sender commits): a deadline moved later opens the locked designs again."""
    if policy.is_open_for_design(event):
        for team in event.teams:
            if team.design is not None:
                team.design.locked_at = None


signals.phase_moved.connect(_on_phase_moved)

signals.deadline_moved.connect(_on_deadline_moved)

signals.team_added.connect(_on_team_added)

signals.team_theme_set.connect(_on_team_theme_set)
