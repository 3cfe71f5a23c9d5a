"""The benchmark: synthetic corpora of 300, 3,000 and 10,000 entries, and what validate, build, serve and
search cost on them. Run by `make bench` (`python -m benchmarks`); not part of the installed `kb`.

It also holds the browser helpers the tests share (`chromium`, `browser`)."""
