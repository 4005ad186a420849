"""Records -> chunks: one chunk per record, split only when a record is very long.

A work-instruction step keeps its safety blocks: if a step must be split, every part repeats
the step's WARNING/CAUTION/DANGER lines so no part reads as if it had none.
"""

from __future__ import annotations

from copilot.core.access import PUBLIC_LABEL
from copilot.core.lexicon.codes import normalize_codes
from copilot.core.lexicon.injection import is_injection
from copilot.core.lexicon.safety import WARNING_LINE
from copilot.core.text import detect_language, has_hangul
from copilot.core.types import (
    Chunk,
    ConvertedDocument,
    Record,
    Scalar,
    compose_text,
    content_id,
)


def _split(text: str, max_chars: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max_chars, chunk_overlap=min(150, max_chars // 8),
        separators=["\n\n", "\n", ". ", "다. ", " ", ""])
    parts = splitter.split_text(text)
    safety = "\n".join(m.group(0).strip() for m in WARNING_LINE.finditer(text))
    if safety:
        parts = [p if safety[:40] in p else f"{safety}\n{p}" for p in parts]
    return parts


def _heading(doc: ConvertedDocument, record: Record) -> str:
    """A work-instruction chunk's "[DOC Rev X] title" line (it helps retrieval find the step
    by its document and section); rows carry their context in their own text."""
    info = doc.info
    if info.kind != "work_instruction":
        return ""
    head = info.doc_id + (f" Rev {info.revision}" if info.revision else "")
    title = record.title or info.title
    return f"[{head}] {title}" if title else f"[{head}]"


def chunk_document(
    doc: ConvertedDocument, max_chars: int = 1500, access: str = PUBLIC_LABEL
) -> list[Chunk]:
    """Turn a converted document into chunks with content-hash ids, labelled ``access``
    (part of a restricted chunk's id, so relabelling a file rewrites its index entries), each
    chunk addressed to an AI assistant flagged ``injection``."""
    info = doc.info
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for record in doc.records:
        base_meta: dict[str, Scalar] = {}
        if info.station:
            base_meta["station"] = info.station
        if info.title:
            base_meta["doc_title"] = info.title
        if info.effective_date:
            base_meta["effective_date"] = info.effective_date
        base_meta.update({k: v for k, v in record.fields.items() if v is not None and v != ""})
        base_meta = normalize_codes(base_meta)
        parts = _split(record.text, max_chars) if info.kind == "work_instruction" else [record.text]
        heading = _heading(doc, record)
        for n, part in enumerate(parts):
            text = compose_text(heading, part)
            meta = dict(base_meta)
            if len(parts) > 1:
                meta["part"] = n + 1
            if is_injection(text):
                meta["injection"] = True
            labelled = () if access == PUBLIC_LABEL else (access,)
            cid = content_id(info.source, record.locator.to_dict(), info.revision, n, text,
                             *labelled)
            if cid in seen:  # identical duplicate rows at the same locator cannot happen; guard
                continue
            seen.add(cid)
            lang = detect_language(part) if info.language == "ko" or has_hangul(part) else (
                info.language)
            chunks.append(Chunk(
                id=cid, text=text, kind=info.kind, doc_id=info.doc_id, source=info.source,
                locator=record.locator, language=lang, revision=info.revision, access=access,
                metadata=meta, heading=heading))
    return chunks

