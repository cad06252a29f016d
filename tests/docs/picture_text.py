#!/usr/bin/env python3
"""Does every text of an SVG picture fit? The pictures of docs/ are drawn by
scripts (docs/tools/) that place each text by coordinates and never see how
wide it comes out, so a long note runs out of its box or off the picture
and nobody notices until a reader does.

A text's width is computed from the advance widths of DejaVu Sans (regular
and bold), the widest of the common sans-serif fonts a browser may pick,
and 0.602 em a character for monospace (DejaVu Sans Mono; Courier and
Liberation Mono are 0.6): a text that fits here fits in the fonts a reader
has. Its box is the smallest rectangle holding the start of its baseline
(the picture, if none). Each text must lie inside its box and inside the
picture, must not run into a smaller rectangle drawn inside its box (a
label beside a box, a band's title), and must not overlap another text.

  python3 tests/docs/picture_text.py docs/*.svg    one line per problem

From Python: problems(svg_text) returns a list of sentences.
"""
import re
import sys
import xml.etree.ElementTree as ET

# Advance widths in thousandths of an em of the characters ' ' to '~',
# from DejaVu Sans 2.37 (DejaVuSans.ttf, DejaVuSans-Bold.ttf, hmtx table).
SANS = [318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
        636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
        1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
        603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
        500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
        635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838]
SANS_BOLD = [348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
             696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
             1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
             733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
             500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
             716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838]
MONO = 602
OTHER = 1000		# a character outside the tables: as wide as an em
ASCENT, DESCENT = 0.76, 0.24	# of the em, above and below the baseline

SVG_NS = "{http://www.w3.org/2000/svg}"


def text_width(text, size, family, bold):
    if "mono" in family:
        return len(text) * MONO * size / 1000
    table = SANS_BOLD if bold else SANS
    return sum(table[ord(ch) - 32] if 32 <= ord(ch) < 127 else OTHER for ch in text) * size / 1000


def inherited(element, parents, name, default):
    while element is not None:
        if name in element.attrib:
            return element.attrib[name]
        element = parents.get(element)
    return default


def number(value):
    return float(re.match(r"[-\d.]+", value).group(0))


def contains(outer, inner):
    return (outer[0] <= inner[0] and inner[2] <= outer[2] and
            outer[1] <= inner[1] and inner[3] <= outer[3])


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def texts_and_rects(svg):
    root = ET.fromstring(svg)
    parents = {child: parent for parent in root.iter() for child in parent}
    picture = (0, 0, number(root.attrib["width"]), number(root.attrib["height"]))
    rects = [(number(r.get("x", "0")), number(r.get("y", "0")),
              number(r.get("x", "0")) + number(r.attrib["width"]),
              number(r.get("y", "0")) + number(r.attrib["height"]))
             for r in root.iter(SVG_NS + "rect")]
    texts = []
    for t in root.iter(SVG_NS + "text"):
        content = "".join(t.itertext())
        size = number(inherited(t, parents, "font-size", "16"))
        family = inherited(t, parents, "font-family", "sans-serif")
        bold = inherited(t, parents, "font-weight", "normal") in ("bold", "700", "800", "900")
        width = text_width(content, size, family, bold)
        x, y = number(t.get("x", "0")), number(t.get("y", "0"))
        anchor = inherited(t, parents, "text-anchor", "start")
        x -= {"middle": width / 2, "end": width}.get(anchor, 0)
        texts.append((content, (x, y - ASCENT * size, x + width, y + DESCENT * size)))
    return picture, rects, texts


def area(r):
    return (r[2] - r[0]) * (r[3] - r[1])


def problems(svg):
    picture, rects, texts = texts_and_rects(svg)
    found = []
    for content, box in texts:
        start = (box[0], box[1], box[0], box[3])
        holders = [r for r in rects if contains(r, start)]
        holder = min(holders, key=area) if holders else picture
        where = "its box" if holders else "the picture"
        if not contains(picture, box):
            found.append("%r runs off the picture (%s, the picture is %gx%g)"
                         % (content, describe(box), picture[2], picture[3]))
        elif not contains(holder, box):
            found.append("%r does not fit %s: %s, %s %s" % (content, where, describe(box),
                                                           where, describe(holder)))
        inner = [r for r in rects if r != holder and contains(holder, r) and overlap(r, box)]
        if inner:
            found.append("%r runs into the rectangle %s" % (content, describe(inner[0])))
    for i, (a, abox) in enumerate(texts):
        for b, bbox in texts[i + 1:]:
            if overlap(abox, bbox):
                found.append("%r and %r overlap" % (a, b))
    return found


def describe(r):
    return "x %g..%g, y %g..%g" % (r[0], r[2], r[1], r[3])


def main():
    bad = 0
    for path in sys.argv[1:]:
        with open(path) as f:
            for problem in problems(f.read()):
                print("%s: %s" % (path, problem))
                bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
