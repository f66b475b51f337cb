"""Archive attachments (ZIP, RAR, 7z) filed as the documents they hold.

When a parse job's bytes are an archive (`parsers.archives`), the archive itself is no
record: each member becomes a document of its own, its bytes a blob of their own
(content-addressed, with the media type sniffed from them), and a parse job filed like any
attachment, so a ZIP holding the PDF of a report versions the same report as the PDF.

A member's address is a `jar:` URL, `jar:<archive URL>!/<member path>` (the provisional IANA
scheme Java and Apache Commons VFS use for an entry inside an archive; `jar:jar:…!/a.zip!/b.pdf`
for an archive inside an archive). Not a fragment (`report.zip#/报告.pdf`): a document is its
address without the fragment (`archive.catalogue.documents.normalize_url`), so every member
would collapse into the archive, and real portals use `#/` routes. `%`, `!`, `#`, `?`, spaces
and control characters in a member name are percent-encoded; Chinese stays readable.

Provenance stays true: no fetch is made up for a member. Its parse job carries the archive's
fetch, so its version source says "these bytes, at this member, came with that fetch (or
import) of the archive", its document's parent is the archive, and an attachment's page is
found through the archive's fetch as for any attachment. Members the archive reader left out
(unsafe names, links, encrypted, not documents) are logged, one line each.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import select

from archive.catalogue.blobs import sha256
from archive.catalogue.db import Catalogue, insert_ignore
from archive.catalogue.documents import ensure_document, normalize_url
from archive.catalogue.models import Blob, Fetch
from archive.versions import ParseJob
from parsers.archives import is_archive, unpack
from parsers.limits import ExtractionError

log = logging.getLogger(__name__)

#: Characters percent-encoded in a member's name: those that would end or split the URL.
_RESERVED = re.compile(r"[%!#?\x00-\x20\x7f]")


def member_url(archive_url: str, path: tuple[str, ...]) -> str:
    """`jar:<archive URL>!/<member>`, one `jar:` and one `!/` per level of nesting."""
    parts = [_RESERVED.sub(lambda m: f"%{ord(m.group()):02X}", p) for p in path]
    return "jar:" * len(path) + normalize_url(archive_url) + "".join(f"!/{p}" for p in parts)


def member_jobs(cat: Catalogue, job: ParseJob, data: bytes,
                media_type: str | None) -> list[tuple[ParseJob, bytes, str]] | None:
    """None when `data` is no archive; else the parse jobs of its members, whose bytes and
    documents are stored (an archive that cannot be opened gives none, logged)."""
    if not is_archive(data, media_type, job.url):
        return None
    try:
        unpacked = unpack(data, media_type=media_type, url=job.url)
    except ExtractionError as exc:
        log.warning("could not open the archive %s: %s", job.url, exc)
        return []
    for note in unpacked.notes:
        log.warning("%s: %s", job.url, note)
    members = unpacked.members
    puts = cat.store.put_many([(m.data, sha256(m.data)) for m in members])
    jobs = []
    with cat.session() as s:
        role = s.scalar(select(Fetch.role).where(Fetch.id == job.fetch_id)) or "attachment"
        portal_id = cat.portal_id(s, job.portal_key)
        for member, put in zip(members, puts, strict=True):
            size = put.compressed_size if put.written else cat.store.stored_size(put.digest)
            insert_ignore(s, Blob, dict(sha256=put.digest, size=len(member.data),
                                        compressed_size=size, media_type=member.media_type,
                                        stored_at=job.seen_at), ["sha256"])
            url = member_url(job.url, member.path)
            doc_id = ensure_document(s, url, role=role, portal_id=portal_id,
                                     parent_id=job.document_id, seen_at=job.seen_at)
            jobs.append((ParseJob(job.fetch_id, doc_id, put.digest, url, job.portal_key,
                                  job.seen_at), member.data, member.media_type))
    log.info("%s: %s archive of %d document(s)", job.url, unpacked.kind, len(jobs))
    return jobs
