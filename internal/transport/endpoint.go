package transport

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ValidateEndpointURL accepts an absolute https URL, or an http URL whose host is loopback (a
// local mock): credentials must never cross a network in clear text.
func ValidateEndpointURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return errors.New("the URL is empty: use an absolute https:// URL, for example https://api.webrtc.bandwidth.com/v1")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var parseErr *url.Error
		if errors.As(err, &parseErr) {
			err = parseErr.Err // url.Error repeats the URL, which may hold a password
		}
		return fmt.Errorf("not a valid URL: %w; use an absolute https:// URL", err)
	}
	if u.User != nil {
		return fmt.Errorf("the URL for host %s carries user information: remove it and configure credentials in the provider block instead", u.Host)
	}
	if !u.IsAbs() || u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL: use scheme and host, for example https://api.webrtc.bandwidth.com/v1", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%q uses http:// with the non-loopback host %s, which would send credentials in clear text: use https://, or http:// only with 127.0.0.1, ::1 or localhost", raw, u.Hostname())
	default:
		return fmt.Errorf("%q has the unsupported scheme %q: use https:// (or http:// for a loopback host)", raw, u.Scheme)
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
