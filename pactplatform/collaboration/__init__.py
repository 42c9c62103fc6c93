"""The process layer of a collective action for its members: the charter decision, meetings with their
decisions and follow-ups, and the anonymous collaboration-health survey."""
