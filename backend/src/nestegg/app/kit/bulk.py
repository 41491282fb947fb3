"""Fast bulk inserts: one driver ``executemany`` with values converted column by column.

SQLAlchemy's Core ``executemany`` spends most of its time building parameters row by row;
for imports of 100,000 rows that dominates. This applies each column's own bind processor
(so values are stored exactly as the ORM would store them) in a tight loop, then hands the
driver a single prepared statement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

CHUNK = 10_000


def bulk_insert(session: Session, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) into ``table`` in the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0].keys())
    compiled = (
        sa.insert(table)
        .values({name: sa.bindparam(name) for name in names})
        .compile(dialect=dialect)
    )
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    converted: list[Any] = []
    for row in rows:
        values = [row[name] for name in names]
        for i, process in enumerate(processors):
            if process is not None and values[i] is not None:
                values[i] = process(values[i])
        converted.append(values)
    if compiled.positional:
        order = [names.index(name) for name in compiled.positiontup or ()]
        params: list[Any] = [tuple(values[i] for i in order) for values in converted]
    else:
        params = [dict(zip(names, values, strict=True)) for values in converted]
    for start in range(0, len(params), CHUNK):
        connection.exec_driver_sql(str(compiled), params[start : start + CHUNK])
