"""The test pyramid: unit (no I/O), integration (real databases and tools), e2e (real services)."""
