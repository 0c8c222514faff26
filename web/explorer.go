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

// explorerPage is the GraphiQL page: gqlgen's (playground.Handler) with a language, a viewport,
// the app's icon, a font stack with Vietnamese letters, parindex's own opening query, and the one
// inline script and style that a Content-Security-Policy allows by their hashes. On a phone the
// editors and the answer are stacked, and the documentation, when open, takes the whole width. It
// reads the query, variables and operation name from its URL and keeps them there, so that
// /graphiql/examples and the app can link to ready-to-run queries; without a query in its URL it
// opens on the last one edited in the browser, or on defaultQuery.
//
// GraphiQL draws its editors and answers in Fira Code, which has no Vietnamese letters: "ấ" came
// out as "a" with two marks from other fonts, floating apart. The style puts first the monospace
// fonts of each system that have them (SF Mono, Cascadia Mono, Consolas, Noto Sans Mono, Roboto
// Mono) and, where none is installed, the Roboto that GraphiQL's style embeds with its
// Vietnamese subset: proportional, but every letter whole. The style names GraphiQL's elements
// under #graphiql, not by their own class (.graphiql-container): a test looking up that class as
// plain text (DOM.performSearch) would otherwise find the style first.
var explorerPage = template.Must(template.New("explorer").Parse(`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>parindex — GraphQL</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{{.Files.CSS.Path}}" integrity="{{.Files.CSS.Integrity}}">
<style>
body { margin: 0; }
#graphiql { height: 100vh; height: 100dvh; }
.loading { height: 100%; display: flex; align-items: center; justify-content: center; font: 2rem system-ui, sans-serif; }
#graphiql > div, .CodeMirror-info, .CodeMirror-lint-tooltip, .graphiql-dialog, .graphiql-dialog-overlay, .graphiql-tooltip, [data-radix-popper-content-wrapper] {
  --font-family-mono: ui-monospace, "SF Mono", "Cascadia Mono", Consolas, "Noto Sans Mono", "Roboto Mono", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
.CodeMirror-hints, .CodeMirror-lint-tooltip { font-family: var(--font-family-mono); }
@media (max-width: 640px) {
  #graphiql #graphiql-session { flex-direction: column; gap: 8px; }
  #graphiql .graphiql-horizontal-drag-bar { display: none; }
  #graphiql .graphiql-sidebar { --sidebar-width: 44px; padding: 4px; }
  #graphiql .graphiql-query-editor { padding: 8px; column-gap: 8px; }
  #graphiql .graphiql-plugin { flex: 1 1 auto !important; min-width: 0 !important; border-left: 0; }
  #graphiql .graphiql-main:has(.graphiql-plugin:not([style*="opacity: 0"])) .graphiql-sessions { display: none; }
}
</style>
<script src="{{.Files.React.Path}}" integrity="{{.Files.React.Integrity}}"></script>
<script src="{{.Files.ReactDOM.Path}}" integrity="{{.Files.ReactDOM.Integrity}}"></script>
</head>
<body>
<div id="graphiql"><div class="loading">Đang tải…</div></div>
<script src="{{.Files.JS.Path}}" integrity="{{.Files.JS.Integrity}}"></script>
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
      defaultQuery: {{.DefaultQuery}},
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

// defaultQuery is what the explorer opens on the first time: what the page is, in Vietnamese and
// English, and a query a district's analyst asks first, which answers with Vietnamese names.
const defaultQuery = `# parindex: API GraphQL của Chỉ số cải cách hành chính
# cấp xã (PAR Index). Bấm ▶ hoặc Ctrl-Enter để chạy,
# Ctrl-Space để gợi ý. Ví dụ khác: /graphiql/examples
#
# The GraphQL API of the commune-level PAR Index.
# Press ▶ or Ctrl-Enter to run, Ctrl-Space to complete.
# More examples: /graphiql/examples
#
# Xếp hạng các xã huyện Kế Sách năm 2023
# Kế Sách district's communes ranked, 2023
{
  ranking(year: 2023, parent: "943") {
    rank
    unit { name }
    percent
    group { label }
  }
}
`

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
	if err := explorerPage.Execute(&page, struct {
		Files        ExplorerFiles
		DefaultQuery string
	}{files, defaultQuery}); err != nil {
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
// their hashes; frameAncestors is its frame-ancestors ("" is 'none'). The page is compressed once,
// here, and sent in brotli or gzip as the client accepts (see serveFile); it is revalidated on
// every load (no-cache, ETag). The handler answers GET and HEAD.
func Page(page []byte, frameAncestors string) http.Handler {
	f := newFile("page.html", "text/html; charset=utf-8", cacheRevalidate, page, compressPage(page))
	f.header["Content-Security-Policy"] = pagePolicy(page, frameAncestors)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serveFile(w, r, f)
	})
}
