"""LangChain retriever adapter, for plants that build their own chains on Floor Copilot's index.

Our core types stay our own; only this edge speaks LangChain (langchain-core):

    from copilot.langchain_adapter import FloorCopilotRetriever
    retriever = FloorCopilotRetriever(copilot=Copilot(load_settings()), k=5)
    docs = retriever.invoke("spindle bearing overheating on the OP20 press")
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from copilot.serialize import hit_to_json


class FloorCopilotRetriever(BaseRetriever):
    """Hybrid search of a Copilot as a LangChain retriever (citations in document metadata)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    copilot: Any  # copilot.service.Copilot (Any: pydantic need not know our types)
    k: int = 10
    where: dict[str, Any] | None = None
    include_superseded: bool = False

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        result = self.copilot.search(query, self.k, self.where, self.include_superseded)
        docs = []
        for hit in result.hits:
            meta = hit_to_json(hit)
            text = meta.pop("text")
            docs.append(Document(page_content=text, metadata=meta, id=hit.chunk.id))
        return docs
