package webrtc

import (
	"fmt"
	"net/url"
	"strings"
)

// accountPath joins escaped path segments below /accounts/{accountId}.
func (c *Client) accountPath(segments ...string) string {
	var b strings.Builder
	b.WriteString("/accounts/")
	b.WriteString(url.PathEscape(c.accountID))
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// checkID rejects IDs that would address a different resource: an empty ID drops a
// path segment, and "." or ".." are dot segments that servers and proxies may resolve,
// turning for example "remove participant .. from session" into "delete session".
func checkID(op, name, id string) error {
	if id == "" || id == "." || id == ".." {
		return fmt.Errorf("%s: invalid %s %q", op, name, id)
	}
	return nil
}
