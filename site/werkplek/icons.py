"""The partnership's own look: its logo (content/, `logo:` in site.yml) as every app icon, and its accent colours
checked for contrast where text sits on them (WCAG 2.1 AA, 4.5:1).

Icons: a square PNG (at least 512 px) or SVG becomes icon-192.png and icon-512.png (the logo as it is),
icon-maskable-512.png (the logo inside the maskable safe zone on the theme colour), apple-touch-icon.png (on the
background colour: iOS shows no transparency) and the favicon (the SVG itself, or a 32 px PNG). Pillow
resizes and composes; resvg (resvg-py, a binding of the Rust renderer) draws an SVG, so no browser or system
library is needed to build.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from .errors import Problem
from .sources import display_path

ICON_SIZES = {"icon-192.png": 192, "icon-512.png": 512}
MASKABLE = ("icon-maskable-512.png", 512)
APPLE = ("apple-touch-icon.png", 180)
FAVICON_PNG = ("icon-32.png", 32)
MIN_PNG = 512
MASKABLE_SHARE = 0.56  # a square inside the safe zone (a circle of 40% radius): 0.8 / √2 ≈ 0.566
APPLE_SHARE = 0.8
LOGO_SUFFIXES = (".png", ".svg")

# The colours of static/css/main.css that text meets (tests/test_theme.py reads them there): links sit on the
# background, and button, badge and skip-link text sits on the accent.
LIGHT = {"bg": "#ffffff", "accent-fg": "#ffffff"}
DARK = {"bg": "#111418", "accent-fg": "#0b1420"}
AA = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colour_problems(site: dict, path: str) -> list[Problem]:
    """Where text would be unreadable on or in the accent colours site.yml gives: one problem per pair."""
    problems = []
    for field, theme, name in (("accent_color", LIGHT, "licht"), ("accent_color_dark", DARK, "donker")):
        accent = site.get(field)
        if not accent:
            continue
        for other, what in (
            (theme["bg"], "als linkkleur op de achtergrond"),
            (theme["accent-fg"], "met de tekst van knoppen erop"),
        ):
            ratio = contrast(accent, other)
            if ratio < AA:
                problems.append(
                    Problem(
                        path,
                        field,
                        f"{accent} is in het {name}e thema {what} ({other}) niet goed leesbaar: contrast "
                        f"{ratio:.1f}:1, nodig is minstens 4,5:1 (WCAG AA). Kies een kleur met meer contrast.",
                        field=field,
                    )
                )
    return problems


def _open_logo(logo: Path):
    """The logo as a square RGBA Pillow image of at least 512 px, or a Dutch reason why not."""
    from PIL import Image, UnidentifiedImageError

    if logo.suffix.lower() == ".svg":
        import resvg_py

        text = logo.read_text(encoding="utf-8")
        box = re.search(r"viewBox\s*=\s*[\"']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)", text)
        if box and abs(float(box.group(1)) - float(box.group(2))) > 1e-6 * max(float(box.group(1)), 1):
            return None, f"het logo is niet vierkant (viewBox {box.group(1)} × {box.group(2)})"
        try:
            png = resvg_py.svg_to_bytes(svg_string=text, width=1024, height=1024)
        except Exception:  # resvg raises its own errors, in English (ValueError, a panic): we say it in Dutch
            return None, "het SVG-bestand kon niet getekend worden (geen geldige SVG?)"
        return Image.open(io.BytesIO(bytes(png))).convert("RGBA"), None
    try:
        image = Image.open(logo)
        image.load()
    except (UnidentifiedImageError, OSError):
        return None, "het bestand is geen leesbare PNG"
    if image.format != "PNG":
        return None, f"het bestand is geen PNG maar {image.format}"
    if image.width != image.height:
        return None, f"het logo is niet vierkant ({image.width} × {image.height} px)"
    if image.width < MIN_PNG:
        return None, f"het logo is {image.width} px breed; nodig is minstens {MIN_PNG} px (het grootste icoon)"
    return image.convert("RGBA"), None


def logo_problems(content_dir: Path, logo: str | None, path: str) -> list[Problem]:
    """Why the logo named in site.yml cannot become the icons, and images beside site.yml that it does not name."""
    images = sorted(p.name for p in content_dir.iterdir() if p.is_file() and p.suffix.lower() in LOGO_SUFFIXES)
    unused = [
        Problem(
            display_path(content_dir / name),
            "",
            f"niet gebruikt: zet 'logo: {name}' in site.yml, of haal het bestand weg",
        )
        for name in images
        if name != logo
    ]
    problem = _logo_problem(content_dir, logo, path) if logo else None
    return unused + ([problem] if problem else [])


def _logo_problem(content_dir: Path, logo: str, path: str) -> Problem | None:
    file = content_dir / logo
    if "/" in logo or "\\" in logo or logo.startswith("."):
        return Problem(
            path, "logo", f"{logo!r}: zet het logo naast site.yml en noem alleen de bestandsnaam", field="logo"
        )
    if file.suffix.lower() not in LOGO_SUFFIXES:
        return Problem(path, "logo", f"{logo!r}: een logo is een .png of een .svg", field="logo")
    if not file.is_file():
        return Problem(path, "logo", f"{logo!r} bestaat niet (gezocht in {content_dir}/)", field="logo")
    _, reason = _open_logo(file)
    return Problem(path, "logo", f"{logo}: {reason}", field="logo") if reason else None


def _on(background: str, image, size: int, share: float):
    from PIL import Image

    canvas = Image.new("RGBA", (size, size), background)
    inner = round(size * share)
    logo = image.resize((inner, inner), Image.Resampling.LANCZOS)
    offset = (size - inner) // 2
    canvas.alpha_composite(logo, (offset, offset))
    return canvas


def write_icons(logo: Path, icons_dir: Path, theme_color: str, background: str) -> list[str]:
    """Write every icon from the logo into icons_dir (a copy of static/icons); returns the file names."""
    from PIL import Image

    image, reason = _open_logo(logo)
    if reason:  # checked when the content was loaded; a file changed since
        raise ValueError(reason)
    written = []

    def save(img, name: str) -> None:
        img.save(icons_dir / name, format="PNG", optimize=True)
        written.append(name)

    for name, size in ICON_SIZES.items():
        save(image.resize((size, size), Image.Resampling.LANCZOS), name)
    save(_on(theme_color, image, MASKABLE[1], MASKABLE_SHARE), MASKABLE[0])
    save(_on(background, image, APPLE[1], APPLE_SHARE).convert("RGB"), APPLE[0])
    if logo.suffix.lower() == ".svg":
        shutil.copyfile(logo, icons_dir / "icon.svg")
        written.append("icon.svg")
    else:
        save(image.resize((FAVICON_PNG[1], FAVICON_PNG[1]), Image.Resampling.LANCZOS), FAVICON_PNG[0])
    return written
