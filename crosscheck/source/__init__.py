"""Stage 2 input: the source a review talks about, read and lexed."""
from .loader import SourceFile, load_source, source_from_text
from .lexer import Lexed, Token, lex

__all__ = ["SourceFile", "load_source", "source_from_text", "Lexed", "Token", "lex"]
