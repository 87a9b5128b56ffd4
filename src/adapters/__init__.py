"""Implementations of the core's ports, one package per technology."""
