"""/load_icon/<name>: an event icon as an `<img>` tag with the picture inlined."""

from __future__ import annotations

from flask import Response

from eventcore.domain.errors import NotFound
from eventcore.http.surfaces.socialcalendar import icons
from eventcore.http.surfaces.socialcalendar.blueprint import socialcalendar_blueprint

blp = socialcalendar_blueprint("icons", "Event icons")


@blp.route("/load_icon/<string:name>", methods=["GET"])
@blp.response(200, description='<img src="data:image/svg+xml;base64,...">')
@blp.alt_response(404, description="No icon of this name")
def load_icon(name: str) -> Response:
    """An event icon, as an `<img>` tag whose `src` is a base64 data URI."""
    if not icons.is_icon(name):
        raise NotFound(f"No icon is called {name[:64]!r}; try bell.svg.", field="name")
    response = Response(icons.img_tag(name), mimetype="text/html")
    # The icons change only with a release.
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response
