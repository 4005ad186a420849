"""The catalog's SQLite tables (files, documents, chunks, meta, file contents), WAL mode."""

from __future__ import annotations

CATALOG_SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    converter TEXT NOT NULL, ingested_at TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY REFERENCES files(path) ON DELETE CASCADE,
    doc_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT, revision TEXT, effective_date TEXT,
    station TEXT, language TEXT, source TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'current', superseded_by TEXT,
    access TEXT NOT NULL DEFAULT 'everyone');
CREATE INDEX IF NOT EXISTS documents_doc_id ON documents(doc_id);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, path TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, kind TEXT NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL,
    revision TEXT, language TEXT NOT NULL, access TEXT NOT NULL, text TEXT NOT NULL,
    locator TEXT NOT NULL, metadata TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_path ON chunks(path);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS file_content (path TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS file_content_digest ON file_content(digest);
"""
