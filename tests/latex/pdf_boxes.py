"""Where text lands on a PDF's pages, as pdftotext -bbox-layout reports it (PDF points,
y growing down the page); and the text area TeX used, from its log."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

TEX_PT = 72 / 72.27  # one TeX point in PDF points


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line.words]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>", re.S)


def pages(pdf: Path) -> list[Page]:
    """Every page's lines of words, top to bottom as pdftotext groups them."""
    html = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    found = []
    for width, height, body in _PAGE.findall(html):
        lines = []
        for line in _LINE.findall(body):
            words = tuple(Word(float(a), float(b), float(c), float(d), unescape(text))
                          for a, b, c, d, text in _WORD.findall(line))
            if words:
                lines.append(Line(words))
        lines.sort(key=lambda line: (round(line.y0, 1), line.x0))
        found.append(Page(float(width), float(height), tuple(lines)))
    return found


def unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&#39;", "'").replace("&amp;", "&"))


@dataclass(frozen=True)
class TextArea:
    """The page's text block in PDF points from the top-left corner."""

    left: float
    right: float
    top: float
    bottom: float


def text_area(log: str, page: Page) -> TextArea:
    """From the CVB-FIT line TeX writes: the text width (margins are equal left and
    right) and where the text block starts and ends."""
    fit = re.search(r"CVB-FIT pages=\d+ total=[\d.]+pt goal=([\d.]+)pt width=([\d.]+)pt "
                    r"top=([\d.]+)pt", log)
    goal, width, top = (float(value) * TEX_PT for value in fit.groups())
    left = (page.width - width) / 2
    return TextArea(left, left + width, page.height - top, page.height - top + goal)


@dataclass(frozen=True)
class Raster:
    """One page rendered by pdftoppm: RGB bytes, row by row."""

    width: int
    height: int
    scale: float  # pixels per PDF point
    data: bytes

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        at = 3 * (y * self.width + x)
        return self.data[at], self.data[at + 1], self.data[at + 2]


def raster(pdf: Path, page: int = 1, dpi: int = 150) -> Raster:
    """A page as pixels (pdftoppm's binary PPM, read without an imaging library)."""
    ppm = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page),
                          str(pdf)], check=True, capture_output=True).stdout
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    width, height = int(header[1]), int(header[2])
    return Raster(width, height, dpi / 72, ppm[header.end():])


def link_areas(pdf: Path, page: int = 1) -> list[tuple[str, tuple[float, ...]]]:
    """(address, rectangle in PDF points from the bottom-left) of each web link on a page."""
    from pypdf import PdfReader

    links = []
    for annotation in PdfReader(pdf).pages[page - 1].get("/Annots") or []:
        annotation = annotation.get_object()
        action = annotation.get("/A") or {}
        if action.get("/S") == "/URI":
            links.append((str(action["/URI"]), tuple(float(v) for v in annotation["/Rect"])))
    return links


def looks_like_a_link(image: Raster, rect: tuple[float, ...], page_height: float) -> str:
    """How the text in a link's rectangle shows it is one: "colour" (some pixels are of a
    colour, not black or grey), "underline" (a row of dark pixels across nearly all of
    it, at or just under its foot), or "" (neither: it reads as plain text)."""
    x0, y0, x1, y1 = rect
    left, right = int(x0 * image.scale), int(x1 * image.scale)
    top, bottom = int((page_height - y1) * image.scale), int((page_height - y0) * image.scale)
    coloured = any(max(rgb) - min(rgb) > 60 for y in range(top, bottom)
                   for x in range(left, right) for rgb in [image.pixel(x, y)])
    if coloured:
        return "colour"
    for y in range(max(top, bottom - (bottom - top) // 2), min(bottom + 3, image.height)):
        dark = sum(1 for x in range(left, right) if sum(image.pixel(x, y)) < 3 * 160)
        if dark >= 0.9 * (right - left):
            return "underline"
    return ""
