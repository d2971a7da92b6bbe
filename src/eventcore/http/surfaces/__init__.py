"""The registry of client APIs ("surfaces") eventcore can serve."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from attrs import frozen
from flask import Flask
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
    # Adds routes that are not in the OpenAPI document (a WebSocket), given the
    # app and the surface's prefix without its trailing slash.
    install: Callable[[Flask, str], None] = lambda app, root: None


# Surfaces served today, by name, each a module exposing SURFACE.
AVAILABLE = ("gatherhub", "eventify", "community", "ticketing", "socialcalendar")


def load(name: str) -> Surface:
    module = importlib.import_module(f"eventcore.http.surfaces.{name}")
    surface: Surface = module.SURFACE
    return surface
