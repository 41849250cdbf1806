"""Supervision: who a reviewer is, spot checks (重点抽查) and a household's audit history."""
