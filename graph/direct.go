package graph

import (
	"context"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Lists of objects are written straight from their structs.
//
// gqlgen executes every field of every object as if it had a resolver: a field context, a context
// value, two closures, a boxed value and a deferred recover each, about 2 µs a field. The bench's
// national `changes` (10,047 objects of six fields) spent about 110 of its 120 ms there. Below the root,
// every object of parindex is a plain struct of the analytics package (no field resolver, no
// argument, no directive), so marshalSliceInOrder (slice.go) compiles the list's selection once
// into a directWriter and writes each element with it, into one buffer.
//
// A writer writes exactly what gqlgen writes: the same fields in the same order under the same
// aliases, __typename, null for a nil pointer or a nil nullable list, [] for a nil list that is
// not nullable, strings quoted as graphql.MarshalString quotes them, numbers as graphql.MarshalInt
// and model.MarshalFloatContext write them, an enum as its Go value when that is one of the
// schema's names (every parindex enum's Go values are its GraphQL names; gqlgen maps them through
// a table). TestDirectListsAreGqlgens compares both on every answer of the golden and example
// queries, byte for byte. What it cannot write that way it refuses:
//   - when compiling, a field gqlgen would resolve otherwise than by reading a struct field (an
//     argument, a directive in the schema or in the query other than @skip and @include, a method,
//     a custom scalar, a Go type that does not match): the whole list goes through gqlgen;
//   - when writing, a value gqlgen would not simply write (null where the schema says non-null, an
//     infinite or NaN Float: errors; an enum value the schema does not have, which gqlgen writes as
//     ""): that element goes through gqlgen, which answers as it always did.
//
// The fields written directly pass through no field middleware: the endpoint installs none
// (handler.go), and one added later would not see them.
type directWriter func(b []byte, v reflect.Value) ([]byte, bool)

// directCompiler compiles writers for one operation: the variables decide @skip and @include.
type directCompiler struct {
	oc     *graphql.OperationContext
	schema *ast.Schema
}

// list compiles the writer of the elements of the list field whose context ctx is, held in Go as
// elements of type t. It reports false when the list must go through gqlgen.
func (c directCompiler) list(ctx context.Context, t reflect.Type, sel ast.SelectionSet) (directWriter, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil {
		return nil, false
	}
	typ := fc.Field.Definition.Type
	if typ.Elem == nil || typ.Elem.Elem != nil || !typ.Elem.NonNull {
		return nil, false
	}
	def := c.schema.Types[typ.Elem.NamedType]
	if def == nil || def.Kind != ast.Object {
		return nil, false
	}
	return c.object(def, t, sel)
}

// object compiles the writer of one object of type def, held in Go as the struct type t.
func (c directCompiler) object(def *ast.Definition, t reflect.Type, sel ast.SelectionSet) (directWriter, bool) {
	if def.Kind != ast.Object || t.Kind() != reflect.Struct {
		return nil, false
	}
	type part struct {
		key     []byte // "alias": with its leading comma
		index   int    // of the struct field
		write   directWriter
		literal []byte // __typename
	}
	var parts []part
	// CollectFields merges the selections of one alias (of a validated query, whose fields know
	// their object), so each alias is written once.
	for _, f := range graphql.CollectFields(c.oc, sel, []string{def.Name}) {
		var key []byte
		if len(parts) > 0 {
			key = append(key, ',')
		}
		key = append(appendQuoted(key, f.Alias), ':')
		if f.Name == "__typename" {
			parts = append(parts, part{key: key, literal: appendQuoted(nil, def.Name)})
			continue
		}
		fd := def.Fields.ForName(f.Name)
		if fd == nil || len(fd.Arguments) > 0 || len(f.Arguments) > 0 || !onlyDeprecated(fd.Directives) || !onlyConditions(f.Directives) {
			return nil, false
		}
		index, ok := structField(t, f.Name)
		if !ok {
			return nil, false
		}
		write, ok := c.value(fd.Type, t.Field(index).Type, f.Selections)
		if !ok {
			return nil, false
		}
		parts = append(parts, part{key: key, index: index, write: write})
	}
	return func(b []byte, v reflect.Value) ([]byte, bool) {
		b = append(b, '{')
		for _, p := range parts {
			b = append(b, p.key...)
			if p.write == nil {
				b = append(b, p.literal...)
				continue
			}
			var ok bool
			if b, ok = p.write(b, v.Field(p.index)); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	}, true
}

// value compiles the writer of a value of GraphQL type typ held in Go as t.
func (c directCompiler) value(typ *ast.Type, t reflect.Type, sel ast.SelectionSet) (directWriter, bool) {
	nonNull := typ.NonNull
	if t.Kind() == reflect.Pointer {
		if typ.Elem != nil {
			return nil, false
		}
		elem, ok := c.value(typ, t.Elem(), sel)
		if !ok {
			return nil, false
		}
		return func(b []byte, v reflect.Value) ([]byte, bool) {
			if v.IsNil() {
				if nonNull {
					return b, false
				}
				return append(b, "null"...), true
			}
			return elem(b, v.Elem())
		}, true
	}
	if typ.Elem != nil {
		if t.Kind() != reflect.Slice {
			return nil, false
		}
		elem, ok := c.value(typ.Elem, t.Elem(), sel)
		if !ok {
			return nil, false
		}
		return func(b []byte, v reflect.Value) ([]byte, bool) {
			if v.IsNil() && !nonNull {
				return append(b, "null"...), true
			}
			b = append(b, '[')
			for i := range v.Len() {
				if i > 0 {
					b = append(b, ',')
				}
				var ok bool
				if b, ok = elem(b, v.Index(i)); !ok {
					return b, false
				}
			}
			return append(b, ']'), true
		}, true
	}
	def := c.schema.Types[typ.NamedType]
	if def == nil {
		return nil, false
	}
	switch def.Kind {
	case ast.Object:
		return c.object(def, t, sel)
	case ast.Enum:
		if t.Kind() != reflect.String {
			return nil, false
		}
		values := make(map[string]bool, len(def.EnumValues))
		for _, e := range def.EnumValues {
			values[e.Name] = true
		}
		return func(b []byte, v reflect.Value) ([]byte, bool) {
			s := v.String()
			return appendQuoted(b, s), values[s]
		}, true
	case ast.Scalar:
		switch {
		case (def.Name == "ID" || def.Name == "String") && t.Kind() == reflect.String:
			return func(b []byte, v reflect.Value) ([]byte, bool) {
				return appendQuoted(b, v.String()), true
			}, true
		case def.Name == "Int" && t.Kind() == reflect.Int:
			return func(b []byte, v reflect.Value) ([]byte, bool) {
				return strconv.AppendInt(b, v.Int(), 10), true
			}, true
		case def.Name == "Float" && t.Kind() == reflect.Float64:
			return func(b []byte, v reflect.Value) ([]byte, bool) {
				f := v.Float()
				if math.IsInf(f, 0) || math.IsNaN(f) {
					return b, false
				}
				return strconv.AppendFloat(b, f, 'g', -1, 64), true
			}, true
		case def.Name == "Boolean" && t.Kind() == reflect.Bool:
			return func(b []byte, v reflect.Value) ([]byte, bool) {
				return strconv.AppendBool(b, v.Bool()), true
			}, true
		}
	}
	return nil, false
}

// structField finds the field gqlgen binds the GraphQL field name to: the exported field of that
// name ignoring case, whose JSON name is the GraphQL name too (gqlgen also ignores underscores;
// this is stricter). A method of that name would take precedence in gqlgen, so there must be none.
func structField(t reflect.Type, name string) (int, bool) {
	for _, typ := range []reflect.Type{t, reflect.PointerTo(t)} {
		for i := range typ.NumMethod() {
			if strings.EqualFold(typ.Method(i).Name, name) {
				return 0, false
			}
		}
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && !f.Anonymous && tag == name && strings.EqualFold(f.Name, name) {
			return i, true
		}
	}
	return 0, false
}

// onlyConditions reports whether a field of the query carries no directive but @skip and @include,
// which CollectFields has already applied.
func onlyConditions(ds ast.DirectiveList) bool {
	for _, d := range ds {
		if d.Name != "skip" && d.Name != "include" {
			return false
		}
	}
	return true
}

// onlyDeprecated reports whether a field's definition carries no directive but @deprecated, which
// changes nothing in an answer.
func onlyDeprecated(ds ast.DirectiveList) bool {
	for _, d := range ds {
		if d.Name != "deprecated" {
			return false
		}
	}
	return true
}

// appendQuoted appends s as a JSON string, escaped exactly as gqlgen's graphql.MarshalString
// escapes it: control characters, the backslash and the quote; everything else as it is. The bytes
// escaped are ASCII and never part of a multi-byte character, so the string is read byte by byte.
func appendQuoted(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '\t':
			b = append(b, `\t`...)
		case '\r':
			b = append(b, `\r`...)
		case '\n':
			b = append(b, `\n`...)
		case '\\':
			b = append(b, `\\`...)
		case '"':
			b = append(b, `\"`...)
		default:
			b = append(b, `\u00`...)
			b = append(b, hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// rawJSON is an element written by a directWriter.
type rawJSON []byte

func (r *rawJSON) MarshalGQL(w io.Writer) { w.Write(*r) }

// gqlgenListsKey marks a context whose lists go through gqlgen's own execution, to compare with.
type gqlgenListsKey struct{}
