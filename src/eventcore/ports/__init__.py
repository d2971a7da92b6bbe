"""Protocols for everything the core needs from the outside world."""
