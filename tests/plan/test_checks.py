"""Checks across the plan that the broken-plan corpus does not spell out case by case."""

from __future__ import annotations

import zoneinfo

import pytest

from macros.plan.checks import known_timezones


def test_time_zones_are_the_iana_names_tzdata_lists() -> None:
    zones = known_timezones()

    assert {"America/Toronto", "Europe/Warsaw", "Asia/Kolkata", "UTC"} <= zones
    assert len(zones) > 400
    for name in zones:  # every one of them loads
        zoneinfo.ZoneInfo(name)


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "../etc/passwd", ""])
def test_names_of_the_machine_or_no_place_are_not_time_zones(name: str) -> None:
    assert name not in known_timezones()
