"""URLs and the documents they name: a document is one address (without its fragment),
found by the hash of its URL or of an alias (an address that redirected to it)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import urldefrag

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from archive.catalogue.db import insert_ignore
from archive.catalogue.models import Document, DocumentAlias, aware


def normalize_url(url: str) -> str:
    """The URL as archived: without its fragment."""
    return urldefrag(url.strip())[0]


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def find_document(session: Session, url: str) -> Document | None:
    """The document a URL names, directly or as an alias."""
    doc_id = find_document_id(session, url)
    return session.get(Document, doc_id) if doc_id is not None else None


def find_document_id(session: Session, url: str) -> int | None:
    h = url_hash(normalize_url(url))
    doc_id = session.scalar(select(Document.id).where(Document.url_hash == h))
    if doc_id is None:
        doc_id = session.scalar(select(DocumentAlias.document_id).where(DocumentAlias.url_hash == h))
    return doc_id


def ensure_document(session: Session, url: str, *, role: str, portal_id: int | None,
                    parent_id: int | None, seen_at: datetime) -> int:
    """The id of the document for `url`, created on first sight; its last-seen time and
    role move forward. (Core statements: this runs for every fetch.)"""
    url = normalize_url(url)
    h = url_hash(url)
    row = session.execute(select(Document.id, Document.last_seen_at, Document.role)
                          .where(Document.url_hash == h)).first()
    if row is None:
        alias = session.scalar(select(DocumentAlias.document_id).where(DocumentAlias.url_hash == h))
        if alias is not None:
            row = session.execute(select(Document.id, Document.last_seen_at, Document.role)
                                  .where(Document.id == alias)).one()
    if row is None:
        new_id = insert_ignore(session, Document, dict(
            url=url, url_hash=h, role=role, portal_id=portal_id, parent_id=parent_id,
            first_seen_at=seen_at, last_seen_at=seen_at), ["url_hash"], returning=True)
        if new_id is not None:
            return new_id
        row = session.execute(select(Document.id, Document.last_seen_at, Document.role)
                              .where(Document.url_hash == h)).one()
    changes: dict[str, Any] = {}
    if aware(row.last_seen_at) < seen_at:
        changes["last_seen_at"] = seen_at
    if role != "other" and row.role == "other":
        changes["role"] = role
    if changes:
        session.execute(update(Document).where(Document.id == row.id).values(**changes))
    return row.id


def add_alias(session: Session, document_id: int, url: str) -> None:
    """Remember another URL of a document (e.g. the one that redirected to it)."""
    url = normalize_url(url)
    if find_document_id(session, url) is None:
        insert_ignore(session, DocumentAlias, dict(
            document_id=document_id, url=url, url_hash=url_hash(url)), ["url_hash"])
