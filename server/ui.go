package server

import (
	"embed"
	"io/fs"
	"net/http"
)

// The dashboard's built assets (see ui/README.md for how they are built from
// ui/src with pinned npm packages). They are committed, so building steppe
// needs no Node.js.
//
//go:embed ui/dist
var uiFiles embed.FS

// uiHandler serves the dashboard: index.html at / and the bundle beside it.
func uiHandler() (http.Handler, error) {
	sub, err := fs.Sub(uiFiles, "ui/dist")
	if err != nil {
		return nil, err
	}
	fsrv := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		fsrv.ServeHTTP(w, r)
	}), nil
}
