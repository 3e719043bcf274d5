"""Extra report sections from plugins, rendered guarded: a broken one is named, not fatal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop.engine.recommendation import Recommendation
    from workshop.plugins import PluginHost


def plugin_sections(recommendation: Recommendation,
                    host: PluginHost | None) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of every plugin section that has something to say."""
    if host is None or recommendation.evaluation is None:
        return []
    lang = recommendation.language
    found = []
    for section in host.report_sections():
        try:
            paragraphs = section.render(recommendation.evaluation, lang)
        except Exception as error:
            host.note_failure(f"report section {section.id}", error)
            continue
        if paragraphs:
            title = section.title.get(lang) or section.title.get("en") or section.id
            found.append((title, [str(p) for p in paragraphs]))
    return found
