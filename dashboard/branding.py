"""The dashboard's icon, drawn in code (no file, nothing fetched: a Material icon as page icon
would be loaded from a font CDN by the browser)."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw

COLORS = ("#0072B2", "#E69F00", "#009E73")  # Okabe-Ito: three perspectives around a table


@lru_cache(maxsize=1)
def icon() -> Image.Image:
    """Three overlapping circles, 64 x 64."""
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image, "RGBA")
    for (x, y), color in zip(((8, 6), (26, 6), (17, 24)), COLORS):
        r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
        draw.ellipse((x, y, x + 30, y + 30), fill=(r, g, b, 210))
    return image
