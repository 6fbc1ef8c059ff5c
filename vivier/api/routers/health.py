from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest
from ninja import Router, Status

from vivier.api.schemas import HealthOut, ReadyOut

logger = logging.getLogger(__name__)
router = Router(tags=["health"])


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return False
    return True


@router.get("/health", auth=None, response={200: HealthOut, 503: HealthOut}, summary="Liveness and database")
def health(request: HttpRequest):
    """For load balancers and monitoring: no token needed, no data disclosed."""
    if database_ok():
        return {"status": "ok", "database": "ok"}
    return Status(503, {"status": "error", "database": "error"})


def pending_migrations() -> list[str]:
    """Migrations on disk that the database has not applied (a new release started before `vivier migrate`)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


@router.get("/ready", auth=None, response={200: ReadyOut, 503: ReadyOut}, summary="Readiness")
def ready(request: HttpRequest):
    """For orchestrators: send traffic only when the database answers and its schema is this release's."""
    if not database_ok():
        return Status(503, {"status": "not_ready", "database": "error", "pending_migrations": 0})
    pending = pending_migrations()
    if pending:
        logger.warning("readiness: migrations not applied", extra={"pending": pending})
        return Status(503, {"status": "not_ready", "database": "ok", "pending_migrations": len(pending)})
    return {"status": "ready", "database": "ok", "pending_migrations": 0}
