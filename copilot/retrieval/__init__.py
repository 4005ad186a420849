"""Retrieval: the Retriever port and its hybrid (BM25 + vector, fused) implementation."""

from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.port import Retriever, SearchResult

__all__ = ["HybridRetriever", "Retriever", "SearchResult"]
