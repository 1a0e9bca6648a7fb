"""Import benchmark: `python -m bench import --lines N [--xlsx] [--reimport]`."""
