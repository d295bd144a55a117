"""The one exception family for input fanpin cannot process at all.

Bad rows are not exceptions: they are issues in a result. A ``FanpinError`` is
for a file, sheet, column, profile or option that stops the whole run; the CLI
catches it in one place, prints its message and exits 1 (2 for a ``UsageError``).

Every error speaks both languages, by one mechanism: the English message is the
exception's text (``str(error)``, what scripts, logs and tests read), and the
Chinese one is given beside it at the raise site as ``zh=``::

    raise FanpinError(f"file not found: {path}", zh=f"找不到文件：{path}")

``error.text(lang)`` is the message in the run's language (English when no Chinese
text was given). Like the English one, the Chinese text names the file and the fix
and never quotes file contents. The CLI's own words (the ``错误：`` prefix, failures
of the machine) are in ``labels.ERRORS``.
"""


class FanpinError(Exception):
    """Input that cannot be processed at all; the message names the fix."""

    def __init__(self, message: str, *, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh

    def text(self, lang: str) -> str:
        """The message in ``lang`` ("zh" or "en"); English when there is no Chinese text."""
        if lang == "zh" and self.zh:
            return self.zh
        return str(self)


class ProfileError(FanpinError):
    """A profile, catalogue or rule expression that is not valid."""


class UsageError(FanpinError):
    """An option or argument fanpin's own checks refuse: a usage error (exit 2)."""


class OutputPathError(UsageError):
    """An output path that would overwrite an input, or that names a folder: a usage error."""


def text_of(error: BaseException, lang: str) -> str:
    """``error``'s message in ``lang``: its Chinese text when it is of the family (or
    otherwise carries a ``zh``), else its English text (``str(error)``): for a wrapper
    that catches a ``FanpinError`` together with a ``ValueError``."""
    chinese = getattr(error, "zh", None)
    if lang == "zh" and isinstance(chinese, str) and chinese:
        return chinese
    return str(error)
