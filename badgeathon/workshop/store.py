"""The studio's update log: the live documents of the open designs on this node (`live.py`), every update checked
and integrated before it is queued, group commits that number each design's updates, compaction into snapshots, and
state reads.

The database is the source of truth: a node keeps only caches (the live documents) and a short queue. An update is
acknowledged once the commit holding it is done, with the state vector the server then holds for sure, so a page
says "saved" only for what is on disk."""

import threading
import time
from dataclasses import dataclass
from typing import NamedTuple

from blinker import Namespace
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..auth.models import Person
from ..db_types import utcnow
from ..errors import BadgeathonError
from ..extensions import db, socketio
from . import document, yupdate
from .live import BadStructure, LiveDesign
from .models import Design, DesignImage, DesignUpdate, DesignVersion

signals = Namespace()
# Sent (with each written design's state vector on disk) after each group commit, from the log's background task.
designs_written = signals.signal("designs-written")


class BadUpdate(BadgeathonError):
    code = "bad_update"
    default_message = _l("Modification illisible, ignorée.")


class TooLarge(BadgeathonError):
    code = "too_large"
    status = 413
    default_message = _l("Modification refusée : elle dépasse la taille permise pour un badge.")


class NeedsSync(BadgeathonError):
    """The update builds on something the server has never received: the browser must sync at once."""

    code = "resync"
    status = 409
    default_message = _l("Une modification précédente manque au serveur : la page se resynchronise.")


class NotSaved(BadgeathonError):
    code = "not_saved"
    status = 503
    default_message = _l("Pas encore enregistré : le serveur n'arrive pas à écrire, la page réessaie.")


# --- the queue and its group commits ----------------------------------------------------------------------------


class Entry(NamedTuple):
    """An update waiting for its group commit, the state vector the server holds once it is written, the live
    document it is already in, the new images it names and the versions kept with it (DesignImage and DesignVersion
    values: a server edit's image, a restore's "before" version, is written in the update's transaction, so neither
    is ever kept without the other)."""

    design_id: int
    person_id: int | None
    data: bytes
    vector: bytes
    live: LiveDesign | None = None
    images: tuple[dict, ...] = ()
    versions: tuple[dict, ...] = ()


@dataclass
class Receipt:
    """What the server answers an update: `written` is set once it is on disk (with everything before it); then
    the server holds at least the state vector `vector`. `relay`: the update brought something new."""

    written: threading.Event
    vector: bytes
    relay: bool


class Store:
    """Per process: the live documents and the queue of updates waiting for their group commit."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.queue: list[Entry] = []
        self.written = threading.Event()  # set when the batch holding the current queue is committed
        self.flushing = threading.Lock()
        self.carried: list[threading.Event] = []  # events of a failed batch, set when it is written at last
        self.in_flight: list[Entry] = []
        self.in_flight_written = threading.Event()
        self.pending: dict[int, int] = {}  # design id -> updates queued or being written
        self.live: dict[tuple[int, int], LiveDesign] = {}
        self.evicted_at = time.monotonic()
        self.running = False
        self.stopped = False
        self.failing_since: float | None = None

    # --- reading the database -----------------------------------------------------------------------------------

    def read_state(self, design_id: int) -> tuple[object, bytes, list[bytes], int]:
        """(epoch, snapshot, log rows after it, last log number) read consistently even while another node
        compacts: rows are read first, the snapshot after, so whatever compaction removed is in the snapshot."""
        start = db.session.execute(db.select(Design.snapshot_through).where(Design.id == design_id)).scalar_one()
        rows = self._rows(design_id, start)
        epoch, snapshot, through = db.session.execute(
            db.select(Design.epoch, Design.snapshot, Design.snapshot_through).where(Design.id == design_id)
        ).one()
        last = max(rows[-1][0] if rows else 0, through)
        return epoch, snapshot, [data for seq, data in rows if seq > through], last

    def _rows(self, design_id: int, after: int) -> list[tuple[int, bytes]]:
        return db.session.execute(
            db.select(DesignUpdate.seq, DesignUpdate.data)
            .where(DesignUpdate.design_id == design_id, DesignUpdate.seq > after)
            .order_by(DesignUpdate.seq)
        ).all()

    def full_state(self, design_id: int) -> tuple[bytes, int]:
        """The whole CRDT state from the database and this node's queue, and the last log number it holds."""
        _, snapshot, rows, through = self.read_state(design_id)
        return document.merge(snapshot, *rows, *self.pending_for(design_id)), through

    def pending_for(self, design_id: int) -> list[bytes]:
        with self.lock:
            return [entry.data for entry in (*self.in_flight, *self.queue) if entry.design_id == design_id]

    # --- live documents ----------------------------------------------------------------------------------------

    def live_design(self, design_id: int) -> LiveDesign:
        self._evict_idle()
        key = (threading.get_native_id(), design_id)
        live = self.live.get(key)
        if live is None:
            live = self.live.setdefault(key, self._load(design_id))  # two loads at once: the first one stands
        live.used_at = time.monotonic()
        return live

    def _load(self, design_id: int) -> LiveDesign:
        epoch, snapshot, rows, through = self.read_state(design_id)
        live = LiveDesign(design_id, epoch, through=through)
        for update in (snapshot, *rows, *self.pending_for(design_id)):
            if update:
                live.integrate(update)
        return live

    def catch_up(self, live: LiveDesign) -> LiveDesign:
        """Bring a live document up to the database (another node's updates, a rebuild). One small read when nothing
        moved (this node's own commits move `through` as they land); then the rows after the last log number it
        holds (its own come back too: applying them again changes nothing); the whole state again if compaction
        removed some of those rows or the epoch changed."""
        epoch, through, head = db.session.execute(
            db.select(Design.epoch, Design.snapshot_through, Design.log_head).where(Design.id == live.design_id)
        ).one()
        if epoch == live.epoch and head <= live.through:
            return live
        rows = self._rows(live.design_id, live.through) if epoch == live.epoch and through <= live.through else []
        if epoch != live.epoch or not rows or rows[0][0] != live.through + 1:
            self.drop(live)
            return self.live_design(live.design_id)
        for seq, data in rows:
            live.integrate(data)
            live.through = seq
        return live

    def caught_up(self, design_id: int) -> LiveDesign:
        """This node's live document of the design, up to the database."""
        return self.catch_up(self.live_design(design_id))

    def drop(self, live: LiveDesign) -> None:
        self.live.pop((threading.get_native_id(), live.design_id), None)

    def forget(self, design_id: int) -> None:
        """The design's state was replaced (a rebuild): the next use reloads it."""
        self.live.pop((threading.get_native_id(), design_id), None)

    def _evict_idle(self) -> None:
        """Forget the live documents nobody used for WORKSHOP_LIVE_IDLE_SECONDS (looked at once a minute at most),
        and those of threads that ended (a background task's, where threads are real)."""
        now = time.monotonic()
        idle = self.app.config["WORKSHOP_LIVE_IDLE_SECONDS"]
        if now - self.evicted_at < min(60.0, idle):
            return
        self.evicted_at = now
        me = threading.get_native_id()
        alive = {thread.native_id for thread in threading.enumerate()}
        for key, live in list(self.live.items()):
            if key[0] not in alive or (
                key[0] == me and now - live.used_at > idle and not self.pending.get(live.design_id)
            ):
                self.live.pop(key, None)

    # --- receiving updates -------------------------------------------------------------------------------------

    def receive(
        self,
        design_id: int,
        person_id: int | None,
        update: bytes,
        images: tuple[dict, ...] = (),
        versions: tuple[dict, ...] = (),
    ) -> Receipt:
        """Check an update and queue it for the next group commit (with the new `images` it names and the
        `versions` kept with it). Refused: bytes
        that are no update, one over the size limits, one that changes the document's structure; one whose
        dependencies the server lacks (NeedsSync: acknowledging it would say "saved" for something the server cannot
        use)."""
        config = self.app.config
        if not isinstance(update, (bytes, bytearray)) or not update:
            raise BadUpdate()
        update = bytes(update)
        if len(update) > config["WORKSHOP_MAX_UPDATE_BYTES"]:
            raise TooLarge()
        try:
            shape = yupdate.read(update)
        except yupdate.Malformed as error:
            raise BadUpdate() from error
        if shape.roots - {document.ROOT}:
            raise BadStructure()
        with self.lock:
            if len(self.queue) >= config["WORKSHOP_MAX_QUEUE"]:
                raise NotSaved()
        live = self.live_design(design_id)
        if shape.missing(live.vector()):
            live = self.catch_up(live)
            if shape.missing(live.vector()):
                raise NeedsSync()
        if not shape.adds_beyond(live.vector()) and not shape.deletes_beyond(live.deletions()):
            return Receipt(self.settled(design_id), live.state_vector(), relay=False)
        if live.size + len(update) > config["WORKSHOP_MAX_DOCUMENT_BYTES"]:
            live.size = len(live.doc.get_update())
            if live.size + len(update) > config["WORKSHOP_MAX_DOCUMENT_BYTES"]:
                raise TooLarge()
        try:
            live.apply_checked(update)
        except BadStructure:
            self.drop(live)  # it holds the refused update: reload from the database next time
            raise
        vector = live.state_vector()
        entry = Entry(design_id, person_id, update, vector, live, images, versions)
        return Receipt(self.append(entry), vector, relay=True)

    def sync(self, design_id: int, their_state_vector: bytes) -> tuple[bytes, bytes, bool]:
        """Sync step 2: what the browser lacks, our state vector, and whether all of it is on disk."""
        live = self.caught_up(design_id)
        try:
            missing = live.doc.get_update(bytes(their_state_vector))
        except (ValueError, RuntimeError, TypeError) as error:
            raise BadUpdate() from error
        return missing, live.state_vector(), not self.pending.get(design_id)

    def settled(self, design_id: int) -> threading.Event:
        """Set once every update of the design queued so far is written."""
        with self.lock:
            if any(entry.design_id == design_id for entry in self.queue):
                return self.written
            if any(entry.design_id == design_id for entry in self.in_flight):
                return self.in_flight_written
        done = threading.Event()
        done.set()
        return done

    def append(self, entry: Entry) -> threading.Event:
        with self.lock:
            self.queue.append(entry)
            self.pending[entry.design_id] = self.pending.get(entry.design_id, 0) + 1
            written = self.written
            start = not self.running
            self.running = True
        if start:
            socketio.start_background_task(self._run)
        return written

    # --- group commits -----------------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            socketio.sleep(self.app.config["WORKSHOP_FLUSH_SECONDS"])
            with self.lock:
                if not self.queue or self.stopped:
                    self.running = False
                    return
            try:
                self.flush()
            except Exception:  # keep the loop alive: the queue is retried, browsers are told "not saved"
                if self.failing_since is None:
                    self.failing_since = time.monotonic()
                    self.app.logger.exception("workshop: group commit failed; retrying")
                socketio.sleep(min(1.0, self.app.config["WORKSHOP_FLUSH_SECONDS"] * 10))
            else:
                if self.failing_since is not None:
                    self.app.logger.warning(
                        "workshop: group commits work again after %.1f s", time.monotonic() - self.failing_since
                    )
                    self.failing_since = None

    def flush(self) -> int:
        """Write the queued updates in one transaction (one flush at a time: a drain waits for the running one)."""
        with self.flushing:
            with self.lock:
                batch, self.queue = self.queue, []
                events, self.carried = [self.written, *self.carried], []
                self.written = threading.Event()
                self.in_flight, self.in_flight_written = batch, events[0]
            try:
                written = self._write(batch) if batch else []
            except Exception:
                with self.lock:  # back to the front of the queue; whoever waits for it is told when it is written
                    self.queue[:0] = batch
                    self.carried = events + self.carried
                    self.in_flight = []
                raise
            with self.lock:
                self.in_flight = []
                for design_id, count in _counts(batch).items():
                    self.pending[design_id] -= count
                    if not self.pending[design_id]:
                        del self.pending[design_id]
            for event in events:
                event.set()
        if written:
            try:
                designs_written.send(self.app, vectors={entry.design_id: entry.vector for entry in written})
            except Exception:  # written all the same: what follows a commit must never undo it
                self.app.logger.exception("workshop: a receiver of designs_written failed")
        return len(batch)

    def _write(self, batch: list[Entry]) -> list[Entry]:
        """One transaction for the batch: each design's log numbers taken under its row lock (so they commit in
        order on every database), then the rows in one executemany. Returns the entries written."""
        counts = _counts(batch)
        with self.app.app_context():
            try:
                now = utcnow()
                heads = dict(
                    db.session.execute(
                        db.update(Design)
                        .where(Design.id.in_(sorted(counts)))
                        .values(log_head=Design.log_head + db.case(counts, value=Design.id), updated_at=now)
                        .returning(Design.id, Design.log_head)
                    ).all()
                )
                # a design deleted meanwhile (the organiser deleted its team) takes its queued updates with it, and
                # an author removed meanwhile leaves them unsigned: either would otherwise fail this batch forever
                batch = [entry for entry in batch if entry.design_id in heads]
                next_seq = {d: heads[d] - counts[d] + 1 for d in heads}
                authors = {entry.person_id for entry in batch} - {None}
                present = (
                    set(db.session.execute(db.select(Person.id).where(Person.id.in_(authors))).scalars())
                    if authors
                    else set()
                )
                _keep_images([image for entry in batch for image in entry.images], now)
                kept = [version for entry in batch for version in entry.versions]
                if kept:
                    db.session.execute(DesignVersion.__table__.insert(), kept)
                rows = []
                for entry in batch:
                    rows.append(
                        {
                            "design_id": entry.design_id,
                            "seq": next_seq[entry.design_id],
                            "person_id": entry.person_id if entry.person_id in present else None,
                            "data": entry.data,
                            "created_at": now,
                        }
                    )
                    next_seq[entry.design_id] += 1
                if rows:  # one statement, compiled once and cached
                    db.session.connection().execute(DesignUpdate.__table__.insert(), rows)
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
            finally:
                db.session.remove()
        _advance(batch, heads, counts)
        return batch

    def drain(self) -> None:
        """Write everything queued now (tests, shutdown)."""
        self.flush()

    def shutdown(self) -> None:
        """The process is stopping: write what is queued (a few tries), then stop taking work."""
        for _ in range(3):
            try:
                self.flush()
                break
            except Exception:
                self.app.logger.exception("workshop: could not write the queue while stopping")
                time.sleep(0.5)
        self.stopped = True


def _advance(batch: list[Entry], heads: dict[int, int], counts: dict[int, int]) -> None:
    """Our own rows are on disk: a live document that holds them and every row before them now holds the log up to
    the design's new head, so its next catch-up reads nothing."""
    lives: dict[int, LiveDesign | None] = {}
    for entry in batch:
        live = lives.setdefault(entry.design_id, entry.live)
        if live is not entry.live:  # integrated into several live documents (several threads): let them catch up
            lives[entry.design_id] = None
    for design_id, live in lives.items():
        if live is not None and live.through == heads[design_id] - counts[design_id]:
            live.through = heads[design_id]


def _keep_images(images: list[dict], now) -> None:
    """The images the batch's updates name, each kept once per design (a retried batch, or the same image set
    twice, finds it there)."""
    for image in images:
        kept = db.session.execute(
            db.select(DesignImage.id).filter_by(design_id=image["design_id"], sha256=image["sha256"])
        ).first()
        if kept is None:
            db.session.execute(DesignImage.__table__.insert(), {**image, "created_at": now})


def _counts(batch) -> dict[int, int]:
    counts: dict[int, int] = {}
    for entry in batch:
        counts[entry.design_id] = counts.get(entry.design_id, 0) + 1
    return counts


def current() -> Store:
    app = current_app._get_current_object()
    store = app.extensions.get("workshop_store")
    if store is None:
        store = app.extensions["workshop_store"] = Store(app)
    return store


def shutdown(app) -> None:
    """Write whatever the studio has queued (a deploy, a restart)."""
    store = app.extensions.get("workshop_store")
    if store is not None:
        store.shutdown()


# --- compaction --------------------------------------------------------------------------------------------------


def compact(design_id: int, through: int) -> bool:
    """Fold the log up to `through` into the snapshot, in the caller's transaction. Compare-and-set on the
    snapshot's log number: if another node compacted meanwhile, nothing is done (False)."""
    before, snapshot = db.session.execute(
        db.select(Design.snapshot_through, Design.snapshot).where(Design.id == design_id)
    ).one()
    if through <= before:
        return False
    rows = (
        db.session.execute(
            db.select(DesignUpdate.data)
            .where(DesignUpdate.design_id == design_id, DesignUpdate.seq > before, DesignUpdate.seq <= through)
            .order_by(DesignUpdate.seq)
        )
        .scalars()
        .all()
    )
    done = db.session.execute(
        db.update(Design)
        .where(Design.id == design_id, Design.snapshot_through == before)
        .values(snapshot=document.merge(snapshot, *rows), snapshot_through=through)
        .execution_options(synchronize_session=False)
    ).rowcount
    if done:
        db.session.execute(
            db.delete(DesignUpdate).where(DesignUpdate.design_id == design_id, DesignUpdate.seq <= through)
        )
    return bool(done)
