"""Certification: schemes (versioned, from two shipped templates), applications through self-assessment,
external audit and decision, and certificates anyone can verify (issue 10, CERTIFICATION.md)."""
