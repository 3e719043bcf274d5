"""The built-in network catalogue, registered through the same hook plugins use."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from workshop import Network, hookimpl
from workshop.stage import load_texts


def read_catalogue() -> list[Network]:
    entries = load_texts(resources.files("workshop.data").joinpath("networks.toml"))
    return [
        Network(
            id=network_id,
            name=dict(entry["name"]),
            audiences=tuple(entry["audiences"]),
            formats=tuple(entry["formats"]),
            posts_per_week=entry["posts_per_week"],
            minutes_per_post=entry["minutes_per_post"],
            community_minutes_per_week=entry["community_minutes_per_week"],
        )
        for network_id, entry in entries.items()
    ]


@hookimpl
def register_networks(register: Callable[[Network], None]) -> None:
    for network in read_catalogue():
        register(network)
