"""Reader feedback: votes on articles and searches without a good answer, stored in a real database.

The receiver (app.py, Starlette) validates against the manifest the build writes (manifest.py), stores
through SQLAlchemy (store.py; SQLite by default, PostgreSQL by URL) with Alembic migrations, and
report.py turns the rows into the writers' report. Nothing here imports MkDocs.
"""
