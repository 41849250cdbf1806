"""The syntax tree of an expression and the parser that builds it.

A recursive-descent parser over the tokens of `forms.lexer`, with XPath 1.0 precedence (lowest
first): `or`, `and`, `=` `!=`, `<` `<=` `>` `>=`, `+` `-`, `*` `div` `mod`, unary `-`. The tree is
plain frozen dataclasses; `forms.evaluator` turns it into closures once, at load time. Nesting is
bounded so hostile text produces an `ExpressionError`, never a `RecursionError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from forms.errors import ExpressionError
from forms.lexer import Kind, Token, tokenize

MAX_DEPTH = 60


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | Decimal
    position: int


@dataclass(frozen=True, slots=True)
class Ref:
    name: str
    position: int


@dataclass(frozen=True, slots=True)
class Current:
    position: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node
    position: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node
    position: int


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    position: int


Node = Literal | Ref | Current | Unary | Binary | Call

_LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"or"}),
    frozenset({"and"}),
    frozenset({"=", "!="}),
    frozenset({"<", "<=", ">", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "div", "mod"}),
)
_WORD_OPERATORS = frozenset({"or", "and", "div", "mod"})


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is not Kind.END:
            self.index += 1
        return token

    def fail(self, message: str, token: Token) -> ExpressionError:
        return ExpressionError(message, self.source, token.position)

    def operator_at(self, level: int) -> str | None:
        token = self.peek()
        ops = _LEVELS[level]
        if token.kind is Kind.OP and token.text in ops:
            return token.text
        # `and`, `div`… are names to the lexer; they are operators only between operands.
        if token.kind is Kind.NAME and token.text in ops and token.text in _WORD_OPERATORS:
            return token.text
        return None

    def parse(self) -> Node:
        if self.peek().kind is Kind.END:
            raise self.fail("empty expression", self.peek())
        node = self.binary(0)
        token = self.peek()
        if token.kind is not Kind.END:
            raise self.fail(f"unexpected {token.text or token.kind.value!r}", token)
        return node

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("expression is nested too deeply", token)

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        self.enter(self.peek())
        left = self.binary(level + 1)
        while (op := self.operator_at(level)) is not None:
            token = self.advance()
            right = self.binary(level + 1)
            left = Binary(op, left, right, token.position)
        self.depth -= 1
        return left

    def unary(self) -> Node:
        token = self.peek()
        if token.kind is Kind.OP and token.text == "-":
            self.advance()
            self.enter(token)
            operand = self.unary()
            self.depth -= 1
            return Unary("-", operand, token.position)
        return self.primary()

    def primary(self) -> Node:
        token = self.advance()
        if token.kind is Kind.NUMBER:
            return Literal(Decimal(token.text), token.position)
        if token.kind is Kind.STRING:
            return Literal(token.text, token.position)
        if token.kind is Kind.REF:
            return Ref(token.text, token.position)
        if token.kind is Kind.DOT:
            return Current(token.position)
        if token.kind is Kind.LPAREN:
            self.enter(token)
            inner = self.binary(0)
            self.expect(Kind.RPAREN, "')'")
            self.depth -= 1
            return inner
        if token.kind is Kind.NAME:
            if self.peek().kind is not Kind.LPAREN:
                raise self.fail(
                    f"unknown name {token.text!r} (fields are written ${{{token.text}}})", token
                )
            self.advance()
            self.enter(token)
            args: list[Node] = []
            if self.peek().kind is not Kind.RPAREN:
                args.append(self.binary(0))
                while self.peek().kind is Kind.COMMA:
                    self.advance()
                    args.append(self.binary(0))
            self.expect(Kind.RPAREN, "')' or ','")
            self.depth -= 1
            return Call(token.text, tuple(args), token.position)
        if token.kind is Kind.END:
            raise self.fail("expression ends too early", token)
        raise self.fail(f"unexpected {token.text!r}", token)

    def expect(self, kind: Kind, what: str) -> Token:
        token = self.peek()
        if token.kind is not kind:
            found = token.text or token.kind.value
            raise self.fail(f"expected {what}, found {found!r}", token)
        return self.advance()


def parse(source: str) -> Node:
    """Parse `source`; raises `ExpressionError` (and nothing else) when it is not an expression."""
    if not isinstance(source, str):
        raise ExpressionError(f"an expression is text, not {type(source).__name__}")
    return _Parser(source).parse()


def references(node: Node) -> set[str]:
    """Every field name referenced with `${…}` in the tree."""
    found: set[str] = set()
    stack: list[Node] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Ref):
            found.add(item.name)
        elif isinstance(item, Unary):
            stack.append(item.operand)
        elif isinstance(item, Binary):
            stack.extend((item.left, item.right))
        elif isinstance(item, Call):
            stack.extend(item.args)
    return found


def calls(node: Node) -> set[str]:
    """The name of every function called in the tree (`once` for a calculation that keeps its
    first value, unknown names for the XLSForm importer to list)."""
    found: set[str] = set()
    stack: list[Node] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Call):
            found.add(item.name)
            stack.extend(item.args)
        elif isinstance(item, Unary):
            stack.append(item.operand)
        elif isinstance(item, Binary):
            stack.extend((item.left, item.right))
    return found
