package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql/playground"
)

// explorerPage is the GraphiQL page: gqlgen's (playground.Handler) with a lang and a viewport, and
// with the one inline script that a Content-Security-Policy allows by its hash. It reads the query,
// variables and operation name from its URL and keeps them there, so that /graphiql/examples and
// the app can link to ready-to-run queries.
var explorerPage = template.Must(template.New("explorer").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>parindex — GraphQL</title>
<style>body { margin: 0; } #graphiql { height: 100vh; } .loading { height: 100%; display: flex; align-items: center; justify-content: center; font-size: 4rem; }</style>
<link rel="stylesheet" href="{{.CSS.Path}}" integrity="{{.CSS.Integrity}}">
<script src="{{.React.Path}}" integrity="{{.React.Integrity}}"></script>
<script src="{{.ReactDOM.Path}}" integrity="{{.ReactDOM.Integrity}}"></script>
</head>
<body>
<div id="graphiql"><div class="loading">Loading…</div></div>
<script src="{{.JS.Path}}" integrity="{{.JS.Integrity}}"></script>
<script>
(() => {
  const parameters = Object.fromEntries(new URLSearchParams(location.search));
  const keep = (name) => (value) => {
    parameters[name] = value;
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(parameters)) if (v) search.set(k, v);
    history.replaceState(null, '', '?' + search.toString());
  };
  ReactDOM.render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: location.origin + '/graphql' }),
      isHeadersEditorEnabled: true,
      query: parameters.query,
      variables: parameters.variables,
      headers: parameters.headers,
      operationName: parameters.operationName,
      onEditQuery: keep('query'),
      onEditVariables: keep('variables'),
      onEditHeaders: keep('headers'),
      onEditOperationName: keep('operationName'),
      inputValueDeprecation: true,
    }),
    document.getElementById('graphiql'),
  );
})();
</script>
</body>
</html>
`))

// explorerEndpoint is where the explorer sends its queries.
const explorerEndpoint = "/graphql"

// Explorer returns the GraphiQL page of the API at /graphql, loading GraphiQL from the app's
// embedded files (dist/assets/explorer), so that it needs no CDN. Its Content-Security-Policy
// allows only this origin and the page's own inline script and style; frameAncestors is its
// frame-ancestors ("" is 'none'). Without the files (a build without them fails its tests) it is
// gqlgen's page, loading GraphiQL from a CDN, without a policy.
func Explorer(frameAncestors string) http.Handler {
	files := explorerFiles(dist)
	if files.JS.Path == "" || files.CSS.Path == "" || files.React.Path == "" || files.ReactDOM.Path == "" {
		return playground.Handler("parindex — GraphQL", explorerEndpoint, playground.WithGraphiqlPersistStateInURL(true))
	}
	var page bytes.Buffer
	if err := explorerPage.Execute(&page, files); err != nil {
		panic(fmt.Sprintf("web: explorer page: %v", err)) // a broken template is a programming error
	}
	return Page(page.Bytes(), frameAncestors)
}

// inlineScript and inlineStyle find the inline scripts and styles of a page, whose hashes its
// Content-Security-Policy lists.
var (
	inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	inlineStyle  = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
)

// pagePolicy is the Content-Security-Policy of a page of ours: this origin only, and the page's
// inline scripts and styles by their hashes. Style attributes, which GraphiQL's components set,
// need 'unsafe-inline' for style-src-attr only.
func pagePolicy(page []byte, frameAncestors string) string {
	hashes := func(re *regexp.Regexp) string {
		var b strings.Builder
		for _, m := range re.FindAllSubmatch(page, -1) {
			sum := sha256.Sum256(m[1])
			b.WriteString(" 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'")
		}
		return b.String()
	}
	if frameAncestors == "" {
		frameAncestors = "'none'"
	}
	return "default-src 'self'; script-src 'self'" + hashes(inlineScript) +
		"; style-src 'self'" + hashes(inlineStyle) + "; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
		"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors
}

// Page serves an HTML page that does not change (the explorer, the API's examples), with a
// Content-Security-Policy of this origin only and the page's own inline scripts and styles by
// their hashes; frameAncestors is its frame-ancestors ("" is 'none').
func Page(page []byte, frameAncestors string) http.Handler {
	policy := pagePolicy(page, frameAncestors)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", policy)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(page)
	})
}
