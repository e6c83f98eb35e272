"""Tests of the knowledge base: cards, chunking, index versioning, retrieval, ingestion, server mode."""
