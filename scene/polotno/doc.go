// Package polotno converts designs between Polotno's JSON format (what Polotno Studio saves and
// polotno-node renders) and Affiche scenes.
//
// Import reads any Polotno schemaVersion from 0 to 4: it applies Polotno's own migrations
// (rem-based letter spacing, filter ranges, legacy text backgrounds), turns pixels at the
// design's dpi into points, rotation about the top-left corner into rotation about the centre,
// Quill-style HTML text into paragraphs of runs and figures into shapes, and reports in French
// and English everything it approximated or dropped. Export writes schemaVersion 4 back for what
// maps cleanly and reports the rest.
//
// Fields Polotno has and Affiche does not draw (animations, custom data, editor locks, clip
// masks, placeholders…) are kept in each object's Extra["polotno"], so that a design imported
// and exported again keeps them. The package imports only scene and the standard library (plus
// golang.org/x/net/html to read rich text).
package polotno
