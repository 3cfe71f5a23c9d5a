"""Offline and installable (issue #20): the web app manifest, the service worker and the page of what is saved."""
