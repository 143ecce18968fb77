package policy

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse: Parse never panics; whatever it accepts marshals to JSON that
// parses back to the same Document and marshals to the same bytes; the
// document compiles, and evaluating and explaining requests never panics.
func FuzzParse(f *testing.F) {
	seeds := []string{
		latticeAuth,
		`{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`,
		`{"Version":"2008-10-17","Id":"x","Statement":[{"Sid":"1","Effect":"Deny","NotPrincipal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/a"]},"NotAction":"s3:Get*","NotResource":"arn:aws:s3:::b/${x}"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":["s3:PutObject"],"Resource":"arn:aws:s3:::logs/*",` +
			`"Condition":{"ForAllValues:StringLike":{"aws:TagKeys":["a*","b"]},"NumericLessThanIfExists":{"s3:max-keys":10},` +
			`"Bool":{"aws:SecureTransport":true},"IpAddress":{"aws:VpcSourceIp":["10.0.0.0/8","2001:db8::1"]},` +
			`"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin*"},"Null":{"aws:SourceVpce":"false"}}}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":[]}}}]}`,
		`{"Statement": [`,
		`[]`,
		`{"Statement":{"Effect":"Allow","Effect":"Deny"}}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	reqs := []Request{
		invoke(stsApp, "POST", "/charge"),
		invoke(anonymous, "GET", "/"),
		{Principal: trail, Action: "s3:PutObject", Resource: "arn:aws:s3:::logs/x",
			Context: map[string][]string{"aws:TagKeys": {"a1", "c"}, "s3:max-keys": {"5"}, "aws:VpcSourceIp": {"10.1.2.3"}}},
		{Principal: Principal{Account: "111122223333"}, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${x}"},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			if d != nil {
				t.Fatal("Parse returned a document with an error")
			}
			_ = err.Error()
			return
		}
		b1, err := d.MarshalJSON()
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		d2, err := Parse(b1)
		if err != nil {
			t.Fatalf("Parse(Marshal(Parse(x))) failed: %v\n%s", err, b1)
		}
		if diff := cmp.Diff(d, d2); diff != "" {
			t.Fatalf("round trip changed the document (-first +second):\n%s", diff)
		}
		b2, _ := d2.MarshalJSON()
		if !bytes.Equal(b1, b2) {
			t.Fatalf("Marshal not stable:\n%s\n%s", b1, b2)
		}
		p, err := d.Compile("fuzz")
		if err != nil {
			t.Fatalf("a parsed document failed to compile: %v", err)
		}
		for _, r := range reqs {
			dec := p.Evaluate(r)
			_ = dec.String()
			_ = Evaluate(r, p, p).String()
		}
	})
}
