"""The logo kit's marks are rendered from the one master, static/img/logo.svg: no second drawing of the brand."""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from licensing import artwork

LOGO = Path(settings.BASE_DIR) / "static" / "img" / "logo.svg"


def master() -> ET.Element:
    return ET.parse(LOGO).getroot()  # noqa: S314 (the committed master)


def master_colours() -> set[tuple[int, int, int]]:
    """Every colour the master paints with, read from the SVG itself."""
    painted = set()
    for element in master().iter():
        for attribute in ("fill", "stroke"):
            value = element.get(attribute, "")
            if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
                painted.add(tuple(int(value[i : i + 2], 16) for i in (1, 3, 5)))
    return painted


def main_colours(image: Image.Image) -> set[tuple[int, int, int]]:
    """The colours of the opaque pixels that cover at least 1 % of the image (edges left aside)."""
    counts = Counter(pixel[:3] for pixel in image.get_flattened_data() if pixel[3] == 255)
    return {colour for colour, n in counts.items() if n >= image.width * image.height / 100}


def test_the_colour_mark_shows_the_masters_colours_and_no_other():
    mark = artwork.render_mark("couleur", 256)
    assert mark.size == (256, 256)  # the master's view box is square: so is every PNG of the kit
    assert master().get("viewBox") == "0 0 64 64"
    assert (
        main_colours(mark) == master_colours() == {(0xFF, 0xFF, 0xFF), (0x1D, 0x4F, 0x2C), (0xE8, 0xC5, 0x47)}
    )


def test_a_change_to_the_master_shows_in_the_kit(tmp_path, monkeypatch):
    recoloured = tmp_path / "logo.svg"
    recoloured.write_text(LOGO.read_text(encoding="utf-8").replace("#1d4f2c", "#7a1f3d"), encoding="utf-8")
    before = artwork.master_fingerprint()
    monkeypatch.setattr(artwork, "MASTER", recoloured)
    # The kit's cached marks are named after the master: a new master draws new marks.
    assert artwork.master_fingerprint() != before
    mark = artwork.render_mark("couleur", 256)
    assert mark.getpixel((128, 50))[:3] == (0x7A, 0x1F, 0x3D)
    assert (0x1D, 0x4F, 0x2C) not in main_colours(mark)


@pytest.mark.parametrize("variant, ink", [("monochrome", (0, 0, 0)), ("fond-sombre", (255, 255, 255))])
def test_one_colour_variants_cut_out_exactly_what_the_colour_mark_paints_on_the_disc(variant, ink):
    colour = artwork.render_mark("couleur", 128)
    single = artwork.render_mark(variant, 128)
    assert main_colours(single) == {ink}
    mountain, disc = (0xE8, 0xC5, 0x47), (0x1D, 0x4F, 0x2C)
    for x in range(128):
        for y in range(128):
            painted = colour.getpixel((x, y))
            if painted == (*mountain, 255):
                assert single.getpixel((x, y))[3] == 0, (x, y)  # the mountain is a hole
            elif painted == (*disc, 255):
                assert single.getpixel((x, y)) == (*ink, 255), (x, y)  # the disc is inked
            elif painted[3] == 0:
                assert single.getpixel((x, y))[3] == 0, (x, y)  # nothing outside the mark
