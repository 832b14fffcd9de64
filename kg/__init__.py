"""samverkan-kg: a knowledge graph of collaboration between Swedish universities and public actors."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
