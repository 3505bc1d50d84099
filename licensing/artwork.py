"""The Made in Jura mark as PNG, drawn with Pillow from the portal's own master artwork.

The master is static/brand/mark.json: the mark's shapes on a 64 x 64 grid (the
drawing of static/img/logo.svg, which Pillow cannot read) and, per variant, the
colour of each shape's role. Each PNG is drawn at up to four times its size and
scaled down, which smooths the edges; `null` colours cut the shape out
(transparent), so one-colour variants let the paper or the background show.
"""

import json
from functools import lru_cache
from hashlib import sha256
from io import BytesIO
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

MASTER = Path(settings.BASE_DIR) / "static" / "brand" / "mark.json"
MAX_CANVAS = 4096  # supersampling never draws more than 4096 x 4096 pixels
GENERATOR_VERSION = "1"  # bump when the drawing code changes: cached kits are rebuilt


@lru_cache(maxsize=1)
def master() -> dict:
    return json.loads(MASTER.read_text(encoding="utf-8"))


def master_fingerprint() -> str:
    """Changes whenever the artwork, its variants or the drawing code change."""
    return sha256(MASTER.read_bytes() + GENERATOR_VERSION.encode()).hexdigest()[:12]


def variants() -> dict[str, dict]:
    return master()["variants"]


def sizes() -> list[int]:
    return list(master()["sizes"])


def _rgba(colour: str | None) -> tuple[int, int, int, int]:
    if colour is None:
        return (0, 0, 0, 0)
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16), 255)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(settings.LICENSING_MARK_FONT, size)
    except OSError:  # the font is missing on this machine: Pillow's own font still reads well
        return ImageFont.load_default(size)


def render_mark(variant: str, size: int) -> Image.Image:
    """The mark in `variant` as a `size` x `size` RGBA image on a transparent background."""
    spec = master()
    colours = spec["variants"][variant]["colours"]
    factor = max(1, min(4, MAX_CANVAS // size))
    canvas = size * factor
    scale = canvas / spec["view_box"]
    image = Image.new("RGBA", (canvas, canvas), (0, 0, 0, 0))
    # Drawing on the image itself (not composited) replaces pixels: a transparent fill cuts out.
    draw = ImageDraw.Draw(image)

    def point(xy):
        return (xy[0] * scale, xy[1] * scale)

    for shape in spec["shapes"]:
        fill = _rgba(colours.get(shape["role"]))
        kind = shape["type"]
        if kind == "circle":
            (cx, cy), r = point(shape["center"]), shape["radius"] * scale
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
        elif kind == "polygon":
            draw.polygon([point(p) for p in shape["points"]], fill=fill)
        elif kind == "line":
            width = max(1, round(shape["width"] * scale))
            draw.line([point(p) for p in shape["points"]], fill=fill, width=width, joint="curve")
            for p in (shape["points"][0], shape["points"][-1]):  # round caps
                x, y = point(p)
                draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=fill)
        elif kind == "text":
            font = _font(round(shape["size"] * scale * 1.1))
            draw.text(point(shape["center"]), shape["text"], fill=fill, font=font, anchor="mm")
    if factor > 1:
        image = image.resize((size, size), Image.Resampling.LANCZOS)
    return image


def mark_png(variant: str, size: int) -> bytes:
    output = BytesIO()
    render_mark(variant, size).save(output, format="PNG", optimize=True)
    return output.getvalue()
