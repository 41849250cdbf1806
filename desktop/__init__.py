"""The Doorstep desktop client: encrypted store, services with no Qt, and the Qt user interface."""
