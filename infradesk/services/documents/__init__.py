"""The interchange document stored into and read from the workspace."""
