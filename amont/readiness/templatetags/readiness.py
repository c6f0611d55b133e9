from django import template

from amont.lib.templatetags.amont import pct

register = template.Library()
# Readiness pages load `pct` from here as they always have; it lives with the project's
# filters so that kinds' templates can use it too.
register.filter("pct", pct)
