"""Where forms come from: the bundled definitions, definition files, and JSON from the server.

`load_form(id, version)` returns a bundled form (parsed once and cached: forms are immutable);
`load_definition_file(path)` reads a YAML or JSON file; `form_from_json(definition)` builds a form
from a definition the server shipped through its changes feed. All three check the definition and
raise `FormDefinitionError` naming the source and the path inside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from forms.errors import FormDefinitionError
from forms.form import Form
from forms.loader import build_form

__all__ = [
    "FormDefinitionError",
    "bundled_forms",
    "form_from_json",
    "load_definition_file",
    "load_form",
    "read_definition",
]

# libyaml's loader is six times faster than the pure-Python one; both are safe loaders.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BUNDLED = re.compile(r"(?P<id>[a-z0-9][a-z0-9_-]*)\.v(?P<version>[0-9]+)\.(?:yaml|json)")


def read_definition(text: str, source: str) -> dict[str, Any]:
    """Parse YAML or JSON text (JSON is YAML) into a definition dict."""
    try:
        data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise FormDefinitionError(source, [(where, f"not valid YAML/JSON: {error}")]) from None
    if not isinstance(data, dict):
        raise FormDefinitionError(source, [("", "a form definition is a mapping")])
    # A round trip through JSON turns YAML dates and other non-JSON values into what the wire
    # carries, so a form built from a file and one built from the server's JSON are the same.
    return json.loads(json.dumps(data, default=str, ensure_ascii=False))


def load_definition_file(path: str | Path) -> Form:
    """Load and check a definition file (`.yaml`, `.yml` or `.json`)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FormDefinitionError(str(file), [("", f"cannot read: {error}")]) from None
    return build_form(read_definition(text, str(file)), str(file))


def form_from_json(definition: Mapping[str, Any]) -> Form:
    """Build a form from a definition dict (as `Form.to_json()` returns and the server ships)."""
    source = f"{definition.get('id', '?')} v{definition.get('version', '?')}"
    return build_form(json.loads(json.dumps(definition, ensure_ascii=False)), source)


def _bundled_files() -> dict[tuple[str, int], str]:
    found: dict[tuple[str, int], str] = {}
    for entry in resources.files("forms.bundled").iterdir():
        match = _BUNDLED.fullmatch(entry.name)
        if match:
            found[(match.group("id"), int(match.group("version")))] = entry.name
    return found


def bundled_forms() -> list[tuple[str, int]]:
    """The (id, version) of every form shipped with the package, sorted."""
    return sorted(_bundled_files())


@lru_cache(maxsize=16)
def load_form(form_id: str, version: int) -> Form:
    """A bundled form; `LookupError` if there is no such form and version."""
    name = _bundled_files().get((form_id, version))
    if name is None:
        raise LookupError(f"no bundled form {form_id!r} version {version}")
    text = resources.files("forms.bundled").joinpath(name).read_text(encoding="utf-8")
    source = f"forms/bundled/{name}"
    return build_form(read_definition(text, source), source)
