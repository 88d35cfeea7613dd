"""The busy state of a button whose action takes a while (board pack, exports)."""

from __future__ import annotations

from dash import Output

BUSY_LABEL = "Preparing…"


def while_running(button_id: str, label: str) -> list[tuple[Output, object, object]]:
    """Dash `running=` outputs: while the callback runs, the button is disabled, reads
    "Preparing…" and tells assistive technology it is busy; afterwards it is restored."""
    return [(Output(button_id, "disabled"), True, False),
            (Output(button_id, "children"), BUSY_LABEL, label),
            (Output(button_id, "aria-busy"), "true", "false")]
