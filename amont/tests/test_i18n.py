"""French first, English complete: the default language, the switch, and a French
catalogue with no string left untranslated."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from amont.test import BaseTestCase

PO = Path(settings.BASE_DIR) / "amont" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    """(msgid, [msgstr…], flags) for each entry of a .po file."""
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], flags


class LanguageTest(BaseTestCase):
    def test_it_speaks_french_by_default(self):
        r = Client().get("/login/")
        self.assertContains(r, '<html lang="fr">')
        self.assertContains(r, "Se connecter")

    def test_it_speaks_english_to_an_english_browser(self):
        r = Client(headers={"accept-language": "en"}).get("/login/")
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, "Log in")

    def test_it_switches_language_and_remembers_it(self):
        client = Client()
        r = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
        self.assertRedirects(r, "/login/", fetch_redirect_response=False)
        self.assertEqual(client.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")
        self.assertContains(client.get("/login/"), '<html lang="en">')


def test_it_has_a_complete_french_catalogue():
    missing = [
        msgid
        for msgid, strings, flags in _entries(PO.read_text(encoding="utf-8"))
        if "fuzzy" in flags or not all(strings)
    ]
    assert missing == []


def test_it_ships_compiled_catalogues():
    for language in ("fr", "en"):
        mo = PO.parents[2] / language / "LC_MESSAGES" / "django.mo"
        assert mo.exists(), mo


_GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "ngettext_lazy"}


def test_it_never_translates_inside_an_f_string():
    """xgettext does not read a call inside an f-string: its msgid would silently leave the
    catalogue (it happened to "Document:" on the paper PDF)."""
    found = []
    for path in sorted((Path(settings.BASE_DIR) / "amont").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in _GETTEXT_NAMES
                ):
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{inner.lineno}")
    assert found == []
