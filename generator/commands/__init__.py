"""One module per subcommand of `python -m generator`.

Each module has `register(commands)`, which adds its sub-parser and sets `run` (a function of
the parsed arguments returning the exit code). `generator.cli` only wires them together and
turns errors into one line and an exit code.
"""
