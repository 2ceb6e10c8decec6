"""The images of a digital signature (NĐ 30/2020 Appendix I): the signer's handwritten signature
printed BLUE, the body's seal RED, both transparent PNGs, whatever colour and background the
scan had."""

import io
import logging

_logger = logging.getLogger(__name__)

SIGNATURE_BLUE = (0, 45, 190)
SEAL_RED = (220, 20, 30)
# below this darkness (0-255) a scan's pixel is paper: fully transparent
PAPER = 40
MAX_SIDE = 1600


def recolour(data, colour):
    """``data`` (any image PIL reads) as a transparent PNG all in ``colour`` (r, g, b), None when it is
    not an image. An image with transparency keeps its shape (its opacity, whatever the stroke's
    colour); an opaque scan (black or blue on white paper) is inked where it is dark, the paper
    becoming transparent."""
    from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        _logger.info("Signature image not readable: %s", type(error).__name__)
        return None
    image = ImageOps.exif_transpose(image)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    if alpha.getextrema()[0] < 255:
        return _png(rgba.size, colour, alpha)
    # ink: how far a pixel is from white paper (its weakest channel: a red seal's stamp is as much
    # ink as a black stroke), stretched so that the paper drops to nothing
    red, green, blue = rgba.convert("RGB").split()
    darkness = ImageOps.invert(ImageChops.darker(ImageChops.darker(red, green), blue))
    darkness = darkness.point(lambda value: 0 if value < PAPER else min(255, (value - PAPER) * 255 // (255 - PAPER)))
    return _png(rgba.size, colour, darkness)


def _png(size, colour, ink):
    """A PNG of ``size`` all in ``colour``, opaque as ``ink`` (an L image) says."""
    from PIL import Image

    out = Image.new("RGBA", size, (*colour, 0))
    out.putalpha(ink)
    buffer = io.BytesIO()
    out.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
