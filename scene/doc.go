// Package scene is Affiche's document model: the types of a design (document, pages, elements),
// their JSON form, loading through Restore (defaults, migrations, validation with JSON paths,
// limits), colours, units and paper sizes, and the geometry every other part shares.
//
// Geometry and font sizes are in points (1/72 inch). Pixels appear only at export time, from a
// resolution chosen then. The package imports nothing else of the project.
package scene
