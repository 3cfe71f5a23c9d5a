"""The benchmark's memory figures: each build stage's peak is read from samples taken outside the build."""

from benchmarks.measure import peaks_within


def test_a_stage_peak_is_the_highest_sample_inside_its_span() -> None:
    samples = [(0.0, 100), (1.0, 300), (2.0, 200), (3.0, 900), (4.0, 50)]
    spans = [("validate", 0.5, 2.5), ("mkdocs", 2.5, 3.5), ("swap in", 4.5, 5.0), ("validate", 3.9, 4.1)]
    assert peaks_within(samples, spans) == {"validate": 300, "mkdocs": 900}
