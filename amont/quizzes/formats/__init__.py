"""Question interchange: parsers and writers for the formats teachers already have
(Moodle GIFT, Aiken, Moodle XML, QTI 2.1), all speaking one neutral shape.

No database access here: parsers take text and return a ParseResult; writers take
neutral questions and return text. The bank's import action turns neutral questions into
QuestionVersions; grading (`amont.quizzes.scoring`) works on the same shape.

The neutral question (a plain dict, JSON-serialisable; keys absent when not relevant):

    {
      "type": one of QUESTION_TYPES,
      "title": str,                 # short name ("" if the source has none)
      "text": str,                  # the question text, Markdown (HTML sources: sanitised HTML)
      "text_format": "markdown" | "html" | "plain",
      "general_feedback": str,
      "category": str,              # "" or a path like "Sciences/Cycle de l'eau"
      "tags": [str],
      "default_grade": float,       # points, default 1.0
      "line": int,                  # 1-based line where the question starts in the source
      "answers": [                  # choice types, short_answer, numeric, true_false
        {"text": str, "fraction": float, "feedback": str,
         # numeric only:
         "value": float, "tolerance": float}
      ],
      # multiple_choice: "answers" fractions may be negative (penalties); the positive
      #   fractions add up to 1.0.
      # true_false: answers == [{"text": "true", ...}, {"text": "false", ...}], the right
      #   one with fraction 1.0.
      # short_answer: every answer is an accepted answer with its fraction;
      "case_sensitive": bool,       # short_answer (default False)
      "accent_sensitive": bool,     # short_answer (default True)
      "pairs": [{"left": str, "right": str}],     # matching (extra distractor rights: left "")
      "items": [str],                              # ordering: the items in the right order
      "gaps": [                                    # cloze: "text" holds markers {{1}}, {{2}}…
        {"kind": "short_answer" | "choice" | "numeric",
         "answers": [{"text": str, "fraction": float, "feedback": str,
                      "value": float, "tolerance": float}]}
      ],
      "shuffle": bool,              # choice types, matching (default True)
      "attachments": {str: bytes},  # images the file carries, by the URL the texts write
                                    # (see formats/images.py); never stored as is
    }

A fraction is a float in [-1.0, 1.0] (Moodle's percentages divided by 100).
"""

from typing import Any, TypedDict

QUESTION_TYPES = (
    "single_choice",
    "multiple_choice",
    "true_false",
    "short_answer",
    "numeric",
    "matching",
    "ordering",
    "cloze",
    "open_text",
)

NeutralQuestion = dict[str, Any]


class _ParseErrorBase(TypedDict):
    line: int  # 1-based; 0 when the whole file is at fault
    message: str


class ParseError(_ParseErrorBase, total=False):
    # True for an item that is well formed but not a question Amont can hold (a Moodle
    # description, an unsupported type): it is reported as not imported and does not
    # stop the other questions. Without it, an error refuses the whole file.
    skipped: bool


class ParseResult(TypedDict):
    questions: list[NeutralQuestion]
    errors: list[ParseError]


class FormatError(Exception):
    """The whole file cannot be read (too big, not text, hostile XML, too deep)."""


# Limits for untrusted files; parsers raise FormatError beyond them.
MAX_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS = 2000
MAX_DEPTH = 64
# One image carried by a file (the bank's limit for an uploaded image: "2 MB").
MAX_ATTACHMENT_BYTES = 2_000_000
