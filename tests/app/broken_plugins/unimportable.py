"""A plugin that cannot even be imported."""

raise ImportError("this plugin needs a module that is not installed")
