"""The central server: FastAPI app, SQLAlchemy models, Alembic migrations, services and admin CLI.

Runs with no Qt installed; the desktop app never imports it (only the demo launcher starts it as a
separate process).
"""
