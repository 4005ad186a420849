"""Dates as people on the floor write them: '5 Mar 2024, 14:30' / '2024년 3월 5일 14:30'
(local time for a time with a zone), never raw ISO."""

from __future__ import annotations

import re
from datetime import date, datetime

from ui.i18n import t

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                  r"(?:Z|[+-]\d{2}:?\d{2})?)?$")


def human_time(value: object, lang: str) -> str | None:
    """An ISO date or date-time as people write it ('5 Mar 2024, 14:30'; local time for a
    time with a zone); None when ``value`` is not one."""
    if isinstance(value, datetime):
        moment: date = value
    elif isinstance(value, date):
        moment = value
    elif isinstance(value, str) and _ISO.match(value.strip()):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        if len(value.strip()) == 10:
            moment = moment.date() if isinstance(moment, datetime) else moment
    else:
        return None
    months = t("ask_tab.months", lang).split()
    day = t("ask_tab.date", lang, day=str(moment.day), month=months[moment.month - 1],
            year=str(moment.year))
    if not isinstance(moment, datetime):
        return day
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return day
    return f"{day}, {moment:%H:%M}"
