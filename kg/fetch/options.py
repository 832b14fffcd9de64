"""How politely and how far a build fetches: delays, timeouts, limits, and the user agent it names itself by."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg import __version__

__all__ = ["PROJECT_URL", "FetchOptions", "user_agent"]

# The address the user agent points site owners to.
PROJECT_URL = "https://w3id.org/samverkan"


def user_agent() -> str:
    """The User-Agent of every request, and the name robots.txt rules are matched against."""
    return f"samverkan-kg/{__version__} (+{PROJECT_URL})"


@dataclass(frozen=True)
class FetchOptions:
    """The fetcher's politeness and limits; the defaults are what `kg build` uses."""

    delay: float = 1.0  # seconds between the end of one request to a host and the start of the next
    connect_timeout: float = 10.0  # seconds to open a connection
    read_timeout: float = 30.0  # seconds to wait for each piece of a response
    max_bytes: int = 25 * 1024 * 1024  # a longer response is a failure (a robots.txt is cut instead)
    max_redirects: int = 5
    offline: bool = False  # answer from the fetch cache alone
    user_agent: str = field(default_factory=user_agent)
