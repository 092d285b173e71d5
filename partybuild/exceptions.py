"""Domain errors shared by every app. Each carries a message a user can act on, in Chinese."""


class DomainError(Exception):
    """A rule of the domain refused the request; `message` says what and how to fix it."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDeniedError(DomainError):
    """The user may not do this to this object."""


class ConflictError(DomainError):
    """Someone else changed the object first (e.g. reviewed the record): reload and look again."""
