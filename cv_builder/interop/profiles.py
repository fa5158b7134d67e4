"""A profile's address from its network and username, as RenderCV makes it; both the
RenderCV and the JSON Resume import build it where a file gives only the username."""

from __future__ import annotations

import re

# Network (lower case) -> the address a username follows (RenderCV's url_dictionary, v1
# and v2, with the names JSON Resume files use for the same networks).
NETWORKS = {
    "linkedin": "https://linkedin.com/in/", "github": "https://github.com/",
    "gitlab": "https://gitlab.com/", "imdb": "https://imdb.com/name/",
    "instagram": "https://instagram.com/", "orcid": "https://orcid.org/",
    "stackoverflow": "https://stackoverflow.com/users/",
    "stack overflow": "https://stackoverflow.com/users/",
    "researchgate": "https://researchgate.net/profile/", "youtube": "https://youtube.com/@",
    "google scholar": "https://scholar.google.com/citations?user=",
    "googlescholar": "https://scholar.google.com/citations?user=", "telegram": "https://t.me/",
    "leetcode": "https://leetcode.com/u/", "x": "https://x.com/", "twitter": "https://twitter.com/",
    "bluesky": "https://bsky.app/profile/", "reddit": "https://reddit.com/user/",
    "whatsapp": "https://wa.me/",
}
# Usernames are written with an @ on some networks; the address has none.
_AT_OFF = ("twitter", "x", "github", "gitlab", "instagram", "telegram", "leetcode", "reddit",
           "youtube", "bluesky")


def profile_url(network: str, username: str) -> str | None:
    """The address of username on network ('GitHub', 'octocat' -> https://github.com/
    octocat; 'Mastodon', '@ada@hachyderm.io' -> https://hachyderm.io/@ada); a username
    that is an address already is kept; None for a network cv-builder does not know, or
    a username that cannot be part of an address."""
    username = username.strip()
    if not username:
        return None
    if username.startswith(("http://", "https://")):
        return username
    name = " ".join(network.lower().split())
    if name == "mastodon":
        match = re.fullmatch(r"@?([\w.-]+)@([\w.-]+\.[a-z]{2,})", username, re.I)
        return f"https://{match[2]}/@{match[1]}" if match else None
    base = NETWORKS.get(name)
    if name in _AT_OFF:
        username = username.removeprefix("@")
    if base is None or not re.fullmatch(r"[\w.~%+-]+(/[\w.~%+-]+)?", username):
        return None
    return base + username


def known_network(network: str) -> bool:
    """Whether cv-builder makes addresses for this network's usernames."""
    name = " ".join(network.lower().split())
    return name == "mastodon" or name in NETWORKS
