"""`accord bench paper`: serving a paper streams it (issue 16, "Performance")."""

from accord.bench import paper_memory


def test_serving_a_paper_keeps_its_peak_memory_far_below_its_size():
    result = paper_memory.measure(4)
    assert result["streaming"] and result["served_bytes"] == result["paper_bytes"]
    # A response that loaded the file would allocate at least its 4 MB.
    assert result["peak_python_bytes"] < 1024 * 1024
    assert result["passed"]
