"""Minutes as a PDF built for one reader (issue 4, Deliver 10).

It holds exactly what that reader may see (visibility.py, through selectors.minutes_record:
entries, attendance, decisions and actions), and a running
footer on every page with the reader's name, the time of the download and "confidential".
Tagged PDF/UA-1, so it is searchable and readable by screen readers.
"""

import logging

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from accord.meetings import selectors
from accord.meetings.models import Meeting

# WeasyPrint logs each rendering step at INFO; one line per step per download is noise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def minutes_pdf(*, meeting: Meeting, reader_name: str, membership=None, guest=None,
                language: str = "en") -> bytes:
    # An export: the reads of what it holds beyond network visibility are recorded (a guest's
    # download as such).
    record = selectors.minutes_record(meeting=meeting, membership=membership, guest=guest,
                                      purpose="export", seen_as="minutes PDF")
    with timezone.override(meeting.network.time_zone):
        html = render_to_string("meetings/minutes_pdf.html", {
            "meeting": meeting,
            "record": record,
            "agenda": record.agenda,
            "guest": guest,
            "reader_name": reader_name,
            "generated_at": timezone.localtime(),
            "language": language,
            "time_zone": meeting.network.time_zone,
        })
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
