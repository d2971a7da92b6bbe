"""The Eventify views: accounts (/api/user/...) and events (/api/events/...)."""
