"""The engine's own messages for validation problems, in Chinese and English.

Forms bring their own constraint and required messages; these are the fall-backs and the
messages for problems a form cannot word itself (wrong type, bad ID number, unknown field).
Placeholders are `str.format` fields.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "required": {"zh": "此项必填", "en": "This answer is required"},
    "constraint": {"zh": "答案不符合要求", "en": "This answer is not allowed"},
    "type.text": {"zh": "应为文字", "en": "Expected text"},
    "type.integer": {"zh": "应为整数", "en": "Expected a whole number"},
    "type.decimal": {"zh": "应为数字", "en": "Expected a number"},
    "type.money": {
        "zh": "应为金额（元，最多两位小数）",
        "en": "Expected an amount in yuan with at most two decimals",
    },
    "type.date": {"zh": "应为日期（年-月-日）", "en": "Expected a date (YYYY-MM-DD)"},
    "type.select_one": {"zh": "应为单个选项", "en": "Expected one choice"},
    "type.select_multiple": {"zh": "应为选项列表", "en": "Expected a list of choices"},
    "type.id_number": {"zh": "应为身份证号", "en": "Expected an ID number"},
    "type.phone": {"zh": "应为电话号码", "en": "Expected a phone number"},
    "type.repeat": {"zh": "应为记录列表", "en": "Expected a list of entries"},
    "type.row": {"zh": "每条记录应为一组答案", "en": "Each entry must be a set of answers"},
    "type.boolean": {"zh": "应为是或否", "en": "Expected true or false"},
    "type.calculate": {"zh": "应为计算所得的单个值", "en": "Expected a single calculated value"},
    "choice": {"zh": "不是有效选项：{value}", "en": "Not one of the choices: {value}"},
    "id_number.length": {"zh": "身份证号应为18位", "en": "An ID number has 18 characters"},
    "id_number.character": {
        "zh": "身份证号第{position}位“{char}”不是数字",
        "en": "Character {position} of the ID number, “{char}”, is not a digit",
    },
    "id_number.character18": {
        "zh": "身份证号第18位“{char}”应为数字或X",
        "en": "The last character of the ID number, “{char}”, must be a digit or X",
    },
    "id_number.shape": {
        "zh": "身份证号应为17位数字加1位数字或X",
        "en": "An ID number is 17 digits and a digit or X",
    },
    "id_number.date": {
        "zh": "身份证号中的出生日期无效",
        "en": "The birth date in the ID number is not valid",
    },
    "id_number.region": {
        "zh": "身份证号的地区码无效",
        "en": "The region code of the ID number is not valid",
    },
    "id_number.check": {
        "zh": "身份证号校验位不符，请核对",
        "en": "The check digit does not match: please re-check the number",
    },
    "phone": {
        "zh": "应为11位手机号或带区号的固定电话",
        "en": "Expected an 11-digit mobile or a landline with area code",
    },
    "attachment": {
        "zh": "附件引用无效（应含 SHA-256）",
        "en": "Not a valid attachment reference (a SHA-256 is expected)",
    },
    "repeat_count.min": {"zh": "至少需要 {count} 条", "en": "At least {count} entries are needed"},
    "repeat_count.max": {"zh": "最多 {count} 条", "en": "At most {count} entries are allowed"},
    "repeat_count.exact": {"zh": "应为 {count} 条", "en": "Exactly {count} entries are needed"},
    "choice.filtered": {
        "zh": "不是当前可选的选项：{value}",
        "en": "Not one of the choices offered for the answers above: {value}",
    },
    "unknown_field": {"zh": "表单中没有此项", "en": "The form has no such question"},
}


def message(key: str, lang: str, **params: object) -> str:
    texts = MESSAGES[key]
    template = texts.get(lang) or texts["en"]
    return template.format(**params)


def with_label(label: str, text: str, lang: str) -> str:
    """Prefix a message with the question's label, punctuated for the language."""
    return f"{label}：{text}" if lang == "zh" else f"{label}: {text}"
