"""Writes: every change a person can make, and who may make it."""
