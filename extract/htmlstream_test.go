package extract

import "testing"

// TestHTMLStreamed: content React streams later in the page, hidden, with
// the call that moves it into place, is read where the browser shows it.
func TestHTMLStreamed(t *testing.T) {
	rendered := `<main><h1>Privacy Policy</h1><p>Last updated: 1 May 2025.</p>` +
		`<h2>What we collect</h2><p>We collect your name and e-mail address when you open an account with us.</p>` +
		`<h2>Sharing</h2><p>We share your address with the couriers who deliver your orders.</p><p>Contact: privacy@example.com.</p></main>`
	const rc = `<script>$RC=function(b,c){/* moves c into b */};$RC("B:0","S:0")</script>`
	tests := []struct{ name, page string }{
		{"a boundary: fallback replaced by the content, in place",
			`<main><h1>Privacy Policy</h1><p>Last updated: 1 May 2025.</p><!--$?--><template id="B:0"></template><div class="spinner">Loading…</div><!--/$-->` +
				`<p>Contact: privacy@example.com.</p></main><footer>© Example</footer>` +
				`<div hidden id="S:0"><h2>What we collect</h2><p>We collect your name and e-mail address when you open an account with us.</p>` +
				`<h2>Sharing</h2><p>We share your address with the couriers who deliver your orders.</p></div>` + rc},
		{"a boundary whose segment id differs, with a nested boundary in its fallback",
			`<main><h1>Privacy Policy</h1><p>Last updated: 1 May 2025.</p><!--$?--><template id="B:3"></template><div>Loading<!--$--><span>…</span><!--/$--></div><!--/$-->` +
				`<p>Contact: privacy@example.com.</p></main>` +
				`<div hidden id="S:a"><h2>What we collect</h2><p>We collect your name and e-mail address when you open an account with us.</p>` +
				`<h2>Sharing</h2><p>We share your address with the couriers who deliver your orders.</p></div><script>$RR("B:3","S:a",[])</script>`},
		{"segments: a placeholder inside streamed content, filled later",
			`<main><h1>Privacy Policy</h1><p>Last updated: 1 May 2025.</p><!--$?--><template id="B:0"></template>Loading<!--/$--><p>Contact: privacy@example.com.</p></main>` +
				`<div hidden id="S:0"><h2>What we collect</h2><p>We collect your name and e-mail address when you open an account with us.</p><template id="P:1"></template></div>` + rc +
				`<div hidden id="S:1"><h2>Sharing</h2><p>We share your address with the couriers who deliver your orders.</p></div><script>$RS("S:1","P:1")</script>`},
	}
	want := extractBody(t, rendered)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extractBody(t, tt.page)
			if got.Text() != want.Text() {
				t.Errorf("text:\n%s\nwant, as the browser shows it:\n%s", got.Text(), want.Text())
			}
		})
	}

	t.Run("a boundary without its closing comment keeps what follows", func(t *testing.T) {
		got := extractBody(t, `<main><h1>Privacy Policy</h1><template id="B:0"></template><p>Last updated: 1 May 2025.</p></main>`+
			`<div hidden id="S:0"><p>We collect your name and e-mail address when you open an account with us.</p></div>`+rc).Text()
		if want := "# Privacy Policy\nWe collect your name and e-mail address when you open an account with us.\nLast updated: 1 May 2025."; got != want {
			t.Errorf("text:\n%s\nwant:\n%s", got, want)
		}
	})
	t.Run("hidden content no call moves stays out", func(t *testing.T) {
		got := extractBody(t, `<main><h1>Privacy Policy</h1><p>We collect your name and e-mail address when you open an account with us.</p></main>`+
			`<div hidden id="S:0"><p>An old draft of this policy that nothing shows.</p></div>`).Text()
		if want := "# Privacy Policy\nWe collect your name and e-mail address when you open an account with us."; got != want {
			t.Errorf("text:\n%s\nwant:\n%s", got, want)
		}
	})
}
