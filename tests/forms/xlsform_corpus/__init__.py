"""A corpus of XLSForm workbooks written the way ODK and KoboToolbox users write them.

`BOOKS` must import (one per feature family, plus real-world-shaped forms: a household roster
with nested repeats, a cascading picker of 1,100 villages); `BROKEN` must be refused with the
exact reasons. See `model.py` for the table shape.
"""

from tests.forms.xlsform_corpus.books import BOOKS
from tests.forms.xlsform_corpus.broken import BROKEN
from tests.forms.xlsform_corpus.model import Book, Broken, write

__all__ = ["BOOKS", "BROKEN", "Book", "Broken", "write"]
