"""Data shipped inside the package: the built-in form definitions and example standards.

Files here are named `<form-id>.v<version>.yaml` (forms) and `standards-<county>-<year>.json`
(assistance standards); `forms.registry` and `forms.standards` find them by name.
"""
