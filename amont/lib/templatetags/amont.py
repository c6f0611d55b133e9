from django import template

from amont.lib.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.filter
def percent(part, whole) -> int:
    """Whole percent of part over whole; 0 when there is nothing to divide."""
    if not whole:
        return 0
    return round(100 * (part or 0) / whole)
