"""Debtors read what we send them in their own language: every debtor-facing
text of the module (letters, statement, statement of claim, portal pages,
reminder and dispute emails, SMS) is translated into German, French and
Dutch, and a letter and a reminder come out in the debtor's language."""

from odoo.tests import tagged

from .common import DebtRecoveryCommon

LANGS = ("de_DE", "fr_FR", "nl_NL")
# Views whose text the debtor reads (by xmlid prefix in this module).
DEBTOR_VIEWS = ("report_debt_", "debt_letter_", "portal_debt_", "portal_invoice_")
DEBTOR_TEMPLATES = (
    "debt_recovery.mail_template_debt_reminder",
    "debt_recovery.mail_template_debt_dispute_rejected",
)
# Choices the debtor picks or reads on the portal (the dispute form, its status).
DEBTOR_SELECTIONS = (("debt.dispute", "reason"), ("debt.dispute", "state"))
# Terms spelled the same in a language: not a missing translation.
SAME = {
    "de_DE": {"(BIC"},
    "fr_FR": {"(BIC", "Date", "Principal"},
    "nl_NL": {"(BIC", "Open"},
}
HEADINGS = {
    "de_DE": ("Förmliche Zahlungsaufforderung", "Geforderter Gesamtbetrag"),
    "fr_FR": ("Mise en demeure de payer", "Total réclamé"),
    "nl_NL": ("Ingebrekestelling tot betaling", "Totaal gevorderd"),
}


@tagged("post_install", "-at_install")
class TestTranslations(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in LANGS:
            cls.env["res.lang"]._activate_lang(lang)
        Module = cls.env["ir.module.module"]
        Module._load_module_terms(["debt_recovery"], list(LANGS), overwrite=True)
        cls._reference_rates("ecb", 2.0)
        cls.invoice = cls._overdue_invoice(45, amount=1234.5)
        cls.env["res.partner.bank"].create(
            {"partner_id": cls.env.company.partner_id.id, "acc_number": "BE71096123456769"}
        )

    def _untranslated(self, record, field_name, lang):
        field = record._fields[field_name]
        english = field.get_trans_terms(record.with_context(lang="en_US")[field_name])
        translated = set(field.get_trans_terms(record.with_context(lang=lang)[field_name]))
        return [
            term
            for term in english
            if term in translated
            and term.strip() not in SAME[lang]
            and any(char.isalpha() for char in term)  # not punctuation alone
        ]

    def test_every_debtor_facing_text_is_translated(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "debt_recovery"), ("model", "=", "ir.ui.view")]
        )
        views = self.env["ir.ui.view"].browse(
            data.filtered(lambda d: d.name.startswith(DEBTOR_VIEWS)).mapped("res_id")
        )
        self.assertGreaterEqual(len(views), 8)
        templates = [self.env.ref(xmlid) for xmlid in DEBTOR_TEMPLATES]
        sms = self.env.ref("debt_recovery.sms_template_debt_reminder")
        for lang in LANGS:
            missing = {}
            for view in views:
                missing[view.key] = self._untranslated(view, "arch_db", lang)
            for template in templates:
                for name in ("subject", "body_html"):
                    missing[f"{template.name}/{name}"] = self._untranslated(template, name, lang)
            missing["sms"] = self._untranslated(sms, "body", lang)
            with self.subTest(lang=lang):
                self.assertEqual({k: v for k, v in missing.items() if v}, {})

    def test_debtor_facing_choices_are_translated(self):
        for model, field in DEBTOR_SELECTIONS:
            english = dict(self.env[model].fields_get([field], ["selection"])[field]["selection"])
            for lang in LANGS:
                labels = self.env[model].with_context(lang=lang).fields_get([field], ["selection"])
                with self.subTest(field=f"{model}.{field}", lang=lang):
                    self.assertEqual(
                        [
                            label
                            for value, label in labels[field]["selection"]
                            if label == english[value] and label not in SAME[lang]
                        ],
                        [],
                    )

    def test_letter_in_each_language(self):
        for lang, (heading, total) in HEADINGS.items():
            with self.subTest(lang=lang):
                self.debtor.lang = lang
                report = "debt_recovery.action_report_debt_letter_demand"
                html = self.env["ir.actions.report"]._render_qweb_html(report, self.debtor.ids)
                html = html[0].decode()
                self.assertIn(heading, html)
                self.assertIn(total, html)
                self.assertNotIn("Formal demand for payment", html)
                self.assertNotIn("Total claimed", html)

    def test_reminder_email_and_sms_in_each_language(self):
        template = self.env.ref("debt_recovery.mail_template_debt_reminder")
        sms = self.env.ref("debt_recovery.sms_template_debt_reminder")
        expected = {
            "de_DE": ("überfällige Rechnungen", "Jetzt bezahlen", "überfällig"),
            "fr_FR": ("factures échues", "Payer", "échus"),
            "nl_NL": ("vervallen facturen", "Nu betalen", "vervallen"),
        }
        for lang, (subject_text, pay_text, sms_text) in expected.items():
            with self.subTest(lang=lang):
                self.debtor.lang = lang
                ids = self.debtor.ids
                [subject] = template._render_field("subject", ids, compute_lang=True).values()
                [body] = template._render_field("body_html", ids, compute_lang=True).values()
                [text] = sms._render_field("body", ids, compute_lang=True).values()
                body = str(body)
                self.assertIn(subject_text, subject)
                self.assertIn(pay_text, body)
                self.assertIn(self.invoice.name, body)
                self.assertNotIn("Pay now", body)
                self.assertIn(sms_text, text)
                self.assertNotIn("overdue", text)
