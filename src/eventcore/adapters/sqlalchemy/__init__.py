"""SQLAlchemy 2 Core adapters: SQLite by default, PostgreSQL through psycopg 3.

Tables are plain Core `Table`s and entities are mapped by hand in `rows.py`,
so the attrs domain classes stay frozen, slotted and free of SQLAlchemy.
"""
