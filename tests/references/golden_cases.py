# ruff: noqa: C408 - dict(...) keeps these long cases readable
"""Golden reference strings written for these tests, with the structure and the APA 7 output
expected from them. Works are real-world-looking; the strings are typed here, not copied.

Each case: ``text`` (input), ``apa`` (expected plain-text APA 7), ``fields`` (a subset of the
parsed model fields), ``unsure`` (fields that must be flagged; ``None`` = must be certain).
"""

from __future__ import annotations

P = lambda family, given="": {"family": family, "given": given} if given else {"family": family}  # noqa: E731
ORG = lambda name: {"literal": name}  # noqa: E731

TWENTY_TWO = [
    P("Wiskunde", "B."), P("Arslan", "M."), P("Fischer", "P."), P("Nowak", "L."), P("van den Berg", "O."),
    P("Coetzee", "L."), P("Juárez", "U."), P("Riyaziyyat", "E."), P("Wang", "C."), P("Zhang", "I."),
    P("Li", "P."), P("Yang", "R."), P("Kumar", "B."), P("Xu", "A."), P("Martinez", "R."),
    P("McIntosh", "V."), P("Ibáñez", "L. M."), P("Mäkinen", "G."), P("Virtanen", "E."), P("Olsen", "K."),
    P("Novak", "T."), P("Kovács", "A."),
]  # fmt: skip
TWENTY_TWO_TEXT = (
    "Wiskunde, B., Arslan, M., Fischer, P., Nowak, L., van den Berg, O., Coetzee, L., Juárez, U., "
    "Riyaziyyat, E., Wang, C., Zhang, I., Li, P., Yang, R., Kumar, B., Xu, A., Martinez, R., McIntosh, V., "
    "Ibáñez, L. M., Mäkinen, G., Virtanen, E., . . . Kovács, A."
)

CASES: list[dict] = [
    # --- journal articles, by number of authors --------------------------------------
    dict(
        id="journal-1-author",
        text="Sapolsky, R. M. (2015). Stress and the brain: Individual variability and the inverted-U. Nature Neuroscience, 18(10), 1344–1346. https://doi.org/10.1038/nn.4109",
        apa="Sapolsky, R. M. (2015). Stress and the brain: Individual variability and the inverted-U. Nature Neuroscience, 18(10), 1344–1346. https://doi.org/10.1038/nn.4109",
        fields=dict(
            type="article-journal",
            authors=[P("Sapolsky", "R. M.")],
            year=2015,
            volume="18",
            issue="10",
            pages="1344–1346",
            container_title="Nature Neuroscience",
            doi="10.1038/nn.4109",
        ),
    ),
    dict(
        id="journal-2-authors",
        text="Coan, J. A., & Sbarra, D. A. (2015). Social baseline theory: The social regulation of risk and effort. Current Opinion in Psychology, 1, 87–91. https://doi.org/10.1016/j.copsyc.2014.12.021",
        apa="Coan, J. A., & Sbarra, D. A. (2015). Social baseline theory: The social regulation of risk and effort. Current Opinion in Psychology, 1, 87–91. https://doi.org/10.1016/j.copsyc.2014.12.021",
        fields=dict(authors=[P("Coan", "J. A."), P("Sbarra", "D. A.")], volume="1", issue="", pages="87–91"),
    ),
    dict(
        id="journal-3-authors",
        text="Coan, J. A., Schaefer, H. S., & Davidson, R. J. (2006). Lending a hand: Social regulation of the neural response to threat. Psychological Science, 17(12), 1032–1039. https://doi.org/10.1111/j.1467-9280.2006.01832.x",
        apa="Coan, J. A., Schaefer, H. S., & Davidson, R. J. (2006). Lending a hand: Social regulation of the neural response to threat. Psychological Science, 17(12), 1032–1039. https://doi.org/10.1111/j.1467-9280.2006.01832.x",
        fields=dict(
            authors=[P("Coan", "J. A."), P("Schaefer", "H. S."), P("Davidson", "R. J.")],
            title="Lending a hand: Social regulation of the neural response to threat",
            doi="10.1111/j.1467-9280.2006.01832.x",
        ),
    ),
    dict(
        id="journal-8-authors",
        text="Eisenberger, N. I., Lieberman, M. D., Williams, K. D., Moieni, M., Inagaki, T. K., Muscatell, K. A., Irwin, M. R., & Cole, S. W. (2017). In sickness and in health: The co-regulation of inflammation and social behavior. Neuropsychopharmacology, 42(1), 242–253. https://doi.org/10.1038/npp.2016.141",
        apa="Eisenberger, N. I., Lieberman, M. D., Williams, K. D., Moieni, M., Inagaki, T. K., Muscatell, K. A., Irwin, M. R., & Cole, S. W. (2017). In sickness and in health: The co-regulation of inflammation and social behavior. Neuropsychopharmacology, 42(1), 242–253. https://doi.org/10.1038/npp.2016.141",
        fields=dict(year=2017, volume="42", issue="1"),
        n_authors=8,
    ),
    dict(
        id="journal-22-authors-ellipsis",
        text=f"{TWENTY_TWO_TEXT} (2019). Multinational study of sleep and working memory in executives. Sleep Health, 5(3), 201–210. https://doi.org/10.1016/j.sleh.2019.01.004",
        apa=f"{TWENTY_TWO_TEXT} (2019). Multinational study of sleep and working memory in executives. Sleep Health, 5(3), 201–210. https://doi.org/10.1016/j.sleh.2019.01.004",
        fields=dict(year=2019, container_title="Sleep Health"),
        unsure=["authors"],
        n_authors=21,
    ),
    # --- organisations, books, chapters, reports, web pages -----------------------------
    dict(
        id="organisation-report-no-publisher",
        text="World Health Organization. (2022). World mental health report: Transforming mental health for all. https://www.who.int/publications/i/item/9789240049338",
        apa="World Health Organization. (2022). World mental health report: Transforming mental health for all. https://www.who.int/publications/i/item/9789240049338",
        fields=dict(
            type="report",
            authors=[ORG("World Health Organization")],
            publisher="",
            url="https://www.who.int/publications/i/item/9789240049338",
        ),
    ),
    dict(
        id="organisation-book",
        text="American Psychological Association. (2020). Publication manual of the American Psychological Association (7th ed.). https://doi.org/10.1037/0000165-000",
        apa="American Psychological Association. (2020). Publication manual of the American Psychological Association (7th ed.). https://doi.org/10.1037/0000165-000",
        fields=dict(
            type="book", authors=[ORG("American Psychological Association")], edition="7", publisher=""
        ),
    ),
    dict(
        id="book-edition",
        text="Sapolsky, R. M. (2004). Why zebras don't get ulcers (3rd ed.). Henry Holt.",
        apa="Sapolsky, R. M. (2004). Why zebras don't get ulcers (3rd ed.). Henry Holt.",
        fields=dict(type="book", edition="3", publisher="Henry Holt", title="Why zebras don't get ulcers"),
    ),
    dict(
        id="book-press",
        text="Walker, M. (2017). Why we sleep: Unlocking the power of sleep and dreams. Scribner.",
        apa="Walker, M. (2017). Why we sleep: Unlocking the power of sleep and dreams. Scribner.",
        fields=dict(type="book", publisher="Scribner", edition=""),
    ),
    dict(
        id="book-doi",
        text="Kahneman, D., Sibony, O., & Sunstein, C. R. (2021). Noise: A flaw in human judgment. Little, Brown Spark. https://doi.org/10.53776/noise-2021",
        apa="Kahneman, D., Sibony, O., & Sunstein, C. R. (2021). Noise: A flaw in human judgment. Little, Brown Spark. https://doi.org/10.53776/noise-2021",
        fields=dict(type="book", publisher="Little, Brown Spark", doi="10.53776/noise-2021"),
    ),
    dict(
        id="edited-book",
        text="Cassidy, J., & Shaver, P. R. (Eds.). (2016). Handbook of attachment: Theory, research, and clinical applications (3rd ed.). Guilford Press.",
        apa="Cassidy, J., & Shaver, P. R. (Eds.). (2016). Handbook of attachment: Theory, research, and clinical applications (3rd ed.). Guilford Press.",
        fields=dict(
            type="book",
            authors=[],
            editors=[P("Cassidy", "J."), P("Shaver", "P. R.")],
            edition="3",
            publisher="Guilford Press",
        ),
    ),
    dict(
        id="chapter-two-editors",
        text="Coan, J. A. (2016). Toward a neuroscience of attachment. In J. Cassidy & P. R. Shaver (Eds.), Handbook of attachment: Theory, research, and clinical applications (3rd ed., pp. 242–269). Guilford Press.",
        apa="Coan, J. A. (2016). Toward a neuroscience of attachment. In J. Cassidy & P. R. Shaver (Eds.), Handbook of attachment: Theory, research, and clinical applications (3rd ed., pp. 242–269). Guilford Press.",
        fields=dict(
            type="chapter",
            editors=[P("Cassidy", "J."), P("Shaver", "P. R.")],
            pages="242–269",
            edition="3",
            container_title="Handbook of attachment: Theory, research, and clinical applications",
        ),
    ),
    dict(
        id="chapter-one-editor",
        text="McEwen, B. S. (2013). The brain on stress: Toward an integrative approach to brain, body, and behavior. In A. Baum (Ed.), Perspectives on stress and health (pp. 45–78). Academic Press.",
        apa="McEwen, B. S. (2013). The brain on stress: Toward an integrative approach to brain, body, and behavior. In A. Baum (Ed.), Perspectives on stress and health (pp. 45–78). Academic Press.",
        fields=dict(type="chapter", editors=[P("Baum", "A.")], publisher="Academic Press", pages="45–78"),
    ),
    dict(
        id="chapter-three-editors-doi",
        text="Gross, J. J., & Thompson, R. A. (2007). Emotion regulation: Conceptual foundations. In J. J. Gross, K. N. Ochsner, & J. A. Coan (Eds.), Handbook of emotion regulation (pp. 3–24). Guilford Press. https://doi.org/10.5555/her.2007.3",
        apa="Gross, J. J., & Thompson, R. A. (2007). Emotion regulation: Conceptual foundations. In J. J. Gross, K. N. Ochsner, & J. A. Coan (Eds.), Handbook of emotion regulation (pp. 3–24). Guilford Press. https://doi.org/10.5555/her.2007.3",
        fields=dict(type="chapter", editors=[P("Gross", "J. J."), P("Ochsner", "K. N."), P("Coan", "J. A.")]),
    ),
    dict(
        id="report-number",
        text="National Institute of Mental Health. (2021). Stress at work: What managers can do (Report No. 21-4302). U.S. Department of Health and Human Services. https://www.nimh.example.gov/stress-at-work",
        apa="National Institute of Mental Health. (2021). Stress at work: What managers can do (Report No. 21-4302). U.S. Department of Health and Human Services. https://www.nimh.example.gov/stress-at-work",
        fields=dict(
            type="report", number="21-4302", publisher="U.S. Department of Health and Human Services"
        ),
    ),
    dict(
        id="report-named-number",
        text="Gallup. (2023). State of the global workplace (Gallup Global Report Series 2023). https://www.gallup.example.com/workplace-2023",
        apa="Gallup. (2023). State of the global workplace (Gallup Global Report Series 2023). https://www.gallup.example.com/workplace-2023",
        fields=dict(type="report", authors=[ORG("Gallup")], number="Gallup Global Report Series 2023"),
        unsure=["authors"],  # one word, no initials: an organisation, but worth a look
    ),
    dict(
        id="webpage-dated",
        text="Suni, E. (2023, March 4). How sleep affects your memory. Sleep Foundation. https://www.sleepfoundation.org/how-sleep-works/memory",
        apa="Suni, E. (2023, March 4). How sleep affects your memory. Sleep Foundation. https://www.sleepfoundation.org/how-sleep-works/memory",
        fields=dict(type="webpage", year=2023, month=3, day=4, container_title="Sleep Foundation"),
    ),
    dict(
        id="webpage-no-author",
        text="How stress shapes the adolescent brain. (2021, June 2). Brain Facts. https://www.brainfacts.org/stress-adolescent",
        apa="How stress shapes the adolescent brain. (2021, June 2). Brain Facts. https://www.brainfacts.org/stress-adolescent",
        fields=dict(
            type="webpage",
            authors=[],
            title="How stress shapes the adolescent brain",
            container_title="Brain Facts",
        ),
        unsure=["authors"],
    ),
    dict(
        id="webpage-retrieved",
        text="Mayo Clinic Staff. (n.d.). Chronic stress puts your health at risk. Mayo Clinic. Retrieved January 15, 2024, from https://www.mayoclinic.org/stress/art-20046037",
        apa="Mayo Clinic Staff. (n.d.). Chronic stress puts your health at risk. Mayo Clinic. Retrieved January 15, 2024, from https://www.mayoclinic.org/stress/art-20046037",
        fields=dict(
            type="webpage", year=None, authors=[ORG("Mayo Clinic Staff")], container_title="Mayo Clinic"
        ),
        needs_attention=True,  # no year
    ),
    # --- missing parts ------------------------------------------------------------------
    dict(
        id="journal-no-issue",
        text="Holt-Lunstad, J., Smith, T. B., & Layton, J. B. (2010). Social relationships and mortality risk: A meta-analytic review. PLOS Medicine, 7, e1000316. https://doi.org/10.1371/journal.pmed.1000316",
        apa="Holt-Lunstad, J., Smith, T. B., & Layton, J. B. (2010). Social relationships and mortality risk: A meta-analytic review. PLOS Medicine, 7, e1000316. https://doi.org/10.1371/journal.pmed.1000316",
        fields=dict(
            volume="7",
            issue="",
            pages="e1000316",
            authors=[P("Holt-Lunstad", "J."), P("Smith", "T. B."), P("Layton", "J. B.")],
        ),
    ),
    dict(
        id="journal-article-number",
        text="Park, S., & Lee, H. (2020). Mindfulness training and executive function in managers. Frontiers in Psychology, 11(4), Article 578234. https://doi.org/10.3389/fpsyg.2020.578234",
        apa="Park, S., & Lee, H. (2020). Mindfulness training and executive function in managers. Frontiers in Psychology, 11(4), Article 578234. https://doi.org/10.3389/fpsyg.2020.578234",
        fields=dict(number="578234", pages="", issue="4"),
    ),
    dict(
        id="journal-no-pages",
        text="Ortega, M., & Lindqvist, A. (2024). Heart rate variability as a marker of recovery in shift workers. Psychophysiology, 61(2). https://doi.org/10.1111/psyp.14421",
        apa="Ortega, M., & Lindqvist, A. (2024). Heart rate variability as a marker of recovery in shift workers. Psychophysiology, 61(2). https://doi.org/10.1111/psyp.14421",
        fields=dict(volume="61", issue="2", pages=""),
    ),
    dict(
        id="journal-advance-online",
        text="Nakamura, Y., & Ferreira, P. (2025). Loneliness and inflammatory markers in older adults. Brain, Behavior, and Immunity. https://doi.org/10.1016/j.bbi.2025.01.019",
        apa="Nakamura, Y., & Ferreira, P. (2025). Loneliness and inflammatory markers in older adults. Brain, Behavior, and Immunity. https://doi.org/10.1016/j.bbi.2025.01.019",
        fields=dict(type="article-journal", volume="", container_title="Brain, Behavior, and Immunity"),
        unsure=["volume"],
    ),
    dict(
        id="journal-no-doi-no-url",
        text="Baumeister, R. F., & Leary, M. R. (1995). The need to belong: Desire for interpersonal attachments as a fundamental human motivation. Psychological Bulletin, 117(3), 497–529.",
        apa="Baumeister, R. F., & Leary, M. R. (1995). The need to belong: Desire for interpersonal attachments as a fundamental human motivation. Psychological Bulletin, 117(3), 497–529.",
        fields=dict(doi="", url="", pages="497–529"),
        needs_attention=True,
    ),
    dict(
        id="title-question-mark",
        text="Frith, C. D., & Frith, U. (2012). Mechanisms of social cognition: What do we know? Annual Review of Psychology, 63, 287–313. https://doi.org/10.1146/annurev-psych-120710-100449",
        apa="Frith, C. D., & Frith, U. (2012). Mechanisms of social cognition: What do we know? Annual Review of Psychology, 63, 287–313. https://doi.org/10.1146/annurev-psych-120710-100449",
        fields=dict(
            title="Mechanisms of social cognition: What do we know?",
            container_title="Annual Review of Psychology",
        ),
    ),
    dict(
        id="letter-pages-supplement",
        text="Irwin, M. R. (2019). Sleep and inflammation: Partners in sickness and in health. Nature Reviews Immunology, 19(Suppl. 1), S12–S20. https://doi.org/10.1038/s41577-019-0190-z",
        apa="Irwin, M. R. (2019). Sleep and inflammation: Partners in sickness and in health. Nature Reviews Immunology, 19(Suppl. 1), S12–S20. https://doi.org/10.1038/s41577-019-0190-z",
        fields=dict(issue="Suppl. 1", pages="S12–S20"),
    ),
    dict(
        id="no-date",
        text="Center for Creative Leadership. (n.d.). Leading through stress: A guide for executives. https://www.ccl.example.org/leading-through-stress",
        apa="Center for Creative Leadership. (n.d.). Leading through stress: A guide for executives. https://www.ccl.example.org/leading-through-stress",
        fields=dict(year=None, authors=[ORG("Center for Creative Leadership")]),
    ),
    # --- DOIs in every common spelling --------------------------------------------------
    dict(
        id="doi-prefix-doi-colon",
        text="Lupien, S. J., McEwen, B. S., Gunnar, M. R., & Heim, C. (2009). Effects of stress throughout the lifespan on the brain, behaviour and cognition. Nature Reviews Neuroscience, 10(6), 434–445. doi:10.1038/nrn2639",
        apa="Lupien, S. J., McEwen, B. S., Gunnar, M. R., & Heim, C. (2009). Effects of stress throughout the lifespan on the brain, behaviour and cognition. Nature Reviews Neuroscience, 10(6), 434–445. https://doi.org/10.1038/nrn2639",
        fields=dict(doi="10.1038/nrn2639"),
    ),
    dict(
        id="doi-uppercase-label-space",
        text="Arnsten, A. F. T. (2009). Stress signalling pathways that impair prefrontal cortex structure and function. Nature Reviews Neuroscience, 10(6), 410–422. DOI: 10.1038/NRN2648",
        apa="Arnsten, A. F. T. (2009). Stress signalling pathways that impair prefrontal cortex structure and function. Nature Reviews Neuroscience, 10(6), 410–422. https://doi.org/10.1038/NRN2648",
        fields=dict(doi="10.1038/NRN2648", authors=[P("Arnsten", "A. F. T.")]),
    ),
    dict(
        id="doi-dx-http",
        text="Dickerson, S. S., & Kemeny, M. E. (2004). Acute stressors and cortisol responses: A theoretical integration and synthesis of laboratory research. Psychological Bulletin, 130(3), 355–391. http://dx.doi.org/10.1037/0033-2909.130.3.355.",
        apa="Dickerson, S. S., & Kemeny, M. E. (2004). Acute stressors and cortisol responses: A theoretical integration and synthesis of laboratory research. Psychological Bulletin, 130(3), 355–391. https://doi.org/10.1037/0033-2909.130.3.355",
        fields=dict(doi="10.1037/0033-2909.130.3.355"),
    ),
    dict(
        id="doi-bare",
        text="Tang, Y.-Y., Hölzel, B. K., & Posner, M. I. (2015). The neuroscience of mindfulness meditation. Nature Reviews Neuroscience, 16(4), 213–225. 10.1038/nrn3916",
        apa="Tang, Y.-Y., Hölzel, B. K., & Posner, M. I. (2015). The neuroscience of mindfulness meditation. Nature Reviews Neuroscience, 16(4), 213–225. https://doi.org/10.1038/nrn3916",
        fields=dict(
            doi="10.1038/nrn3916", authors=[P("Tang", "Y.-Y."), P("Hölzel", "B. K."), P("Posner", "M. I.")]
        ),
    ),
    dict(
        id="doi-https-www",
        text="Kross, E., Berman, M. G., Mischel, W., Smith, E. E., & Wager, T. D. (2011). Social rejection shares somatosensory representations with physical pain. Proceedings of the National Academy of Sciences, 108(15), 6270–6275. https://www.doi.org/10.1073/pnas.1102693108",
        apa="Kross, E., Berman, M. G., Mischel, W., Smith, E. E., & Wager, T. D. (2011). Social rejection shares somatosensory representations with physical pain. Proceedings of the National Academy of Sciences, 108(15), 6270–6275. https://doi.org/10.1073/pnas.1102693108",
        fields=dict(
            doi="10.1073/pnas.1102693108", container_title="Proceedings of the National Academy of Sciences"
        ),
    ),
    # --- page ranges, diacritics, names -------------------------------------------------
    dict(
        id="hyphen-pages",
        text="Cohen, S., & Wills, T. A. (1985). Stress, social support, and the buffering hypothesis. Psychological Bulletin, 98(2), 310-357. https://doi.org/10.1037/0033-2909.98.2.310",
        apa="Cohen, S., & Wills, T. A. (1985). Stress, social support, and the buffering hypothesis. Psychological Bulletin, 98(2), 310–357. https://doi.org/10.1037/0033-2909.98.2.310",
        fields=dict(pages="310–357"),
    ),
    dict(
        id="diacritics",
        text="Mäkinen, G., Ibáñez, L. M., Šimić, N., & Ó Súilleabháin, P. (2021). Cortisol awakening response in senior managers across Europe. Psychoneuroendocrinology, 129, 105247. https://doi.org/10.1016/j.psyneuen.2021.105247",
        apa="Mäkinen, G., Ibáñez, L. M., Šimić, N., & Ó Súilleabháin, P. (2021). Cortisol awakening response in senior managers across Europe. Psychoneuroendocrinology, 129, 105247. https://doi.org/10.1016/j.psyneuen.2021.105247",
        fields=dict(
            authors=[P("Mäkinen", "G."), P("Ibáñez", "L. M."), P("Šimić", "N."), P("Ó Súilleabháin", "P.")]
        ),
    ),
    dict(
        id="particle-surname",
        text="van der Kolk, B. A. (2014). The body keeps the score: Brain, mind, and body in the healing of trauma. Viking.",
        apa="van der Kolk, B. A. (2014). The body keeps the score: Brain, mind, and body in the healing of trauma. Viking.",
        fields=dict(type="book", authors=[P("van der Kolk", "B. A.")], publisher="Viking"),
    ),
    # --- hand-typed styles the issue opens with -------------------------------------------
    dict(
        id="hand-and-missing-initials-doi-placeholder",
        text="Coan, J. and Sbarra, D. (2015). Social baseline theory: The social regulation of risk and effort. Current Opinion in Psychology, 1, 87-91. doi.org",
        apa="Coan, J., & Sbarra, D. (2015). Social baseline theory: The social regulation of risk and effort. Current Opinion in Psychology, 1, 87–91.",
        fields=dict(authors=[P("Coan", "J."), P("Sbarra", "D.")], doi="", pages="87–91"),
        unsure=["doi"],
        needs_attention=True,
    ),
    dict(
        id="hand-no-initials-at-all",
        text="Coan and Sbarra (2015). Social baseline theory: The social regulation of risk and effort. Current Opinion in Psychology, 1, 87-91. https://doi.org/10.1016/j.copsyc.2014.12.021",
        apa="Coan, & Sbarra. (2015). Social baseline theory: The social regulation of risk and effort. Current Opinion in Psychology, 1, 87–91. https://doi.org/10.1016/j.copsyc.2014.12.021",
        fields=dict(authors=[P("Coan"), P("Sbarra")], doi="10.1016/j.copsyc.2014.12.021"),
        unsure=["authors"],
    ),
    dict(
        id="hand-initials-without-periods",
        text="Coan, JA, Schaefer, HS and Davidson, RJ (2006). Lending a hand: Social regulation of the neural response to threat. Psychological Science, 17(12), 1032-1039. https://doi.org/10.1111/j.1467-9280.2006.01832.x",
        apa="Coan, J. A., Schaefer, H. S., & Davidson, R. J. (2006). Lending a hand: Social regulation of the neural response to threat. Psychological Science, 17(12), 1032–1039. https://doi.org/10.1111/j.1467-9280.2006.01832.x",
        fields=dict(authors=[P("Coan", "J. A."), P("Schaefer", "H. S."), P("Davidson", "R. J.")]),
    ),
    dict(
        id="hand-given-first",
        text="J. A. Coan, H. S. Schaefer, and R. J. Davidson (2006). Lending a hand: Social regulation of the neural response to threat. Psychological Science, 17(12), 1032–1039.",
        apa="Coan, J. A., Schaefer, H. S., & Davidson, R. J. (2006). Lending a hand: Social regulation of the neural response to threat. Psychological Science, 17(12), 1032–1039.",
        fields=dict(authors=[P("Coan", "J. A."), P("Schaefer", "H. S."), P("Davidson", "R. J.")]),
    ),
    dict(
        id="hand-vol-no-pp",
        text="McEwen, B. S. (1998). Protective and damaging effects of stress mediators. New England Journal of Medicine, vol. 338, no. 3, pp. 171-179. doi: 10.1056/NEJM199801153380307",
        apa="McEwen, B. S. (1998). Protective and damaging effects of stress mediators. New England Journal of Medicine, 338(3), 171–179. https://doi.org/10.1056/NEJM199801153380307",
        fields=dict(volume="338", issue="3", pages="171–179", doi="10.1056/NEJM199801153380307"),
    ),
    dict(
        id="hand-markdown-italics-list-marker",
        text="3. Cacioppo, S., Grippo, A. J., London, S., Goossens, L., & Cacioppo, J. T. (2015). Loneliness: Clinical import and interventions. *Perspectives on Psychological Science*, *10*(2), 238–249. https://doi.org/10.1177/1745691615570616",
        apa="Cacioppo, S., Grippo, A. J., London, S., Goossens, L., & Cacioppo, J. T. (2015). Loneliness: Clinical import and interventions. Perspectives on Psychological Science, 10(2), 238–249. https://doi.org/10.1177/1745691615570616",
        fields=dict(container_title="Perspectives on Psychological Science", volume="10"),
    ),
    dict(
        id="hand-malformed-doi",
        text="Sbarra, D. A., & Hazan, C. (2008). Coregulation, dysregulation, self-regulation. Personality and Social Psychology Review, 12(2), 141–167. https://doi.org/10.117/1088868308315702",
        apa="Sbarra, D. A., & Hazan, C. (2008). Coregulation, dysregulation, self-regulation. Personality and Social Psychology Review, 12(2), 141–167.",
        fields=dict(doi="", unverified_doi="https://doi.org/10.117/1088868308315702"),
        unsure=["doi"],
        needs_attention=True,
    ),
    dict(
        id="year-suffix",
        text="Coan, J. A., & Sbarra, D. A. (2015b). Trust and the social regulation of threat. Emotion Review, 7(4), 300–305.",
        apa="Coan, J. A., & Sbarra, D. A. (2015b). Trust and the social regulation of threat. Emotion Review, 7(4), 300–305.",
        fields=dict(year=2015, year_suffix="b"),
    ),
    dict(
        id="html-entities-and-tags",
        text="Porges, S. W. (2007). The polyvagal perspective. <i>Biological Psychology</i>, <i>74</i>(2), 116&ndash;143. https://doi.org/10.1016/j.biopsycho.2006.06.009",
        apa="Porges, S. W. (2007). The polyvagal perspective. Biological Psychology, 74(2), 116–143. https://doi.org/10.1016/j.biopsycho.2006.06.009",
        fields=dict(pages="116–143", container_title="Biological Psychology"),
    ),
    dict(
        id="hyphenated-given-name",
        text="Dubois, J.-P., & Lefèvre, M.-C. (2018). Decision fatigue among hospital executives. Journal of Health Management, 20(1), 55–68.",
        apa="Dubois, J.-P., & Lefèvre, M.-C. (2018). Decision fatigue among hospital executives. Journal of Health Management, 20(1), 55–68.",
        fields=dict(authors=[P("Dubois", "J.-P."), P("Lefèvre", "M.-C.")]),
    ),
    dict(
        id="hand-vancouver-names",
        text="Coan JA, Schaefer HS and Davidson RJ (2006). Lending a hand: Social regulation of the neural response to threat. Psychological Science, 17(12), 1032-1039.",
        apa="Coan, J. A., Schaefer, H. S., & Davidson, R. J. (2006). Lending a hand: Social regulation of the neural response to threat. Psychological Science, 17(12), 1032–1039.",
        fields=dict(authors=[P("Coan", "J. A."), P("Schaefer", "H. S."), P("Davidson", "R. J.")]),
        needs_attention=True,  # no DOI or URL
    ),
    dict(
        id="organisation-with-commas",
        text="National Academies of Sciences, Engineering, and Medicine. (2020). Social isolation and loneliness in older adults: Opportunities for the health care system. The National Academies Press. https://doi.org/10.17226/25663",
        apa="National Academies of Sciences, Engineering, and Medicine. (2020). Social isolation and loneliness in older adults: Opportunities for the health care system. The National Academies Press. https://doi.org/10.17226/25663",
        fields=dict(
            type="book",
            authors=[ORG("National Academies of Sciences, Engineering, and Medicine")],
            publisher="The National Academies Press",
        ),
    ),
    dict(
        id="report-agency-publication-number",
        text="Substance Abuse and Mental Health Services Administration. (2023). Key substance use and mental health indicators in the United States (HHS Publication No. PEP23-07-01-006). https://www.samhsa.example.gov/data/report",
        apa="Substance Abuse and Mental Health Services Administration. (2023). Key substance use and mental health indicators in the United States (HHS Publication No. PEP23-07-01-006). https://www.samhsa.example.gov/data/report",
        fields=dict(
            type="report",
            number="PEP23-07-01-006",
            genre="HHS Publication",
            authors=[ORG("Substance Abuse and Mental Health Services Administration")],
        ),
    ),
]
