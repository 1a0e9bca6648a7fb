"""The planning bench: run it with `python -m bench.planning`."""
