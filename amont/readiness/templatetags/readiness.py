from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """A percent for display, "—" when there was nothing to count."""
    if value is None:
        return "—"
    # Translators: a percentage; French puts a (non-breaking) space before the sign.
    return gettext("%(value)s%%") % {"value": round(value)}
