"""The RenderCV header (`cv:` name, contacts, social networks) as the record's person."""

from __future__ import annotations

from ..profiles import profile_url
from .reader import Reader


def _person(cv: dict, reader: Reader) -> dict:
    name = reader.text(cv, "name", "cv")
    if not name:
        reader.problem("cv.name", "the person's name is needed (a record starts with it)")
    person: dict = {"name": name or ""}
    reader.sources["person.name"] = "cv.name"
    for key, target in (("headline", "headline"), ("label", "headline"), ("email", "email"),
                        ("phone", "phone"), ("location", "location"), ("website", "website")):
        value = reader.text(cv, key, "cv")
        if value and target not in person:
            person[target] = value.removeprefix("tel:") if key == "phone" else value
            reader.sources[f"person.{target}"] = f"cv.{key}"
    profiles = []
    for i, network in enumerate(cv.pop("social_networks", None) or []):
        path = f"cv.social_networks[{i}]"
        if not isinstance(network, dict):
            reader.unplaced[path] = network
            continue
        network = dict(network)
        label = str(network.pop("network", "") or "")
        username = str(network.pop("username", "") or "")
        url = profile_url(label, username)
        if url:
            reader.sources[f"person.profiles[{len(profiles)}]"] = path
            profiles.append({"label": label, "url": url})
        else:
            reader.unplaced[path] = {"network": label, "username": username}
        reader.leave(network, path)
    for i, connection in enumerate(cv.pop("custom_connections", None) or []):
        path = f"cv.custom_connections[{i}]"
        if isinstance(connection, dict) and str(connection.get("url", "")).startswith("http"):
            profiles.append({"label": str(connection.get("placeholder") or "link"),
                             "url": connection["url"]})
            rest = {k: v for k, v in connection.items() if k not in ("placeholder", "url")}
            reader.leave(rest, path)
        elif connection:
            reader.unplaced[path] = connection
    if profiles:
        person["profiles"] = profiles
    return person
