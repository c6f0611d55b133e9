"""Helpers shared by the tests of the question formats."""


def line_of(source: str, needle: str) -> int:
    """The 1-based line of the first line of `source` holding `needle`."""
    for number, line in enumerate(source.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the source")
