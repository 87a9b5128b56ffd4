"""One module per scenario, each with `run(context) -> ScenarioResult`."""

__all__: list[str] = []
