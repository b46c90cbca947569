"""Alembic migrations of the state database (see bot.state.migrate)."""
