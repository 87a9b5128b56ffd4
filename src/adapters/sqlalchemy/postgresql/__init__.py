"""PostgreSQL via asyncpg: the production store."""

from adapters.sqlalchemy.postgresql.engine import create_postgresql_engine

__all__ = ["create_postgresql_engine"]
