"""The consoles every command prints to (errors to stderr)."""

from rich.console import Console

console = Console()
err_console = Console(stderr=True)
