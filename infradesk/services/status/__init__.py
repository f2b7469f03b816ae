"""Weekly status: RAG rules, saved status updates and the report's data."""
