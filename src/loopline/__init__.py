"""Loopline: the human side of LLM training."""

__version__ = "0.1.0"

__all__ = ["__version__"]
