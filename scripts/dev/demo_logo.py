"""Draw the demo company's logo (issue 18 item 9): static/img/demo_company_logo.png.

Run with the addon's virtualenv (Pillow ships with Odoo), once; the PNG is
committed. The name is set in Noto Sans CJK SC (fonts-noto-cjk).

    .venv/bin/python scripts/dev/demo_logo.py
"""
import os

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-%s.ttc"
SC = 2  # the simplified Chinese face of the collection
NAME, LATIN = "华锦置业", "HUAJIN PROPERTIES"
RED, INK, GREY = (176, 38, 44), (40, 40, 40), (120, 120, 120)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "static", "img",
                   "demo_company_logo.png")


def main():
    width, height = 720, 200
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    # The mark: a red square with three towers of a skyline and a roof line.
    draw.rounded_rectangle((10, 10, 190, 190), radius=28, fill=RED)
    for left, top in ((46, 92), (84, 56), (122, 110)):
        draw.rectangle((left, top, left + 30, 160), fill="white")
    draw.line((34, 170, 166, 170), fill="white", width=8)
    draw.polygon([(84, 56), (99, 36), (114, 56)], fill="white")
    name = ImageFont.truetype(FONT % "Bold", 92, index=SC)
    latin = ImageFont.truetype(FONT % "Regular", 30, index=SC)
    draw.text((220, 6), NAME, font=name, fill=INK)
    x = 224
    for char in LATIN:   # letter-spaced
        draw.text((x, 140), char, font=latin, fill=GREY)
        x += draw.textlength(char, font=latin) + 6
    left, top, right, bottom = image.getbbox()
    image = image.crop((0, 0, right + 10, height))
    image.save(OUT, optimize=True)
    print(os.path.normpath(OUT))


if __name__ == "__main__":
    main()
