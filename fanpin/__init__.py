"""fanpin: household-roster toolkit for dynamic monitoring to prevent (return to) poverty."""

__version__ = "0.1.0"
