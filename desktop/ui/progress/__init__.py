"""The supervisor's progress dashboard, exports, spot checks and the household audit view."""
