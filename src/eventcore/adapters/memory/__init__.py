"""Dict-backed adapters: for tests and for library users who need no database."""
