import datetime

from hypothesis import given, strategies as st

from transforms.dates import published_timestamp

UTC = datetime.timezone.utc


def test_iso_and_rfc2822_to_utc():
    assert published_timestamp("2017-05-16") == datetime.datetime(2017, 5, 16, tzinfo=UTC)
    assert published_timestamp("2017-07-10T08:40") == datetime.datetime(2017, 7, 10, 8, 40, tzinfo=UTC)
    assert published_timestamp("2017-05-16 08:40:12.5+02:00") == datetime.datetime(2017, 5, 16, 6, 40, 12, 500000, tzinfo=UTC)
    assert published_timestamp("2019-12-11T10:00:00Z") == datetime.datetime(2019, 12, 11, 10, tzinfo=UTC)
    assert published_timestamp("Tue, 16 May 2017 08:40:00 +0200") == datetime.datetime(2017, 5, 16, 6, 40, tzinfo=UTC)


def test_coarse_unknown_or_invalid_is_null():
    for value in (None, "", "2017", "2017-05", "2017-13-01", "2017-02-30", "hier", "2017-05-16T25:00", "2017-05-16T08:00+25:00"):
        assert published_timestamp(value) is None, value


@given(st.text(max_size=80))
def test_any_text_gives_null_or_an_aware_utc_instant(value):
    result = published_timestamp(value)
    assert result is None or result.utcoffset() == datetime.timedelta(0)
