"""Alignment: events across outlets."""
