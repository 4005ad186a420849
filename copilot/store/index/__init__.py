"""Search indexes behind one port (base.Index): BM25 keywords, Chroma vectors, their fusion."""
