// Package endpoint holds the one rule for the URLs the provider sends credentials to (the API's
// base URL and the OAuth2 token URL). It uses only the standard library, so the API client, the
// transport and the plan-time validators can all share it.
package endpoint

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Check accepts an absolute https URL, or an http URL whose host is loopback (a local mock):
// credentials must never cross a network in clear text. Nor may the URL carry credentials of its
// own, which would end up in logs and errors. Its error says what is wrong and what to use, and is
// worded to follow the name of what was checked ("base_url is empty: ...").
func Check(raw string) error {
	_, err := parse(raw)
	return err
}

// CheckBase is Check for a base URL, to which request paths are appended: it has no query or
// fragment either.
func CheckBase(raw string) error {
	u, err := parse(raw)
	if err == nil && (u.RawQuery != "" || u.ForceQuery || u.Fragment != "") {
		return errors.New("has a query or fragment: remove everything from the ? or #, since request paths are appended to a base URL")
	}
	return err
}

func parse(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("is empty: use an absolute https:// URL, for example https://api.webrtc.bandwidth.com/v1")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var parseErr *url.Error
		if errors.As(err, &parseErr) {
			err = parseErr.Err // url.Error repeats the URL, which may hold a password
		}
		return nil, fmt.Errorf("is not a valid URL (%w): use an absolute https:// URL", err)
	}
	if u.User != nil {
		return nil, fmt.Errorf("carries user information for host %s: remove it and configure credentials in the provider block instead", u.Host)
	}
	if !u.IsAbs() || u.Host == "" {
		return nil, fmt.Errorf("is not an absolute URL (got %q): use scheme and host, for example https://api.webrtc.bandwidth.com/v1", raw)
	}
	switch u.Scheme {
	case "https":
		return u, nil
	case "http":
		if IsLoopbackHost(u.Hostname()) {
			return u, nil
		}
		return nil, fmt.Errorf("uses http:// with the non-loopback host %s, which would send credentials in clear text: use https://, or http:// only with 127.0.0.1, ::1 or localhost", u.Hostname())
	default:
		return nil, fmt.Errorf("has the unsupported scheme %q: use https:// (or http:// for a loopback host)", u.Scheme)
	}
}

// IsLoopbackHost reports whether host (a name or IP, optionally bracketed or with a port) is
// localhost or an address in 127.0.0.0/8 or ::1.
func IsLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
