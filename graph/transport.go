package graph

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// postJSON is gqlgen's POST transport with a faster way of writing a successful answer.
// transport.POST writes every answer with json.Marshal, which re-reads the data gqlgen has already
// written as JSON to check and compact it: 15 % of the time of a district's ranking with every
// field, and a pass over the megabytes of a national answer. Here the data is copied as it is,
// byte for byte what json.Marshal would write (see writeAnswer). A request that gqlgen refuses
// before running it (a body that is not JSON, a parse or validation error, a limit) is handed to
// transport.POST whole, so that its status and errors are gqlgen's.
type postJSON struct{ transport.POST }

func (t postJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	body, err := io.ReadAll(r.Body)
	refuse := func() {
		r.Body = io.NopCloser(bytes.NewReader(body))
		t.POST.Do(w, r, exec)
	}
	if err != nil {
		refuse()
		return
	}
	start := graphql.Now()
	params := &graphql.RawParams{}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		refuse()
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	ctx := r.Context()
	rc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		refuse()
		return
	}
	w.Header().Set("Content-Type", responseType(r))
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeAnswer(w, responses(ctx))
}

// responseType is the media type of the answer, as transport.POST chooses it: application/json
// without Accept, else the first of application/json (also named by */* and application/*) and
// application/graphql-response+json that Accept names, or application/graphql-response+json when
// it names neither.
func responseType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return "application/json"
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", "application/json":
			return "application/json"
		case "application/graphql-response+json":
			return "application/graphql-response+json"
		}
	}
	return "application/graphql-response+json"
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
