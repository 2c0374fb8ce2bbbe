package classify

// furniturePhrases are the words of site furniture in each language:
// calls to action, form labels, promotions, footer links, error and lock
// messages. Matched on stems, with the syntax of the other phrases
// (lang.go); one phrase in a short block, or two in a long one, make the
// block furniture (furniture.go). English ones count in every language.
var furniturePhrases = map[string][]string{
	"en": {
		"click here", "call us", "welcome back", "webinar", "promo", "close the? banner", "dismiss",
		"sign up|in", "signup", "log in|out", "login", "logout", "create an? account", "register now",
		"join now|today|free|us", "subscribe", "subscribe now", "newsletter", "password", "show|hide password",
		"remember me", "no thanks", "i agree", "i accept", "i have read", "accept all", "reject all",
		"cookie settings|preferences", "site map", "sitemap", "legal notice|notices", "accessibility statement",
		"all rights reserved", "follow us", "download the|our app", "app store", "google play",
		"free shipping|delivery|returns", "discount", "promo code", "shop now", "shopping", "add to cart|bag|basket",
		"checkout", "skip to", "access denied", "store owner", "store admin", "enable javascript", "page not found",
		"logo", "required field", "gift card", "exclusive access|offers", "member program", "loyalty program",
	},
	"fr": {
		"cliquez ici", "appelez nous", "ravis de vous revoir", "fermer la bannière", "bon retour",
		"inscrivez vous", "s inscrire", "je m abonne", "abonnez vous", "mot|mots de passe", "se connecter",
		"connectez vous", "créer un compte", "rejoignez nous", "nous rejoindre", "non merci", "j accepte",
		"livraison gratuite|offerte", "retours gratuits", "remise", "réductions", "code promo", "offre|offres exclusive|exclusives",
		"accès exclusif", "plan du site", "mentions légales", "déclaration d accessibilité", "tous droits réservés",
		"suivez nous", "télécharger l application", "ajouter au panier", "panier", "accès refusé",
		"paramètres des cookies", "programme de fidélité",
	},
	"de": {
		"hier klicken", "klicken sie hier", "rufen sie uns an", "willkommen zurück", "banner schließen",
		"jetzt anmelden|registrieren", "konto erstellen", "passwort", "abonnieren", "nein danke", "ich stimme zu",
		"ich akzeptiere", "kostenloser versand", "kostenlose rücksendung", "rabatt", "gutschein", "warenkorb",
		"impressum", "erklärung zur barrierefreiheit", "alle rechte vorbehalten", "folgen sie uns", "app herunterladen",
		"zugriff verweigert", "cookie einstellungen", "treueprogramm",
	},
	"es": {
		"haz|haga clic aquí", "llámanos|llámenos", "bienvenido de nuevo", "cerrar el? banner",
		"regístrate", "registrarse", "iniciar sesión", "crear una? cuenta", "contraseña", "suscríbete", "no gracias",
		"acepto", "envío gratis|gratuito", "devoluciones gratuitas", "descuento", "código promocional", "carrito",
		"añadir al carrito", "mapa del sitio", "aviso legal", "declaración de accesibilidad", "todos los derechos reservados",
		"síguenos", "acceso denegado", "configuración de cookies", "programa de fidelidad",
	},
	"it": {
		"clicca qui", "chiamaci", "bentornato", "chiudi il? banner",
		"registrati", "accedi", "crea un account", "iscriviti", "no grazie", "accetto", "spedizione gratuita",
		"resi gratuiti", "sconto", "codice promozionale", "carrello", "aggiungi al carrello", "mappa del sito",
		"note legali", "dichiarazione di accessibilità", "tutti i diritti riservati", "seguici", "accesso negato",
		"impostazioni dei? cookie", "programma fedeltà",
	},
	"nl": {
		"klik hier", "bel ons", "welkom terug", "banner sluiten",
		"aanmelden", "registreren", "inloggen", "account aanmaken", "wachtwoord", "abonneren", "nee bedankt",
		"ik ga akkoord", "gratis verzending", "gratis retourneren", "korting", "kortingscode", "winkelwagen",
		"toegankelijkheidsverklaring", "alle rechten voorbehouden", "volg ons", "toegang geweigerd",
		"cookie instellingen", "loyaliteitsprogramma",
	},
	"pt": {
		"clique aqui", "ligue nos", "bem vindo de volta", "fechar o? banner",
		"registe se", "cadastre se", "iniciar sessão", "criar conta", "palavra passe", "senha", "subscrever",
		"assine", "não obrigado", "aceito", "envio|frete grátis", "devoluções grátis|gratuitas", "desconto",
		"código promocional", "carrinho", "mapa do site", "aviso legal", "declaração de acessibilidade",
		"todos os direitos reservados", "siga nos", "acesso negado", "definições de cookies", "programa de fidelidade",
	},
}
