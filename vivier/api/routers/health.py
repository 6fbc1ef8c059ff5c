from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest
from ninja import Router, Status

from vivier.api.schemas import HealthOut

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
