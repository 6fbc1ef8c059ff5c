from __future__ import annotations

from django.db import OperationalError

from vivier.api.routers import health


def test_it_answers_ok_without_a_token(anonymous_api):
    response = anonymous_api.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_503_when_the_database_does_not(anonymous_api, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = anonymous_api.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


def test_it_is_ready_when_the_schema_is_this_releases(anonymous_api):
    response = anonymous_api.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok", "pending_migrations": 0}


def test_it_is_not_ready_while_migrations_wait(anonymous_api, monkeypatch):
    monkeypatch.setattr(health, "pending_migrations", lambda: ["talent.0099_future"])
    response = anonymous_api.get("/ready")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == 1
