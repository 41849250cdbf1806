"""Tokenizer for the XLSForm expression language.

Turns text such as `${age} >= 16 and selected(${benefits}, 'dibao_rural')` into a list of tokens
with their character positions, so the parser can point at the exact place of a mistake. It
accepts field references `${name}`, `.` for the current answer, numbers, quoted strings, names
(functions may contain hyphens and a namespace, e.g. `count-selected`, `jr:choice-name`) and the
XPath operators. It raises only `ExpressionError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from forms.errors import ExpressionError

MAX_EXPRESSION_LENGTH = 10_000


class Kind(Enum):
    NUMBER = "number"
    STRING = "string"
    REF = "reference"
    DOT = "."
    NAME = "name"
    OP = "operator"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    END = "end of expression"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    position: int


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:[-:.][A-Za-z_][A-Za-z0-9_]*)*")
_REF = re.compile(r"\$\{([^\W\d][\w.-]*)\}")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_SPACE = re.compile(r"\s+")
_OPERATORS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "|")


def tokenize(source: str) -> list[Token]:
    """Split `source` into tokens, ending with an END token."""
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError("expression is too long", source[:40] + "…", 0)
    tokens: list[Token] = []
    i = 0
    n = len(source)
    while i < n:
        char = source[i]
        space = _SPACE.match(source, i)
        if space:
            i = space.end()
            continue
        if char == "$":
            ref = _REF.match(source, i)
            if not ref:
                raise ExpressionError("a field reference looks like ${name}", source, i)
            tokens.append(Token(Kind.REF, ref.group(1), i))
            i = ref.end()
            continue
        if char.isascii() and (char.isdigit() or (char == "." and _NUMBER.match(source, i))):
            number = _NUMBER.match(source, i)
            if number:
                tokens.append(Token(Kind.NUMBER, number.group(0), i))
                i = number.end()
                continue
        if char == ".":
            tokens.append(Token(Kind.DOT, ".", i))
            i += 1
            continue
        if char in "'\"":
            end = source.find(char, i + 1)
            if end < 0:
                raise ExpressionError("unterminated string", source, i)
            tokens.append(Token(Kind.STRING, source[i + 1 : end], i))
            i = end + 1
            continue
        if char.isascii() and (char.isalpha() or char == "_"):
            name = _NAME.match(source, i)
            if name:
                tokens.append(Token(Kind.NAME, name.group(0), i))
                i = name.end()
                continue
        if char == "(":
            tokens.append(Token(Kind.LPAREN, char, i))
            i += 1
            continue
        if char == ")":
            tokens.append(Token(Kind.RPAREN, char, i))
            i += 1
            continue
        if char == ",":
            tokens.append(Token(Kind.COMMA, char, i))
            i += 1
            continue
        for op in _OPERATORS:
            if source.startswith(op, i):
                tokens.append(Token(Kind.OP, op, i))
                i += len(op)
                break
        else:
            raise ExpressionError(f"unexpected character {char!r}", source, i)
    tokens.append(Token(Kind.END, "", n))
    return tokens
