"""The fanpin command line: the only part of fanpin that imports typer and rich."""

from fanpin.cli.commands import app, main

__all__ = ["app", "main"]
