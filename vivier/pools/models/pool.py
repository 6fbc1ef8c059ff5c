"""Talent pools: lists of people a recruiter keeps together ("Data engineers Lyon", "Boomerangs 2026")."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TalentPoolQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class TalentPool(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, default="", max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # An archived pool keeps its members (and its campaigns' history) but takes no new ones; its name is free.
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    objects = TalentPoolQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("talent pool")
        verbose_name_plural = _("talent pools")
        constraints = [
            # Also the index of "is this name taken?" (pool_create, pool_update).
            models.UniqueConstraint(
                Lower("name"), condition=models.Q(archived_at__isnull=True), name="pool_name_unique_active"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class PoolMember(models.Model):
    # No index of its own: pool_member_unique (pool, candidate) serves "the members of a pool".
    pool = models.ForeignKey(TalentPool, on_delete=models.CASCADE, related_name="members", db_index=False)
    # Indexed (the FK's default index): "the pools of this person" on the candidate page; the cascade also
    # takes the person out of every pool when they are erased.
    candidate = models.ForeignKey(
        "talent.Candidate", on_delete=models.CASCADE, related_name="pool_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    note = models.CharField(_("note"), max_length=500, blank=True, default="")

    class Meta:
        ordering = ["-added_at", "-id"]
        verbose_name = _("pool member")
        verbose_name_plural = _("pool members")
        constraints = [
            # One row per person and pool (pool_add is idempotent); its index serves the pool's member list,
            # the campaign's walk through a pool by candidate id, and the members' counts.
            models.UniqueConstraint(fields=["pool", "candidate"], name="pool_member_unique"),
        ]
        indexes = [
            # the pool page: members newest first; the pools list: the latest addition of each pool
            models.Index(fields=["pool", "-added_at"], name="pool_member_added_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pool_id}: {self.candidate_id}"
