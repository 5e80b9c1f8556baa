"""A design's plain view and its versions: the view's refresh rounds (with the compactions and automatic versions they
bring), versions kept by hand, restoring one, edits the server makes, and rebuilding a state that cannot be read."""

import functools
import uuid
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import NoResultFound

from ..db_types import utcnow
from ..errors import NotFound
from ..extensions import db
from ..realtime import WORKSHOP, announce, design_room
from . import document, staff, store
from .access import Access, DesignLocked
from .models import Design, DesignUpdate, DesignVersion
from .view import DesignView


def current_view(design_id: int) -> DesignView:
    """The plain view of the design as of now, with the updates that came in since the last refresh (read from this
    node's live document; reads only: the stored view is written by the refreshes, `refresh_view` and the
    after-commit loop)."""
    head, view_through, view = db.session.execute(
        db.select(Design.log_head, Design.view_through, Design.view).where(Design.id == design_id)
    ).one()
    if head > view_through or store.current().pending_for(design_id):
        return document.to_view(store.current().caught_up(design_id).doc)
    return view


def refresh_view(design_id: int) -> DesignView:
    """Bring the design's plain view up to date now (see `refresh_views_of`); NoResultFound if it was deleted."""
    views = refresh_views_of([design_id])
    if design_id not in views:
        raise NoResultFound()
    return views[design_id]


_design = Design.__table__

_WRITE_VIEW = (  # built once: a round writes every view it refreshed in one executemany
    db.update(_design)
    .where(_design.c.id == db.bindparam("b_id"), _design.c.view_through <= db.bindparam("b_through"))
    .values(view=db.bindparam("b_view", type_=_design.c.view.type), view_through=db.bindparam("b_through"))
)


def refresh_views_of(design_ids, pause=lambda: None) -> dict[int, DesignView]:
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
    facts = (
        {
            row.id: row
            for row in db.session.execute(
                db.select(Design.id, Design.snapshot_through, Design.locked_at).where(Design.id.in_(taken))
            )
        }
        if taken
        else {}
    )
    taken = {design_id: refreshed for design_id, refreshed in taken.items() if design_id in facts}
    if not taken:
        return {}
    db.session.connection().execute(
        _WRITE_VIEW,
        [{"b_id": design_id, "b_view": view, "b_through": through} for design_id, (view, through, _) in taken.items()],
    )
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
    last = {
        row.design_id: row
        for row in db.session.execute(
            db.select(
                DesignVersion.design_id,
                db.func.max(DesignVersion.created_at).label("created_at"),
                db.func.max(DesignVersion.through).label("through"),
            )
            .where(DesignVersion.design_id.in_(taken))
            .group_by(DesignVersion.design_id)
        )
    }
    now = utcnow()
    for design_id, (view, through, state) in taken.items():
        previous = last.get(design_id)
        if previous is not None and (now - previous.created_at < every or previous.through == through):
            continue
        if previous is None and through == 0:
            continue
        db.session.add(
            DesignVersion(
                design_id=design_id,
                label=str(_l("Sauvegarde automatique")),
                kind="auto",
                state=state(),
                view=view,
                through=through,
            )
        )


def save_version(design_id: int, label: str, kind: str, by_id: int | None = None) -> DesignVersion:
    """Keep the design as it is now, under a name."""
    version = keep_version(design_id, label, kind, by_id)
    db.session.commit()
    return version


def keep_version(design_id: int, label: str, kind: str, by_id: int | None = None) -> DesignVersion:
    """A version of the design as it is now (what the database and this node's queue hold), in the caller's
    transaction."""
    version = DesignVersion(**version_values(design_id, label, kind, by_id))
    db.session.add(version)
    return version


def version_values(design_id: int, label: str, kind: str, by_id: int | None = None) -> dict:
    """The values of a version of the design as it is now, to be written with an update (see `restore_version`)."""
    state, through = store.current().full_state(design_id)
    return {
        "public_id": uuid.uuid4(),
        "design_id": design_id,
        "label": label.strip()[:120] or str(_l("Version")),
        "kind": kind,
        "state": state,
        "view": document.to_view(document.load(state)),
        "through": through,
        "by_id": by_id,
        "created_at": utcnow(),
    }


def version_of(access: Access, version_public_id: uuid.UUID) -> DesignVersion:
    version = db.session.execute(
        db.select(DesignVersion).filter_by(public_id=version_public_id, design_id=access.design_id)
    ).scalar_one_or_none()
    if version is None:
        raise NotFound()
    return version


def restore_version(access: Access, version_public_id: uuid.UUID) -> DesignVersion | None:
    """Bring a version back as a new edit (text diffs on today's document), keeping today's as a version in the
    edit's own transaction: work done since is changed visibly, never erased silently, and the restore itself can be
    undone; answered once both are on disk, neither ever written without the other. A restore that changes nothing
    writes nothing (None)."""
    if access.readonly:
        raise DesignLocked()
    version = version_of(access, version_public_id)
    before = version_values(
        access.design_id,
        str(_l("Avant la restauration de « %(label)s »", label=version.label)),
        "restore",
        access.person_id,
    )
    server_edit(access, lambda doc: document.edit_to_match(doc, version.view), versions=(before,))
    return db.session.execute(db.select(DesignVersion).filter_by(public_id=before["public_id"])).scalar_one_or_none()


def server_edit(access: Access, edit, images: tuple[dict, ...] = (), versions: tuple[dict, ...] = ()) -> bytes:
    """An edit the server makes (a restore, a new image): applied to today's document, logged like any update
    and sent to every browser of the design. `edit(doc)` returns the update it made; the new `images` it names
    (DesignImage values) and the `versions` kept with it (DesignVersion values) are written in the update's
    transaction."""
    state, _ = store.current().full_state(access.design_id)
    update = edit(document.load(state))
    if update:
        receipt = store.current().receive(access.design_id, access.person_id, update, images, versions)
        store.current().flush()  # now, in this request: a rare edit, and the CLI has no background loop
        if receipt.relay:  # at once when this flush wrote (its commit ended the session's transaction), else with
            # the view's refresh below, which commits
            announce(
                "update",
                {"design": str(access.public_id), "update": update},
                to=design_room(access.public_id),
                namespace=WORKSHOP,
            )
        if not receipt.written.wait(timeout=current_app.config["WORKSHOP_ACK_SECONDS"]):
            raise store.NotSaved()
    refresh_view(access.design_id)
    return update


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
    design_id, epoch_message = design.id, {"design": str(design.public_id), "epoch": str(design.epoch)}
    db.session.commit()
    store.current().forget(design_id)  # before the browsers hear of it, so none of them gets the old state again
    announce("epoch", epoch_message, to=design_room(public_id), namespace=WORKSHOP)  # committed: goes at once
    return design
