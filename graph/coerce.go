package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// Input coercion as the GraphQL specification (October 2021) has it, for argument literals
// (validation, section 5.6.1) and for variables (section 6.1.2):
//   - Int takes a whole number within 32 bits; a variable may write it 2023.0, a literal may not;
//   - Float takes a number; String a string; Boolean true or false; ID a string or a whole number;
//   - an enum takes one of its names, exactly: a literal unquoted, a variable as a string;
//   - a list takes a list, or one item as a list of one;
//   - an input object takes an object of its own fields, its required fields present.
//
// gqlparser is looser. Its variable coercion takes "2023" for Int, "current" for an enum (which
// gqlgen then reads as the enum's zero value), 5 for String and "50" for Float, misses the 32-bit
// range, and names Go kinds ("cannot use slice as Int"); its literal rule takes
// ranking(year: 2147483648). Both are replaced here, with messages that name the argument or
// variable, the place inside it, the value and the type it needed. A refused value is a request
// error coded GRAPHQL_VALIDATION_FAILED, inline or as a variable: the same mistake, the same code.

// maxShownValue is how much of a refused value a message repeats, in runes.
const maxShownValue = 60

// coercionError is a value that its type does not take.
type coercionError struct {
	path    ast.Path  // where in the argument or variable, empty at its top
	got     any       // the value refused; missing when there was none
	typ     *ast.Type // the type expected there
	want    string    // what typ takes, or why the value does not fit
	literal bool      // got was written in the document
}

// missing stands for an absent value in a coercionError.
type missingValue struct{}

var missing missingValue

// message is the error's text, with subject naming the argument or variable.
func (e *coercionError) message(subject string) string {
	if len(e.path) > 0 {
		subject = insertPath(subject, e.path)
	}
	if e.got == missing {
		return fmt.Sprintf("%s is missing: %s %s", subject, e.typ, e.want)
	}
	return fmt.Sprintf("%s got %s: %s %s", subject, shown(e.got, e.literal), e.typ, e.want)
}

// insertPath writes path after the quoted name of subject ("Variable "$filter"" becomes
// "Variable "$filter.yearFrom"").
func insertPath(subject string, path ast.Path) string {
	open := strings.IndexByte(subject, '"')
	if open < 0 {
		return subject
	}
	end := strings.IndexByte(subject[open+1:], '"')
	if end < 0 {
		return subject
	}
	end += open + 1
	var b strings.Builder
	for _, p := range path {
		switch p := p.(type) {
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", int(p))
		case ast.PathName:
			b.WriteString("." + string(p))
		}
	}
	return subject[:end] + b.String() + subject[end:]
}

// Values written in a document, told apart from the JSON values of variables.
type (
	enumLiteral  string // CURRENT, as against the string "CURRENT"
	floatLiteral string // 2023.0, which Int does not take as a literal
	variableRef  string // $year inside a literal, checked by VariablesInAllowedPosition
)

// coercer coerces input values of one request to the types of a schema.
type coercer struct {
	schema  *ast.Schema
	literal bool // values come from the document (else from variables, as JSON)
}

// coerce returns v coerced to typ: int64 for Int, float64 for Float, string for String, ID and
// enums, bool, []any and map[string]any; or the first value typ does not take.
func (c coercer) coerce(typ *ast.Type, v any, path ast.Path) (any, *coercionError) {
	if _, ok := v.(variableRef); ok {
		return v, nil
	}
	if v == nil {
		if typ.NonNull {
			return nil, c.fail(path, v, typ, "cannot be null")
		}
		return nil, nil
	}
	if typ.Elem != nil {
		items, ok := v.([]any)
		if !ok {
			// One item stands for a list of one (section 3.11, input coercion).
			item, err := c.coerce(typ.Elem, v, path)
			if err != nil {
				return nil, err
			}
			return []any{item}, nil
		}
		out := make([]any, len(items))
		for i, item := range items {
			var err *coercionError
			if out[i], err = c.coerce(typ.Elem, item, append(slices.Clip(path), ast.PathIndex(i))); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	def := c.schema.Types[typ.NamedType]
	if def == nil {
		return v, nil // an unknown type is KnownTypeNames' error
	}
	switch def.Kind {
	case ast.Scalar:
		return c.scalar(def.Name, typ, v, path)
	case ast.Enum:
		return c.enum(def, typ, v, path)
	case ast.InputObject:
		return c.object(def, typ, v, path)
	}
	return v, nil
}

func (c coercer) fail(path ast.Path, got any, typ *ast.Type, want string) *coercionError {
	return &coercionError{path: slices.Clone(path), got: got, typ: typ, want: want, literal: c.literal}
}

// scalar coerces v to a built-in scalar; custom scalars check their own values.
func (c coercer) scalar(name string, typ *ast.Type, v any, path ast.Path) (any, *coercionError) {
	switch name {
	case "Int":
		var n json.Number
		switch v := v.(type) {
		case json.Number:
			n = v
		case floatLiteral:
			if f, err := strconv.ParseFloat(string(v), 64); err == nil && f == math.Trunc(f) {
				return nil, c.fail(path, v, typ, "takes a whole number, written without a decimal point or exponent")
			}
			return nil, c.fail(path, v, typ, "takes a whole number")
		default:
			return nil, c.fail(path, v, typ, "takes a whole number"+notA(v))
		}
		i, err := wholeNumber(n)
		switch {
		case errors.Is(err, strconv.ErrSyntax):
			return nil, c.fail(path, v, typ, "takes a whole number")
		case err != nil || i < math.MinInt32 || i > math.MaxInt32:
			return nil, c.fail(path, v, typ, "takes a whole number within 32 bits (-2147483648 to 2147483647)")
		}
		return i, nil
	case "Float":
		var text string
		switch n := v.(type) {
		case json.Number:
			text = string(n)
		case floatLiteral:
			text = string(n)
		default:
			return nil, c.fail(path, v, typ, "takes a number"+notA(v))
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, c.fail(path, v, typ, "takes a number within 64 bits")
		}
		return f, nil
	case "String":
		s, ok := v.(string)
		if !ok {
			return nil, c.fail(path, v, typ, "takes a string"+notA(v))
		}
		return s, nil
	case "Boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, c.fail(path, v, typ, "takes true or false"+notA(v))
		}
		return b, nil
	case "ID":
		switch id := v.(type) {
		case string:
			return id, nil
		case json.Number:
			// Any integer, however long: an ID is text.
			if i, err := wholeNumber(id); err == nil {
				return strconv.FormatInt(i, 10), nil
			} else if !errors.Is(err, strconv.ErrSyntax) && isDigits(strings.TrimPrefix(string(id), "-")) {
				return string(id), nil
			}
			return nil, c.fail(path, v, typ, "takes a string or a whole number")
		case floatLiteral:
			return nil, c.fail(path, v, typ, "takes a string or a whole number")
		}
		return nil, c.fail(path, v, typ, "takes a string or a whole number"+notA(v))
	}
	return v, nil
}

// wholeNumber reads n as an int64: an integer, or a number without a fraction written with one
// (2023.0, 2.023e3), as JSON does not tell them apart. Its error wraps strconv.ErrSyntax when n
// has a fraction, strconv.ErrRange when it is beyond 64 bits.
func wholeNumber(n json.Number) (int64, error) {
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		return i, err
	}
	f, err := strconv.ParseFloat(string(n), 64)
	switch {
	case err != nil:
		return 0, err
	case f != math.Trunc(f):
		return 0, strconv.ErrSyntax
	case math.Abs(f) >= 1<<63:
		return 0, strconv.ErrRange
	}
	return int64(f), nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// enum coerces v to one of def's names, exactly as written in the schema.
func (c coercer) enum(def *ast.Definition, typ *ast.Type, v any, path ast.Path) (any, *coercionError) {
	names := make([]string, len(def.EnumValues))
	for i, e := range def.EnumValues {
		names[i] = e.Name
	}
	want := "takes one of " + strings.Join(names, ", ")
	var name string
	switch n := v.(type) {
	case enumLiteral:
		name = string(n)
	case string:
		if c.literal {
			return nil, c.fail(path, v, typ, want+", written without quotes")
		}
		name = n
	default:
		return nil, c.fail(path, v, typ, want+notA(v))
	}
	if def.EnumValues.ForName(name) != nil {
		return name, nil
	}
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return nil, c.fail(path, v, typ, want+" (names are case-sensitive)")
		}
	}
	return nil, c.fail(path, v, typ, want)
}

// object coerces v to the input object def: its own fields only, each of its type, the required
// ones present. Fields left out stay out: gqlgen applies their defaults.
func (c coercer) object(def *ast.Definition, typ *ast.Type, v any, path ast.Path) (any, *coercionError) {
	fields, ok := v.(map[string]any)
	if !ok {
		return nil, c.fail(path, v, typ, "takes an object of its fields"+notA(v))
	}
	named := ast.NamedType(def.Name, nil)
	for _, name := range sortedKeys(fields) {
		if def.Fields.ForName(name) == nil {
			return nil, c.fail(append(slices.Clip(path), ast.PathName(name)), fields[name], named, fmt.Sprintf("has no field %q", name))
		}
	}
	if def.Directives.ForName("oneOf") != nil {
		if len(fields) != 1 {
			return nil, c.fail(path, v, typ, "takes exactly one of its fields")
		}
		for _, f := range fields {
			if f == nil {
				return nil, c.fail(path, v, typ, "takes exactly one of its fields, not null")
			}
		}
	}
	out := make(map[string]any, len(fields))
	for _, f := range def.Fields {
		fieldPath := append(slices.Clip(path), ast.PathName(f.Name))
		val, given := fields[f.Name]
		if !given {
			if f.Type.NonNull && f.DefaultValue == nil {
				return nil, c.fail(fieldPath, missing, f.Type, "is required")
			}
			continue
		}
		coerced, err := c.coerce(f.Type, val, fieldPath)
		if err != nil {
			return nil, err
		}
		out[f.Name] = coerced
	}
	return out, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// notA names what v is, for a type that takes something else: ", not a string".
func notA(v any) string {
	switch v.(type) {
	case string:
		return ", not a string"
	case bool:
		return ", not a boolean"
	case json.Number, floatLiteral:
		return ", not a number"
	case []any:
		return ", not a list"
	case map[string]any:
		return ", not an object"
	case enumLiteral:
		return ", not an enum value"
	}
	return ""
}

// shown is v as the client wrote it, shortened to maxShownValue runes.
func shown(v any, literal bool) string {
	var b strings.Builder
	writeValue(&b, v, literal)
	s := b.String()
	if utf8.RuneCountInString(s) <= maxShownValue {
		return s
	}
	cut := 0
	for range maxShownValue {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
	}
	return s[:cut] + "…"
}

// writeValue writes v as JSON, or in GraphQL's syntax when it is a literal, up to a little over
// maxShownValue bytes.
func writeValue(b *strings.Builder, v any, literal bool) {
	if b.Len() > 4*maxShownValue {
		return
	}
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		if len(v) > 4*maxShownValue {
			v = v[:4*maxShownValue]
		}
		q, _ := json.Marshal(v)
		b.Write(q)
	case json.Number:
		b.WriteString(string(v))
	case floatLiteral:
		b.WriteString(string(v))
	case enumLiteral:
		b.WriteString(string(v))
	case variableRef:
		b.WriteString("$" + string(v))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case []any:
		b.WriteByte('[')
		for i, item := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeValue(b, item, literal)
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for i, k := range sortedKeys(v) {
			if i > 0 {
				b.WriteByte(',')
			}
			if literal {
				b.WriteString(k + ": ")
			} else {
				writeValue(b, k, false)
				b.WriteByte(':')
			}
			writeValue(b, v[k], literal)
		}
		b.WriteByte('}')
	default:
		fmt.Fprint(b, v)
	}
}

// coerceVariables coerces the variables of op as section 6.1.2 of the specification does, and
// returns the values given, coerced (those left out get their defaults from gqlparser), or a
// request error that names the variable, the place inside it, the value and the type it needed.
// vars are JSON values decoded with UseNumber.
func coerceVariables(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any) (map[string]any, *gqlerror.Error) {
	c := coercer{schema: schema}
	out := make(map[string]any, len(vars))
	for _, def := range op.VariableDefinitions {
		v, given := vars[def.Variable]
		var err *coercionError
		switch {
		case !given && def.DefaultValue == nil && def.Type.NonNull:
			err = &coercionError{got: missing, typ: def.Type, want: "is required"}
		case given:
			out[def.Variable], err = c.coerce(def.Type, v, nil)
		}
		if err != nil {
			gqlErr := &gqlerror.Error{
				Message: err.message(fmt.Sprintf("Variable %q", "$"+def.Variable)),
				Path:    append(ast.Path{ast.PathName("variable"), ast.PathName(def.Variable)}, err.path...),
			}
			if def.Position != nil {
				gqlErr.Locations = []gqlerror.Location{{Line: def.Position.Line, Column: def.Position.Column}}
			}
			errcode.Set(gqlErr, errcode.ValidationFailed)
			return nil, gqlErr
		}
	}
	return out, nil
}

// validationRules are gqlparser's rules with ValuesOfCorrectType replaced by
// literalsOfCorrectType.
func validationRules() *rules.Rules {
	r := rules.NewDefaultRules()
	r.ReplaceRule(rules.ValuesOfCorrectTypeRule.Name, literalsOfCorrectType)
	return r
}

// literalsOfCorrectType checks the values written in a document as the specification coerces
// them: arguments of fields and directives, and defaults of variables. A value inside a fragment
// is reported once, though the walker visits a fragment at each spread.
func literalsOfCorrectType(observers *core.Events, addError core.AddErrFunc) {
	c := coercer{literal: true}
	seen := map[*ast.Value]bool{}
	check := func(w *core.Walker, v *ast.Value, typ *ast.Type, subject string) {
		if v == nil || typ == nil || seen[v] {
			return
		}
		seen[v] = true
		c.schema = w.Schema
		if _, err := c.coerce(typ, literalValue(v), nil); err != nil {
			addError(core.Message("%s", err.message(subject)), core.At(v.Position))
		}
	}
	observers.OnField(func(w *core.Walker, field *ast.Field) {
		if field.Definition == nil {
			return
		}
		for _, arg := range field.Arguments {
			if def := field.Definition.Arguments.ForName(arg.Name); def != nil {
				check(w, arg.Value, def.Type, fmt.Sprintf("Argument %q of %s", arg.Name, field.Name))
			}
		}
	})
	observers.OnDirective(func(w *core.Walker, dir *ast.Directive) {
		if dir.Definition == nil {
			return
		}
		for _, arg := range dir.Arguments {
			if def := dir.Definition.Arguments.ForName(arg.Name); def != nil {
				check(w, arg.Value, def.Type, fmt.Sprintf("Argument %q of @%s", arg.Name, dir.Name))
			}
		}
	})
	observers.OnOperation(func(w *core.Walker, op *ast.OperationDefinition) {
		for _, def := range op.VariableDefinitions {
			check(w, def.DefaultValue, def.Type, fmt.Sprintf("Default value of %q", "$"+def.Variable))
		}
	})
}

// literalValue is v as coercer takes it: JSON values, with enum values, floats and variables
// told apart from strings and integers.
func literalValue(v *ast.Value) any {
	switch v.Kind {
	case ast.Variable:
		return variableRef(v.Raw)
	case ast.IntValue:
		return json.Number(v.Raw)
	case ast.FloatValue:
		return floatLiteral(v.Raw)
	case ast.StringValue, ast.BlockValue:
		return v.Raw
	case ast.BooleanValue:
		return v.Raw == "true"
	case ast.EnumValue:
		return enumLiteral(v.Raw)
	case ast.ListValue:
		items := make([]any, len(v.Children))
		for i, child := range v.Children {
			items[i] = literalValue(child.Value)
		}
		return items
	case ast.ObjectValue:
		fields := make(map[string]any, len(v.Children))
		for _, child := range v.Children {
			fields[child.Name] = literalValue(child.Value)
		}
		return fields
	}
	return nil
}
