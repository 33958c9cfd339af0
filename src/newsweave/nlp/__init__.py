"""Shared language resources: the spaCy pipeline and the sentence-embedding model."""
