"""The benchmark harness behind `make bench`: every scenario against a baseline measured in the
same run, on a throwaway PostgreSQL and Kafka (see docs/benchmarks.md).

Not part of the test run: nothing here is collected by pytest, and nothing in `src` imports it.
"""

__all__: list[str] = []
