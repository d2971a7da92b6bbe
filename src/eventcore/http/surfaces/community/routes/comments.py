"""Comments on events, images on comments, and likes."""

from __future__ import annotations

from typing import Any

from eventcore.domain.comments import CommentDraft, CommentImageDraft
from eventcore.domain.ids import CommentId, EventId
from eventcore.http.context import core
from eventcore.http.surfaces.community import schemas
from eventcore.http.surfaces.community.auth import COOKIE_SCHEME, actor, session_required
from eventcore.http.surfaces.community.blueprint import community_blueprint
from eventcore.http.surfaces.community.errors import Speech, speaking
from eventcore.usecases import comments

blp = community_blueprint("comments", "Comments on events, their images, and likes")
secured = {"security": [COOKIE_SCHEME]}
EVENT_NOT_FOUND = "Event not found"
COMMENT_NOT_FOUND = "Comment not found"
NOT_ALLOWED = "you are not allowed to perform such actions"


@blp.route("/events/<int:event_id>/comments", methods=["POST"])
@session_required
@speaking(Speech(invalid="Comment could not be saved", not_found=EVENT_NOT_FOUND))
@blp.doc(**secured)
@blp.arguments(schemas.CommentIn)
@blp.response(201, schemas.CommentEnvelope)
@blp.alt_response(400, description="Comment could not be saved: <field> ...")
@blp.alt_response(404, description=EVENT_NOT_FOUND)
def add_comment(body: dict[str, str], event_id: int) -> tuple[dict[str, Any], int]:
    c = core()
    comment = comments.add_comment(
        c.uow(), c.clock, actor().id, EventId(event_id), CommentDraft(body=body["body"])
    )
    return {"message": "Comment saved successfully", "data": schemas.comment_out(comment)}, 201


@blp.route("/events/<int:event_id>/comments", methods=["GET"])
@session_required
@speaking(Speech(not_found=EVENT_NOT_FOUND))
@blp.doc(**secured)
@blp.response(200, schemas.CommentsEnvelope)
@blp.alt_response(404, description=EVENT_NOT_FOUND)
def list_comments(event_id: int) -> dict[str, Any]:
    found = comments.list_comments(core().uow(), actor().id, EventId(event_id))
    return {
        "message": "Comments successfully fetched",
        "data": [schemas.comment_out(comment) for comment in found],
    }


@blp.route("/comments/<int:comment_id>/images", methods=["POST"])
@session_required
@speaking(
    Speech(
        invalid="Error: image data could not be saved",
        not_found=COMMENT_NOT_FOUND,
        forbidden=NOT_ALLOWED,
    )
)
@blp.doc(**secured)
@blp.arguments(schemas.ImageIn)
@blp.response(201, schemas.ImageCreated)
@blp.alt_response(400, description="Error: image data could not be saved: <field> ...")
@blp.alt_response(403, description="Only the comment's author adds images to it")
@blp.alt_response(404, description=COMMENT_NOT_FOUND)
def add_image(body: dict[str, str], comment_id: int) -> tuple[dict[str, Any], int]:
    c = core()
    image = comments.add_comment_image(
        c.uow(),
        c.clock,
        actor().id,
        CommentId(comment_id),
        CommentImageDraft(url=body["image_url"]),
    )
    shown = schemas.image_out(image)
    return {"message": "Image saved successfully", **shown, "data": shown}, 201


@blp.route("/comments/<int:comment_id>/images", methods=["GET"])
@session_required
@speaking(Speech(not_found=COMMENT_NOT_FOUND))
@blp.doc(**secured)
@blp.response(200, schemas.ImagesEnvelope)
@blp.alt_response(404, description=COMMENT_NOT_FOUND)
def list_images(comment_id: int) -> dict[str, Any]:
    found = comments.list_comment_images(core().uow(), actor().id, CommentId(comment_id))
    return {
        "message": "all images successfully fetched",
        "data": [schemas.image_out(image) for image in found],
    }


@blp.route("/comments/<int:comment_id>/likes", methods=["POST"])
@session_required
@speaking(Speech(not_found=COMMENT_NOT_FOUND))
@blp.doc(**secured)
@blp.response(200, schemas.CountOut, description="Liked or UnLiked, with the new count")
@blp.alt_response(404, description=COMMENT_NOT_FOUND)
def toggle_like(comment_id: int) -> dict[str, Any]:
    c = core()
    outcome = comments.toggle_like(c.uow(), c.clock, actor().id, CommentId(comment_id))
    return {"message": "Liked" if outcome.liked else "UnLiked", "data": outcome.count}


@blp.route("/comments/<int:comment_id>/likes", methods=["GET"])
@session_required
@speaking(Speech(not_found=COMMENT_NOT_FOUND))
@blp.doc(**secured)
@blp.response(200, schemas.CountOut)
@blp.alt_response(404, description=COMMENT_NOT_FOUND)
def count_likes(comment_id: int) -> dict[str, Any]:
    count = comments.like_count(core().uow(), actor().id, CommentId(comment_id))
    return {"message": "Number of likes", "data": count}
