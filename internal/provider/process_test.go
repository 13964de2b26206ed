package provider

import (
	"maps"
	"testing"
)

func TestUnreadLogLevels(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_BANDWIDTH": "OFF"}
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{name: "nobody reads the logs", env: nil, want: off},
		{name: "only core logs asked for", env: map[string]string{"TF_LOG_CORE": "TRACE", "TF_LOG_PATH": "tf.log"}, want: off},
		{name: "TF_LOG shows provider logs", env: map[string]string{"TF_LOG": "DEBUG"}, want: map[string]string{}},
		{name: "TF_LOG_PROVIDER shows provider logs", env: map[string]string{"TF_LOG_PROVIDER": "TRACE"}, want: map[string]string{}},
		{name: "explicit levels are kept", env: map[string]string{"TF_LOG_SDK_FRAMEWORK": "DEBUG"},
			want: map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_PROVIDER_BANDWIDTH": "OFF"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := unreadLogLevels(func(name string) string { return tc.env[name] })
			if got == nil {
				got = map[string]string{}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("unreadLogLevels = %v, want %v", got, tc.want)
			}
		})
	}
}
