"""``published`` strings (as sources give them) to UTC instants for the ``published_at`` column."""
from __future__ import annotations

import datetime
import email.utils
import re
from typing import Optional

# ISO 8601 at day precision or finer: 2017-05-16, 2017-05-16T08:40, 2017-05-16 08:40:12.5+02:00, …Z
_ISO_RE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
                     r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?\s*")


def published_timestamp(published: Optional[str]) -> Optional[datetime.datetime]:
    """The UTC instant a ``published`` value names, or None when unknown, invalid or coarser than a day.

    A date alone is midnight UTC and a time without offset is taken as UTC (sources rarely say; the
    string itself stays in ``published``). RFC 2822 dates ("Tue, 16 May 2017 08:40:00 +0200") are read too.
    """
    if not published or len(published) > 64:
        return None
    match = _ISO_RE.fullmatch(published)
    try:
        if match:
            year, month, day, hour, minute, second, fraction, offset = match.groups()
            micro = int((fraction or "0")[:6].ljust(6, "0"))
            value = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                                      int(second or 0), micro, tzinfo=_zone(offset))
        else:
            value = email.utils.parsedate_to_datetime(published)
            if value.tzinfo is None:
                value = value.replace(tzinfo=datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def _zone(offset: Optional[str]) -> datetime.timezone:
    if not offset or offset == "Z":
        return datetime.timezone.utc
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))
