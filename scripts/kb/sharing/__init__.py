"""Keeping the knowledge base current and shareable: review dates, what's new, short links, session packs."""
