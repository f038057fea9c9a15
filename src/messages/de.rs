//! German (`de`, any region). Loaded as a chunk of its own the first time an element's locale
//! is German, so no other page downloads it.

use super::{BalanceMessages, BuyerMessages, KeepMessages, Language, Messages};
use crate::split::{split_point, ChunkUnavailable};

split_point! {
    lang_de;
    /// The German texts (this file's chunk).
    pub fn load() -> Result<&'static Language, ChunkUnavailable> {
        Ok(&DE)
    }
}

static DE: Language = Language {
    m: Messages {
        title: "Credits-Rechner",
        lede: "Planen Sie, was Sie erstellen, und sehen Sie, was es kostet. Preise in Credits pro Generierung.",
        categories: &[
            ("image-editor", "Bildbearbeitung"),
            ("image-generator", "Bilderzeugung"),
            ("video-generator", "Videoerzeugung"),
        ],

        balance_region: "Credit-Guthaben",
        balance_idle: "Melden Sie sich im Studio an, um diesen Plan mit Ihrem Guthaben zu vergleichen.",
        balance_loading: "Guthaben wird geprüft …",
        balance_error: "Ihr Guthaben konnte nicht geladen werden. {0}.",
        retry: "Erneut versuchen",

        failure_unavailable: "Dieser Teil des Widgets konnte nicht geladen werden",

        filter_label: "Funktionen und Modelle filtern",
        filter_placeholder: "z. B. kling, remover",
        nothing_matches: "Keine Treffer für „{0}“.",
        not_priced: "Preis noch nicht veröffentlicht",

        each: "je {0}",
        period_label: "Wie oft: {0}",
        step_down: "Eins weniger: {0}",
        step_up: "Eins mehr: {0}",
        periods: ["einmalig", "täglich", "wöchentlich", "monatlich"],
        per_month: "{0} pro Monat",
        counted_as_zero: "{0} – wird als 0 gezählt.",
        qty_not_a_number: "Geben Sie eine Anzahl Generierungen ein",
        qty_negative: "Darf nicht negativ sein",
        qty_not_whole: "Bitte eine ganze Zahl",
        qty_separator: "Bitte nur Ziffern eingeben, etwa 5000, ohne Punkt oder Komma",
        qty_too_large: "Höchstens {0} pro Zeile",

        total: "Summe",
        no_total: "—",
        can_make_title: "Was kann ich noch erstellen?",

        credits: ["{0} Credit", "{0} Credits"],
        credit_unit: ["Credit", "Credits"],
    },
    balance: BalanceMessages {
        sign_in: "Anmelden, um Ihr Guthaben zu sehen",
        your_balance: "Ihr Guthaben",
        balance_stale: "Stand {0}, {1}. Aktualisierung fehlgeschlagen: {2}. ",
        history: "Verlauf im Account Center",
        plan_usage: "{0} von {1} Abo-Credits verbraucht · verlängert sich am {2}",
        plan_usage_label: "Abo {0}: {1}",
        failure_network: "Der Kontodienst ist nicht erreichbar",
        failure_timeout: "Der Kontodienst hat nicht innerhalb von 10 Sekunden geantwortet",
        failure_rate_limited: "Der Kontodienst ist ausgelastet; versuchen Sie es in einer Minute erneut",
        failure_status: "Beim Kontodienst ist ein Fehler aufgetreten (HTTP {0})",
        failure_bad_answer: "Die Antwort des Kontodienstes war nicht lesbar",
        failure_bad_token: "Das Anmelde-Token dieser Seite kann nicht gesendet werden (es enthält Zeichen, die ein Token nicht haben kann)",
        from_usage: "Mit meinen letzten 30 Tagen beginnen",
        from_usage_done: "Plan aus Ihrer Nutzung vom {0} bis {1} gefüllt, als monatliche Zeilen.",
        from_usage_skipped: [
            "Ein Modell, das nicht in dieser Preisliste steht, daher ohne Preis: {0}.",
            "Modelle, die nicht in dieser Preisliste stehen, daher ohne Preis: {0}.",
        ],
        from_usage_error: "Ihre Nutzung konnte nicht geladen werden. {0}. Ihr Plan ist unverändert.",
        from_usage_too_large: "Ihre Nutzung ist mehr, als eine Planzeile fassen kann",
    },
    buyer: BuyerMessages {
        plan_title: "Ihr Plan",
        hidden_planned: [
            "{0} dieser Zeilen ist durch den Filter oben ausgeblendet; sie zählt weiter.",
            "{0} dieser Zeilen sind durch den Filter oben ausgeblendet; sie zählen weiter.",
        ],
        plan_quantity: ["{0} einmalig", "{0} am Tag", "{0} pro Woche", "{0} im Monat"],
        plan_bar: "Credits pro Monat nach Zeile: {0}.",
        plan_bar_part: "{0} {1}",
        monthly: "Enthält {0} jeden Monat (ein Monat ist ein Zwölftel eines Jahres).",
        clear_plan: "Plan leeren",
        quote_date: "Angebot vom {0}",
        undo: "Rückgängig",
        undo_label: [
            "Plan leeren rückgängig machen",
            "Wechseln rückgängig machen",
            "Mit meinen letzten 30 Tagen beginnen rückgängig machen",
        ],
        runway_none: "Ihr Guthaben deckt die einmaligen Generierungen dieses Plans nicht.",
        lasts_months: ["etwa {0} Monat", "etwa {0} Monate"],
        lasts_weeks: ["etwa {0} Woche", "etwa {0} Wochen"],
        lasts_days: ["{0} Tag", "{0} Tage"],
        runway: "Bei diesem Verbrauch reicht Ihr Guthaben {0} (bis {1}).",
        runway_covered: "Die {0} Ihres Abos pro Monat decken diesen Verbrauch.",
        buy_credits: "Credits kaufen",
        need_more: ["Ihnen fehlt {0} Credit", "Ihnen fehlen {0} Credits"],
        left_after_plan: [
            "{0} Credit bleibt nach diesem Plan",
            "{0} Credits bleiben nach diesem Plan",
        ],
        cheaper_title: "Günstigere Modelle",
        pack_month: "{0} · {1} · reicht {2} Monate · {3} im Monat",
        pack_month_cheapest: "im Monat am günstigsten",
        packs_a_month: "Beim Monatsverbrauch dieses Plans:",
        hint: "{0}: {1} würde für diesen Plan {2} weniger kosten.",
        hint_monthly: "{0}: {1} würde für diesen Plan {2} im Monat weniger kosten.",
        hint_quality: "Modelle unterscheiden sich in der Qualität: Vergleichen Sie die Ergebnisse, bevor Sie wechseln.",
        switch: "Wechseln",
        switch_label: "{0} zu {1} wechseln",
        budget_label: "Budget in Credits",
        budget_not_a_number: "Geben Sie eine Anzahl Credits ein",
        budget_too_large: "Höchstens {0}",
        budget_empty: "Geben Sie ein Budget ein, um zu sehen, wie viel mehr Sie nach diesem Plan noch erstellen könnten.",
        can_make_more: "{0} weitere",
        can_make_none: "Nach diesem Plan passt nichts mehr in dieses Budget.",
        packs_title: "Empfohlene Pakete",
        packs_for_shortfall: "Um die fehlenden {0} zu decken:",
        packs_for_total: "Um die {0} dieses Plans zu decken:",
        pack_item: "{0} × {1} ({2})",
        packs_price: "≈ {0}",
        packs_cheapest: "Die günstigste Paketkombination.",
        packs_fewest: "Die wenigsten Pakete, die es decken.",
        packs_too_many: "Das ist mehr, als wir mit Paketen empfehlen; fragen Sie uns nach einem Angebot.",
        buy_packs: "Diese Pakete kaufen",
    },
    keep: KeepMessages {
        bar_label: "Diesen Plan speichern und teilen",
        copy_link: "Link kopieren",
        export_csv: "CSV herunterladen",
        copy_summary: "Zusammenfassung kopieren",
        link_copied: "Link kopiert. Er öffnet diesen Plan auf dieser Seite und enthält keine Kontodaten.",
        link_copied_plain: "Link kopiert. Er enthält den Plan und keine Kontodaten.",
        link_manual: "Diesen Link kopieren",
        summary_copied: "Zusammenfassung kopiert.",
        summary_manual: "Diese Zusammenfassung kopieren",
        csv_saved: "{0} heruntergeladen.",
        link_skipped: [
            "{0} Teil des Plan-Links war unverständlich und wurde ausgelassen.",
            "{0} Teile des Plan-Links waren unverständlich und wurden ausgelassen.",
        ],
        summary_title: "Vidmud-Credits-Plan",
        summary_once: "{0} × {1}: {2}",
        summary_recurring: "{0} × {1}, {2}: {3} pro Monat",
        summary_total: "Summe: {0}",
        summary_empty: "Noch keine Generierungen geplant.",
        saved: "Gespeichert",
        withdrawn_title: "Nicht mehr im Angebot und in keiner Summe enthalten:",
        withdrawn_line: "{0} × {1}",
        withdrawn_remove: "Aus dem Plan entfernen",
    },
};
