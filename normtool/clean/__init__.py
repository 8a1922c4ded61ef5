"""Clean stage: raw copy into a canonical body and the metadata found in it.

``encoding`` repairs characters; ``layout`` reflows lines into paragraphs;
``rules`` loads the boilerplate rules (data); ``metadata`` finds headlines
and dates; ``clean`` is the step that runs them in order on an article.
"""
from .clean import Cleaned, analyse, clean_article, clean_text
from .encoding import fix_encoding
from .rules import RulesError, load_rules

__all__ = ["clean_article", "clean_text", "analyse", "Cleaned", "fix_encoding", "load_rules",
           "RulesError"]
