"""Coding: codings tables (contract 4), coding API, validation and coded-segment tables."""
