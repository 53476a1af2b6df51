"""Normalisation that makes a quote comparable with a source extraction.

The source texts are plain-text extractions that still carry HTML tags and
entities, Markdown links, emphasis and escapes, and hard line breaks. A quote
is "verbatim" when it is a substring of the source once both sides have lost
exactly that markup; every other character (curly quotes, dashes, spelling)
must match.
"""

from __future__ import annotations

import html
import re

_INLINE_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|a|code)(?:\s[^>]*)?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$&~|<>])")
_EMPHASIS = re.compile(r"\*\*|__")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Strip markup and fold white space, leaving the words as written.

    Inline tags (<strong>, <b> …) vanish without a trace, as they do on a
    rendered page; block tags (<p>, <li>, <td> …) separate words.
    """
    text = _INLINE_TAG.sub("", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\u00a0", " ")
    return _SPACE.sub(" ", text).strip()
