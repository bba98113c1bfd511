"""Event time and windows for the streaming mode.

Policy for late articles (README, *Streaming*): an article's event time is its ``published`` instant when
that lies within ``lateness`` of its arrival (the message's timestamp), else its arrival. Windows accept
data for ``lateness`` after they close, so an article published in an earlier window that arrives in
time for it is written in that window, as an extra (late) pane file; an article published longer ago, or
with no or a nonsensical date (in the future, or years back), goes to the window of its arrival. Nothing is
dropped for lateness.
"""
from __future__ import annotations

from typing import Optional

import apache_beam as beam
from apache_beam.transforms import trigger, window

from transforms.dates import published_timestamp
from transforms.records import Article, CountFn, no_count
from transforms.stage import BeamCounters


def event_time(published: Optional[str], arrival: float, lateness_seconds: float,
               count: CountFn = no_count) -> float:
    """Seconds since the epoch at which the article counts as having happened (see the module docstring)."""
    instant = published_timestamp(published)
    if instant is None:
        count("event_time_arrival_no_date", 1)
        return arrival
    seconds = instant.timestamp()
    if abs(arrival - seconds) > lateness_seconds:
        count("event_time_arrival_too_late" if seconds < arrival else "event_time_arrival_future_date", 1)
        return arrival
    count("event_time_published", 1)
    return seconds


class _AssignEventTimeFn(beam.DoFn):
    def __init__(self, lateness_seconds: float):
        self.lateness_seconds = lateness_seconds

    def setup(self):
        self.count = BeamCounters("windowing")

    def process(self, article: Article, timestamp=beam.DoFn.TimestampParam):
        yield window.TimestampedValue(article, event_time(article.published, float(timestamp),
                                                          self.lateness_seconds, self.count))


class AssignEventTime(beam.PTransform):
    def __init__(self, lateness_seconds: float):
        super().__init__()
        self.lateness_seconds = lateness_seconds

    def expand(self, articles):
        return articles | "EventTime" >> beam.ParDo(_AssignEventTimeFn(self.lateness_seconds))


def fixed_windows(window_seconds: int, lateness_seconds: int, accumulating: bool = False) -> beam.WindowInto:
    """Fixed windows that fire when the watermark passes their end, then once per late article batch.
    A pane holds that batch's elements, or with ``accumulating`` all the window's so far."""
    mode = trigger.AccumulationMode.ACCUMULATING if accumulating else trigger.AccumulationMode.DISCARDING
    return beam.WindowInto(window.FixedWindows(window_seconds),
                           trigger=trigger.AfterWatermark(late=trigger.AfterCount(1)),
                           accumulation_mode=mode, allowed_lateness=lateness_seconds)
