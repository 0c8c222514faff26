package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postJSON is gqlgen's POST transport with a code on every error and a faster way of writing a
// successful answer. transport.POST writes every answer with json.Marshal, which re-reads the data
// gqlgen has already written as JSON to check and compact it: 15 % of the time of a district's
// ranking with every field, and a pass over the megabytes of a national answer. Here the data is
// copied as it is, byte for byte what json.Marshal would write (see writeAnswer).
type postJSON struct {
	transport.POST
	schema *ast.Schema
}

func (t postJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "could not read the request body")
		return
	}
	params := &graphql.RawParams{}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, `the body must be a JSON object {"query": "…", "variables": {…}, "operationName": "…"}`)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	run(w, r, exec, t.schema, params)
}

// getQuery is gqlgen's GET transport with a code on every error: a query string that is not
// URL-encoded, variables or extensions that are not JSON objects (400 BAD_REQUEST), and a
// mutation (405 with Allow: POST, as the GraphQL over HTTP specification asks; gqlgen says 406
// without a code).
type getQuery struct {
	transport.GET
	schema *ast.Schema
}

func (t getQuery) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "the query string is not URL-encoded")
		return
	}
	params := &graphql.RawParams{Query: values.Get("query"), OperationName: values.Get("operationName"), Headers: r.Header}
	for name, into := range map[string]*map[string]any{"variables": &params.Variables, "extensions": &params.Extensions} {
		if v := values.Get(name); v != "" {
			dec := json.NewDecoder(strings.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(into); err != nil {
				writeError(w, http.StatusBadRequest, CodeBadRequest, name+" must be a JSON object")
				return
			}
		}
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	run(w, r, exec, t.schema, params)
}

// run answers a GraphQL request of either transport. A request refused before it runs (no
// query, a parse or validation error, a limit, a persisted query) is answered without data, as
// the GraphQL specification asks when execution did not start:
//   - in application/graphql-response+json, with status 400, since an answer without data must
//     not be a 2xx;
//   - in application/json, with status 200, except a request that is not a well-formed GraphQL
//     request (BAD_REQUEST, PERSISTED_QUERY_MISMATCH), which is 400.
func run(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, schema *ast.Schema, params *graphql.RawParams) {
	contentType := responseType(r)
	ctx := r.Context()
	if params.Query == "" && params.Extensions["persistedQuery"] == nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "the request has no query")
		return
	}
	rc, errs := createOperation(ctx, exec, schema, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		status := http.StatusOK
		if strings.HasPrefix(contentType, mediaGraphQLResponse) || isRequestError(resp.Errors) {
			status = http.StatusBadRequest
		}
		b, err := json.Marshal(struct {
			Errors     gqlerror.List  `json:"errors"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions})
		if err != nil {
			panic(err) // as transport.POST does: gqlgen's errors are always JSON
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		w.Write(b)
		return
	}
	if r.Method == http.MethodGet && rc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, CodeBadRequest, "GET runs queries only; send a mutation with POST")
		return
	}
	w.Header().Set("Content-Type", contentType)
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeAnswer(w, responses(ctx))
}

// createOperation parses and validates the request and coerces its variables, as
// exec.CreateOperationContext does, with the variables coerced by coerceVariables rather than by
// gqlparser alone. gqlgen offers no step between validation and gqlparser's coercion, so the
// variables as sent are coerced once the operation is known, and their error, if any, is the
// request's, and the coerced values are those the operation runs with. gqlparser refuses one thing
// the specification takes, a whole number written 2023.0 for Int: then the operation is created
// again from the coerced values.
func createOperation(ctx context.Context, exec graphql.GraphExecutor, schema *ast.Schema, params *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	sent, _ := copyJSON(params.Variables).(map[string]any) // gqlparser writes what it coerces into the maps it is given
	rc, errs := exec.CreateOperationContext(ctx, params)
	if rc == nil || rc.Operation == nil {
		return rc, errs // not parsed or not valid: no variables to speak of
	}
	coerced, err := coerceVariables(schema, rc.Operation, sent)
	if err != nil {
		return rc, gqlerror.List{err}
	}
	if isVariableError(errs) {
		params.Variables = coerced
		return exec.CreateOperationContext(ctx, params)
	}
	if errs == nil {
		// Where both took a value, gqlparser may have kept it as sent: an ID 31528.0 is "31528".
		maps.Copy(rc.Variables, coerced)
	}
	return rc, errs
}

// isVariableError reports whether errs are gqlparser's refusal of a variable.
func isVariableError(errs gqlerror.List) bool {
	return len(errs) == 1 && len(errs[0].Path) > 0 && errs[0].Path[0] == ast.PathName("variable")
}

// copyJSON is a deep copy of v, a value decoded from JSON.
func copyJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = copyJSON(x)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = copyJSON(x)
		}
		return s
	}
	return v
}

// isRequestError reports whether errs say the request itself is malformed, rather than its query.
func isRequestError(errs gqlerror.List) bool {
	for _, e := range errs {
		if code, _ := e.Extensions["code"].(string); code == CodeBadRequest || code == CodePersistedQueryMismatch {
			return true
		}
	}
	return false
}

// The media types of GraphQL answers.
const (
	mediaJSON            = "application/json; charset=utf-8"
	mediaGraphQLResponse = "application/graphql-response+json; charset=utf-8"
)

// responseType is the media type of the answer, as gqlgen's transports choose it: application/json
// without Accept, else the first of application/json (also named by */* and application/*) and
// application/graphql-response+json that Accept names, or application/graphql-response+json when
// it names neither.
func responseType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", "application/json":
			return mediaJSON
		case "application/graphql-response+json":
			return mediaGraphQLResponse
		}
	}
	return mediaGraphQLResponse
}

// writeAnswer writes resp as json.Marshal would, without re-reading its data: errors, data and
// extensions in that order, or null for no answer. json.Marshal also escapes <, >, & and the line and paragraph
// separators inside the data; an answer holding one of them is written by json.Marshal.
func writeAnswer(w io.Writer, resp *graphql.Response) {
	if resp == nil {
		w.Write([]byte("null")) // gqlgen has no answer once the request's deadline has passed
		return
	}
	if resp.Label != "" || resp.Path != nil || resp.HasNext != nil || needsEscaping(resp.Data) {
		b, err := json.Marshal(resp)
		if err != nil {
			panic(err) // as transport.POST does: gqlgen wrote data that is not JSON
		}
		w.Write(b)
		return
	}
	var buf bytes.Buffer
	buf.Grow(len(resp.Data) + 64)
	buf.WriteByte('{')
	if len(resp.Errors) > 0 {
		errs, err := json.Marshal(resp.Errors)
		if err != nil {
			panic(err)
		}
		buf.WriteString(`"errors":`)
		buf.Write(errs)
		buf.WriteByte(',')
	}
	buf.WriteString(`"data":`)
	if len(resp.Data) == 0 {
		buf.WriteString("null")
	} else {
		buf.Write(resp.Data)
	}
	if len(resp.Extensions) > 0 {
		ext, err := json.Marshal(resp.Extensions)
		if err != nil {
			panic(err)
		}
		buf.WriteString(`,"extensions":`)
		buf.Write(ext)
	}
	buf.WriteByte('}')
	w.Write(buf.Bytes())
}

func needsEscaping(data []byte) bool {
	return bytes.IndexByte(data, '<') >= 0 || bytes.IndexByte(data, '>') >= 0 || bytes.IndexByte(data, '&') >= 0 ||
		bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029"))
}
