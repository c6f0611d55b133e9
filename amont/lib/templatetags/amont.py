from django import template
from django.utils.formats import number_format

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


@register.filter
def score(value) -> str:
    """A score as people write it: 3, 2.5 (2,5 in French), never 3.0."""
    if value is None:
        return "—"
    value = round(float(value), 2)
    return number_format(value, decimal_pos=0 if value == int(value) else None)
