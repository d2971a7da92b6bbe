"""The Flask adapter: one app, one blueprint family per client API."""

from eventcore.http.app import create_app

__all__ = ["create_app"]
