package ota

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TermsTypes are Open Terms Archive's terms types
// (github.com/OpenTermsArchive/terms-types), by the slug tracker uses
// for each: the known ones keep tracker's meaning, the others are types of
// their own named after Open Terms Archive's.
var typeNames = []struct{ slug, name string }{
	{"privacy", "Privacy Policy"},
	{"terms", "Terms of Service"},
	{"cookies", "Trackers Policy"},
	{"dpa", "Data Processor Agreement"},
	{"imprint", "Imprint"},
	{"developer-terms", "Developer Terms"},
	{"community-guidelines", "Community Guidelines"},
	{"deceased-users", "Deceased Users"},
	{"acceptable-use-policy", "Acceptable Use Policy"},
	{"restricted-use-policy", "Restricted Use Policy"},
	{"commercial-terms", "Commercial Terms"},
	{"copyright-claims-policy", "Copyright Claims Policy"},
	{"law-enforcement-guidelines", "Law Enforcement Guidelines"},
	{"human-rights-policy", "Human Rights Policy"},
	{"in-app-purchases-policy", "In-App Purchases Policy"},
	{"review-guidelines", "Review Guidelines"},
	{"brand-guidelines", "Brand Guidelines"},
	{"quality-guidelines", "Quality Guidelines"},
	{"data-controller-agreement", "Data Controller Agreement"},
	{"user-consent-policy", "User Consent Policy"},
	{"closed-captioning-policy", "Closed Captioning Policy"},
	{"seller-warranty", "Seller Warranty"},
	{"single-sign-on-policy", "Single Sign-On Policy"},
	{"vulnerability-disclosure-policy", "Vulnerability Disclosure Policy"},
	{"live-policy", "Live Policy"},
	{"complaints-policy", "Complaints Policy"},
	{"conditions-of-carriage", "Conditions of Carriage"},
	{"general-conditions-of-sale", "General Conditions of Sale"},
	{"marketplace-buyers-conditions", "Marketplace Buyers Conditions"},
	{"marketplace-sellers-conditions", "Marketplace Sellers Conditions"},
	{"ranking-parameters-description", "Ranking Parameters Description"},
	{"premium-partner-conditions", "Premium Partner Conditions"},
	{"platform-to-business-notice", "Platform to Business Notice"},
	{"business-mediation-policy", "Business Mediation Policy"},
	{"business-privacy-policy", "Business Privacy Policy"},
	{"editorial-policy", "Editorial Policy"},
	{"anti-corruption-policy", "Anti-corruption Policy"},
	{"accessibility-statement", "Accessibility Statement"},
	{"hyperlinks-policy", "Hyperlinks Policy"},
	{"whistleblower-policy", "Whistleblower Policy"},
	{"affiliate-agreement", "Affiliate Agreement"},
	{"service-level-agreement", "Service Level Agreement"},
	{"content-monetisation-policy", "Content Monetisation Policy"},
	{"advertising-content-policy", "Advertising Content Policy"},
}

// DocType is tracker's document type for an Open Terms Archive terms
// type: Privacy Policy → privacy, Terms of Service → terms, Trackers
// Policy → cookies, Data Processor Agreement → dpa; any other becomes its
// slug (Copyright Claims Policy → copyright-claims-policy).
func DocType(termsType string) string {
	for _, t := range typeNames {
		if t.name == termsType {
			return t.slug
		}
	}
	return Slug(termsType, "-")
}

// TermsType is the Open Terms Archive terms type of a tracker document
// type, for datasets in its layout: the inverse of DocType for its types;
// subprocessors, other and slugs of one's own are written in title case.
func TermsType(docType string) string {
	for _, t := range typeNames {
		if t.slug == docType {
			return t.name
		}
	}
	switch docType {
	case "subprocessors":
		return "Subprocessors"
	case "other":
		return "Other"
	}
	words := strings.Split(docType, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// VendorID is the vendor id of a service: its id in lowercase ASCII,
// accents dropped, every other run of characters a '-' (npm Public
// Registry → npm-public-registry, Booking.com → booking.com). A name with
// no Latin letter or digit gets a stable id from its hash.
func VendorID(serviceID string) string {
	if s := Slug(serviceID, ".-"); s != "" {
		return s
	}
	sum := sha256.Sum256([]byte(serviceID))
	return "service-" + hex.EncodeToString(sum[:4])
}

// Slug writes s in lowercase ASCII letters and digits, keeping the
// characters of keep that stand between two of them, and turning other
// runs into '-'.
func Slug(s, keep string) string {
	var b strings.Builder
	pending := byte(0)
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // an accent of the letter before
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if pending != 0 && b.Len() > 0 {
				b.WriteByte(pending)
			}
			pending = 0
			b.WriteRune(unicode.ToLower(r))
		case r < 128 && strings.ContainsRune(keep, r) && r != '-':
			if pending == 0 {
				pending = byte(r)
			}
		default:
			pending = '-'
		}
	}
	return b.String()
}
