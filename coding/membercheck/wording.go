package membercheck

import (
	"fmt"
	"strings"
	"time"
)

// Wording is the fixed text of a packet in one language. The introduction
// is the project's template (see DefaultIntroduction); everything else is
// here.
type Wording struct {
	Lang string
	// Title of the packet; %s is the project's title.
	Title string
	// Sheet names of the workbook (at most 31 characters).
	IntroSheet, ThemesSheet, QuotesSheet, GroupSheet string
	// Headings and column headers.
	YourThemes, YourQuotes, GroupSummary      string
	Theme, Summary, YourWords, Themes, Number string
	ReflectsQuestion, ChangeQuestion          string
	QuoteQuestion, CorrectedWording           string
	// Instructions for the workbook and the printed page.
	HowToWorkbook, HowToPage string
	// QuotesNote explains what the participant's quotes are.
	QuotesNote string
	// GroupNote explains the group summary.
	GroupNote string
	// SeeAbove points to a quote already shown under an earlier theme; %s
	// is its number.
	SeeAbove string
	// NoQuotes says a theme has no quote of the participant's.
	NoQuotes string
	// InvalidAnswer is the spreadsheet's message for a value outside the list.
	InvalidAnswer string
	// ThankYou closes the page.
	ThankYou string
	// ReturnHeading heads what the packet says about returning it;
	// ReturnBy (%s is the date), ReturnHow and Contact introduce its
	// parts.
	ReturnHeading, ReturnBy, ReturnHow, Contact string
	// QuoteCount says how many of the participant's quotes a theme has
	// (%d), in the workbook's Themes sheet.
	QuoteCount string
	months     [12]string
	choices    map[string]string
}

// Date writes a date (YYYY-MM-DD) the way the language does ("31 January
// 2027", "31 de enero de 2027"); a text that is not such a date is
// returned as it is.
func (w Wording) Date(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	y, m, d := t.Year(), int(t.Month()), t.Day()
	if w.Lang == "es" {
		return fmt.Sprintf("%d de %s de %d", d, w.months[m-1], y)
	}
	return fmt.Sprintf("%d %s %d", d, w.months[m-1], y)
}

// Choice is the word for an answer value in this language.
func (w Wording) Choice(value string) string {
	if c, ok := w.choices[value]; ok {
		return c
	}
	return value
}

// Choices lists the words for values, in order.
func (w Wording) Choices(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = w.Choice(v)
	}
	return out
}

var wordings = map[string]Wording{
	"en": {
		Lang: "en", Title: "Checking our findings with you: %s",
		IntroSheet: "Introduction", ThemesSheet: "Themes", QuotesSheet: "Your quotes", GroupSheet: "Group summary",
		YourThemes: "Themes you contributed to", YourQuotes: "Your words", GroupSummary: "What the whole group said",
		Theme: "Theme", Summary: "What we found", YourWords: "Your words", Themes: "Themes", Number: "No.",
		ReflectsQuestion: "Does this reflect your experience?", ChangeQuestion: "What would you change or add?",
		QuoteQuestion: "Keep, remove or edit this quote?", CorrectedWording: "Your corrected wording (if you chose Edit)",
		HowToWorkbook: "Please answer in the shaded cells only: choose Yes, Partly or No for each theme, and Keep, Remove or Edit for each of your quotes. You may write as much as you like in the other answer cells. The other cells are locked so that nothing changes by accident.",
		HowToPage:     "For each theme, mark one answer and write anything you would change or add. For each of your quotes, mark Keep, Remove or Edit; if you choose Edit, write the wording you would like us to use. You can fill this page in on screen and print it, or print it and write on it.",
		QuotesNote:    "These are words you said in the discussion, with names replaced. If you remove a quote, we will not use it in any report.",
		GroupNote:     "These themes come from everyone in the discussions. The quotes are from other participants, without their names, and only ones we were allowed to share.",
		SeeAbove:      "This quote is shown above, under the theme “%s”.",
		NoQuotes:      "None of your words are quoted under this theme.",
		InvalidAnswer: "Please choose one of the answers in the list.",
		ThankYou:      "Thank you for your time.",
		ReturnHeading: "How to give us your answers", ReturnBy: "Please send us your answers by %s.", ReturnHow: "How to send them", Contact: "If you have any questions, please contact",
		QuoteCount: "%d (see the sheet “Your quotes”)",
		months:     [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		choices:    map[string]string{Yes: "Yes", Partly: "Partly", No: "No", Keep: "Keep", Remove: "Remove", Edit: "Edit"},
	},
	"es": {
		Lang: "es", Title: "Revisamos con usted nuestros resultados: %s",
		IntroSheet: "Introducción", ThemesSheet: "Temas", QuotesSheet: "Sus citas", GroupSheet: "Resumen del grupo",
		YourThemes: "Temas en los que usted participó", YourQuotes: "Sus palabras", GroupSummary: "Lo que dijo todo el grupo",
		Theme: "Tema", Summary: "Lo que encontramos", YourWords: "Sus palabras", Themes: "Temas", Number: "N.º",
		ReflectsQuestion: "¿Esto refleja su experiencia?", ChangeQuestion: "¿Qué cambiaría o agregaría?",
		QuoteQuestion: "¿Mantener, quitar o editar esta cita?", CorrectedWording: "Su redacción corregida (si eligió Editar)",
		HowToWorkbook: "Por favor, responda solo en las celdas sombreadas: elija Sí, Parcialmente o No para cada tema, y Mantener, Quitar o Editar para cada una de sus citas. Puede escribir todo lo que quiera en las demás celdas de respuesta. Las otras celdas están bloqueadas para que nada cambie por accidente.",
		HowToPage:     "Para cada tema, marque una respuesta y escriba lo que cambiaría o agregaría. Para cada una de sus citas, marque Mantener, Quitar o Editar; si elige Editar, escriba cómo quiere que la usemos. Puede llenar esta página en la pantalla e imprimirla, o imprimirla y escribir en ella.",
		QuotesNote:    "Estas son palabras que usted dijo en la conversación, con los nombres reemplazados. Si quita una cita, no la usaremos en ningún informe.",
		GroupNote:     "Estos temas salen de todas las personas que participaron. Las citas son de otros participantes, sin sus nombres, y solo las que nos autorizaron a compartir.",
		SeeAbove:      "Esta cita aparece más arriba, en el tema «%s».",
		NoQuotes:      "Ninguna de sus palabras aparece citada en este tema.",
		InvalidAnswer: "Por favor, elija una de las respuestas de la lista.",
		ThankYou:      "Gracias por su tiempo.",
		ReturnHeading: "Cómo enviarnos sus respuestas", ReturnBy: "Por favor, envíenos sus respuestas a más tardar el %s.", ReturnHow: "Cómo enviarlas", Contact: "Si tiene alguna pregunta, comuníquese con",
		QuoteCount: "%d (vea la hoja «Sus citas»)",
		months:     [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		choices:    map[string]string{Yes: "Sí", Partly: "Parcialmente", No: "No", Keep: "Mantener", Remove: "Quitar", Edit: "Editar"},
	},
}

// Languages lists the languages packets are written in.
func Languages() []string { return []string{"en", "es"} }

// BaseLanguage reduces a tag to its language ("es-MX" → "es").
func BaseLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i > 0 {
		tag = tag[:i]
	}
	return tag
}

// WordingFor returns the wording of a language, English when Focal has
// none for it.
func WordingFor(lang string) Wording {
	if w, ok := wordings[BaseLanguage(lang)]; ok {
		return w
	}
	return wordings["en"]
}

// HasWording reports whether Focal has packet wording in a language.
func HasWording(lang string) bool {
	_, ok := wordings[BaseLanguage(lang)]
	return ok
}

// DefaultIntroduction is the built-in introduction of a packet, which a
// project may replace per language. {pseudonym} and {project} are filled
// in.
func DefaultIntroduction(lang string) string {
	if BaseLanguage(lang) == "es" {
		return `Hola, {pseudonym}:

Gracias por participar en nuestro estudio. Analizamos lo que dijeron todas las personas en las conversaciones y encontramos algunos temas. Queremos saber si estos temas reflejan su experiencia.

En este documento encontrará los temas en los que usted participó, explicados en palabras sencillas, y las frases suyas que pensamos citar. Reemplazamos los nombres de personas y lugares.

No hay respuestas correctas o incorrectas. Puede decirnos que algo no refleja su experiencia, corregir sus palabras o pedirnos que no usemos una cita. Responder es voluntario.`
	}
	return `Dear {pseudonym},

Thank you for taking part in our study. We have looked at what everyone said in the discussions and found some themes. We would like to know whether these themes reflect your experience.

In this document you will find the themes you contributed to, explained in plain language, and the things you said that we would like to quote. We have replaced the names of people and places.

There are no right or wrong answers. You can tell us that something does not reflect your experience, correct your words, or ask us not to use a quote. Answering is voluntary.`
}

// FillIntroduction puts the participant's pseudonym and the project's title
// into an introduction.
func FillIntroduction(template, pseudonym, project string) string {
	return strings.NewReplacer("{pseudonym}", pseudonym, "{project}", project).Replace(template)
}
