"""Builders of synthetic inputs shared by tests."""
