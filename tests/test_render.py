"""HTML details a reader relies on: unique anchors, escaped data."""

from macros.render import unique_anchors


def test_repeated_anchors_are_numbered_and_the_first_keeps_its_name():
    html = '<div id="check-a"></div><div id="check-a"></div><div id="check-a"></div><p id="x"></p>'
    assert unique_anchors(html) == (
        '<div id="check-a"></div><div id="check-a-2"></div><div id="check-a-3"></div><p id="x"></p>'
    )
