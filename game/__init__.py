"""Security Dilemma: an educational game about arms races nobody wanted."""

__version__ = "0.1.0"
