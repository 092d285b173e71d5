"""The one error of backup and restore: its message says, in Chinese, what went wrong and what to do."""

from partybuild.exceptions import DomainError


class BackupError(DomainError):
    """A backup could not be written, or a restore refused or failed; nothing is reported as done."""
