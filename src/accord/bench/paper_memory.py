"""`accord bench paper`: serving a large meeting paper streams it (issue 16, "Performance").

A fresh process (so nothing else's memory counts) writes a paper of N MB (default 20) into a
temporary papers storage, builds the response the download view sends
(meetings.views.papers.paper_response: a FileResponse over the storage's file) and reads it
to the end as the server would. It reports the peak of Python's allocations while serving
(tracemalloc) and the growth of the process's peak resident size (getrusage): a response that
loaded the file whole would show at least N MB in both. The target: under 2 MB for 20 MB.

What is not measured here: the decision point and the access log before the response (tested
in meetings/tests/test_papers.py), which hold no file content.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import tracemalloc

TARGET_PEAK_BYTES = 2 * 1024 * 1024
CHUNK = 1024 * 1024


def _serve(megabytes: int) -> dict:
    from django.core.files.storage import FileSystemStorage

    from accord.meetings.models import Paper
    from accord.meetings.views.papers import paper_response

    with tempfile.TemporaryDirectory() as directory:
        storage = FileSystemStorage(location=directory)
        with open(os.path.join(directory, "paper.pdf"), "wb") as handle:
            handle.write(b"%PDF-1.4\n")
            for _ in range(megabytes):
                handle.write(os.urandom(CHUNK))
        size = os.path.getsize(os.path.join(directory, "paper.pdf"))
        paper = Paper(stored_name="paper.pdf", original_filename="paper.pdf",
                      content_type="application/pdf", size=size)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        response = paper_response(paper, storage.open(paper.stored_name, "rb"))
        served = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    return {"paper_bytes": size, "served_bytes": served, "streaming": response.streaming,
            "peak_python_bytes": peak, "peak_rss_growth_bytes": rss_growth_kb * 1024,
            "target_peak_bytes": TARGET_PEAK_BYTES,
            "passed": served == size and peak < TARGET_PEAK_BYTES}


def measure(megabytes: int = 20) -> dict:
    """Run the measurement in a child process and return its result."""
    code = ("import json, sys, django; django.setup(); "
            "from accord.bench.paper_memory import _serve; "
            f"print(json.dumps(_serve({int(megabytes)})))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "accord.settings"}
    env.setdefault("ACCORD_ENV", "dev")
    done = subprocess.run([sys.executable, "-c", code], env=env, check=True,  # noqa: S603
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(result: dict) -> str:
    mb = 1024 * 1024
    return (f"Served {result['served_bytes'] / mb:.1f} MB streamed: peak Python allocations "
            f"{result['peak_python_bytes'] / mb:.2f} MB, peak resident growth "
            f"{result['peak_rss_growth_bytes'] / mb:.2f} MB (target under "
            f"{result['target_peak_bytes'] / mb:.0f} MB): "
            f"{'passed' if result['passed'] else 'FAILED'}")
