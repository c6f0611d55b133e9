"""QTI 2.1 (1EdTech, formerly IMS) import and export, on the neutral question shape.

Reading
-------
`parse_qti(data)` accepts one `<assessmentItem>` file, an XML file holding several items,
or a content package: a ZIP with `imsmanifest.xml` whose `imsqti_item_xmlv2p*` resources
point at item files (without a manifest, every XML file whose root is an item is read).
Packages are read in memory within limits: MAX_BYTES unpacked in all, MAX_ZIP_MEMBERS
entries, no absolute or "../" names (the package is refused); an href leaving the package
or a missing file is an error entry. Interactions:

- choiceInteraction → single_choice (maxChoices 1) or multiple_choice; a single choice
  whose identifiers are "true" and "false" → true_false;
- textEntryInteraction alone in its paragraph → short_answer (string) or numeric (float,
  integer), or open_text when it has no correct answer; inside a sentence, with other
  text entries or with inlineChoiceInteraction → cloze gaps;
- orderInteraction → ordering; matchInteraction (and associateInteraction, the first
  choice of each pair on the left) → matching; extendedTextInteraction → open_text;
- anything else (hotspot, gap match, slider, upload…), several block interactions, or
  template variables → not imported, with an error giving the item's line.

Scores: `mapping` gives each answer's fraction (partial credit); without one, the
correctResponse is right. Mapped values above 1 are read as points and divided by the best
one (or, for multiple choice, the sum of the positive ones), which also gives the default
grade when MAXSCORE is not declared. Numeric answers and tolerances come from
`<equal toleranceMode="absolute|relative" tolerance="…">` conditions of
responseProcessing, or else from the correctResponse. Feedback: modalFeedback and
feedbackInline whose identifier is a choice (or, in our own files, an answer); feedback on
other outcomes ("correct", "incorrect") has no neutral equivalent and gives a warning.
Foreign texts are kept as HTML (text_format "html", sanitised at render time), their
indentation collapsed; the prompt is appended to the text. The manifest's LOM keywords
become tags, its classification taxon path the category.

Images: in a package, an `<img src>` (or, in our Markdown items, `![alt](src)`) naming a
file of the package relative to the item file becomes one of the question's
"attachments" (formats/images.py), with a warning naming it; a file over
MAX_ATTACHMENT_BYTES leaves the item out. A relative path leaving the package is never
looked for (a warning says so). Web addresses, absolute paths, missing files and the
images of a lone item file are not imported: the text keeps the reference and the
question gets a warning.

Writing
-------
`write_qti(questions)` returns a content package (ZIP bytes: imsmanifest.xml and
items/Qn.xml) and the questions it could not write, each with a "warnings" entry saying
why. Every type is written; response processing is written out rather than as a template,
so that partial credit (mapping), tolerances (`<equal toleranceMode="absolute">`),
per-answer feedback (modalFeedback on a FEEDBACK outcome) and the default grade (MAXSCORE)
work in other players. The questions' attachments are written under items/ (a relative
URL that names a free file is kept; others, such as /bank/images/<id>/, become
images/<digest>.<ext>, one file per content) and listed in the manifest.

Round trips
-----------
parse_qti(write_qti(qs)[0]) gives the questions back, except "line" and "warnings", with
these normalisations:

- Markdown and plain texts are kept exactly: `<itemBody class="amont-markdown">` (or
  amont-plain) marks our files, the question text is written as one `<p>` per blank-line
  separated paragraph inside `<div class="amont-text">`, feedback the same way, other
  texts as escaped text. Other players show the Markdown source as text.
- HTML texts become XHTML: elements QTI does not allow are unwrapped (script, style and
  iframe dropped with their content), attributes it does not allow are dropped, entities
  become characters, `<img>` gets an alt; `<br/>` comes back as `<br>`.
- Characters XML cannot carry (control characters) are dropped.
- Category and tags live in the manifest, so a lone item file loses them; both are
  trimmed, empty tags dropped.
- matching: distractors (left "") come after the pairs; equal rights are written once, so
  a distractor equal to another right disappears. cloze: gaps are numbered in the order
  of their markers. numeric: the answer text is the number as written in the file (the
  given text when it is a valid QTI number equal to the value, else the value), and a "*"
  answer comes last.
- Other players score ordering all-or-nothing (Amont grades per position) and do not
  know Moodle's `*` wildcard in short answers.
"""

from amont.quizzes.formats.qti.common import QTI_NS
from amont.quizzes.formats.qti.package import MAX_ZIP_MEMBERS
from amont.quizzes.formats.qti.reader import parse_qti
from amont.quizzes.formats.qti.writer import write_qti

__all__ = ["MAX_ZIP_MEMBERS", "QTI_NS", "parse_qti", "write_qti"]
