package provider

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestResolveSettings(t *testing.T) {
	basicEnv := map[string]string{envAccountID: "9900000", envUsername: "env-user", envPassword: "env-pass"}
	tests := []struct {
		name    string
		model   providerModel
		env     map[string]string
		check   func(t *testing.T, s providerSettings)
		wantErr string
	}{
		{
			name: "environment only, defaults applied",
			env:  basicEnv,
			check: func(t *testing.T, s providerSettings) {
				if s.AccountID != "9900000" || s.Username != "env-user" || s.Password != "env-pass" {
					t.Errorf("settings not read from the environment: %+v", s)
				}
				if s.BaseURL != defaultBaseURL || s.OAuthTokenURL != defaultOAuthTokenURL {
					t.Errorf("default URLs not applied: %q %q", s.BaseURL, s.OAuthTokenURL)
				}
				if s.MaxRetries != defaultMaxRetries || s.RequestTimeout != defaultRequestTimeout {
					t.Errorf("default retries/timeout not applied: %d %s", s.MaxRetries, s.RequestTimeout)
				}
			},
		},
		{
			name:  "explicit configuration wins over the environment",
			model: providerModel{AccountID: types.StringValue("123"), Username: types.StringValue("cfg-user"), MaxRetries: types.Int64Value(0), RequestTimeout: types.StringValue("5s")},
			env:   map[string]string{envAccountID: "9900000", envUsername: "env-user", envPassword: "env-pass", envMaxRetries: "7", envRequestTimeout: "1m"},
			check: func(t *testing.T, s providerSettings) {
				if s.AccountID != "123" || s.Username != "cfg-user" || s.Password != "env-pass" {
					t.Errorf("explicit values did not win: %+v", s)
				}
				if s.MaxRetries != 0 || s.RequestTimeout != 5*time.Second {
					t.Errorf("explicit retries/timeout did not win: %d %s", s.MaxRetries, s.RequestTimeout)
				}
			},
		},
		{
			name: "OAuth2 from the environment",
			env:  map[string]string{envAccountID: "1", envClientID: "id", envClientSecret: "secret", envOAuthTokenURL: "http://127.0.0.1:9/token", envMaxRetries: "2"},
			check: func(t *testing.T, s providerSettings) {
				if !s.usesOAuth2() || s.usesBasic() || s.OAuthTokenURL != "http://127.0.0.1:9/token" || s.MaxRetries != 2 {
					t.Errorf("OAuth2 settings wrong: %+v", s)
				}
			},
		},
		{
			name:  "client credentials in the block shut out an API user in the environment",
			model: providerModel{ClientID: types.StringValue("cfg-id"), ClientSecret: types.StringValue("cfg-secret")},
			env:   basicEnv,
			check: func(t *testing.T, s providerSettings) {
				if !s.usesOAuth2() || s.usesBasic() || s.ClientID != "cfg-id" {
					t.Errorf("want OAuth2 from the block and no Basic credentials, got OAuth2=%v Basic=%v", s.usesOAuth2(), s.usesBasic())
				}
			},
		},
		{
			name:  "one client credential in the block still shuts out the API user in the environment",
			model: providerModel{ClientID: types.StringValue("cfg-id")},
			env:   map[string]string{envAccountID: "1", envClientSecret: "env-secret", envUsername: "env-user", envPassword: "env-pass"},
			check: func(t *testing.T, s providerSettings) {
				if s.ClientID != "cfg-id" || s.ClientSecret != "env-secret" || s.usesBasic() {
					t.Errorf("want client id from the block, secret from the environment and no Basic credentials, got id=%q Basic=%v", s.ClientID, s.usesBasic())
				}
			},
		},
		{
			name:  "an API user in the block shuts out client credentials in the environment",
			model: providerModel{Username: types.StringValue("cfg-user"), Password: types.StringValue("cfg-pass")},
			env:   map[string]string{envAccountID: "1", envClientID: "env-id", envClientSecret: "env-secret"},
			check: func(t *testing.T, s providerSettings) {
				if !s.usesBasic() || s.usesOAuth2() || s.Username != "cfg-user" {
					t.Errorf("want Basic from the block and no OAuth2 credentials, got Basic=%v OAuth2=%v", s.usesBasic(), s.usesOAuth2())
				}
			},
		},
		{
			name:  "an API user half in the block is completed from the environment, not by client credentials",
			model: providerModel{Username: types.StringValue("cfg-user")},
			env:   map[string]string{envAccountID: "1", envPassword: "env-pass", envClientID: "env-id", envClientSecret: "env-secret"},
			check: func(t *testing.T, s providerSettings) {
				if s.Username != "cfg-user" || s.Password != "env-pass" || s.usesOAuth2() {
					t.Errorf("want username from the block, password from the environment and no OAuth2, got user=%q OAuth2=%v", s.Username, s.usesOAuth2())
				}
			},
		},
		{
			name:    "client credentials in the block with nothing to pair them keep the environment's API user out",
			model:   providerModel{ClientID: types.StringValue("cfg-id")},
			env:     basicEnv,
			wantErr: "Missing client_secret",
		},
		{
			name:    "both credential sets in the block",
			model:   providerModel{ClientID: types.StringValue("id"), ClientSecret: types.StringValue("s"), Username: types.StringValue("u"), Password: types.StringValue("env-pass")},
			env:     map[string]string{envAccountID: "1"},
			wantErr: "Conflicting Bandwidth credentials: Both OAuth2 client credentials (client_id/client_secret) and legacy API-user credentials (username/password) are set in the provider block",
		},
		{
			name:    "both credential sets in the environment",
			env:     map[string]string{envAccountID: "1", envClientID: "id", envClientSecret: "s", envUsername: "env-user", envPassword: "env-pass"},
			wantErr: "Conflicting Bandwidth credentials: Both OAuth2 client credentials (BW_CLIENT_ID/BW_CLIENT_SECRET) and legacy API-user credentials (BW_USERNAME/BW_PASSWORD) are set in the environment",
		},
		{name: "nothing at all", wantErr: "Missing Bandwidth account id"},
		{name: "bad retries in the environment", env: map[string]string{envAccountID: "1", envUsername: "u", envPassword: "p", envMaxRetries: "-3"}, wantErr: "BW_MAX_RETRIES must be a whole number from 0 to 10"},
		{name: "bad timeout in the environment", env: map[string]string{envAccountID: "1", envUsername: "u", envPassword: "p", envRequestTimeout: "fast"}, wantErr: "BW_REQUEST_TIMEOUT"},
		{name: "plain http base URL in the environment", env: map[string]string{envAccountID: "1", envUsername: "u", envPassword: "p", envBaseURL: "http://api.example.com/v1"}, wantErr: "BW_WEBRTC_BASE_URL"},
		{name: "base URL with a query in the environment", env: map[string]string{envAccountID: "1", envUsername: "u", envPassword: "p", envBaseURL: "https://api.example.com/v1?key=1"}, wantErr: `base_url (from "base_url" or BW_WEBRTC_BASE_URL) has a query or fragment`},
		{name: "token URL with a query in the environment", env: map[string]string{envAccountID: "1", envClientID: "id", envClientSecret: "s", envOAuthTokenURL: "https://id.example.com/token?tenant=1"}, check: func(t *testing.T, s providerSettings) {
			if s.OAuthTokenURL != "https://id.example.com/token?tenant=1" {
				t.Errorf("oauth token URL = %q", s.OAuthTokenURL)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := resolveSettings(tt.model, func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if !diags.HasError() {
					t.Fatalf("want an error containing %q, got none", tt.wantErr)
				}
				var all []string
				for _, d := range diags.Errors() {
					all = append(all, d.Summary()+": "+d.Detail())
				}
				if joined := strings.Join(all, "\n"); !strings.Contains(joined, tt.wantErr) {
					t.Fatalf("errors %q do not mention %q", joined, tt.wantErr)
				}
				for _, d := range diags {
					if strings.Contains(d.Detail(), "env-pass") {
						t.Errorf("diagnostic echoes the password: %s", d.Detail())
					}
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected errors: %v", diags)
			}
			tt.check(t, s)
		})
	}
}

func TestUserAgent(t *testing.T) {
	if got, want := userAgent("1.2.3", "1.11.4"), "terraform-provider-bandwidth/1.2.3 (+Terraform 1.11.4)"; got != want {
		t.Errorf("userAgent = %q, want %q", got, want)
	}
	if got := userAgent("dev", ""); !strings.Contains(got, "+Terraform unknown") {
		t.Errorf("userAgent without a Terraform version = %q", got)
	}
}

// The diagnostic that names unknown settings names them in the schema's order, every time.
func TestUnknownAttributesInSchemaOrder(t *testing.T) {
	m := providerModel{
		AccountID: types.StringValue("123"), ClientID: types.StringUnknown(), ClientSecret: types.StringValue("s"),
		OAuthTokenURL: types.StringNull(), Username: types.StringNull(), Password: types.StringNull(),
		BaseURL: types.StringUnknown(), MaxRetries: types.Int64Null(), RequestTimeout: types.StringUnknown(),
	}
	want := []string{attrClientID, attrBaseURL, attrRequestTimeout}
	for range 20 {
		if got := unknownAttributes(m); !slices.Equal(got, want) {
			t.Fatalf("unknownAttributes = %v, want %v", got, want)
		}
	}
}
