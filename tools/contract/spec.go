package contract

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/repo"
)

// SpecFile is Bandwidth's WebRTC spec 2.0.0, relative to the module root (see its README.md).
const SpecFile = "testdata/openapi/webrtc.yml"

// SpecVersion is the info.version the check expects of SpecFile.
const SpecVersion = "2.0.0"

// routeHost is the server the router matches: requests are checked with this scheme and host, so
// the check does not depend on the port the mock happens to listen on.
const routeHost = "contract.invalid"

var spec struct {
	once   sync.Once
	router routers.Router
	err    error
}

// loadRouter loads SpecFile once per process: the document and the router are only read after.
func loadRouter() (routers.Router, error) {
	spec.once.Do(func() {
		spec.router, spec.err = newRouter()
	})
	return spec.router, spec.err
}

func newRouter() (routers.Router, error) {
	path, err := SpecPath()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("%s is not a valid OpenAPI document: %w", path, err)
	}
	if doc.Info == nil || doc.Info.Version != SpecVersion {
		return nil, fmt.Errorf("%s is not Bandwidth's WebRTC spec %s", path, SpecVersion)
	}
	// The spec's only server is https://api.webrtc.bandwidth.com/v1; what is checked is the path.
	doc.Servers = openapi3.Servers{{URL: "http://" + routeHost + "/v1"}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("routing %s: %w", path, err)
	}
	return router, nil
}

// SpecPath finds SpecFile under the module root, the first directory at or above the working
// directory that holds a go.mod (a test's working directory is its package's directory). A missing
// spec is an error, never a reason to skip the check.
func SpecPath() (string, error) {
	dir, err := repo.Root()
	if err != nil {
		return "", fmt.Errorf("cannot locate %s: %w", SpecFile, err)
	}
	path := filepath.Join(dir, filepath.FromSlash(SpecFile))
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("the OpenAPI spec is missing: %w", err)
	}
	return path, nil
}
