"""The London adolescent safeguarding knowledge base: content model, validator, site and search."""

__version__ = "0.1.0"
