"""Small pieces of wording shared by the screens."""


def count_phrase(count: int, noun: str, plural: str | None = None) -> str:
    """'1 problem', '3 problems'."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"
