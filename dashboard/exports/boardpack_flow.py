"""Keeping the board pack's headings with what follows them.

A heading at the foot of a page whose content starts on the next page ("stranded") is
moved to the next page with it. reportlab's KeepTogether (and a style's keepWithNext)
keep a heading with the whole of the next flowable, so a heading over a long table would
push the table to a new page even when most of a page is free; `KeepHeading` asks only
that the heading share its page with the start of what follows: a line of a paragraph,
the first rows of a table, or the whole of a block kept together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, PageBreak
from reportlab.platypus.doctemplate import ActionFlowable, NullActionFlowable

# Nested blocks (a heading over a block that starts with its own heading) are opened this
# deep at most, looking for something small enough to start on the page.
_DEPTH = 4


class KeepHeading(Flowable):
    """A heading (or a label) and the flowable after it: on one page, or both moved to
    the next page when not even the start of that flowable fits under the heading."""

    def __init__(self, heading: Flowable, following: Flowable) -> None:
        super().__init__()
        self.heading, self.following = heading, following

    def getSpaceBefore(self) -> float:  # reportlab's name
        return self.heading.getSpaceBefore()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # Taller than any page: the frame always asks `split`, which decides.
        return available_width, 0xFFFFFF

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        canvas = self.canv
        _, heading_height = self.heading.wrapOn(canvas, available_width, available_height)
        room = (available_height - heading_height - self.heading.getSpaceAfter()
                - self.following.getSpaceBefore())
        start = _starting(self.following, canvas, available_width, room)
        if start is not None:
            return [self.heading, *start]
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return [self.heading, self.following]  # a new page could do no better
        return []  # not here: the frame moves both to the next page


def _starting(flowable: Flowable, canvas: Any, width: float, room: float,
              depth: int = 0) -> list[Flowable] | None:
    """`flowable` as pieces whose first fits in `room` (None where nothing of it does)."""
    if room <= 0 or depth > _DEPTH:
        return None
    _, height = flowable.wrapOn(canvas, width, room)
    if height <= room:
        return [flowable]
    pieces = [piece for piece in flowable.splitOn(canvas, width, room)
              if not isinstance(piece, NullActionFlowable)]
    if not pieces or isinstance(pieces[0], (ActionFlowable, PageBreak)):
        return None
    first = _starting(pieces[0], canvas, width, room, depth + 1)
    return None if first is None else [*first, *pieces[1:]]


def headed(heading: Flowable, following: Sequence[Flowable]) -> list[Flowable]:
    """A heading kept with the start of the flowables after it (the heading alone when
    nothing follows)."""
    if not following:
        return [heading]
    return [KeepHeading(heading, following[0]), *following[1:]]
