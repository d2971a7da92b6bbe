"""The registry of client APIs ("surfaces") eventcore can serve."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from attrs import frozen
from flask_smorest import Api

from eventcore.http.errors import Renderer
from eventcore.http.openapi import Blueprint


@frozen
class Surface:
    name: str
    title: str
    blueprints: Callable[[], Sequence[Blueprint]]
    render_problem: Renderer
    # Adds what the document needs beyond the routes, such as security schemes.
    describe: Callable[[Api], None] = lambda api: None


# Surfaces served today, by name, each a module exposing SURFACE.
AVAILABLE = ("gatherhub",)


def load(name: str) -> Surface:
    module = importlib.import_module(f"eventcore.http.surfaces.{name}")
    surface: Surface = module.SURFACE
    return surface
