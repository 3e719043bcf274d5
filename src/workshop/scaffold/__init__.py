"""Templates of ``workshop plugin new``: data files, listed in files.toml."""
