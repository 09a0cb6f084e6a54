"""Batch audit of review archives: manifest -> workers -> SQLite -> reports."""
