"""The Made in Jura mark as PNG, rendered with resvg from the one master: static/img/logo.svg.

The brand has a single source, the SVG the site shows in its header. Each of its shapes
carries a class naming its role (ring, disc, mountain, stroke, text). static/brand/variants.json
lists the variants of the kit and the sizes: a variant recolours roles, and a `null` colour cuts
the shape out of what is drawn before it (transparent: the paper or the background shows
through). The colour variant is the master as it is.
"""

import json
import xml.etree.ElementTree as ET
from functools import lru_cache
from hashlib import sha256
from importlib.metadata import version
from io import BytesIO
from pathlib import Path

import resvg_py
from django.conf import settings
from PIL import Image, ImageFont

MASTER = Path(settings.BASE_DIR) / "static" / "img" / "logo.svg"
VARIANTS = Path(settings.BASE_DIR) / "static" / "brand" / "variants.json"
SVG_NS = "http://www.w3.org/2000/svg"
NONE = "none"

ET.register_namespace("", SVG_NS)


def _tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


@lru_cache(maxsize=1)
def _variants_file() -> dict:
    return json.loads(VARIANTS.read_text(encoding="utf-8"))


def master_svg() -> str:
    return MASTER.read_text(encoding="utf-8")


def master_fingerprint() -> str:
    """Changes whenever the master, its variants or the renderer change (cached kits are rebuilt)."""
    parts = MASTER.read_bytes() + VARIANTS.read_bytes() + version("resvg-py").encode()
    return sha256(parts).hexdigest()[:12]


def variants() -> dict[str, dict]:
    return _variants_file()["variants"]


def sizes() -> list[int]:
    return list(_variants_file()["sizes"])


def _paint(element: ET.Element, colour: str) -> None:
    """Give the shape `colour` wherever the master paints it (its fill, its stroke)."""
    if element.get("fill") != NONE:
        element.set("fill", colour)
    if element.get("stroke") not in (None, NONE):
        element.set("stroke", colour)


def variant_svg(variant: str) -> str:
    """The master recoloured as `variant`: an SVG document, still drawn from the master's shapes."""
    colours = variants()[variant]["colours"]
    root = ET.fromstring(master_svg())  # noqa: S314 (the committed master, never an upload)
    if not colours:
        return ET.tostring(root, encoding="unicode")
    defs = ET.Element(_tag("defs"))
    drawn: list[ET.Element] = []  # what is painted so far, in the master's order
    mask = None  # the mask of the latest cut-outs in a row (they share one)
    for element in [child for child in root if child.tag != _tag("title")]:
        root.remove(element)
        role = element.get("class", "")
        if role in colours and colours[role] is None:
            # Cut out: what was drawn before shows everywhere but under the shape (white keeps,
            # black removes); what is drawn after is painted over the hole.
            if not drawn:
                continue
            if mask is None:
                mask_id = f"cut-{len(defs) + 1}"
                mask = ET.SubElement(defs, _tag("mask"), id=mask_id, maskUnits="userSpaceOnUse")
                ET.SubElement(
                    mask, _tag("rect"), x="-10%", y="-10%", width="120%", height="120%", fill="#fff"
                )
                group = ET.Element(_tag("g"), mask=f"url(#{mask_id})")
                group.extend(drawn)
                drawn = [group]
            _paint(element, "#000")
            mask.append(element)
            continue
        if role in colours:
            _paint(element, colours[role])
        drawn.append(element)
        mask = None
    root.append(defs)
    root.extend(drawn)
    return ET.tostring(root, encoding="unicode")


@lru_cache(maxsize=1)
def _fonts() -> dict:
    """The lettering's font: LICENSING_MARK_FONT when the machine has it, else the system's fonts."""
    path = Path(settings.LICENSING_MARK_FONT)
    try:
        family, _style = ImageFont.truetype(str(path)).getname()
    except OSError:
        return {}
    return {"skip_system_fonts": True, "font_files": [str(path)], "sans_serif_family": family}


def render_png(svg: str, size: int) -> bytes:
    return resvg_py.svg_to_bytes(svg_string=svg, width=size, height=size, **_fonts())


def render_mark(variant: str, size: int) -> Image.Image:
    """The mark in `variant` as a `size` x `size` RGBA image on a transparent background."""
    with Image.open(BytesIO(render_png(variant_svg(variant), size))) as image:
        return image.convert("RGBA")


def mark_png(variant: str, size: int) -> bytes:
    output = BytesIO()
    render_mark(variant, size).save(output, format="PNG", optimize=True)
    return output.getvalue()
