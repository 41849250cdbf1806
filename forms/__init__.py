"""Doorstep's form layer: form definitions, the form engine, screening rules and standards.

Pure Python with no Qt, database or web framework, so the laptop and the server check answers
with exactly the same code. It is also the bottom layer of the project and so holds the one
version number every part reports.
"""

__version__ = "0.1.0"
