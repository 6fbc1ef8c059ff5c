"""Writes of the webhooks app; import them from here.

endpoints: create, change, delete, rotate or reveal the secret (audited); deliveries: the enqueue called by
event_record, the worker's job (`webhook_deliver_next`), the ping, the redelivery and the daily prune
(`webhook_log_prune`).
"""

from vivier.webhooks.services.deliveries import (
    webhook_deliver_next,
    webhook_enqueue,
    webhook_log_prune,
    webhook_ping,
    webhook_redeliver,
)
from vivier.webhooks.services.endpoints import (
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_update,
    webhook_secret_reveal,
    webhook_secret_rotate,
)

__all__ = [
    "webhook_deliver_next",
    "webhook_endpoint_create",
    "webhook_endpoint_delete",
    "webhook_endpoint_update",
    "webhook_enqueue",
    "webhook_log_prune",
    "webhook_ping",
    "webhook_redeliver",
    "webhook_secret_reveal",
    "webhook_secret_rotate",
]
