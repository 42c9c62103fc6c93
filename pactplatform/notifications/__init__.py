"""Notifications: a transactional outbox filled by the domain event bus, delivered by a worker (in-app, e-mail,
daily digest, webhooks), with deadline reminders computed by the same worker from the domain's dates."""
