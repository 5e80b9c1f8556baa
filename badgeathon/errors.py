"""Domain errors: each carries a message for people (French, translatable) and a code for machines."""

from flask_babel import lazy_gettext as _l


class BadgeathonError(Exception):
    """A request the domain refuses; nothing was written."""

    code = "refused"
    status = 400
    default_message = _l("Cette action n'est pas possible.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))


class NotFound(BadgeathonError):
    code = "not_found"
    status = 404
    default_message = _l("Cette page n'existe pas ou ne vous est pas accessible.")


class Conflict(BadgeathonError):
    code = "conflict"
    status = 409
