package webrtc

import (
	"fmt"
	"net/url"
	"strings"
)

// accountPath joins escaped path segments below /accounts/{accountId}. Ids are UUIDs, which the
// API issues in lowercase; they are sent that way however the configuration spells them.
func (c *Client) accountPath(segments ...string) string {
	var b strings.Builder
	b.WriteString("/accounts/")
	b.WriteString(url.PathEscape(c.accountID))
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(CanonicalID(s)))
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

// CanonicalID is the spelling of a participant or session id the API uses: UUIDs compare
// case-insensitively, and Bandwidth issues them in lowercase.
func CanonicalID(id string) string { return strings.ToLower(id) }
