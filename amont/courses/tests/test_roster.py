"""Property tests of the roster parser (pure: no database)."""

import csv
import io
import string

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import django as hypothesis_django

from amont.courses.roster import (
    MAX_NAME_LENGTH,
    RosterDecodeError,
    decode_roster,
    parse_roster,
)
from amont.test import BaseTestCase

atoms = st.text(string.ascii_letters + string.digits + "+-_", min_size=1, max_size=8)
labels = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
emails = st.builds(
    lambda local, domain, tld: f"{'.'.join(local)}@{'.'.join(domain)}.{tld}",
    st.lists(atoms, min_size=1, max_size=3),
    st.lists(labels, min_size=1, max_size=3),
    st.text(string.ascii_letters, min_size=2, max_size=6),
)
names = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufeff"), max_size=40
)
rosters = st.lists(
    st.tuples(names, emails), min_size=1, max_size=30, unique_by=lambda r: r[1].lower()
)
HEADERS = [None, ["Nom", "Courriel"], ["name", "e-mail"], ["Full name", "Email address"]]
# Text made mostly of the characters that matter to the parser.
csvish = st.lists(
    st.sampled_from([*';,"\r\n@ \t\ufeff\x00é', "a", "b.c", "nom", "email", "prénom"])
).map("".join)


def write(rows, *, delimiter: str, header, bom: bool, newline: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + out.getvalue()


class RosterParserTestCase(hypothesis_django.TestCase, BaseTestCase):
    @given(st.one_of(st.text(), csvish))
    @settings(max_examples=300)
    def test_it_never_crashes_on_any_text(self, text):
        roster = parse_roster(text)
        lines = text.count("\n") + text.count("\r") + 1
        for error in roster.errors:
            self.assertTrue(1 <= error.line <= lines, (error, text))
        emails = [row.email for row in roster.rows]
        self.assertEqual(len(emails), len(set(emails)))
        self.assertEqual([row.line for row in roster.rows], sorted(row.line for row in roster.rows))
        for row in roster.rows:
            self.assertLessEqual(len(row.name), MAX_NAME_LENGTH)
            self.assertEqual(row.email, row.email.lower())

    @given(st.binary())
    def test_it_decodes_bytes_or_says_they_are_not_text(self, data):
        try:
            text = decode_roster(data)
        except RosterDecodeError:
            return
        self.assertNotIn("\x00", text)
        self.assertEqual(text, data.decode().removeprefix("\ufeff"))

    @given(
        rows=rosters,
        delimiter=st.sampled_from([",", ";"]),
        header=st.sampled_from(HEADERS),
        bom=st.booleans(),
        newline=st.sampled_from(["\n", "\r\n"]),
    )
    def test_it_reads_back_the_rows_it_is_given(self, rows, delimiter, header, bom, newline):
        text = write(rows, delimiter=delimiter, header=header, bom=bom, newline=newline)
        roster = parse_roster(text)
        self.assertEqual(roster.errors, ())
        self.assertEqual(
            [(row.name, row.email) for row in roster.rows],
            [(" ".join(name.split()), email.lower()) for name, email in rows],
        )
        first = 2 if header else 1
        self.assertEqual([row.line for row in roster.rows], list(range(first, first + len(rows))))

    @given(rows=rosters, bom=st.booleans())
    def test_it_reads_back_utf8_bytes(self, rows, bom):
        data = write(rows, delimiter=";", header=None, bom=False, newline="\r\n").encode()
        roster = parse_roster(decode_roster((b"\xef\xbb\xbf" if bom else b"") + data))
        self.assertEqual([row.email for row in roster.rows], [email.lower() for _, email in rows])

    @given(rows=rosters, duplicate=st.data())
    def test_it_reports_a_duplicate_email_with_both_lines(self, rows, duplicate):
        index = duplicate.draw(st.integers(0, len(rows) - 1))
        name, email = rows[index]
        text = write(
            [*rows, (name, email.upper())], delimiter=";", header=None, bom=False, newline="\n"
        )
        with translation.override("en"):
            roster = parse_roster(text)
        self.assertEqual(len(roster.errors), 1)
        self.assertEqual(roster.errors[0].line, len(rows) + 1)
        self.assertIn(f"line {index + 1}", roster.errors[0].message)

    def test_it_joins_first_and_last_names(self):
        roster = parse_roster(
            "prenom;nom;courriel\nLéa;Martin;lea@example.org\n;Petit;p@example.org"
        )
        self.assertEqual([row.name for row in roster.rows], ["Léa Martin", "Petit"])

    def test_it_reads_nom_alone_as_the_full_name(self):
        roster = parse_roster("courriel,nom\nlea@example.org,Léa Martin\n")
        self.assertEqual(roster.rows[0].name, "Léa Martin")

    def test_it_rejects_an_unknown_column(self):
        roster = parse_roster("nom;courriel;classe\nLéa;lea@example.org;5e B\n")
        self.assertEqual(roster.rows, ())
        self.assertEqual(roster.errors[0].line, 1)
        self.assertIn("classe", roster.errors[0].message)

    def test_it_requires_an_email_column(self):
        roster = parse_roster("prénom;nom\nLéa;Martin\n")
        self.assertEqual([e.line for e in roster.errors], [1])

    def test_it_guesses_the_separator_outside_quotes(self):
        roster = parse_roster('"Dupont, Jean, fils";jean@example.org\n')
        self.assertEqual(roster.rows[0].name, "Dupont, Jean, fils")

    def test_it_counts_lines_across_quoted_line_breaks(self):
        roster = parse_roster('"Léa\nMartin",lea@example.org\nbad\n')
        self.assertEqual(roster.rows[0].name, "Léa Martin")
        self.assertEqual(roster.errors[0].line, 3)

    def test_it_rejects_too_long_names_and_control_characters(self):
        roster = parse_roster("%s;a@example.org\nL\x07a;b@example.org\n" % ("x" * 151))
        self.assertEqual([e.line for e in roster.errors], [1, 2])
