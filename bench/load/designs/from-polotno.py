#!/usr/bin/env python3
"""Writes the Affiche version of a peer-benchmark design (Polotno JSON, ../shared/bench/polotno-node/
designs) so both servers render the same design: same boxes, colours, fonts, text and images.

    python3 bench/load/designs/from-polotno.py ../shared/bench/polotno-node/designs/poster.json \
        > bench/load/designs/poster.json

Only what those designs use is mapped (figures rect/circle, text, images); Polotno's px at 72 dpi
are Affiche's points.
"""
import json
import sys


def text(c):
    e = {
        "id": c["id"], "type": "text", "x": c["x"], "y": c["y"], "width": c["width"], "height": c["height"],
        "text": c["text"], "fontFamily": c["fontFamily"], "fontSize": c["fontSize"], "color": c["fill"],
        "align": c.get("align", "left"), "lineHeight": c.get("lineHeight", 1.2),
    }
    if c.get("fontWeight") == "bold":
        e["fontWeight"] = 700
    if c.get("fontStyle") == "italic":
        e["italic"] = True
    if c.get("verticalAlign", "top") != "top":
        e["verticalAlign"] = c["verticalAlign"]
    if c.get("letterSpacing"):
        e["letterSpacing"] = c["letterSpacing"]
    return e


def figure(c):
    shape = {"rect": "rect", "circle": "ellipse"}[c["subType"]]
    e = {"id": c["id"], "type": "shape", "shape": shape, "x": c["x"], "y": c["y"],
         "width": c["width"], "height": c["height"], "fill": c["fill"]}
    if c.get("cornerRadius"):
        e["cornerRadius"] = c["cornerRadius"]
    if c.get("strokeWidth"):
        e["stroke"] = {"color": c["stroke"], "width": c["strokeWidth"]}
    return e


def image(c):
    e = {"id": c["id"], "type": "image", "x": c["x"], "y": c["y"], "width": c["width"], "height": c["height"],
         "src": c["src"], "fit": "fill"}
    if (c.get("cropX", 0), c.get("cropY", 0), c.get("cropWidth", 1), c.get("cropHeight", 1)) != (0, 0, 1, 1):
        e["crop"] = {"x": c["cropX"], "y": c["cropY"], "width": c["cropWidth"], "height": c["cropHeight"]}
    return e


def main():
    p = json.load(open(sys.argv[1]))
    doc = {"format": "affiche", "version": 1, "title": "poster (peer benchmark)", "unit": "px",
           "width": p["width"], "height": p["height"], "pages": []}
    for page in p["pages"]:
        els = []
        for c in page["children"]:
            conv = {"text": text, "figure": figure, "image": image}[c["type"]]
            e = conv(c)
            if c.get("rotation"):
                e["rotation"] = c["rotation"]
            if c.get("opacity", 1) != 1:
                e["opacity"] = c["opacity"]
            els.append(e)
        doc["pages"].append({"id": page["id"], "background": page.get("background", "white"), "elements": els})
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


main()
