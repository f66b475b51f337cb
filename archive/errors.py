"""Errors that reach the user as one readable line: what went wrong and, where there is
one, the setting or command that fixes it."""


class NianbaoError(Exception):
    """Base of every error the CLI prints as a single line instead of a traceback."""


class ConfigError(NianbaoError):
    """A setting (data directory, database URL, store URL) cannot be used as given."""


class ArchiveNotFoundError(NianbaoError):
    """No archive where the settings point: reading commands say so instead of making one."""


class BlobError(NianbaoError):
    """Something is wrong with a stored snapshot."""

    def __init__(self, digest: str, message: str) -> None:
        super().__init__(message)
        self.digest = digest


class BlobMissingError(BlobError):
    """The catalogue names a blob whose bytes are not in the store."""


class BlobCorruptError(BlobError):
    """The stored bytes no longer hash to the digest they are filed under."""


class NotFoundError(NianbaoError):
    """A report, version or document named by the user does not exist."""
