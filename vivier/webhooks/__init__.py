"""Outgoing webhooks: signed HTTP POSTs to the agency's other tools when something happens in Vivier.

An event recorded by a service (vivier.talent.services.event_record) enqueues one delivery per subscribed
endpoint in the same transaction (the outbox rule); the worker posts them, retries with backoff, and keeps a
log. See docs/webhooks.md.
"""
