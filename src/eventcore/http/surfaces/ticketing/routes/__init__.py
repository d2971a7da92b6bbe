"""The ticketing views: users, events, attendance."""
