"""The contribution form: a page on the site that writes a valid entry and proposes it on GitHub."""
