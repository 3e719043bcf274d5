"""The six core stages, each a plugin module registered exactly as a third party's would be."""

BUILTIN_PLUGINS: tuple[str, ...] = (
    "workshop.stages.catalogue",
    "workshop.stages.objectives",
    "workshop.stages.audience",
    "workshop.stages.networks",
    "workshop.stages.resources",
    "workshop.stages.tone",
    "workshop.stages.duration",
)
