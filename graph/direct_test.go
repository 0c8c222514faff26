package graph

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/parindex/parindex/analytics"
	"github.com/parindex/parindex/graph/model"
)

// goTypes are the Go types gqlgen binds the schema's object types to (autobind, gqlgen.yml).
var goTypes = map[string]reflect.Type{
	"AggregateColumns":      reflect.TypeFor[analytics.AggregateColumns](),
	"AggregateConnection":   reflect.TypeFor[analytics.AggregateConnection](),
	"AggregateRow":          reflect.TypeFor[analytics.AggregateRow](),
	"Adjustment":            reflect.TypeFor[analytics.Adjustment](),
	"Benchmarks":            reflect.TypeFor[analytics.Benchmarks](),
	"ChangeColumns":         reflect.TypeFor[analytics.ChangeColumns](),
	"ChangeSummary":         reflect.TypeFor[analytics.ChangeSummary](),
	"Change":                reflect.TypeFor[analytics.Change](),
	"Changes":               reflect.TypeFor[analytics.Changes](),
	"Cohort":                reflect.TypeFor[analytics.Cohort](),
	"ComparedField":         reflect.TypeFor[analytics.ComparedField](),
	"ComparedUnit":          reflect.TypeFor[analytics.ComparedUnit](),
	"Comparison":            reflect.TypeFor[analytics.Comparison](),
	"Component":             reflect.TypeFor[analytics.Component](),
	"ComponentResult":       reflect.TypeFor[analytics.ComponentResult](),
	"Criterion":             reflect.TypeFor[analytics.Criterion](),
	"CriterionScore":        reflect.TypeFor[analytics.CriterionScore](),
	"ExportColumn":          reflect.TypeFor[analytics.ExportColumn](),
	"ExportInfo":            reflect.TypeFor[analytics.ExportInfo](),
	"Field":                 reflect.TypeFor[analytics.Field](),
	"FieldRef":              reflect.TypeFor[analytics.FieldRef](),
	"FieldResult":           reflect.TypeFor[analytics.FieldResult](),
	"FieldSummary":          reflect.TypeFor[analytics.FieldSummary](),
	"Framework":             reflect.TypeFor[analytics.Framework](),
	"FrameworkUse":          reflect.TypeFor[analytics.FrameworkUse](),
	"FrameworkWritten":      reflect.TypeFor[analytics.FrameworkWritten](),
	"Group":                 reflect.TypeFor[analytics.Group](),
	"GroupCount":            reflect.TypeFor[analytics.GroupCount](),
	"GroupDistribution":     reflect.TypeFor[analytics.GroupDistribution](),
	"ImportProblem":         reflect.TypeFor[analytics.ImportProblem](),
	"ImportRecord":          reflect.TypeFor[analytics.ImportRecord](),
	"ImportReport":          reflect.TypeFor[analytics.ImportReport](),
	"LineageLink":           reflect.TypeFor[analytics.LineageLink](),
	"OfficialReplacement":   reflect.TypeFor[analytics.OfficialReplacement](),
	"Limits":                reflect.TypeFor[model.Limits](),
	"PageInfo":              reflect.TypeFor[analytics.PageInfo](),
	"Published":             reflect.TypeFor[analytics.Published](),
	"PublishedFieldAverage": reflect.TypeFor[analytics.PublishedFieldAverage](),
	"RankingColumns":        reflect.TypeFor[analytics.RankingColumns](),
	"RankingFieldColumns":   reflect.TypeFor[analytics.RankingFieldColumns](),
	"Release":               reflect.TypeFor[analytics.Release](),
	"Result":                reflect.TypeFor[analytics.Result](),
	"Series":                reflect.TypeFor[analytics.Series](),
	"Source":                reflect.TypeFor[analytics.Source](),
	"Unit":                  reflect.TypeFor[analytics.Unit](),
	"UnitRef":               reflect.TypeFor[analytics.UnitRef](),
}

// fullSelection selects every field of the object type name, and of the objects below it, each
// under an alias besides its name, with __typename.
func fullSelection(name string, depth int) ast.SelectionSet {
	def := parsedSchema.Types[name]
	sel := ast.SelectionSet{&ast.Field{Alias: "__typename", Name: "__typename"}}
	for _, fd := range def.Fields {
		if strings.HasPrefix(fd.Name, "__") {
			continue
		}
		var child ast.SelectionSet
		if parsedSchema.Types[fd.Type.Name()].Kind == ast.Object {
			if depth == 0 {
				continue
			}
			child = fullSelection(fd.Type.Name(), depth-1)
		}
		sel = append(sel,
			&ast.Field{Alias: fd.Name, Name: fd.Name, Definition: fd, SelectionSet: child},
			&ast.Field{Alias: "a_" + fd.Name, Name: fd.Name, Definition: fd, SelectionSet: child})
	}
	return sel
}

// byMethod are the object types with a field gqlgen answers by calling a method: gqlgen writes
// them. Only Unit is in a list, a short one (a search, a parent's children): its links are made
// from the reference data when asked for, not for every unit of the registry.
var byMethod = map[string]string{
	"AggregateConnection": "columns: (*AggregateConnection).Columns",
	"Changes":             "columns: (*Changes).Columns",
	"Unit":                "lineage, history, successors, predecessors: (*Unit).Lineage …",
}

// TestDirectWritesEveryObject: every object type below the root, with all its fields selected,
// compiles into a directWriter, so that no list of them goes through gqlgen's execution; but for
// the few with a method, which must not.
func TestDirectWritesEveryObject(t *testing.T) {
	c := directCompiler{oc: &graphql.OperationContext{}, schema: parsedSchema}
	for name, def := range parsedSchema.Types {
		if def.Kind != ast.Object || def.BuiltIn || name == "Query" || name == "Mutation" || strings.HasPrefix(name, "__") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			typ, ok := goTypes[name]
			if !ok {
				t.Fatalf("no Go type for %s in goTypes", name)
			}
			_, ok = c.object(def, typ, fullSelection(name, 3))
			if method, want := byMethod[name]; ok == want {
				t.Errorf("%s (%v) compiles: %v, want %v (%s)", name, typ, ok, !want, method)
			}
		})
	}
	// What gqlgen must answer itself is refused.
	refused := map[string]func() (directWriter, bool){
		"a struct of another shape": func() (directWriter, bool) {
			return c.object(parsedSchema.Types["Change"], reflect.TypeFor[analytics.Result](), fullSelection("Change", 1))
		},
		"a field with arguments": func() (directWriter, bool) {
			return c.object(parsedSchema.Types["Query"], reflect.TypeFor[struct {
				Ranking []analytics.Result `json:"ranking"`
			}](), ast.SelectionSet{&ast.Field{Alias: "ranking", Name: "ranking", SelectionSet: fullSelection("Result", 1)}})
		},
		"an introspection type": func() (directWriter, bool) {
			return c.object(parsedSchema.Types["__Type"], reflect.TypeFor[struct{ Name *string }](),
				ast.SelectionSet{&ast.Field{Alias: "name", Name: "name"}})
		},
		"a directive of the query other than @skip and @include": func() (directWriter, bool) {
			return c.object(parsedSchema.Types["Group"], reflect.TypeFor[analytics.Group](),
				ast.SelectionSet{&ast.Field{Alias: "code", Name: "code", Directives: ast.DirectiveList{{Name: "uppercase"}}}})
		},
		"a Float held as an int": func() (directWriter, bool) {
			return c.object(parsedSchema.Types["Group"], reflect.TypeFor[struct {
				MinPercent int `json:"minPercent"`
			}](), ast.SelectionSet{&ast.Field{Alias: "minPercent", Name: "minPercent"}})
		},
	}
	for name, compile := range refused {
		if _, ok := compile(); ok {
			t.Errorf("%s compiles", name)
		}
	}
}

// TestDirectWritesValues: values as gqlgen writes them, and what gqlgen would not simply write
// (an error, or "" for an enum value the schema does not have) refused, for gqlgen to answer.
func TestDirectWritesValues(t *testing.T) {
	c := directCompiler{oc: &graphql.OperationContext{}, schema: parsedSchema}
	nan, one := 0.0, 1.0
	nan /= nan * 0
	for name, tc := range map[string]struct {
		typ    string
		fields string
		v      any
		want   string // "": refused
	}{
		"a change": {"Change", "status percentFrom percentTo rankTo", analytics.Change{Status: analytics.ChangeOnlyTo, PercentTo: &one},
			`{"status":"ONLY_TO","percentFrom":null,"percentTo":1,"rankTo":null}`},
		"a nil list that is not nullable": {"Series", "years contributors", analytics.Series{}, `{"years":[],"contributors":[]}`},
		"a nil nullable list":             {"AggregateColumns", "year values", analytics.AggregateColumns{}, `{"year":null,"values":[]}`},
		"lists in lists":                  {"Series", "contributors", analytics.Series{Contributors: [][]string{{"a", "b"}, nil}}, `{"contributors":[["a","b"],[]]}`},
		"a NaN Float":                     {"Change", "status change", analytics.Change{Status: analytics.ChangeBoth, Change: &nan}, ""},
		"an enum value unknown":           {"Change", "status", analytics.Change{Status: "SOMETIMES"}, ""},
		"null where the schema says non-null": {"AggregateConnection", "pageInfo { hasNextPage }", struct {
			PageInfo *analytics.PageInfo `json:"pageInfo"`
		}{}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			sel := selection(t, tc.typ, tc.fields)
			v := reflect.ValueOf(tc.v)
			w, ok := c.object(parsedSchema.Types[tc.typ], v.Type(), sel)
			if !ok {
				t.Fatal("does not compile")
			}
			b, ok := w(nil, v)
			if ok != (tc.want != "") || (ok && string(b) != tc.want) {
				t.Errorf("wrote %s, %v; want %s", b, ok, tc.want)
			}
		})
	}
}

// selection parses fields ("a b { c }") as a selection of the object type typ.
func selection(t *testing.T, typ, fields string) ast.SelectionSet {
	t.Helper()
	var parse func(def *ast.Definition, words []string) (ast.SelectionSet, []string)
	parse = func(def *ast.Definition, words []string) (ast.SelectionSet, []string) {
		var sel ast.SelectionSet
		for len(words) > 0 {
			w := words[0]
			words = words[1:]
			if w == "}" {
				return sel, words
			}
			fd := def.Fields.ForName(w)
			if fd == nil {
				t.Fatalf("%s has no field %s", def.Name, w)
			}
			f := &ast.Field{Alias: w, Name: w, Definition: fd}
			if len(words) > 0 && words[0] == "{" {
				f.SelectionSet, words = parse(parsedSchema.Types[fd.Type.Name()], words[1:])
			}
			sel = append(sel, f)
		}
		return sel, words
	}
	sel, _ := parse(parsedSchema.Types[typ], strings.Fields(fields))
	return sel
}

// TestAppendQuotedIsGqlgens: strings are escaped as graphql.MarshalString escapes them.
func TestAppendQuotedIsGqlgens(t *testing.T) {
	for _, s := range []string{"", "Xã An Mỹ", `a "b" \ c`, "tab\tcr\rnl\n", "\x00\x01\x1f\x7f", "\u2028<>&", "\xff\xfe invalid", "Thị trấn Kế Sách"} {
		var want bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		if got := appendQuoted([]byte("x"), s); string(got) != "x"+want.String() {
			t.Errorf("%q: got %s, want %s", s, got[1:], want.Bytes())
		}
	}
}

// TestDirectListsAreGqlgens: every answer of the golden and example queries, and queries that
// select every field of every object under aliases, with fragments and @skip/@include, is byte
// for byte what gqlgen's own execution writes.
func TestDirectListsAreGqlgens(t *testing.T) {
	limits := DefaultLimits()
	limits.AnswerCacheBytes = 0 // every request executed
	direct, store := newTestEndpoint(t, limits)
	gqlgen, err := NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil)), limits)
	if err != nil {
		t.Fatal(err)
	}
	asGqlgen := func(body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		gqlgen.ServeHTTP(rec, req.WithContext(context.WithValue(req.Context(), gqlgenListsKey{}, true)))
		return rec
	}
	bodies := map[string]string{}
	for _, g := range goldenCases() {
		bodies["golden "+g.name] = g.body
	}
	for _, e := range Examples {
		bodies["example "+e.Title] = query(e.Query, e.Variables)
	}
	full := func(typ string) string { return selectionText(fullSelection(typ, 3)) }
	for name, q := range map[string]string{
		"ranking":         `{ ranking(year: 2023) ` + full("Result") + ` }`,
		"ranking current": `{ ranking(year: 2023, boundary: CURRENT) ` + full("Result") + ` }`,
		// Depth 1: every field of a province's ranking deeper costs more than the limit allows.
		"ranking 2025":        `{ ranking(year: 2025, parent: "92") ` + selectionText(fullSelection("Result", 1)) + ` }`,
		"changes":             `{ changes(from: 2022, to: 2023) ` + full("Changes") + ` }`,
		"changes reform":      `{ changes(from: 2024, to: 2025, boundary: CURRENT) ` + full("Changes") + ` }`,
		"aggregate":           `{ aggregate(groupBy: [YEAR, UNIT, PARENT, PROVINCE, FIELD, GROUP], metrics: [COUNT, AVG, STDDEV], first: 500) ` + full("AggregateConnection") + ` }`,
		"aggregate criteria":  `{ aggregate(filter: {years: [2023]}, groupBy: [CRITERION], metrics: [MEDIAN, AVG_POINTS]) ` + full("AggregateConnection") + ` }`,
		"compare":             `{ compare(units: ["31564", "31537", "31552"], year: 2023) ` + full("Comparison") + ` }`,
		"scores":              `{ scores(unit: "31537", year: 2023) ` + full("CriterionScore") + ` }`,
		"trend":               `{ trend(units: ["31564", "31552@2025-07-01"], boundary: CURRENT) ` + full("Series") + ` }`,
		"units":               `{ units(search: "an", parent: "943", first: 10) ` + full("Unit") + ` }`,
		"unit":                `{ unit(code: "31552", year: 2025) ` + full("Unit") + ` }`,
		"framework":           `{ framework(year: 2023) ` + full("Framework") + ` }`,
		"field summary":       `{ fieldSummary(year: 2023, parent: "943") ` + full("FieldSummary") + ` }`,
		"group distribution":  `{ groupDistribution(year: 2023) ` + full("GroupDistribution") + ` }`,
		"ranking columns":     `{ rankingColumns(year: 2023) ` + full("RankingColumns") + ` }`,
		"fragments and skips": fragmentsQuery,
	} {
		bodies["full "+name] = query(q, map[string]any{"yes": true, "no": false})
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			code, got := post(t, direct, body)
			wantRec := asGqlgen(body)
			if code != wantRec.Code || !bytes.Equal(got, wantRec.Body.Bytes()) {
				t.Errorf("direct: %d %.600s\ngqlgen: %d %.600s", code, got, wantRec.Code, wantRec.Body.Bytes())
			}
			if strings.HasPrefix(name, "full ") && bytes.Contains(got, []byte(`"errors"`)) {
				t.Errorf("errors: %.600s", got)
			}
		})
	}
	// The same answers, and the lists were indeed written directly: gqlgen's execution allocates
	// several values per field.
	body := bodies["full ranking"]
	own := testing.AllocsPerRun(3, func() { post(t, direct, body) })
	theirs := testing.AllocsPerRun(3, func() { asGqlgen(body) })
	if own*3 > theirs {
		t.Errorf("a ranking allocates %.0f times written directly, %.0f through gqlgen: not written directly?", own, theirs)
	}
}

const fragmentsQuery = `query($yes: Boolean!, $no: Boolean!) {
  changes(from: 2022, to: 2023, parent: "943") { units { ...c  unit @include(if: $yes) { ... on UnitRef { id name } code }
    percentTo @skip(if: $yes) rankTo @include(if: $no) groupTo @skip(if: $no) { code ...g } } }
  ranking(year: 2023, parent: "943") { __typename unit { name } ... on Result { fields { ...f field { nameEn } } } }
}
fragment c on Change { status percentFrom unit { shortName id } groupFrom { ...g } }
fragment g on Group { label minPercent }
fragment f on FieldResult { percent rank field { slug } }`

// selectionText writes a selection set as query text.
func selectionText(sel ast.SelectionSet) string {
	var b strings.Builder
	b.WriteString("{")
	for _, s := range sel {
		f := s.(*ast.Field)
		if f.Alias == f.Name {
			b.WriteString(" " + f.Name)
		} else {
			fmt.Fprintf(&b, " %s: %s", f.Alias, f.Name)
		}
		if len(f.SelectionSet) > 0 {
			b.WriteString(" " + selectionText(f.SelectionSet))
		}
	}
	b.WriteString(" }")
	return b.String()
}

// TestDirectHandsRefusedElementsToGqlgen: in a list written directly, an element the writer
// refuses is marshalled by gqlgen, in its place.
func TestDirectHandsRefusedElementsToGqlgen(t *testing.T) {
	oc := &graphql.OperationContext{}
	ec := &executionContext{&graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]{
		OperationContext: oc, ParsedSchema: parsedSchema}}
	units := parsedSchema.Types["Changes"].Fields.ForName("units")
	ctx := graphql.WithFieldContext(graphql.WithOperationContext(context.Background(), oc),
		&graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Name: "units", Definition: units}}})
	sel := ast.SelectionSet{&ast.Field{Alias: "s", Name: "status"}, &ast.Field{Alias: "c", Name: "change"}}
	nan, one := 0.0, 1.0
	nan /= nan * 0
	v := []analytics.Change{{Status: analytics.ChangeBoth, Change: &one}, {Status: analytics.ChangeBoth, Change: &nan},
		{Status: analytics.ChangeOnlyFrom}, {Status: "NEVER"}}
	for _, direct := range []bool{true, false} {
		ctx := ctx
		if !direct {
			ctx = context.WithValue(ctx, gqlgenListsKey{}, true)
		}
		got := marshalSliceInOrder(ec, ctx, sel, v, 0, true, func(ctx context.Context, i int) graphql.Marshaler {
			return graphql.MarshalString(fmt.Sprintf("gqlgen %d", i))
		})
		var b bytes.Buffer
		got.MarshalGQL(&b)
		want := `[{"s":"BOTH","c":1},"gqlgen 1",{"s":"ONLY_FROM","c":null},"gqlgen 3"]`
		if !direct {
			want = `["gqlgen 0","gqlgen 1","gqlgen 2","gqlgen 3"]`
		}
		if b.String() != want {
			t.Errorf("direct %v: got %s, want %s", direct, b.Bytes(), want)
		}
	}
}

// TestDirectRefusedElementsAreGqlgens: through the generated list marshaller, a list with
// elements the writer refuses (a NaN, an enum value unknown) answers the same bytes and the same
// errors written directly as through gqlgen alone.
func TestDirectRefusedElementsAreGqlgens(t *testing.T) {
	nan, one := 0.0, 1.0
	nan /= nan * 0
	v := []analytics.Change{{Status: analytics.ChangeBoth, Change: &one, Unit: analytics.UnitRef{ID: "1", Name: "Xã A"}},
		{Status: analytics.ChangeBoth, Change: &nan, Unit: analytics.UnitRef{ID: "2"}},
		{Status: analytics.ChangeOnlyFrom}, {Status: "NEVER"}}
	sel := selection(t, "Change", "unit { id name } status change rankTo")
	answer := func(direct bool) (string, string) {
		oc := &graphql.OperationContext{ResolverMiddleware: func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) },
			RecoverFunc: graphql.DefaultRecover}
		ec := &executionContext{&graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]{
			OperationContext: oc, ParsedSchema: parsedSchema}}
		ctx := graphql.WithResponseContext(graphql.WithOperationContext(context.Background(), oc),
			graphql.DefaultErrorPresenter, graphql.DefaultRecover)
		ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{
			Field: &ast.Field{Alias: "units", Name: "units", Definition: parsedSchema.Types["Changes"].Fields.ForName("units")}}})
		if !direct {
			ctx = context.WithValue(ctx, gqlgenListsKey{}, true)
		}
		var b bytes.Buffer
		ec.marshalNChange2ᚕgithubᚗcomᚋparindexᚋparindexᚋanalyticsᚐChangeᚄ(ctx, sel, v).MarshalGQL(&b)
		return b.String(), fmt.Sprint(graphql.GetErrors(ctx))
	}
	got, gotErrs := answer(true)
	want, wantErrs := answer(false)
	if got != want || gotErrs != wantErrs {
		t.Errorf("direct: %s %s\ngqlgen: %s %s", got, gotErrs, want, wantErrs)
	}
	if !strings.Contains(got, `{"unit":{"id":"1","name":"Xã A"},"status":"BOTH","change":1,"rankTo":null}`) || wantErrs == "" {
		t.Errorf("answer %s, errors %q: want the first change written and the NaN reported", got, wantErrs)
	}
}
