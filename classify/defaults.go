package classify

// defaultOnWords say that a processing or a feature now runs without the
// user asking for it, or that giving some data is no longer a choice: "on
// by default", "standardmäßig", "par défaut", "mandatory", "obligatoire".
// A clause about data or a practice that gains one — where it said "if you
// turn it on", "optional", or nothing — takes away a choice the user had.
var defaultOnWords = map[string][]string{
	"en": {"by default", "default setting|settings", "automatically enabled|activated|turned on|switched on", "mandatory", "compulsory", "obligatory"},
	"fr": {"par défaut", "activé|activée|activés|activées automatiquement", "obligatoire", "obligatoires"},
	"de": {"standardmäßig", "voreingestellt", "automatisch aktiviert|eingeschaltet", "verpflichtend", "verpflichtende", "obligatorisch", "obligatorische", "pflichtangabe", "pflichtangaben", "pflichtfeld", "pflichtfelder", "zwingend erforderlich"},
	"es": {"por defecto", "de forma|manera predeterminada", "predeterminado", "predeterminada", "activado|activada|activados|activadas automáticamente", "obligatorio", "obligatoria", "obligatorios", "obligatorias"},
	"it": {"per impostazione predefinita", "di default", "predefinito", "predefinita", "attivato|attivata|attivati|attivate automaticamente", "obbligatorio", "obbligatoria", "obbligatori", "obbligatorie"},
	"nl": {"standaard ingeschakeld|aan|geactiveerd", "automatisch ingeschakeld|geactiveerd", "verplicht", "verplichte"},
	"pt": {"por padrão", "por defeito", "predefinição", "ativado|ativada|ativados|ativadas automaticamente", "obrigatório", "obrigatória", "obrigatórios", "obrigatórias"},
}

// defaultOnHits returns the words of c that turn a processing on by
// default or make it mandatory, outside a negated segment ("is not
// mandatory").
func (c *clause) defaultOnHits() []hit {
	if c.v.defaultOn == nil || len(c.st) == 0 {
		return nil
	}
	var out []hit
	for _, h := range c.v.defaultOn.find(c.st) {
		if c.segNeg[c.seg[h.from]] < 0 {
			out = append(out, h)
		}
	}
	return out
}

// defaultOnAdded rates a changed clause about data or a practice that now
// says the processing runs by default or is mandatory: medium, in the
// clause's own categories.
func defaultOnAdded(old, new *clause) []signal {
	if old.text == "" || len(new.actions)+len(new.terms) == 0 {
		return nil
	}
	n := new.defaultOnHits()
	if len(n) <= len(old.defaultOnHits()) {
		return nil
	}
	h := n[len(n)-1]
	return []signal{sig(Medium, "", "now by default or mandatory: %q", quote(new.text, new.toks, h.from, h.to-1))}
}
