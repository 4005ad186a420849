"""The LangChain adapter returns our hits as LangChain documents with citation metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.langchain_adapter import FloorCopilotRetriever
from copilot.service import Copilot
from tests.fixtures_plant import write_plant

pytestmark = pytest.mark.integration


def test_retriever_invoke_returns_documents_with_locators(app: Copilot, tmp_path: Path) -> None:
    app.ingest([write_plant(tmp_path / "plant")])
    retriever = FloorCopilotRetriever(copilot=app, k=3, where={"kind": "maintenance_log"})
    docs = retriever.invoke("coolant leak at the leak tester")
    assert 0 < len(docs) <= 3
    assert all(d.metadata["kind"] == "maintenance_log" for d in docs)
    assert "WO-24-00018" in docs[0].page_content
    assert docs[0].metadata["locator"].startswith("WO-24-00018")
    assert docs[0].id == docs[0].metadata["chunk_id"]
