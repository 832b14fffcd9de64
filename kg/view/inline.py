"""A self-contained HTML page shown inline in Jupyter: an iframe whose srcdoc holds the whole page."""

from __future__ import annotations

import html

from kg.frame import optional_module

__all__ = ["srcdoc_iframe", "display_page"]


def srcdoc_iframe(page: str, *, height: str = "600px", title: str = "Samverkan graph") -> str:
    """An iframe holding `page` (escaped into srcdoc); its scripts run sandboxed, apart from the notebook."""
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'sandbox="allow-scripts" style="width: 100%; height: {html.escape(height, quote=True)}; '
        'border: 1px solid #dddddd"></iframe>'
    )


def display_page(page: str, *, height: str = "600px", title: str = "Samverkan graph") -> None:
    """Display `page` inline in the running Jupyter kernel (IPython.display)."""
    display = optional_module("IPython.display", "Showing a page in a notebook")
    # In a <div>: IPython warns about HTML that starts with <iframe> (its IFrame cannot take srcdoc).
    display.display(display.HTML(f"<div>{srcdoc_iframe(page, height=height, title=title)}</div>"))
