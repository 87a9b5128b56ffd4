"""Runnable processes: composition root, HTTP apps, command line."""
