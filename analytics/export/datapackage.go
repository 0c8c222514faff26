package export

// Package is a Frictionless Data Package descriptor (datapackage.json) with one tabular resource,
// the data file of a bundle.
type Package struct {
	Name        string // of the package and of its resource
	Title       string
	Description string
	Version     string
	Sources     []PackageSource
	Resource    Resource
}

// PackageSource is a source of the package's values.
type PackageSource struct {
	Title string
	Path  string // its address, or ""
}

// Resource is the data file: its path in the bundle, its format, and the schema of its columns.
type Resource struct {
	Path      string
	Format    string // csv, json, xlsx or parquet
	MediaType string
	Sheet     string // the sheet that holds the data in a workbook, or ""
	Fields    []Field
	// PrimaryKey names the columns that key every row, or is nil when no set of columns does.
	PrimaryKey []string
}

// Field is a column of a resource's schema.
type Field struct {
	Name, Type, Description string
}

// Descriptor is the package as datapackage.json holds it (encoding/json writes its keys in order).
func (p Package) Descriptor() map[string]any {
	fields := make([]map[string]any, len(p.Resource.Fields))
	for i, f := range p.Resource.Fields {
		fields[i] = map[string]any{"name": f.Name, "type": f.Type, "description": f.Description}
	}
	schema := map[string]any{"fields": fields, "missingValues": []string{""}}
	if p.Resource.PrimaryKey != nil {
		schema["primaryKey"] = p.Resource.PrimaryKey
	}
	resource := map[string]any{
		"name":      p.Name,
		"path":      p.Resource.Path,
		"profile":   "tabular-data-resource",
		"format":    p.Resource.Format,
		"mediatype": p.Resource.MediaType,
		"encoding":  "utf-8",
		"schema":    schema,
	}
	if p.Resource.Sheet != "" {
		resource["dialect"] = map[string]any{"sheetName": p.Resource.Sheet}
	}
	var sources []map[string]any
	for _, s := range p.Sources {
		src := map[string]any{"title": s.Title}
		if s.Path != "" {
			src["path"] = s.Path
		}
		sources = append(sources, src)
	}
	return map[string]any{
		"profile":     "tabular-data-package",
		"name":        p.Name,
		"title":       p.Title,
		"description": p.Description,
		"version":     p.Version,
		"sources":     sources,
		"resources":   []any{resource},
	}
}
