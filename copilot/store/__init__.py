"""The stores: catalog, record tables, keyword and vector indexes, embedders, and the ingest
use case that writes them."""
