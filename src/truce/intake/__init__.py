"""Intake: validation, normalisation, idempotency and bulk import of observations."""
