"""Studio use cases: who may open a design, syncing a browser, logging updates in group commits, the plain view,
versions, restore and the deadline lock. The database is the source of truth; a node keeps only a short queue."""
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..auth.models import Person
from ..db_types import utcnow
from ..errors import BadgeathonError, NotFound
from ..events import signals
from ..events.models import Event, Team
from ..events.phases import ORDER, Phase
from ..extensions import db, socketio
from . import document
from .models import Design, DesignUpdate, DesignVersion

COMPACT_AFTER = 200          # log entries after which the log is folded into the snapshot
ACCESS_TTL = timedelta(seconds=10)   # the deadline itself is checked on every update, without the database


class DesignLocked(BadgeathonError):
    code = "design_locked"
    status = 409
    default_message = _l("La conception est terminée : le badge ne peut plus être modifié.")


class EpochChanged(BadgeathonError):
    code = "epoch_changed"
    status = 409
    default_message = _l("Le badge a été reconstruit sur le serveur : la page va se recharger.")


class BadUpdate(BadgeathonError):
    code = "bad_update"
    default_message = _l("Modification illisible, ignorée.")


@dataclass
class Access:
    """What one person may do with one design; rechecked every ACCESS_TTL (the deadline and phase move)."""

    design_id: int
    public_id: uuid.UUID
    epoch: uuid.UUID
    person_id: int
    readonly: bool
    deadline: datetime | None = None
    checked_at: datetime = field(default_factory=utcnow)

    def as_dict(self) -> dict:
        return {"design": str(self.public_id), "epoch": str(self.epoch), "readonly": self.readonly}


def shows_pitch_view(event: Event) -> bool:
    """Once the design time is over (and not before the day starts), a team's page presents its badge."""
    return not is_open_for_design(event) and event.phase != Phase.PREPARATION


def is_open_for_design(event: Event, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return event.phase == Phase.DESIGN and (event.design_deadline is None or now < event.design_deadline)


def design_for_team(team: Team) -> Design:
    """The team's design, made (with its whole structure, and the team's theme) the first time someone opens it."""
    if team.design is not None:
        return team.design
    snapshot = document.new_document()
    doc = document.load(snapshot)
    view = document.to_view(doc)
    if team.theme is not None:
        view = dict(view, theme=team.theme.name)
        snapshot = document.merge(snapshot, document.edit_to_match(doc, view))
    db.session.add(Design(team=team, snapshot=snapshot, view=view))
    try:
        db.session.commit()
    except IntegrityError:  # a teammate opened it at the same moment: theirs stands
        db.session.rollback()
        db.session.refresh(team)
    return team.design


def access_for(person: Person, public_id: uuid.UUID) -> Access:
    """Members write their own team's design during the design phase; organisers read every design; jurors read
    designs from the pitches on. Anyone else: not found (a team never learns another team's design exists)."""
    design = db.session.execute(db.select(Design).filter_by(public_id=public_id)).scalar_one_or_none()
    if design is None:
        raise NotFound()
    event = design.team.event
    lock_if_due(design)
    if person.is_participant and person.team_id == design.team_id:
        readonly = not is_open_for_design(event) or design.locked_at is not None
    elif person.is_organiser:
        readonly = True
    elif person.is_juror and person.event_id == event.id and ORDER.index(event.phase) >= ORDER.index(Phase.PITCHES):
        readonly = True
    else:
        raise NotFound()
    return Access(design.id, design.public_id, design.epoch, person.id, readonly, event.design_deadline)


def refresh_access(access: Access) -> Access:
    if utcnow() - access.checked_at < ACCESS_TTL:
        return access
    person = db.session.get(Person, access.person_id)
    fresh = access_for(person, access.public_id)
    if fresh.epoch != access.epoch:  # joined before a rebuild: its updates belong to the old document
        raise EpochChanged()
    return fresh


def full_state(design_id: int) -> tuple[bytes, int]:
    """The whole CRDT state from the database and this node's queue, and the last logged update id."""
    design = db.session.get(Design, design_id)
    rows = db.session.execute(
        db.select(DesignUpdate.id, DesignUpdate.data)
        .where(DesignUpdate.design_id == design_id, DesignUpdate.id > design.snapshot_through)
        .order_by(DesignUpdate.id)
    ).all()
    through = rows[-1].id if rows else design.snapshot_through
    state = document.merge(design.snapshot, *(row.data for row in rows), *update_log().pending_for(design_id))
    return state, through


def sync(access: Access, their_state_vector: bytes) -> tuple[bytes, bytes]:
    """Sync step 2 for the browser (what it lacks) and the server's state vector (so it sends what we lack)."""
    state, _ = full_state(access.design_id)
    try:
        missing = document.missing_for(state, bytes(their_state_vector or b"\x00"))
    except (ValueError, RuntimeError):
        raise BadUpdate()
    return missing, document.state_vector(state)


def receive_update(access: Access, update: bytes) -> threading.Event:
    """Check an update from a browser and queue it for the next group commit; the event is set once written."""
    if access.readonly or (access.deadline is not None and utcnow() >= access.deadline):
        raise DesignLocked()
    try:
        document.check_update(update)
    except document.BadUpdate:
        raise BadUpdate()
    return update_log().append(access.design_id, access.person_id, bytes(update))


# --- the log: group commits -----------------------------------------------------------------------------------

class UpdateLog:
    """Updates wait here a few milliseconds and are written together, so a keystroke never waits for the disk.
    Browsers keep their own copy until the next sync, so a crash before the write loses nothing. The plain views
    of the designs touched are refreshed at most every WORKSHOP_VIEW_SECONDS."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.queue: list[tuple[int, int | None, bytes]] = []
        self.written = threading.Event()  # set when the batch holding the current queue is committed
        self.flushing = threading.Lock()
        self.stale_views: set[int] = set()
        self.views_refreshed_at = 0.0
        self.running = False

    def append(self, design_id: int, person_id: int | None, data: bytes) -> threading.Event:
        with self.lock:
            self.queue.append((design_id, person_id, data))
            written = self.written
            start = not self.running
            self.running = True
        if start:
            socketio.start_background_task(self._run)
        return written

    def pending_for(self, design_id: int) -> list[bytes]:
        with self.lock:
            return [data for queued_id, _, data in self.queue if queued_id == design_id]

    def _run(self) -> None:
        while True:
            socketio.sleep(self.app.config["WORKSHOP_FLUSH_SECONDS"])
            with self.lock:
                if not self.queue and not self.stale_views:
                    self.running = False
                    return
            try:
                self.flush()
                if time.monotonic() - self.views_refreshed_at >= self.app.config["WORKSHOP_VIEW_SECONDS"]:
                    self.refresh_views()
            except Exception:  # keep the loop alive: the queue is retried, browsers resync anyway
                self.app.logger.exception("workshop: group commit failed")

    def flush(self) -> int:
        """Write the queued updates in one transaction (one flush at a time: a drain waits for the running one)."""
        with self.flushing:
            return self._flush()

    def _flush(self) -> int:
        with self.lock:
            batch, self.queue = self.queue, []
            written, self.written = self.written, threading.Event()
        if not batch:
            return 0
        try:
            self._write(batch)
        except Exception:
            with self.lock:
                self.queue[:0] = batch
                self.written = written
            raise
        written.set()
        with self.lock:
            self.stale_views |= {d for d, _, _ in batch}
        return len(batch)

    def _write(self, batch: list[tuple[int, int | None, bytes]]) -> None:
        """One transaction for the batch: plain inserts, no ORM objects (the batch is the hot path)."""
        with self.app.app_context():
            try:
                now = utcnow()
                db.session.execute(db.insert(DesignUpdate).values([  # one statement, one round trip
                    {"design_id": d, "person_id": p, "data": data, "created_at": now} for d, p, data in batch]))
                touched = {d for d, _, _ in batch}
                db.session.execute(db.update(Design).where(Design.id.in_(touched)).values(updated_at=now))
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
            finally:
                db.session.remove()

    def refresh_views(self) -> None:
        """Refresh the stale views one design at a time, letting keystrokes through in between."""
        self.views_refreshed_at = time.monotonic()
        while True:
            with self.lock:
                if not self.stale_views:
                    return
                design_id = self.stale_views.pop()
            with self.flushing, self.app.app_context():
                on_view_refreshed(design_id, refresh_view(design_id))
                db.session.remove()
            socketio.sleep(0)  # a few ms a design: let the relays of keystrokes run in between

    def drain(self) -> None:
        """Write everything now and wait for a refresh under way elsewhere (tests, shutdown)."""
        self.flush()
        self.refresh_views()
        with self.flushing:
            pass


def on_view_refreshed(design_id: int, view: dict) -> None:
    """Tell the team's browsers the view (and so the checklist) changed."""
    design = db.session.get(Design, design_id)
    socketio.emit("checklist", {"design": str(design.public_id), "findings": checklist_payload(view)},
                  to=room_of(design.public_id), namespace=NAMESPACE)


def checklist_payload(view: dict) -> list[dict]:
    """The checklist as plain data for browsers: codes and numbers; each page words them in its own language."""
    from dataclasses import asdict

    from .checklist import check

    return [asdict(finding) for finding in check(view)]


def room_of(public_id) -> str:
    return f"design:{public_id}"


NAMESPACE = "/workshop"


def update_log() -> UpdateLog:
    app = current_app._get_current_object()
    log = app.extensions.get("workshop_log")
    if log is None:
        log = app.extensions["workshop_log"] = UpdateLog(app)
    return log


def current_view(design_id: int) -> dict:
    """The plain JSON of the design as of now (refreshed if updates came in since the last refresh)."""
    design = db.session.get(Design, design_id)
    latest = db.session.execute(
        db.select(db.func.max(DesignUpdate.id)).where(DesignUpdate.design_id == design_id)
    ).scalar_one()
    if (latest or 0) > design.view_through or update_log().pending_for(design_id):
        return refresh_view(design_id)
    return design.view


def refresh_view(design_id: int) -> dict:
    """Bring the plain view up to date, fold a long log into the snapshot, save an automatic version if due."""
    design = db.session.get(Design, design_id)
    state, through = full_state(design_id)
    design.view = document.to_view(document.load(state))
    design.view_through = through
    logged = db.session.execute(
        db.select(db.func.count()).select_from(DesignUpdate)
        .where(DesignUpdate.design_id == design_id, DesignUpdate.id > design.snapshot_through,
               DesignUpdate.id <= through)
    ).scalar_one()
    if logged >= COMPACT_AFTER:
        compact(design, through)
    _auto_version(design, state, through)
    db.session.commit()
    return design.view


def compact(design: Design, through: int) -> None:
    """Fold the log up to `through` into the snapshot, in the caller's transaction."""
    rows = db.session.execute(
        db.select(DesignUpdate.data)
        .where(DesignUpdate.design_id == design.id, DesignUpdate.id > design.snapshot_through,
               DesignUpdate.id <= through)
        .order_by(DesignUpdate.id)
    ).scalars().all()
    design.snapshot = document.merge(design.snapshot, *rows)
    db.session.execute(db.delete(DesignUpdate).where(DesignUpdate.design_id == design.id,
                                                     DesignUpdate.id <= through))
    design.snapshot_through = through


def _auto_version(design: Design, state: bytes, through: int) -> None:
    every = timedelta(minutes=current_app.config["WORKSHOP_VERSION_MINUTES"])
    last = db.session.execute(  # only the dates: versions hold whole states
        db.select(DesignVersion.created_at, DesignVersion.through)
        .where(DesignVersion.design_id == design.id).order_by(DesignVersion.id.desc()).limit(1)
    ).first()
    if last is not None and (utcnow() - last.created_at < every or last.through == through):
        return
    if last is None and through == 0:
        return
    db.session.add(DesignVersion(design_id=design.id, label=str(_l("Sauvegarde automatique")), kind="auto",
                                 state=state, view=design.view, through=through))


# --- versions, restore and the deadline -------------------------------------------------------------------------

def save_version(design_id: int, label: str, kind: str, by_id: int | None = None) -> DesignVersion:
    """Keep the design as it is now, under a name."""
    update_log().flush()
    design = db.session.get(Design, design_id)
    state, through = full_state(design_id)
    view = document.to_view(document.load(state))
    version = DesignVersion(design_id=design.id, label=label.strip()[:120] or str(_l("Version")), kind=kind,
                            state=state, view=view, through=through, by_id=by_id)
    db.session.add(version)
    db.session.commit()
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


def server_edit(access: Access, edit) -> bytes:
    """An edit the server makes (a restore, a new image): applied to today's document, logged like any update
    and sent to every browser of the design. `edit(doc)` returns the update it made."""
    state, _ = full_state(access.design_id)
    update = edit(document.load(state))
    if update:
        written = update_log().append(access.design_id, access.person_id, update)
        update_log().flush()
        written.wait(timeout=10)
        socketio.emit("update", {"design": str(access.public_id), "update": update},
                      to=room_of(access.public_id), namespace=NAMESPACE)
    refresh_view(access.design_id)
    return update


def lock_designs(event: Event) -> None:
    """At the deadline (or when the design phase ends): keep each team's final version, once."""
    for team in event.teams:
        design = team.design
        if design is not None and design.locked_at is None:
            save_version(design.id, str(_l("Version finale (échéance)")), "deadline")
            design.locked_at = utcnow()
    db.session.commit()


def lock_if_due(design: Design) -> None:
    event = design.team.event
    if design.locked_at is None and event.design_deadline is not None and not is_open_for_design(event) \
            and ORDER.index(event.phase) >= ORDER.index(Phase.DESIGN):
        lock_designs(event)


def _on_phase_moved(event: Event, before=None, **_) -> None:
    if before == Phase.DESIGN and event.phase != Phase.DESIGN:
        lock_designs(event)


def _on_deadline_moved(event: Event, **_) -> None:
    if is_open_for_design(event):
        for team in event.teams:
            if team.design is not None:
                team.design.locked_at = None
        db.session.commit()


signals.phase_moved.connect(_on_phase_moved)
signals.deadline_moved.connect(_on_deadline_moved)


def design_of(access: Access) -> Design:
    return db.session.get(Design, access.design_id)


def design_for_screen(event: Event, public_id: uuid.UUID) -> Design:
    """A design of this event, for its projector, once the pitches have begun."""
    design = db.session.execute(db.select(Design).filter_by(public_id=public_id)).scalar_one_or_none()
    if design is None or design.team.event_id != event.id or ORDER.index(event.phase) < ORDER.index(Phase.PITCHES):
        raise NotFound()
    return design


def rebuild(public_id: uuid.UUID) -> Design:
    """Replace a design's CRDT state by a fresh one made from its plain view (for a state that cannot be read any
    more). The epoch changes, so a browser holding the old state shows its text to its owner instead of merging it
    (which would duplicate everything); the versions stay."""
    design = db.session.execute(db.select(Design).filter_by(public_id=public_id)).scalar_one_or_none()
    if design is None:
        raise NotFound()
    update_log().flush()
    view = current_view(design.id)
    snapshot = document.new_document()
    snapshot = document.merge(snapshot, document.edit_to_match(document.load(snapshot), view))
    db.session.execute(db.delete(DesignUpdate).where(DesignUpdate.design_id == design.id))
    design.snapshot, design.snapshot_through = snapshot, 0
    design.view, design.view_through = document.to_view(document.load(snapshot)), 0
    design.epoch = uuid.uuid4()
    db.session.commit()
    socketio.emit("epoch", {"design": str(design.public_id), "epoch": str(design.epoch)},
                  to=room_of(design.public_id), namespace=NAMESPACE)
    return design
