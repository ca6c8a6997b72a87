"""The chapter's claim checker: a statement the page makes that the numbers do not bear out
stops the build.

Every page module computes the numbers it prints and checks what its prose says of them with
:func:`claim`; a false claim raises :class:`ChapterClaimError`, one of the build's errors
(:data:`chapter.build.BUILD_ERRORS`), so the site is not published with it.
"""

from __future__ import annotations

__all__ = ["ChapterClaimError", "claim"]


class ChapterClaimError(RuntimeError):
    """A statement the chapter makes is not true of the numbers: the build must stop."""


def claim(ok: bool, message: str) -> None:
    """Raise :class:`ChapterClaimError` with ``message`` unless ``ok``."""
    if not ok:
        raise ChapterClaimError(message)
