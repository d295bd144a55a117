"""The one exception family for input fanpin cannot process at all.

Bad rows are not exceptions: they are issues in a result. A ``FanpinError`` is
for a file, sheet, column, profile or option that stops the whole run; the CLI
catches it in one place, prints its message and exits 1.
"""


class FanpinError(Exception):
    """Input that cannot be processed at all; the message names the fix."""


class ProfileError(FanpinError):
    """A profile, catalogue or rule expression that is not valid."""


class OutputPathError(FanpinError):
    """An output path that would overwrite an input, or that names a folder: a usage error."""
