"""Reading a JSON column as its text, for bulk reads that parse it themselves.

Pydantic parses JSON text straight into a model (`Record.model_validate_json`, 4.1 µs a
record) faster than the driver's decoding plus a validation of the dict (0.6 + 5.5 µs), and
psycopg decodes jsonb with the standard library's `json`, slower than orjson. So the export's
and the QA report's streams read records and answers as text.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Text, cast, type_coerce


def json_text(conn: Connection, column: Any) -> Any:
    """`column` read as text: stored as text on SQLite, cast from jsonb on PostgreSQL."""
    if conn.dialect.name == "postgresql":
        return cast(column, Text)
    return type_coerce(column, Text)
