from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from amont.lib.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def percent(part: float | None, whole: float | None) -> int:
    """Whole percent of part over whole; 0 when there is nothing to divide."""
    if not whole:
        return 0
    return round(100 * (part or 0) / whole)


@register.filter
def score(value: float | Decimal | str | None) -> str:
    """A score as people write it: 3, 2.5 (2,5 in French), never 3.0."""
    if value is None:
        return "—"
    rounded = round(float(value), 2)
    return number_format(rounded, decimal_pos=0 if rounded == int(rounded) else None)


@register.filter
def pct(value: float | None) -> str:
    """A percent for display, "—" when there was nothing to count."""
    if value is None:
        return "—"
    # Translators: a percentage; French puts a (non-breaking) space before the sign.
    return gettext("%(value)s%%") % {"value": round(value)}
