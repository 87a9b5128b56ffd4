"""The schema, as SQLAlchemy Core tables: the single source Alembic compares migrations with.

Explicit row <-> domain mapping (one `*_mapping` module per aggregate) keeps SQLAlchemy out
of the core's classes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ColumnElement,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
    func,
    literal_column,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from adapters.sqlalchemy.utc_datetime import UtcDateTime

__all__ = [
    "DIALECT_INFO_KEY",
    "dead_letters",
    "due_order",
    "email_jobs",
    "idempotency_keys",
    "inbox",
    "labels",
    "mail_opt_outs",
    "metadata",
    "no_due",
    "outbox",
    "refresh_tokens",
    "scheduled_runs",
    "todo_labels",
    "todo_lists",
    "todos",
    "users",
]

# `Index.info` key naming the one database an index exists on; `migrations/env.py` reads it so
# that `alembic check` does not expect the index on the other one.
DIALECT_INFO_KEY = "only_on_dialect"

# Deterministic constraint names keep autogenerate stable and make downgrades possible.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _name_key(length: int) -> String:
    """A casefolded name: what per-owner uniqueness compares, as a plain, indexable column.

    A stored key (not an expression index) makes both databases compare exactly the same
    thing, Python's `str.casefold()`. Casefolding turns one character into at most three
    (e.g. "ΐ"), hence the room. Binary ("C") order on PostgreSQL sorts like SQLite and Python
    do, whatever the database's default collation is.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")


users = Table(
    "users",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    # Already normalised (lower-cased) by EmailAddress, so a plain unique index is enough.
    Column("email", String(254), nullable=False),
    Column("display_name", String(100), nullable=False),
    Column("time_zone", String(64), nullable=False),
    # Opaque to the adapter: whatever the PasswordHasher produced, of whatever length.
    Column("password_hash", Text, nullable=False),
    Column("email_verified", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    # The daily digest: wanted or not, at which local time ("HH:MM", in `time_zone`), the local
    # date of the last one sent, and (derived) when the next one is due.
    Column("digest_enabled", Boolean, nullable=False),
    Column("digest_time", String(5), nullable=False),
    Column("digest_sent_on", Date, nullable=True),
    Column("next_digest_at", UtcDateTime, nullable=True),
    CheckConstraint("version >= 1", name="version_positive"),
    Index("ix_users_email", "email", unique=True),
    # The digest job's scan: "users whose digest is due", without reading the others.
    Index(
        "ix_users_next_digest_at",
        "next_digest_at",
        postgresql_where=text("next_digest_at IS NOT NULL"),
        sqlite_where=text("next_digest_at IS NOT NULL"),
    ),
)

# A login's rotation chain of refresh tokens (see `todo_core.domain.refresh_token`). No token
# is stored, only its SHA-256; no foreign key to users, like every owner column here: the core
# keeps the reference, and no cascade may remove rows behind its back.
refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("user_id", Uuid(as_uuid=True), nullable=False),
    Column("family_id", Uuid(as_uuid=True), nullable=False),
    Column("parent_id", Uuid(as_uuid=True), nullable=True),
    # Hex SHA-256: always 64 characters.
    Column("token_hash", String(64), nullable=False),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
    # The rotation that spent the token (all three or none): its successor, the salt that
    # successor's secret was derived with (base64url of 32 bytes: 43 characters), and the
    # hex HMAC tag of the client that spent it. See ADR 0012.
    Column("successor_id", Uuid(as_uuid=True), nullable=True),
    Column("successor_salt", String(43), nullable=True),
    Column("rotated_by", String(64), nullable=True),
    Column("version", Integer, nullable=False),
    CheckConstraint("version >= 1", name="version_positive"),
    CheckConstraint(
        "(successor_id IS NULL) = (successor_salt IS NULL)"
        " AND (successor_id IS NULL) = (rotated_by IS NULL)",
        name="rotation_complete",
    ),
    # Presenting a token is a lookup by its hash; two tokens with one hash could not be told apart.
    Index("ix_refresh_tokens_token_hash", "token_hash", unique=True),
    # Reuse detection and logout revoke a whole family.
    Index("ix_refresh_tokens_family_id", "family_id"),
)

todo_lists = Table(
    "todo_lists",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    # No foreign key to users yet: while authentication is provisional, a token may name an
    # owner that has no users row, and that owner's lists and labels must still work.
    Column("owner_id", Uuid(as_uuid=True), nullable=False),
    Column("name", String(100), nullable=False),
    Column("name_key", _name_key(300), nullable=False),
    Column("position", Integer, nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("is_inbox", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint("version >= 1", name="version_positive"),
    # Archiving a list frees its name: only active lists compete for it. Each predicate is spelled
    # as SQLAlchemy renders the repository's filters on that database (SQLite has no booleans),
    # since the planners use a partial index only when the query repeats its predicate.
    Index(
        "ix_todo_lists_active_name",
        "owner_id",
        "name_key",
        unique=True,
        postgresql_where=text("NOT archived"),
        sqlite_where=text("archived = 0"),
    ),
    Index(
        "ix_todo_lists_one_inbox",
        "owner_id",
        unique=True,
        postgresql_where=text("is_inbox"),
        sqlite_where=text("is_inbox = 1"),
    ),
    # The order lists are shown in, and the keyset that pages through them.
    Index("ix_todo_lists_owner_id_position_id", "owner_id", "position", "id"),
)

labels = Table(
    "labels",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    # No foreign key to users yet, for the reason given at todo_lists.owner_id.
    Column("owner_id", Uuid(as_uuid=True), nullable=False),
    Column("name", String(50), nullable=False),
    Column("name_key", _name_key(150), nullable=False),
    Column("colour", String(7), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint("version >= 1", name="version_positive"),
    # Also serves "an owner's labels by name": the key is unique, so no id is needed after it.
    Index("ix_labels_owner_id_name_key", "owner_id", "name_key", unique=True),
)


def _json() -> JSON:
    """JSON on SQLite, JSONB on PostgreSQL (containment operators, compact storage).

    `none_as_null`: a Python None is SQL NULL, not the JSON text `null`, so `IS NULL` finds it.
    """
    return JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


todos = Table(
    "todos",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("owner_id", Uuid(as_uuid=True), nullable=False),
    # No foreign keys to lists or parent todos: the core keeps those references, and a cascade
    # in the database would remove todos without the events their removal must publish.
    Column("list_id", Uuid(as_uuid=True), nullable=True),
    Column("parent_id", Uuid(as_uuid=True), nullable=True),
    Column("title", String(500), nullable=False),
    Column("notes", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("priority", String(16), nullable=False),
    # Derived from `priority`, written, never read back: what sorting and `priority_min` compare.
    Column("priority_rank", SmallInteger, nullable=False),
    # A due is a whole day (due_date) or an instant with the zone it was set in (due_at and
    # due_timezone); due_deadline is the instant it becomes overdue, what filters compare.
    Column("due_date", Date, nullable=True),
    Column("due_at", UtcDateTime, nullable=True),
    Column("due_timezone", String(64), nullable=True),
    Column("due_deadline", UtcDateTime, nullable=True),
    # Label ids as strings: what a todo is read from (no join). `todo_labels` repeats them, one
    # row each, for the listings by label.
    Column("labels", _json(), nullable=False),
    Column("reminders", _json(), nullable=False),
    Column("recurrence", _json(), nullable=True),
    # Derived, written, never read back: the earliest pending reminder of a live, open todo,
    # so finding the reminders due is a range scan instead of reading every todo's JSON.
    Column("next_reminder_at", UtcDateTime, nullable=True),
    Column("position", Integer, nullable=False, server_default=text("0")),
    Column("completed_at", UtcDateTime, nullable=True),
    Column("deleted_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint("status IN ('open', 'done')", name="status_known"),
    CheckConstraint("version >= 1", name="version_positive"),
    CheckConstraint(
        "priority IN ('none', 'low', 'medium', 'high', 'urgent')", name="priority_known"
    ),
    CheckConstraint("priority_rank BETWEEN 0 AND 4", name="priority_rank_range"),
    CheckConstraint("due_date IS NULL OR due_at IS NULL", name="due_one_kind"),
    CheckConstraint("(due_at IS NULL) = (due_timezone IS NULL)", name="due_at_has_timezone"),
    # Listings by creation time (the default view), live and trashed apart: each partial index
    # repeats the repository's own `deleted_at` predicate, which is what lets the planners use it,
    # and walks one owner's rows already in (created_at, id) order, in either direction.
    Index(
        "ix_todos_live_owner_id_created_at_id",
        "owner_id",
        "created_at",
        "id",
        postgresql_where=text("deleted_at IS NULL"),
        sqlite_where=text("deleted_at IS NULL"),
    ),
    Index(
        "ix_todos_trash_owner_id_created_at_id",
        "owner_id",
        "created_at",
        "id",
        postgresql_where=text("deleted_at IS NOT NULL"),
        sqlite_where=text("deleted_at IS NOT NULL"),
    ),
    # A list in its manual order (live todos are 95% of it: a filter, not a second index), and
    # "last position" and "every todo" in a list, which include the trash.
    Index("ix_todos_owner_id_list_id_position_id", "owner_id", "list_id", "position", "id"),
    Index("ix_todos_owner_id_parent_id", "owner_id", "parent_id"),
    # The scheduler's scans across all owners read only the rows that can match.
    Index(
        "ix_todos_next_reminder_at_id",
        "next_reminder_at",
        "id",
        postgresql_where=text("next_reminder_at IS NOT NULL"),
        sqlite_where=text("next_reminder_at IS NOT NULL"),
    ),
    Index(
        "ix_todos_deleted_at_id",
        "deleted_at",
        "id",
        postgresql_where=text("deleted_at IS NOT NULL"),
        sqlite_where=text("deleted_at IS NOT NULL"),
    ),
)


def _only_on(dialect: str, index: Index) -> Index:
    """An index that exists on one database only (created, migrated and compared only there)."""
    index.info[DIALECT_INFO_KEY] = dialect
    return index.ddl_if(dialect=dialect)


def due_order(*, descending: bool) -> ColumnElement[datetime]:
    """PostgreSQL's due sort key: the deadline, or `no_due` for todos without one.

    Without NULLs in the key, a keyset position is one row comparison, `(key, id) > (:v, :id)`,
    which is one range of the index below; `due_deadline NULLS LAST` needs `OR due_deadline IS
    NULL` beside it, which the planner can only apply as a filter over the rows before it.
    """
    return func.coalesce(todos.c.due_deadline, no_due(descending=descending))


def no_due(*, descending: bool) -> ColumnElement[datetime]:
    """What `due_order` gives a todo without a due: past every deadline in the sort's direction,
    so such todos come last both ways, as `sort_key` wants. No deadline can equal it."""
    beyond = "'-infinity'" if descending else "'infinity'"
    # Inline SQL, not a bound parameter: the planner matches a query's expression against the
    # index's only when both hold the same constant.
    return literal_column(f"{beyond}::timestamptz", UtcDateTime())


# Listings by due and the due and overdue filters, on PostgreSQL. SQLite keeps the plain column
# index: it sorts for `NULLS LAST` anyway, and serves the due filters from it.
_only_on(
    "postgresql",
    Index(
        "ix_todos_live_owner_id_due_order_id",
        todos.c.owner_id,
        due_order(descending=False),
        todos.c.id,
        postgresql_where=text("deleted_at IS NULL"),
    ),
)
_only_on(
    "sqlite",
    Index("ix_todos_owner_id_due_deadline_id", todos.c.owner_id, todos.c.due_deadline, todos.c.id),
)


def _trigram_index(column: Column[str]) -> Index:
    """A GIN trigram index on `lower(column)`, the expression the text search compares."""
    expression = f"{column.name}_lower"
    # Labelled, so that the operator class can name the expression.
    return Index(
        f"ix_todos_{column.name}_trgm",
        func.lower(column).label(expression),
        postgresql_using="gin",
        postgresql_ops={expression: "gin_trgm_ops"},
    )


# The text search, `lower(column) LIKE lower('%needle%')`: trigram indexes answer a substring
# LIKE, which no B-tree can (see docs/adr/0006-indexes-and-text-search.md).
_only_on("postgresql", _trigram_index(todos.c.title))
_only_on("postgresql", _trigram_index(todos.c.notes))


# One row per label of a todo, for "an owner's todos with label L" in creation order, which a
# GIN index on `todos.labels` can find but not order. Derived from the todo (`todo_label_rows`)
# and written by its repository in the transaction that writes the todo; never read back.
todo_labels = Table(
    "todo_labels",
    metadata,
    Column("todo_id", Uuid(as_uuid=True), primary_key=True),
    # No foreign key: labels may be named before their row exists (see labels.owner_id), and
    # deleting a label takes it off every todo through the todos themselves.
    Column("label_id", Uuid(as_uuid=True), primary_key=True),
    # The todo's, copied so that one index holds the whole listing's key and order.
    Column("owner_id", Uuid(as_uuid=True), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # `todos.deleted_at IS NULL`.
    Column("live", Boolean, nullable=False),
    # Checked at commit: the repository deletes a todo first, with its version check, and its
    # label rows after, so a lost race changes nothing. A forgotten delete fails the commit.
    ForeignKeyConstraint(["todo_id"], ["todos.id"], deferrable=True, initially="DEFERRED"),
    # `owner_id = :o AND label_id = :l AND live = :live ORDER BY created_at, todo_id` in either
    # direction, with the keyset `(created_at, todo_id) < (:v, :id)` as the start of the range.
    # `live` is a key column rather than a partial index's predicate, so that the trash by label
    # is served too (trashed rows are 5% of it). On PostgreSQL, the statistics object
    # `st_todo_labels_owner_id_label_id` (migration 0005; Alembic does not compare those) tells
    # the planner that a label has one owner.
    Index(
        "ix_todo_labels_owner_id_label_id_live_created_at_todo_id",
        "owner_id",
        "label_id",
        "live",
        "created_at",
        "todo_id",
    ),
)


outbox = Table(
    "outbox",
    metadata,
    # UUIDv7: time-ordered, so the primary key is also the publication order.
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("aggregate_type", String(64), nullable=False),
    Column("aggregate_id", Uuid(as_uuid=True), nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("event_version", Integer, nullable=False),
    Column("payload", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("published_at", UtcDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text, nullable=True),
    # "Oldest unpublished first" reads only the small unpublished tail of the table.
    Index(
        "ix_outbox_unpublished",
        "id",
        postgresql_where=text("published_at IS NULL"),
        sqlite_where=text("published_at IS NULL"),
    ),
    # Retention: "published rows older than N days, oldest first" without touching the rest.
    Index(
        "ix_outbox_published_at_id",
        "published_at",
        "id",
        postgresql_where=text("published_at IS NOT NULL"),
        sqlite_where=text("published_at IS NOT NULL"),
    ),
)


# What each event consumer has processed: the effect and its inbox row commit together, so a
# redelivered event is found here and skipped (`todo_core.use_cases.process_event`).
inbox = Table(
    "inbox",
    metadata,
    Column("consumer", String(100), primary_key=True),
    Column("event_id", Uuid(as_uuid=True), primary_key=True),
    Column("processed_at", UtcDateTime, nullable=False),
    # Retention: rows older than any redelivery can be deleted oldest first.
    Index("ix_inbox_processed_at", "processed_at"),
)

# Messages a consumer could never process, kept byte for byte with where they came from, for
# replay once the cause is fixed. Topic, partition and offset are empty for the in-process
# publisher's letters.
dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    Column("consumer", String(100), nullable=False),
    Column("topic", String(249), nullable=True),
    Column("partition", Integer, nullable=True),
    Column("offset", BigInteger, nullable=True),
    Column("key", LargeBinary, nullable=True),
    # [[name, base64 of the value], ...] in record order: header values are bytes.
    Column("headers", _json(), nullable=False),
    Column("value", LargeBinary, nullable=True),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("first_failed_at", UtcDateTime, nullable=False),
    Column("last_failed_at", UtcDateTime, nullable=False),
    Column("replayed_at", UtcDateTime, nullable=True),
    CheckConstraint("attempts >= 1", name="attempts_positive"),
    # One letter per failed record and consumer: a record failing again after a crash updates
    # it. (NULL positions, the in-process letters, never collide.)
    Index(
        "ix_dead_letters_consumer_topic_partition_offset",
        "consumer",
        "topic",
        "partition",
        "offset",
        unique=True,
    ),
    # "Not yet replayed, oldest first": the replay command's only query.
    Index(
        "ix_dead_letters_pending",
        "first_failed_at",
        "id",
        postgresql_where=text("replayed_at IS NULL"),
        sqlite_where=text("replayed_at IS NULL"),
    ),
)

# One user's `Idempotency-Key` and what it answered (see `todo_core.ports.idempotency_store`).
# No foreign key to users, for the reason given at todo_lists.owner_id.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("user_id", Uuid(as_uuid=True), primary_key=True),
    # Printable ASCII, checked before it gets here; compared byte for byte.
    Column("key", String(255), primary_key=True),
    # Hex SHA-256 of the request: always 64 characters.
    Column("fingerprint", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    # The response to replay, present exactly once the record is completed.
    Column("response_status", SmallInteger, nullable=True),
    Column("response_headers", _json(), nullable=True),
    Column("response_body", LargeBinary, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    CheckConstraint("state IN ('in_progress', 'completed')", name="state_known"),
    CheckConstraint(
        "(state = 'completed') = (response_status IS NOT NULL)", name="response_when_completed"
    ),
    # The purge: "expired rows, oldest first" without reading the live ones.
    Index("ix_idempotency_keys_expires_at", "expires_at"),
)

# The scheduler's ledger of job ticks (see `todo_core.ports.scheduled_runs`): the primary key
# lets one scheduler, of all that share the database, run a (job, slot).
scheduled_runs = Table(
    "scheduled_runs",
    metadata,
    Column("job", String(64), primary_key=True),
    Column("slot", UtcDateTime, primary_key=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("summary", Text, nullable=True),
    # Retention: "ticks before a cutoff, oldest first".
    Index("ix_scheduled_runs_slot", "slot"),
)

# E-mail to send, queued by the mailer's event handlers in their inbox transaction and sent by
# its sender loop (see `todo_core.ports.email_jobs`).
email_jobs = Table(
    "email_jobs",
    metadata,
    Column("id", Uuid(as_uuid=True), primary_key=True),
    # "<event id>:<kind>:<recipient>": a redelivered event makes no second job.
    Column("dedupe_key", String(400), nullable=False),
    Column("kind", String(50), nullable=False),
    Column("recipient", String(254), nullable=False),
    Column("payload", _json(), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("queued_at", UtcDateTime, nullable=False),
    Column("last_reply", Text, nullable=True),
    Column("sent_at", UtcDateTime, nullable=True),
    CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status_known"),
    CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    Index("ix_email_jobs_dedupe_key", "dedupe_key", unique=True),
    # The sender's claim, "pending and due, soonest first", reads only the pending rows.
    Index(
        "ix_email_jobs_due",
        "next_attempt_at",
        "id",
        postgresql_where=text("status = 'pending'"),
        sqlite_where=text("status = 'pending'"),
    ),
    # The operators' listing, newest first, by status.
    Index("ix_email_jobs_status_created_at_id", "status", "created_at", "id"),
)

# Kinds of mail a user turned off (a signed unsubscribe link); the mailer queues none of them.
mail_opt_outs = Table(
    "mail_opt_outs",
    metadata,
    Column("user_id", Uuid(as_uuid=True), primary_key=True),
    Column("kind", String(50), primary_key=True),
    Column("opted_out_at", UtcDateTime, nullable=False),
)
