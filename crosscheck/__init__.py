"""crosscheck: check what a code review claims against what the code actually is."""
__version__ = "0.1.0"
