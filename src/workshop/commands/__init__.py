"""One module per sub-command of the command line, each with ``add_arguments`` and ``run``."""
