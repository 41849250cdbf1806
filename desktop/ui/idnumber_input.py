"""The validator of every line edit where an ID number is typed (survey questions, new households).

Chinese input methods give full-width digits and a full-width Ｘ, and people type or paste the
number in groups with spaces. The validator folds that as it is typed (forms.idnumber's
normalization: NFKC, spaces dropped, 'x' upper-cased), so the field always shows the number as it
will be stored, and it limits the folded number to 18 characters: a maximum length on the line
edit itself would cut a pasted "110105 19491231 002X" before the spaces are dropped. Other
characters are let through so the check can say which one is wrong and where.
"""

from __future__ import annotations

from PySide6.QtGui import QValidator

from forms.idnumber import normalize_id_number


class IdNumberValidator(QValidator):
    def validate(self, text: str, pos: int) -> object:
        folded = normalize_id_number(text)
        if len(folded) > 18:
            return QValidator.State.Invalid, text, pos
        cursor = len(normalize_id_number(text[:pos]))
        state = QValidator.State.Acceptable if len(folded) == 18 else QValidator.State.Intermediate
        return state, folded, cursor
