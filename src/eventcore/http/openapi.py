"""flask-smorest glue: one OpenAPI document per surface, and request errors that each
surface renders in its own format instead of webargs' 422."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NoReturn

import flask
import flask_smorest
import marshmallow as ma
import swagger_ui_bundle
from webargs.flaskparser import FlaskParser


class RequestInvalid(Exception):
    """The request's body, query or form did not match its schema.

    `messages` maps field names to lists of messages (nested for nested fields).
    """

    def __init__(self, messages: Mapping[str, Any]) -> None:
        super().__init__("Invalid request")
        self.messages = dict(messages)


_FORM_TYPES = {"multipart/form-data", "application/x-www-form-urlencoded"}
_NOT_JSON = {"body": ["The request body is not valid JSON."]}
_FORM_NOT_JSON = {
    "body": [
        "The request body must be JSON (Content-Type: application/json); it was sent as form data."
    ]
}
_LOCATIONS = {"json", "query", "form", "files", "json_or_form", "view_args"}


def _flatten(messages: Mapping[str, Any]) -> dict[str, list[str]]:
    """Request errors as {field: [message, ...]}, whatever the schema's nesting.

    Drops webargs' location level ({"json": {...}}), calls a body that is not an
    object "body" (as for a body that is not JSON at all), and writes errors inside
    lists and nested objects as plain lines: {"images": ["images[0].url: ..."]}.
    """
    if len(messages) == 1:
        ((location, inner),) = messages.items()
        if location in _LOCATIONS and isinstance(inner, Mapping):
            messages = inner
    flat: dict[str, list[str]] = {}
    for key, inner in messages.items():
        field = "body" if key == "_schema" else str(key)
        flat[field] = inner if _plain(inner) else _lines(inner, field)
    return flat


def _plain(messages: Any) -> bool:
    return isinstance(messages, list) and all(isinstance(m, str) for m in messages)


def _lines(messages: Any, where: str) -> list[str]:
    if isinstance(messages, str):
        return [f"{where}: {messages}"]
    if _plain(messages):
        return [f"{where}: {message}" for message in messages]
    if isinstance(messages, Mapping):
        lines: list[str] = []
        for key, inner in messages.items():
            if key == "_schema":
                place = where
            elif isinstance(key, int):
                place = f"{where}[{key}]"
            else:
                place = f"{where}.{key}"
            lines.extend(_lines(inner, place))
        return lines
    return [line for inner in messages for line in _lines(inner, where)]


class SurfaceParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400

    def handle_error(
        self,
        error: ma.ValidationError,
        req: flask.Request,
        schema: ma.Schema,
        *,
        error_status_code: int | None,
        error_headers: Mapping[str, str] | None,
    ) -> NoReturn:
        messages = (
            error.messages if isinstance(error.messages, Mapping) else {"_schema": error.messages}
        )
        raise RequestInvalid(_flatten(messages))

    def _handle_invalid_json_error(
        self, error: Any, req: flask.Request, *args: Any, **kwargs: Any
    ) -> NoReturn:
        raise RequestInvalid(_NOT_JSON)

    def _raw_load_json(self, req: flask.Request) -> Any:
        # A form sent where JSON is expected: say so, rather than call every field
        # that was sent missing.
        if req.mimetype in _FORM_TYPES and req.get_data(cache=True):
            raise RequestInvalid(_FORM_NOT_JSON)
        return json_body(req)

    def load_json_or_form(self, req: flask.Request, schema: ma.Schema) -> Any:
        if req.mimetype in _FORM_TYPES:
            return self.load_form(req, schema)
        return self.load_json(req, schema)


def json_body(req: flask.Request) -> Any:
    """The request's JSON body, or `missing` for none or a form. Raises RequestInvalid.

    A JSON body sent without a JSON content type is still read as JSON, as clients
    written against the seeds do not always set the header.
    """
    if req.mimetype in _FORM_TYPES:
        return ma.missing
    data = req.get_data(cache=True)
    if not data:
        return ma.missing
    # RecursionError: a body nested thousands of levels deep exhausts the decoder.
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise RequestInvalid(_NOT_JSON) from None


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = SurfaceParser()

    def arguments(self, schema: Any, **kwargs: Any) -> Any:
        # webargs builds a schema given as a class anew for every request (its fields
        # deep-copied: a tenth of a millisecond); one instance serves every request,
        # as loading keeps no state on it.
        if isinstance(schema, type) and issubclass(schema, ma.Schema):
            schema = schema()
        return super().arguments(schema, **kwargs)

    def register_views_in_doc(
        self, api: Any, app: flask.Flask, spec: Any, *, name: str, parameters: Any
    ) -> None:
        # Every operation gets a one-line summary: its view's docstring's first line,
        # else its view's name in words ("update_profile" -> "Update profile").
        for endpoint, info in self._docs.items():
            for method, operation in info.items():
                if method == "parameters" or not isinstance(operation, dict):
                    continue
                docstring = operation.setdefault("docstring", {})
                if not docstring.get("summary"):
                    docstring["summary"] = endpoint.replace("_", " ").strip().capitalize()
        super().register_views_in_doc(api, app, spec, name=name, parameters=parameters)


class SurfaceApi(flask_smorest.Api):
    """An Api that leaves error handling to the surfaces (several Apis share one app).

    `error_body` is the JSON Schema of the surface's real error body; it becomes the
    document's `Error` component, which every error response refers to.
    """

    def __init__(self, app: flask.Flask, *, config_prefix: str, error_body: Any) -> None:
        self.ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}
        super().__init__(app, config_prefix=config_prefix)
        self.spec.components.schema("Error", error_body)

    def _register_error_handlers(self) -> None:
        return None


def first_message(messages: Mapping[str, Any]) -> str:
    """The first refusal of a request's fields, as one sentence naming the field."""
    for field, inner in messages.items():
        while not isinstance(inner, str):
            if isinstance(inner, Mapping):
                inner = next(iter(inner.values()), "is not valid")
            elif isinstance(inner, list | tuple) and inner:
                inner = inner[0]
            else:
                inner = "is not valid"
        # Field messages are predicates ("is required"); a body's is a sentence.
        return f"{field} {inner}" if inner[:1].islower() else f"{field}: {inner}"
    return "the request is not valid"


def error_object(**properties: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of an error body with exactly these (required) properties."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


TEXT: dict[str, Any] = {"type": "string"}
FIELD_MESSAGES: dict[str, Any] = {"type": "object", "additionalProperties": {}}

SWAGGER_UI_ROUTE = "/_docs-assets"


# The bundle's files the docs pages load. The bundle also ships a demo page
# (index.html, swagger-initializer.js) that loads a sample document from another
# host: it is not served.
DOCS_ASSETS = frozenset(
    {
        "swagger-ui.css",
        "swagger-ui.css.map",
        "swagger-ui-bundle.js",
        "swagger-ui-bundle.js.map",
        "swagger-ui-standalone-preset.js",
        "swagger-ui-standalone-preset.js.map",
        "favicon-16x16.png",
        "favicon-32x32.png",
    }
)
# Swagger UI's options on every docs page: its default `validatorUrl` sends the
# document's URL to a validator on another host; null turns that off.
SWAGGER_UI_CONFIG = {"validatorUrl": None}


def register_docs_assets(app: flask.Flask) -> None:
    """Serve Swagger UI's files from the installed package, so no page needs a CDN."""

    def asset(filename: str) -> flask.Response:
        if filename not in DOCS_ASSETS:
            flask.abort(404)
        return flask.send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    app.add_url_rule(f"{SWAGGER_UI_ROUTE}/<path:filename>", "docs_assets", asset)


def api_config(name: str, title: str, prefix: str, version: str) -> dict[str, Any]:
    key = name.upper() + "_"
    return {
        f"{key}API_TITLE": title,
        f"{key}API_VERSION": version,
        f"{key}OPENAPI_VERSION": "3.0.3",
        f"{key}OPENAPI_URL_PREFIX": prefix or "/",
        f"{key}OPENAPI_JSON_PATH": "openapi.json",
        f"{key}OPENAPI_SWAGGER_UI_PATH": "docs",
        f"{key}OPENAPI_SWAGGER_UI_URL": f"{SWAGGER_UI_ROUTE}/",
        f"{key}OPENAPI_SWAGGER_UI_CONFIG": SWAGGER_UI_CONFIG,
    }
