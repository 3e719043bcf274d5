"""What an answer is, for the live session: unanswered, and the same as another.

Apart from ``fields`` (which reads the questions' pydantic models for the forms), so that a
session can open on its verdict without loading the forms' machinery.
"""

from __future__ import annotations

from typing import Any


class Missing:
    """The marker of a question left unanswered (its key is absent from the file)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = Missing()


def same_answer(first: Any, second: Any) -> bool:
    """Whether two answers are the same: ``5`` is ``5.0`` (TOML keeps what was typed), but
    ``True`` is not ``1``; lists match item by item, in their order (a table's rows are ordered,
    and the checklist keeps the order the file gives)."""
    if first is MISSING or second is MISSING:
        return first is second
    if isinstance(first, bool) or isinstance(second, bool):
        return first is second
    if isinstance(first, (int, float)) and isinstance(second, (int, float)):
        return first == second
    if isinstance(first, list) and isinstance(second, list):
        return len(first) == len(second) and all(
            same_answer(a, b) for a, b in zip(first, second, strict=True))
    if isinstance(first, dict) and isinstance(second, dict):
        return first.keys() == second.keys() and all(
            same_answer(first[key], second[key]) for key in first)
    return type(first) is type(second) and first == second
