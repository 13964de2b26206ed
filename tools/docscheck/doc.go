// Package docscheck has no code of its own: its tests keep docs/ and examples/ honest. They check
// that every example is formatted and valid against the provider's current schema, that every
// resource, data source and function has an example, and that docs/ is exactly what
// tfplugindocs generates from templates/, examples/ and the schema (run `make docs` to refresh it).
package docscheck
