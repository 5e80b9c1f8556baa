"""Where the socket protocol's messages go: the namespaces and rooms, named in one place for every package."""

WORKSHOP = "/workshop"  # the studio: a room per design


def design_room(public_id) -> str:
    """The room of a design's pages (its team's browsers, staff and jurors reading it)."""
    return f"design:{public_id}"
