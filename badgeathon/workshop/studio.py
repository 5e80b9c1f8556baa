"""Studio use cases: who may open a design, syncing a browser, receiving its updates (logged by `store`), the plain
view, versions, restore and the deadline lock. The database is the source of truth."""
import functools
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import NoResultFound

from ..auth import sessions
from ..auth.models import Person
from ..db_types import utcnow
from ..errors import BadgeathonError, NotFound
from ..events import signals
from ..events.models import Event, Team
from ..events.phases import Phase
from ..extensions import db, socketio
from . import document, online, staff, store
from .models import Design, DesignUpdate, DesignVersion
from .store import BadUpdate  # noqa: F401  (raised by sync and the sockets)


class DesignLocked(BadgeathonError):
    code = "design_locked"
    status = 409
    default_message = _l("La conception est terminée : le badge ne peut plus être modifié.")


class SignedOut(BadgeathonError):
    code = "signed_out"
    status = 401
    default_message = _l("Vous avez été déconnecté·e : reconnectez-vous pour continuer.")


class EpochChanged(BadgeathonError):
    code = "epoch_changed"
    status = 409
    default_message = _l("Le badge a été reconstruit sur le serveur : la page va se recharger.")


@dataclass
class Access:
    """What one person may do with one design, for the sign-in it was granted to; rechecked every
    WORKSHOP_ACCESS_SECONDS (the deadline and phase move, the person may sign out)."""

    design_id: int
    public_id: uuid.UUID
    epoch: uuid.UUID
    person_id: int
    readonly: bool
    deadline: datetime | None = None
    session_token: str | None = None
    checked_at: datetime = field(default_factory=utcnow)

    def as_dict(self) -> dict:
        return {"design": str(self.public_id), "epoch": str(self.epoch), "readonly": self.readonly}


def shows_pitch_view(event: Event) -> bool:
    """Once the design time is over (and not before the day starts), a team's page presents its badge."""
    return not is_open_for_design(event) and event.phase != Phase.PREPARATION


def is_open_for_design(event: Event, now: datetime | None = None) -> bool:
    return _open(event.phase, event.design_deadline, now or utcnow())


def _open(phase: Phase, deadline: datetime | None, now: datetime) -> bool:
    return phase == Phase.DESIGN and (deadline is None or now < deadline)


def _first_state(team: Team) -> tuple[bytes, dict]:
    """A design's first snapshot and view: its whole structure, and the team's theme."""
    snapshot = document.new_document()
    doc = document.load(snapshot)
    view = document.to_view(doc)
    if team.theme is not None:
        view = dict(view, theme=team.theme.name)
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


class DesignFacts(NamedTuple):
    """What the access policy needs to know of a design, read in one query."""

    design_id: int
    public_id: uuid.UUID
    epoch: uuid.UUID
    team_id: int
    event_id: int
    phase: Phase
    deadline: datetime | None
    locked_at: datetime | None

    def open_for_design(self, now: datetime) -> bool:
        return _open(self.phase, self.deadline, now)

    def lock_due(self, now: datetime) -> bool:
        """The deadline passed with nobody moving the phase: the design is locked when its studio is next used."""
        return (self.locked_at is None and self.deadline is not None and not self.open_for_design(now)
                and self.phase >= Phase.DESIGN)


_FACT_COLUMNS = (Design.id, Design.public_id, Design.epoch, Team.id, Event.id, Event.phase, Event.design_deadline,
                 Design.locked_at)


def _facts_query(*entities):
    return (db.select(*entities, *_FACT_COLUMNS)
            .join(Team, Team.id == Design.team_id).join(Event, Event.id == Team.event_id))


def _facts(public_id: uuid.UUID) -> DesignFacts | None:
    row = db.session.execute(_facts_query().where(Design.public_id == public_id)).first()
    return DesignFacts(*row) if row is not None else None


def access_for(person: Person, public_id: uuid.UUID) -> Access:
    """Members write their own team's design during the design phase; organisers read every design; jurors read
    designs from the pitches on. Anyone else: not found (a team never learns another team's design exists).
    Reads only: a design is read-only from its deadline on whether or not it is locked yet (see `lock_if_due`)."""
    return _grant(person, _facts(public_id))


def lock_if_due(public_id: uuid.UUID) -> None:
    """The deadline passed with nobody moving the phase: lock the event's designs and keep their final versions
    (committed). The studio's socket asks when a browser joins or writes; a move out of the design phase locks
    them too; pages never do (they only read)."""
    facts = _facts(public_id)
    if facts is not None and facts.lock_due(utcnow()):
        lock_designs(db.session.get(Event, facts.event_id))


def _grant(person: Person, facts: DesignFacts | None) -> Access:
    if facts is None:
        raise NotFound()
    now = utcnow()
    deadline = facts.deadline
    if person.is_participant and person.team_id == facts.team_id:
        readonly = not facts.open_for_design(now) or facts.locked_at is not None
    elif person.is_organiser:  # region staff read every design, and correct a winning one after the lock
        readonly = not staff.may_correct(db.session.get(Design, facts.design_id))
        deadline = None if not readonly else deadline
    elif person.is_juror and person.event_id == facts.event_id \
            and facts.phase >= Phase.PITCHES:
        readonly = True
    else:
        raise NotFound()
    return Access(facts.design_id, facts.public_id, facts.epoch, person.id, readonly, deadline,
                  person.session_token)


def refresh_access(access: Access) -> Access:
    """The access again, at most every WORKSHOP_ACCESS_SECONDS: the person and the design read in one query."""
    now = utcnow()
    if now - access.checked_at < timedelta(seconds=current_app.config["WORKSHOP_ACCESS_SECONDS"]):
        return access
    row = db.session.execute(_facts_query(Person).join(Person, Person.id == access.person_id)
                             .where(Design.public_id == access.public_id)).first()
    person = row[0] if row is not None else db.session.get(Person, access.person_id)
    if person is None or not sessions.holds(person, access.session_token or "", now,
                                            current_app.config["SIGN_IN_LIFETIME"]):
        raise SignedOut()
    facts = DesignFacts(*row[1:]) if row is not None else None
    if facts is not None and facts.lock_due(now):  # the socket's check before a write: the deadline's lock is due
        lock_designs(db.session.get(Event, facts.event_id))
        facts = _facts(facts.public_id)
    fresh = _grant(person, facts)
    if fresh.epoch != access.epoch:  # joined before a rebuild: its updates belong to the old document
        raise EpochChanged()
    return fresh


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
        self.running: set[str] = set()      # the loops under way
        self.checklists: dict[int, list[dict]] = {}  # design -> the checklist its pages were last told

    def written(self, vectors: dict[int, bytes]) -> None:
        with self.lock:
            self.saved.update(vectors)
            self.stale |= set(vectors)
            start = {"saved", "views"} - self.running
            self.running |= start
        for loop in start:
            socketio.start_background_task(self._loop, loop)

    def _loop(self, loop: str) -> None:
        config = self.app.config
        every = config["WORKSHOP_SAVED_SECONDS"] if loop == "saved" else config["WORKSHOP_VIEW_SECONDS"]
        while True:
            with self.lock:
                if not (self.saved if loop == "saved" else self.stale):
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
        db.session.remove()
        for design_id, vector in saved.items():
            if design_id in ids:
                socketio.emit("saved", {"design": str(ids[design_id]), "sv": vector},
                              to=room_of(ids[design_id]), namespace=NAMESPACE)

    def refresh_views(self) -> None:
        """Refresh the stale views in one round (letting keystrokes through between designs), then tell the pages
        and the board of each checklist that moved."""
        with self.refreshing:
            with self.lock:
                designs, self.stale = self.stale, set()
            if not designs:
                return
            try:
                views = refresh_views_of(sorted(designs), pause=lambda: socketio.sleep(0))
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
    """Tell the team's browsers and the organisers' board that the design's checklist moved."""
    public_id, event_id, team_public_id = db.session.execute(
        db.select(Design.public_id, Team.event_id, Team.public_id).join(Team, Team.id == Design.team_id)
        .where(Design.id == design_id)).one()
    socketio.emit("checklist", {"design": str(public_id), "findings": findings}, to=room_of(public_id),
                  namespace=NAMESPACE)
    online.tell_board(event_id, team_public_id)


def checklist_payload(view: dict) -> list[dict]:
    """The team's checklist as plain data for browsers: codes and numbers; each page words them in its own language.
    Only what the team can act on: the issuer and the platform's limits are staff's (see the export page)."""
    from .checklist import check, for_team

    return [{"code": finding.code, "field": finding.field, "level": finding.level, "ok": finding.ok,
             "detail": finding.detail} for finding in for_team(check(view))]


def room_of(public_id) -> str:
    return f"design:{public_id}"


NAMESPACE = "/workshop"


def current_view(design_id: int) -> dict:
    """The plain JSON of the design as of now, with the updates that came in since the last refresh (read from this
    node's live document; reads only: the stored view is written by the refreshes, `refresh_view` and the
    after-commit loop)."""
    head, view_through, view = db.session.execute(
        db.select(Design.log_head, Design.view_through, Design.view).where(Design.id == design_id)).one()
    if head > view_through or store.current().pending_for(design_id):
        return document.to_view(store.current().caught_up(design_id).doc)
    return view


def refresh_view(design_id: int) -> dict:
    """Bring the design's plain view up to date now (see `refresh_views_of`); NoResultFound if it was deleted."""
    views = refresh_views_of([design_id])
    if design_id not in views:
        raise NoResultFound()
    return views[design_id]


_design = Design.__table__
_WRITE_VIEW = (  # built once: a round writes every view it refreshed in one executemany
    db.update(_design)
    .where(_design.c.id == db.bindparam("b_id"), _design.c.view_through <= db.bindparam("b_through"))
    .values(view=db.bindparam("b_view", type_=_design.c.view.type), view_through=db.bindparam("b_through")))


def refresh_views_of(design_ids, pause=lambda: None) -> dict[int, dict]:
    """Bring the designs' plain views up to date from this node's live documents (`pause()` between two designs
    lets keystrokes through), then, in one transaction: the views, the staff's versions of a locked design, the
    compactions and automatic versions that are due. Two refreshes at once (the background one, a page's, another
    node's): the one that read the older state never writes last. Returns the views of the designs that still
    exist."""
    taken = {}
    for design_id in design_ids:
        try:
            live = store.current().caught_up(design_id)
        except NoResultFound:  # deleted with its team meanwhile
            db.session.rollback()
            continue
        # the whole state is made only if something keeps it
        taken[design_id] = (document.to_view(live.doc), live.through, functools.cache(live.doc.get_update))
        pause()
    facts = {row.id: row for row in db.session.execute(
        db.select(Design.id, Design.snapshot_through, Design.locked_at).where(Design.id.in_(taken)))} if taken else {}
    taken = {design_id: refreshed for design_id, refreshed in taken.items() if design_id in facts}
    if not taken:
        return {}
    db.session.connection().execute(_WRITE_VIEW, [{"b_id": design_id, "b_view": view, "b_through": through}
                                                  for design_id, (view, through, _) in taken.items()])
    for design_id, (view, through, state) in taken.items():
        compact = through - facts[design_id].snapshot_through >= current_app.config["WORKSHOP_COMPACT_AFTER"]
        if facts[design_id].locked_at is not None or compact:  # staff correct only locked designs
            staff.log_edits(design_id, state, view, through)  # before the log is compacted
        if compact:
            store.compact(design_id, through)
    _auto_versions(taken)
    db.session.commit()
    return {design_id: view for design_id, (view, _, _) in taken.items()}


def _auto_versions(taken: dict) -> None:
    """An automatic version of each design whose last version is older than WORKSHOP_VERSION_MINUTES and that
    changed since (versions hold whole states: only their dates and log numbers are read)."""
    every = timedelta(minutes=current_app.config["WORKSHOP_VERSION_MINUTES"])
    last = {row.design_id: row for row in db.session.execute(
        db.select(DesignVersion.design_id, db.func.max(DesignVersion.created_at).label("created_at"),
                  db.func.max(DesignVersion.through).label("through"))
        .where(DesignVersion.design_id.in_(taken)).group_by(DesignVersion.design_id))}
    now = utcnow()
    for design_id, (view, through, state) in taken.items():
        previous = last.get(design_id)
        if previous is not None and (now - previous.created_at < every or previous.through == through):
            continue
        if previous is None and through == 0:
            continue
        db.session.add(DesignVersion(design_id=design_id, label=str(_l("Sauvegarde automatique")), kind="auto",
                                     state=state(), view=view, through=through))


# --- versions, restore and the deadline -------------------------------------------------------------------------

def save_version(design_id: int, label: str, kind: str, by_id: int | None = None) -> DesignVersion:
    """Keep the design as it is now, under a name."""
    version = _keep_version(design_id, label, kind, by_id)
    db.session.commit()
    return version


def _keep_version(design_id: int, label: str, kind: str, by_id: int | None = None) -> DesignVersion:
    """A version of the design as it is now (what the database and this node's queue hold), in the caller's
    transaction."""
    state, through = full_state(design_id)
    version = DesignVersion(design_id=design_id, label=label.strip()[:120] or str(_l("Version")), kind=kind,
                            state=state, view=document.to_view(document.load(state)), through=through, by_id=by_id)
    db.session.add(version)
    return version


def version_of(access: Access, version_public_id: uuid.UUID) -> DesignVersion:
    version = db.session.execute(
        db.select(DesignVersion).filter_by(public_id=version_public_id, design_id=access.design_id)
    ).scalar_one_or_none()
    if version is None:
        raise NotFound()
    return version


def restore_version(access: Access, version_public_id: uuid.UUID) -> DesignVersion:
    """Bring a version back as a new edit (text diffs on today's document), after keeping today's as a version:
    work done since is changed visibly, never erased silently, and the restore itself can be undone."""
    if access.readonly:
        raise DesignLocked()
    version = version_of(access, version_public_id)
    before = save_version(access.design_id, str(_l("Avant la restauration de « %(label)s »", label=version.label)),
                          "restore", access.person_id)
    server_edit(access, lambda doc: document.edit_to_match(doc, version.view))
    return before


def server_edit(access: Access, edit, images: tuple[dict, ...] = ()) -> bytes:
    """An edit the server makes (a restore, a new image): applied to today's document, logged like any update
    and sent to every browser of the design. `edit(doc)` returns the update it made; the new `images` it names
    (DesignImage values) are written in the update's transaction."""
    state, _ = full_state(access.design_id)
    update = edit(document.load(state))
    if update:
        receipt = store.current().receive(access.design_id, access.person_id, update, images)
        store.current().flush()  # now, in this request: a rare edit, and the CLI has no background loop
        if receipt.relay:
            socketio.emit("update", {"design": str(access.public_id), "update": update},
                          to=room_of(access.public_id), namespace=NAMESPACE)
        if not receipt.written.wait(timeout=current_app.config["WORKSHOP_ACK_SECONDS"]):
            raise store.NotSaved()
    refresh_view(access.design_id)
    return update


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
            db.update(Design).where(Design.id == design.id, Design.locked_at.is_(None)).values(locked_at=now)
            .execution_options(synchronize_session=False)).rowcount
        db.session.expire(design, ["locked_at"])
        if locked:
            _keep_version(design.id, str(_l("Version finale de l'équipe (échéance)")), "deadline")


def _on_phase_moved(event: Event, before=None, **_) -> None:
    """In the move's transaction (the sender commits): leaving the design phase locks the designs."""
    if before == Phase.DESIGN and event.phase != Phase.DESIGN:
        _lock_designs(event)


def _on_deadline_moved(event: Event, **_) -> None:
    """In the move's transaction (the sender commits): a deadline moved later opens the locked designs again."""
    if is_open_for_design(event):
        for team in event.teams:
            if team.design is not None:
                team.design.locked_at = None


signals.phase_moved.connect(_on_phase_moved)
signals.deadline_moved.connect(_on_deadline_moved)
signals.team_added.connect(_on_team_added)
signals.team_theme_set.connect(_on_team_theme_set)


def design_of(access: Access) -> Design:
    return db.session.get(Design, access.design_id)


def design_for_screen(event: Event, public_id: uuid.UUID) -> Design:
    """A design of this event, for its projector, once the pitches have begun."""
    design = db.session.execute(db.select(Design).filter_by(public_id=public_id)).scalar_one_or_none()
    if design is None or design.team.event_id != event.id or event.phase < Phase.PITCHES:
        raise NotFound()
    return design


def design_for_audience(person: Person, public_id: uuid.UUID) -> Design:
    """A design of the participant's own event once the pitches have begun (the room has seen it): its image is on
    the audience vote's ballot. Anything else: not found."""
    design = db.session.execute(db.select(Design).filter_by(public_id=public_id)).scalar_one_or_none()
    if (design is None or not person.is_participant or design.team.event_id != person.event_id
            or design.team.event.phase < Phase.PITCHES):
        raise NotFound()
    return design


def rebuild(public_id: uuid.UUID) -> Design:
    """Replace a design's CRDT state by a fresh one made from its plain view (for a state that cannot be read any
    more). The epoch changes, so a browser holding the old state shows its text to its owner instead of merging it
    (which would duplicate everything); the versions stay."""
    design = db.session.execute(db.select(Design).filter_by(public_id=public_id)).scalar_one_or_none()
    if design is None:
        raise NotFound()
    store.current().drain()
    view = current_view(design.id)
    snapshot = document.new_document()
    snapshot = document.merge(snapshot, document.edit_to_match(document.load(snapshot), view))
    db.session.refresh(design, with_for_update=True)  # no group commit slips in between (log numbers stay)
    db.session.execute(db.delete(DesignUpdate).where(DesignUpdate.design_id == design.id))
    design.snapshot, design.snapshot_through = snapshot, design.log_head
    design.view, design.view_through = document.to_view(document.load(snapshot)), design.log_head
    design.epoch = uuid.uuid4()
    db.session.commit()
    store.current().forget(design.id)
    socketio.emit("epoch", {"design": str(design.public_id), "epoch": str(design.epoch)},
                  to=room_of(design.public_id), namespace=NAMESPACE)
    return design
