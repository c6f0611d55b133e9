"""The demo's media: capsule and podcast timing, captions, the hand-written PDF, the files
ffmpeg makes, the cache, and the French resources of `amont.demo.library`."""

import re
import shutil
import tempfile
from itertools import pairwise
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from amont.content import media, providers
from amont.content.captions import make_vtt, read_captions, transcript_from_vtt
from amont.demo import data, library
from amont.demo import media as demo_media

SLIDES = [
    demo_media.Slide(
        "L'évaporation",
        (
            "Le Soleil chauffe l'eau des océans, des lacs et des rivières.",
            "Une partie devient vapeur d'eau, un gaz invisible qui monte dans l'air.",
        ),
    ),
    demo_media.Slide("La condensation", ("Les nuages sont de l'eau liquide.",)),
]
LINES = [
    ("Claire Martin", "Bonjour ! Aujourd'hui, le voyage d'une goutte d'eau."),
    ("Paul Roche", "Bonjour. Tout commence avec le Soleil, qui chauffe la mer."),
    ("Paul Roche", "La vapeur monte, refroidit, et forme des gouttelettes : un nuage."),
    ("Claire Martin", "Merci Paul !"),
]


def check_pdf(content: bytes) -> int:
    """Assert that the cross-reference table points at every object; the page count."""
    assert content.startswith(b"%PDF-1.4\n"), content[:20]
    assert content.rstrip().endswith(b"%%EOF")
    startxref = re.search(rb"startxref\n(\d+)\n", content)
    assert startxref, content[-40:]
    start = int(startxref.group(1))
    assert content[start:].startswith(b"xref\n0 "), content[start : start + 20]
    xref = re.match(rb"xref\n0 (\d+)\n", content[start:])
    assert xref, content[start : start + 20]
    count = int(xref.group(1))
    entries = re.findall(rb"(\d{10}) 00000 n \n", content[start:])
    assert len(entries) == count - 1, (len(entries), count)
    for number, offset in enumerate(entries, 1):
        assert content[int(offset) :].startswith(b"%d 0 obj\n" % number), number
    for match in re.finditer(rb"<< /Length (\d+) >>\nstream\n", content):
        end = match.end() + int(match.group(1))
        assert content[end : end + 10] == b"\nendstream", match.start()
    return len(re.findall(rb"/Type /Page ", content))


class CapsulePlanTests(SimpleTestCase):
    def setUp(self):
        self.plan = demo_media.plan_capsule(
            title="Le cycle de l'eau", subtitle="Sciences, 6e B", slides=SLIDES
        )

    def test_it_opens_on_a_title_card_then_shows_one_slide_after_the_other(self):
        title, first, second = self.plan.scenes
        self.assertEqual(title.start, 0)
        self.assertEqual(title.heading, "Le cycle de l'eau")
        self.assertEqual(title.lines, ("Sciences, 6e B",))
        self.assertEqual(first.start, title.end)
        self.assertEqual(second.start, first.end)
        self.assertEqual(first.heading, "L'évaporation")
        self.assertTrue(first.lines[0].startswith("• Le Soleil chauffe"))
        self.assertTrue(all(len(line) <= demo_media.BODY_LINE_CHARS for line in first.lines))
        self.assertGreater(self.plan.duration, second.end)

    def test_it_says_each_sentence_of_a_slide_while_the_slide_shows(self):
        cues = self.plan.cues
        self.assertEqual(cues[0].text, "Le cycle de l'eau")
        said = " ".join(cue.plain_text.replace("\n", " ") for cue in cues)
        for slide in SLIDES:
            for sentence in slide.sentences:
                self.assertIn(sentence, said)
        for earlier, later in pairwise(cues):
            self.assertLess(earlier.end, later.start)
        for scene in self.plan.scenes:
            inside = [c for c in cues if scene.start <= c.start < scene.end]
            self.assertTrue(inside, scene.heading)
            self.assertTrue(all(c.end <= scene.end for c in inside))
        # The evaporation slide lasts as long as its two sentences take to say.
        evaporation = self.plan.scenes[1]
        self.assertGreater(evaporation.end - evaporation.start, 120 / 13)

    def test_it_keeps_captions_to_two_lines_of_42_characters(self):
        long = "Une phrase bien trop longue pour tenir sur deux lignes de sous-titres, " * 2
        plan = demo_media.plan_capsule(
            title="T", subtitle="", slides=[demo_media.Slide("Titre", (long.strip(),))]
        )
        body = [cue for cue in plan.cues if cue.text != "T"]
        self.assertEqual(len(body), 2)
        for cue in plan.cues:
            lines = cue.text.split("\n")
            self.assertLessEqual(len(lines), 2)
            self.assertTrue(all(len(line) <= 42 for line in lines), lines)

    def test_it_writes_captions_that_parse_and_escapes_their_text(self):
        plan = demo_media.plan_capsule(
            title="A & B <C>", subtitle="", slides=[demo_media.Slide("Titre", ("x < y",))]
        )
        cues = read_captions(make_vtt(plan.cues))
        self.assertEqual([c.plain_text for c in cues], ["A & B <C>", "x < y"])

    def test_it_refuses_a_slide_that_does_not_fit_the_screen(self):
        crowded = demo_media.Slide(
            "Trop", tuple(["Une phrase de taille moyenne, ni plus ni moins."] * 9)
        )
        with self.assertRaisesMessage(ValueError, "at most 8"):
            demo_media.plan_capsule(title="T", subtitle="", slides=[crowded])
        with self.assertRaisesMessage(ValueError, "heading too long"):
            demo_media.plan_capsule(
                title="T", subtitle="", slides=[demo_media.Slide("Titre " * 10, ("Court.",))]
            )


class PodcastPlanTests(SimpleTestCase):
    def test_it_names_the_speakers_in_turn_after_the_jingle(self):
        plan = demo_media.plan_podcast(title="Podcast", lines=LINES)
        self.assertEqual(demo_media.speakers(plan), ["Claire Martin", "Paul Roche"])
        self.assertEqual(plan.cues[0].start, demo_media.JINGLE_SECONDS)
        self.assertEqual([c.voice for c in plan.cues][:2], ["Claire Martin", "Paul Roche"])
        transcript = transcript_from_vtt(make_vtt(plan.cues))
        paragraphs = transcript.split("\n\n")
        self.assertEqual(
            [p.split(":")[0] for p in paragraphs],
            ["Claire Martin", "Paul Roche", "Claire Martin"],
        )
        self.assertIn("qui chauffe la mer. La vapeur monte", paragraphs[1])
        self.assertGreater(plan.duration, plan.cues[-1].end)


class PdfTests(SimpleTestCase):
    def test_it_writes_a_valid_one_page_pdf_with_french_text(self):
        content = demo_media.pdf_document(
            title="Méthode — la fiche d'arrêt",
            subtitle="Licence 3",
            sections=[("1. Les faits", ["Qui ? Quoi ? « Où » (et quand) ?", "- Les parties."])],
            footer="Campus Amont",
            accent="0x9f1239",
        )
        self.assertEqual(check_pdf(content), 1)
        # WinAnsi: é is \351, « is \253, the parentheses are escaped; the band is red.
        self.assertIn(rb"(M\351thode \227 la fiche d'arr\352t)", content)
        self.assertIn(rb"\253 O\371 \273 \(et quand\) ?", content)
        self.assertIn(b"0.624 0.071 0.224 rg", content)
        self.assertIn(b"/Title <FEFF004D00E9", content)

    def test_it_adds_pages_as_the_text_needs_them(self):
        paragraph = "Un paragraphe assez long pour occuper deux lignes de la page, " * 3
        content = demo_media.pdf_document(
            title="Long",
            subtitle="",
            sections=[(f"Partie {n}", [paragraph, "- Un point."]) for n in range(30)],
            footer="Pied",
        )
        pages = check_pdf(content)
        self.assertGreaterEqual(pages, 3)
        self.assertIn(rb"(Pied \227 " + b"%d)" % pages, content)
        self.assertIn(b"/Count %d" % pages, content)


class MediaFileTests(SimpleTestCase):
    """ffmpeg runs here: a few seconds of media each time."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="amont-demo-test-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.plan = demo_media.plan_capsule(title="Essai", subtitle="Démo", slides=SLIDES[1:])
        self.palette = library.STYLES["eau"][0]

    def check_capsule(self, path: Path) -> None:
        info = media.probe(path)
        self.assertTrue(info.has_video and info.has_audio)
        self.assertEqual((info.width, info.height), (640, 360))
        self.assertEqual((info.video_codec, info.audio_codec), ("h264", "aac"))
        self.assertAlmostEqual(info.duration_seconds, self.plan.duration, delta=0.5)
        self.assertTrue(path.read_bytes()[4:8] == b"ftyp")

    def test_it_encodes_a_capsule_with_its_slides(self):
        path = demo_media.capsule_video(self.tmp / "capsule.mp4", self.plan, palette=self.palette)
        self.check_capsule(path)
        self.assertEqual(list(self.tmp.glob(".*part*")), [])

    def test_it_still_encodes_a_capsule_without_any_font(self):
        with mock.patch.object(demo_media, "find_fonts", return_value=None):
            self.assertFalse(demo_media.can_draw_text())
            path = demo_media.capsule_video(self.tmp / "bars.mp4", self.plan, palette=self.palette)
        self.check_capsule(path)

    def test_it_encodes_a_podcast_in_mp3(self):
        plan = demo_media.plan_podcast(title="Podcast", lines=LINES[:2])
        path = demo_media.podcast_audio(self.tmp / "podcast.mp3", plan)
        info = media.probe(path)
        self.assertEqual((info.has_video, info.has_audio, info.audio_codec), (False, True, "mp3"))
        self.assertAlmostEqual(info.duration_seconds, plan.duration, delta=0.5)

    def test_it_reports_ffmpeg_failures_and_leaves_no_partial_file(self):
        broken = demo_media.Palette("not-a-colour", "0x000000", "0xffffff")
        with self.assertRaisesMessage(demo_media.DemoMediaError, "could not make broken.mp4"):
            demo_media.capsule_video(self.tmp / "broken.mp4", self.plan, palette=broken)
        self.assertEqual(list(self.tmp.iterdir()), [])

    def test_it_makes_a_cached_file_once_per_key(self):
        made = []

        def make(path: Path) -> None:
            made.append(path)
            path.write_bytes(b"x")

        first = demo_media.cached(self.tmp, "capsule", ".mp4", ["a", 1], make)
        again = demo_media.cached(self.tmp, "capsule", ".mp4", ["a", 1], make)
        other = demo_media.cached(self.tmp, "capsule", ".mp4", ["a", 2], make)
        self.assertEqual(first, again)
        self.assertNotEqual(first, other)
        self.assertEqual(made, [first, other])
        self.assertRegex(first.name, r"^capsule-[0-9a-f]{16}\.mp4$")


class LibraryTests(SimpleTestCase):
    """The French resources are well formed before anything is encoded."""

    def test_it_lists_resources_for_every_session_of_every_course(self):
        slots = {(spec["key"], when) for spec in data.COURSES for when in ("past", "upcoming")}
        self.assertEqual(set(library.RESOURCES), slots)
        self.assertEqual(set(library.STYLES), {spec["key"] for spec in data.COURSES})

    def test_it_gives_every_session_a_capsule_that_fits_the_screen(self):
        for slot, items in library.RESOURCES.items():
            capsules = [item for item in items if item["type"] == "video"]
            self.assertEqual(len(capsules), 1, slot)
            plan = demo_media.plan_capsule(
                title=capsules[0]["title"], subtitle="", slides=capsules[0]["slides"]
            )
            self.assertTrue(55 <= plan.duration <= 90, (slot, plan.duration))
            self.assertGreaterEqual(len(plan.scenes), 5, slot)

    def test_it_keeps_podcasts_under_two_minutes_with_two_voices_or_more(self):
        podcasts = [
            i for items in library.RESOURCES.values() for i in items if i["type"] == "audio"
        ]
        self.assertGreaterEqual(len(podcasts), 3)
        for item in podcasts:
            plan = demo_media.plan_podcast(title=item["title"], lines=item["lines"])
            self.assertLess(plan.duration, 120, item["title"])
            self.assertGreaterEqual(len(demo_media.speakers(plan)), 2, item["title"])

    def test_it_links_a_peertube_video_and_shares_keyed_items(self):
        video = providers.parse_video_url(library.CLASSE_INVERSEE["url"])
        self.assertEqual(video.provider, providers.PEERTUBE)
        self.assertEqual(video.video_id, "9d109c46-311c-49ce-826e-406581233be0")
        keyed: dict[str, list[tuple[str, str]]] = {}
        for slot, items in library.RESOURCES.items():
            for item in items:
                if item.get("key"):
                    keyed.setdefault(item["key"], []).append(slot)
        self.assertEqual(len(keyed["fiche-arret"]), 2)
        self.assertEqual({slot[0] for slot in keyed["classe-inversee"]}, {"eau", "projet"})
