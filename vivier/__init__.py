"""Vivier: keep the relationship when a candidate declines an offer."""
