package nlp

// The language tables: read-only word lists from which NewSegmenter builds
// its maps. Words are lower case; abbreviations are written without their
// final period.

// langTable is one language's word lists.
type langTable struct {
	code string
	// never and maybe: see ruleLang.
	never, maybe []string
	// function holds frequent function words and discourse markers of
	// speech. They serve twice: as sentence starters after an initial, and
	// as the stop words by which DetectLanguage recognises the language.
	function []string
	// ordinalDot: see ruleLang.
	ordinalDot bool
}

// langTables lists the languages the rule-based splitter and DetectLanguage
// know. English is here for DetectLanguage and for text in an unknown
// language; Sentences segments English with Punkt.
var langTables = []langTable{
	{
		code: "en",
		never: []string{
			"mr", "mrs", "ms", "mx", "dr", "prof", "rev", "hon", "gen", "col", "capt",
			"lt", "sgt", "gov", "sen", "rep", "fr", "st", "e.g", "i.e", "cf", "vs",
			"approx", "dept", "fig", "vol", "pp",
		},
		maybe: []string{"etc", "inc", "ltd", "co", "corp", "jr", "sr", "bros"},
		function: []string{
			"the", "a", "an", "and", "but", "or", "so", "then", "i", "you", "he", "she", "it",
			"we", "they", "me", "my", "our", "your", "his", "her", "their", "this", "that",
			"these", "those", "there", "what", "when", "where", "why", "how", "who", "which",
			"if", "because", "well", "yeah", "yes", "no", "not", "okay", "ok", "oh", "um",
			"uh", "like", "just", "really", "now", "of", "to", "in", "on", "at", "for",
			"with", "about", "is", "are", "was", "were", "be", "been", "have", "has",
			"had", "do", "does", "did", "don't", "it's", "i'm", "that's", "would",
			"could", "should", "will", "can", "think", "know", "mean", "also", "all",
			"some", "any", "very", "from", "by", "as", "right", "actually",
		},
	},
	{
		code: "es",
		never: []string{
			"sr", "sra", "srta", "sres", "sras", "srs", "dr", "dra", "dres", "dras",
			"lic", "lcdo", "lcda", "ing", "arq", "prof", "profa", "dña", "ud",
			"uds", "vd", "vds", "sto", "sta", "gral", "cnel", "tte", "mons", "pbro",
			"av", "avda", "c", "núm", "n", "nº", "pág", "págs", "p", "pp", "ej",
			"cap", "art", "vol", "tel", "ee", "vs", "depto", "dpto", "col", "fdo",
		},
		maybe: []string{"etc", "uu", "ee.uu", "aprox", "cía", "cia", "atte", "izq", "dcha"},
		function: []string{
			"el", "la", "los", "las", "un", "una", "y", "o", "pero", "que", "qué",
			"de", "del", "al", "en", "con", "por", "para", "a", "yo", "tú", "él",
			"ella", "nosotros", "nosotras", "ellos", "ellas", "usted", "ustedes",
			"me", "te", "se", "nos", "lo", "le", "les", "mi", "mis", "su", "sus",
			"es", "son", "era", "fue", "está", "están", "estoy", "estaba", "hay",
			"ha", "he", "tengo", "tiene", "no", "sí", "si", "muy", "más", "también",
			"porque", "cuando", "como", "cómo", "pues", "bueno", "entonces", "eso",
			"esto", "esta", "este", "ese", "esa", "ya", "luego", "después", "claro",
			"vale", "mira", "oye", "creo", "digamos", "algo", "todo",
			"nada", "donde", "dónde", "cuál", "quién",
		},
	},
	{
		code: "fr",
		never: []string{
			"m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "st", "ste",
			"cf", "p", "pp", "ex", "vol", "chap", "bd", "n", "av", "vs",
		},
		maybe: []string{"etc", "j.-c", "cie", "env"},
		function: []string{
			"le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "mais", "donc",
			"alors", "puis", "je", "j'ai", "tu", "il", "elle", "on", "nous", "vous",
			"ils", "elles", "ce", "c'est", "cette", "ça", "oui", "non", "ne", "pas",
			"bon", "bien", "en", "dans", "pour", "avec", "sur", "quand", "parce",
			"qui", "que", "quoi", "est", "sont", "était", "ai", "a", "avait", "moi",
			"toi", "lui", "eux", "mon", "ma", "mes", "son", "sa", "ses", "au", "aux",
			"très", "aussi", "enfin", "voilà", "euh", "ben", "comme", "y", "tout",
		},
	},
	{
		code: "de",
		never: []string{
			"hr", "hrn", "fr", "dr", "prof", "st", "nr", "bzw", "z.b", "d.h", "u.a",
			"ca", "vgl", "sog", "evtl", "ggf", "inkl", "mind", "bspw", "tel", "str",
			"abs", "bd", "s", "z",
		},
		maybe:      []string{"usw", "etc", "u.ä", "ua", "uvm", "u.v.m", "gmbh", "jh", "jhd"},
		ordinalDot: true,
		function: []string{
			"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem",
			"und", "oder", "aber", "dann", "also", "ja", "nein", "na", "so", "wenn",
			"weil", "dass", "ich", "du", "er", "sie", "es", "wir", "ihr", "mich",
			"mir", "uns", "ist", "sind", "war", "waren", "bin", "hat", "haben",
			"habe", "nicht", "auch", "noch", "schon", "mal", "doch", "halt", "eben",
			"in", "im", "am", "auf", "mit", "für", "von", "zu", "bei", "nach",
			"was", "wie", "wo", "warum", "da", "denn", "sehr", "genau", "ähm", "äh",
		},
	},
	{
		code: "pt",
		never: []string{
			"sr", "sra", "srta", "dr", "dra", "prof", "profa", "exa", "exmo", "exma",
			"av", "pág", "p", "pp", "n", "nº", "vol", "cap", "art", "tel", "ex", "vs",
		},
		maybe: []string{"etc", "ltda", "cia", "aprox"},
		function: []string{
			"o", "a", "os", "as", "um", "uma", "e", "ou", "mas", "que", "de", "do",
			"da", "dos", "das", "no", "na", "nos", "nas", "em", "com", "por",
			"para", "pra", "ao", "eu", "tu", "ele", "ela", "nós", "eles", "elas",
			"você", "vocês", "me", "se", "meu", "minha", "seu", "sua", "é", "são",
			"era", "foi", "está", "estou", "tem", "tenho", "não", "sim", "muito",
			"mais", "também", "porque", "quando", "como", "então", "isso", "isto",
			"esse", "essa", "este", "esta", "aquilo", "já", "depois", "bom",
			"né", "tá", "gente", "aí", "assim", "coisa",
		},
	},
}
