"""The demo project and its RAID log."""
