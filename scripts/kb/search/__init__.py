"""Search: `kb search` over a Whoosh index, related entries, likely duplicates and the site's Pagefind search."""
